"""The look-ups this app offers (careportal.lookups): organisations by kind, within what the user may see."""

from __future__ import annotations

from django.db import models

from careportal.lookups import Lookup, Option, best_matches
from careportal.scoped_choices import visible
from partners.choices import OrganisationKind
from partners.models import Organisation


def organisation_option(organisation: Organisation) -> Option:
    detail = " · ".join(part for part in (organisation.region, organisation.get_kind_display()) if part)
    return Option(str(organisation.pk), organisation.legal_name, detail)


def _by_name(records: models.QuerySet, q: str, limit: int) -> list:
    return best_matches(records, q, limit, names=("legal_name",), references=("nzbn",))


def organisation_lookup(choices) -> Lookup:
    """A look-up of organisations: `choices(user)` narrows those the user may see (R-PRIV-1)."""
    return Lookup(
        noun="organisations",
        choices=choices,
        match=_by_name,
        option=organisation_option,
        columns=("legal_name", "region", "kind"),
    )


CARE_PARTNERS = organisation_lookup(
    lambda user: visible(Organisation, user).filter(kind=OrganisationKind.CARE_PARTNER)
)
