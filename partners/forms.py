"""Portal forms for the care partner pathway. They validate input; the services apply the rules."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy

from careportal.lib import limits
from careportal.lib.uploads import HELP_TEXT, upload_form_field
from careportal.widgets import LookupChoiceField, LookupFormMixin
from partners.choices import AccreditationStatus, OrganisationKind
from partners.models import Organisation, Requirement

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class EmptyForm(forms.Form):
    """A transition that needs nothing but the button."""


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=limits.REASON)


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.REASON,
        required=False,
        label="Comment (optional)",
    )


class ConfirmPartnerForm(forms.Form):
    quality_of_practice_confirmed_on = forms.DateField(
        widget=DATE_INPUT,
        label="Quality of Practice confirmed on",
        help_text="The date Oranga Tamariki confirmed Quality of Practice (R-396-1).",
    )


class ResponseForm(forms.Form):
    response = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=limits.TEXT, label="Your organisation's response"
    )


class GazetteForm(forms.Form):
    gazette_notice_reference = forms.CharField(max_length=limits.REFERENCE, label="Gazette notice reference")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=limits.REASON, required=False
    )


class ReinstateForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=limits.REASON)
    gazette_notice_reference = forms.CharField(
        max_length=limits.REFERENCE, required=False, label="Gazette notice reference"
    )


class ApplicationStartForm(LookupFormMixin, forms.Form):
    organisation = LookupChoiceField(
        queryset=Organisation.objects.filter(kind=OrganisationKind.CARE_PARTNER).order_by("legal_name"),
        kind="care-partners",
        hint="Type part of the organisation's name or its NZBN, then choose from the matches.",
    )
    care_model_summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=limits.TEXT
    )


def _preparation_note(label: str) -> forms.CharField:
    """A part of the application's record that may stay blank until it leaves preparation (R-396-2)."""
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=limits.TEXT,
        label=label,
        help_text="Needed before the organisation leaves preparation (R-396-2).",
    )


class ApplicationEditForm(forms.Form):
    care_model_summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=limits.TEXT
    )
    local_provision_notes = _preparation_note("What is already provided in the local area")
    stakeholders_consulted = _preparation_note("Key stakeholders consulted")


class EvidenceUploadForm(forms.Form):
    requirement = forms.ModelChoiceField(
        queryset=Requirement.objects.none(), empty_label="Choose a requirement"
    )
    file = upload_form_field(
        required=False, help_text=format_lazy("{} Each upload is kept as a new version.", HELP_TEXT)
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=limits.REASON)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = Requirement.objects.current().order_by("position", "code")  # type: ignore[attr-defined]


class AccreditationForm(forms.Form):
    level = forms.TypedChoiceField(choices=[(n, f"Level {n}") for n in range(1, 5)], coerce=int)
    status = forms.ChoiceField(choices=AccreditationStatus.choices)
    granted_on = forms.DateField(widget=DATE_INPUT)
    review_due_on = forms.DateField(
        widget=DATE_INPUT, required=False, help_text="Leave empty for 2 years after the grant (R-396-5)."
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=limits.TEXT)
