"""The look-ups this app offers (careportal.lookups): community service providers."""

from __future__ import annotations

from careportal.scoped_choices import visible
from partners.lookups import organisation_lookup
from partners.models import Organisation
from referrals.selectors import providers

PROVIDERS = organisation_lookup(
    lambda user: providers().filter(pk__in=visible(Organisation, user).values("pk"))
)
