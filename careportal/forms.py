from django import forms
from django.forms.renderers import TemplatesSetting

from careportal.lib.limits import hint


class LimitedTextBoundField(forms.BoundField):
    """A text box says how much it takes ("Up to 4,000 characters.") in its help text.

    Django already puts `maxlength` on the textarea and points `aria-describedby` at the help text, so a
    screen reader hears the limit; static/js/text-limits.js adds a live count of what is left.
    """

    def __init__(self, form: forms.BaseForm, field: forms.Field, name: str) -> None:
        super().__init__(form, field, name)
        max_length = getattr(field, "max_length", None)
        if max_length and isinstance(field.widget, forms.Textarea):
            self.help_text = f"{self.help_text} {hint(max_length)}".strip()


class PortalFormRenderer(TemplatesSetting):
    """Forms render with an error summary at the top and each error beside its field."""

    form_template_name = "forms/div.html"
    bound_field_class = LimitedTextBoundField
