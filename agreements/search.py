"""What the one search (careportal.search) finds of this app: tamariki and agreements, in their scopes."""

from __future__ import annotations

from django.urls import reverse

from agreements.models import Agreement, Child
from careportal.search import Searchable


def _child_label(child: Child) -> str:
    return f"{child.name} ({child.case_reference})"


def _agreement_label(agreement: Agreement) -> str:
    child = agreement.child
    return f"{agreement.reference}: {child.name} ({child.case_reference}), {agreement.get_status_display()}"


def searchables() -> tuple[Searchable, ...]:
    return (
        Searchable(
            kind="child",
            model="agreements.child",
            label=_child_label,
            url=lambda child: reverse("agreements:child_detail", args=[child.pk]),
            names=("name",),
            references=("case_reference",),
            ordering=("name", "case_reference"),
            audited=True,  # R-PRIV-3: the label names te tamaiti
        ),
        Searchable(
            kind="agreement",
            model="agreements.agreement",
            label=_agreement_label,
            url=lambda agreement: reverse("agreements:detail", args=[agreement.pk]),
            names=("child__name",),
            references=("reference", "child__case_reference"),
            ordering=("-created_at",),
            related=("child",),
            audited=True,
        ),
    )
