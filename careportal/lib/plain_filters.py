"""Plain words in templates (TEMPLATES builtins): a text's rule ids never in the main text, but behind
the "Why?" disclosure of `careportal.lib.plain`, the same one messages and errors use.

    <h2>{{ "Proposed decline (R-396-4)"|words }}</h2>{{ "R-396-4"|why }}
    {{ field|label_words }} … {{ field|field_why }}

`words` keeps a safe text safe (a help text may hold markup); the disclosure is block content, so it goes
beside a heading, label or paragraph, never inside one.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.safestring import SafeData, SafeString, mark_safe

from careportal.lib.plain import explained

register = template.Library()


@register.filter
def words(text: Any) -> str:
    """`text` without its rule ids."""
    if text in (None, ""):
        return ""
    plain = str(explained(str(text)))
    return mark_safe(plain) if isinstance(text, SafeData) else plain  # noqa: S308 - was safe already


@register.filter
def why(text: Any) -> SafeString:
    """The "Why?" disclosure naming the rule ids in `text` (a sentence, or just "R-396-4"), or nothing."""
    return explained(str(text or "")).why


@register.filter
def label_words(field: forms.BoundField) -> SafeString:
    """The field's `<label>`, its rule ids left out (`field_why` gives them)."""
    return field.label_tag(contents=words(field.label))


@register.filter
def field_why(field: forms.BoundField) -> SafeString:
    """One disclosure for the rule ids of a field's label and help text."""
    return explained(f"{field.label or ''} {field.help_text or ''}").why
