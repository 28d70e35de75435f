"""Form fields and widgets for long choice lists (hundreds of organisations, thousands of tamariki)."""

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
