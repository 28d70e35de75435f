"""A test-only page (its own urlconf) with the signature pad and the choice of how to sign, for
tests/test_signature_widget_browser.py: the server's answer says what it received, checked by
careportal.lib.drawn_signature."""

from __future__ import annotations

import struct

from django import forms
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

from careportal.exceptions import RuleViolation
from careportal.lib.drawn_signature import clean_drawn_signature
from careportal.widgets import SignaturePadWidget

PAGE = """{% load static %}<!doctype html>
<html lang="en-NZ"><head><meta charset="utf-8"><title>Sign</title>
<link rel="stylesheet" href="{% static 'css/portal.css' %}">{{ form.media }}</head>
<body><main>
<h1>Sign the agreement</h1>
{% if result %}<p id="result">{{ result }}</p>{% endif %}
<form method="post" novalidate>{% csrf_token %}
  <fieldset data-signature-method><legend>How is it signed?</legend>{{ form.method }}</fieldset>
  <div data-method-section="drawn">{{ form.drawn.as_field_group }}</div>
  <div data-method-section="typed">{{ form.typed_name.as_field_group }}</div>
  <div data-method-section="paper"><p>Upload the signed paper copy later.</p></div>
  <div>{{ form.witness.as_field_group }}</div>
  <button type="submit" class="button">Record the signature</button>
</form>
</main></body></html>"""


class SignForm(forms.Form):
    method = forms.ChoiceField(
        choices=[("drawn", "Draw it"), ("typed", "Type their name"), ("paper", "On paper")],
        widget=forms.RadioSelect,
        label="How is it signed?",
    )
    drawn = forms.CharField(
        required=False,
        label="Signature",
        widget=SignaturePadWidget(
            keyboard_hint="The box cannot be used with a keyboard: choose “Type their name”."
        ),
    )
    typed_name = forms.CharField(required=True, label="Their full name")
    witness = forms.CharField(label="Witnessed by")

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("method") == "drawn":
            self.errors.pop("typed_name", None)  # only the chosen way's fields count
            try:
                data["png"] = clean_drawn_signature(self.data.get("drawn", ""), field="drawn")
            except RuleViolation as refusal:
                self.add_error("drawn", refusal.message)
        return data


def sign(request: HttpRequest) -> HttpResponse:
    form = SignForm(request.POST or None)
    result = ""
    if request.method == "POST" and form.is_valid():
        image = form.cleaned_data.get("png", b"")
        width, height = struct.unpack(">II", image[16:24]) if image else (0, 0)
        result = f"Received a PNG of {width}×{height} pixels." if image else "Received no drawing."
    page = engines["django"].from_string(PAGE)
    return HttpResponse(page.render({"form": form, "result": result}, request))


# The portal's own pages stay reachable (its 404 page names them).
urlpatterns = [path("sign/", sign), path("", include("careportal.urls"))]
