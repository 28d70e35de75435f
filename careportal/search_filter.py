"""A list filter that takes what people know, a name or a reference, rather than a record's id.

Matching is careportal.search's (names without macrons or case, references by prefix); an id (a UUID, as
API clients send) still picks the one record. Too short a text is an error on the field, and an invalid
filter lists nothing (careportal.scoped_choices.ScopedFilterSet).
"""

from __future__ import annotations

import uuid
from typing import Any

import django_filters
from django import forms
from django.core.validators import EMPTY_VALUES
from django.db.models import QuerySet

from careportal.search import MAX_QUERY, clean_query, filter_matching


class NameOrReferenceField(forms.CharField):
    """Text of MIN_QUERY to MAX_QUERY characters, or a UUID (returned as a uuid.UUID)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_QUERY)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if text in EMPTY_VALUES:
            return text
        try:
            return uuid.UUID(text)
        except ValueError:
            return clean_query(text)


class NameOrReferenceFilter(django_filters.Filter):
    """`id_field` equals a UUID given; otherwise any of `names` contains the text or any of `references`
    starts with it."""

    field_class = NameOrReferenceField

    def __init__(self, *, id_field: str, names: tuple[str, ...], references: tuple[str, ...], **kwargs: Any):
        self.id_field, self.names, self.references = id_field, names, references
        super().__init__(**kwargs)

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        if value in EMPTY_VALUES:
            return qs
        if isinstance(value, uuid.UUID):
            return qs.filter(**{self.id_field: value})
        return filter_matching(qs, value, names=self.names, references=self.references)
