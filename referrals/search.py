"""What the one search (careportal.search) finds of this app: referrals by reference, in their scope."""

from __future__ import annotations

from django.urls import reverse

from careportal.search import Searchable
from referrals.models import Referral


def _label(referral: Referral) -> str:
    # No whānau details: the reference, the site and where it stands.
    return f"{referral.reference}: {referral.site}, {referral.get_status_display()}"


def searchables() -> tuple[Searchable, ...]:
    return (
        Searchable(
            kind="referral",
            model="referrals.referral",
            label=_label,
            url=lambda referral: reverse("referrals:detail", args=[referral.pk]),
            references=("reference",),
            ordering=("-created_at",),
        ),
    )
