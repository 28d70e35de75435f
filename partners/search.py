"""What the one search (careportal.search) finds of this app: organisations by name or NZBN."""

from __future__ import annotations

from django.urls import reverse

from careportal.search import Searchable


def searchables() -> tuple[Searchable, ...]:
    return (
        Searchable(
            kind="organisation",
            model="partners.organisation",
            label=lambda organisation: organisation.legal_name,
            url=lambda organisation: reverse("partners:organisation", args=[organisation.pk]),
            names=("legal_name",),
            references=("nzbn",),
            ordering=("legal_name",),
        ),
    )
