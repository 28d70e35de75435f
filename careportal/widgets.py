"""Form fields and widgets for long choice lists (hundreds of organisations, thousands of tamariki), and the
signature pad for a signature drawn in person."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import django_filters
from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


class LongSelect(forms.Select):
    """A `<select>` with the same markup as Django's, built in Python rather than one template include per
    option: 300 organisations cost about 45 ms per page through the widget templates and about 1 ms here
    (decision 0010). Grouped choices fall back to Django's rendering."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        choices = [choice for choice in self.choices]  # noqa: C416 - list() would ask the database for a count
        if any(isinstance(label, (list, tuple)) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        selected = {str(v) for v in self.format_value(value)}
        options = []
        for option_value, label in choices:
            text = "" if option_value is None else str(option_value)
            mark = " selected" if text in selected else ""
            options.append(f'<option value="{escape(text)}"{mark}>{escape(label)}</option>')
        final_attrs = {"name": name, **self.build_attrs(self.attrs, attrs)}
        return format_html("<select{}>{}</select>", flatatt(final_attrs), mark_safe("".join(options)))  # noqa: S308 - each option escaped above


class _ColumnChoiceIterator(ModelChoiceIterator):
    """(pk, label) read from two columns: no model instance per option."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        field = cast(LongModelChoiceField, self.field)
        if field.empty_label is not None:
            yield ("", field.empty_label)
        yield from self.queryset.values_list("pk", field.label_field)


class LongModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options are (pk, `label_field`) rows, drawn with LongSelect. Validation is
    Django's own (the chosen pk must be in the queryset)."""

    iterator = _ColumnChoiceIterator
    widget = LongSelect

    def __init__(self, queryset: Any, *, label_field: str, **kwargs: Any) -> None:
        self.label_field = label_field
        super().__init__(queryset, **kwargs)


class LongModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = LongModelChoiceField


class SignaturePadWidget(forms.Widget):
    """A signature drawn with a finger, stylus or mouse: a canvas, a Clear button and a hidden input that
    static/js/signature.js fills with a `data:image/png;base64,…` URL of the drawing when the form is sent
    (empty when nothing is drawn). Check the value with `careportal.lib.drawn_signature`.

    The form draws it in a fieldset, the field's label as the legend (a label cannot name a canvas). The
    canvas cannot be used with a keyboard or a screen reader: `keyboard_hint` says so and points to the
    other way to sign (a typed name), which the form must offer. Without JavaScript the canvas stays hidden
    and a sentence asks for another way. A drawing sent back with a form that had errors is shown again.
    """

    template_name = "widgets/signature_pad.html"
    use_fieldset = True
    media_type = "data:image/png;base64,"
    instructions = "Sign with a finger, stylus or mouse in the box below."
    keyboard_hint = (
        "The box cannot be used with a keyboard: to sign with the keyboard, choose to type the name instead."
    )
    no_script = (
        "Drawing a signature needs JavaScript, which is not running on this page: choose another way to sign."
    )

    class Media:
        css = {"all": ["css/signature.css"]}
        js = [
            forms.Script("vendor/signature_pad/signature_pad.umd.min.js", defer=True),
            forms.Script("js/signature.js", defer=True),
        ]

    def __init__(self, attrs: dict[str, Any] | None = None, *, keyboard_hint: str | None = None) -> None:
        super().__init__(attrs)
        if keyboard_hint is not None:
            self.keyboard_hint = keyboard_hint

    def format_value(self, value: Any) -> str:
        # Only a drawing goes back into the page; anything else sent in its place is dropped.
        return value if isinstance(value, str) and value.startswith(self.media_type) else ""

    def use_required_attribute(self, initial: Any) -> bool:
        return False  # a hidden input is never checked by the browser; the server says what is missing

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        base = context["widget"]["attrs"].get("id") or f"signature_{name}"
        context["widget"].update(
            ids={part: f"{base}_{part}" for part in ("pad", "instructions", "keyboard", "canvas", "status")},
            instructions=self.instructions,
            keyboard_hint=self.keyboard_hint,
            no_script=self.no_script,
        )
        return context
