"""Reads for referrals, scoped to what the user may see (permissions.scope), with their list data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Case, Count, QuerySet, Value, When

from careportal.lib.actor import Actor
from partners.choices import OrganisationKind
from partners.models import Organisation

from . import permissions
from .choices import ProviderDecisionKind, ReferralStatus
from .models import ProviderDecision, Referral, ReferralContact, ReferralQuerySet

S = ReferralStatus


def referrals_for(user: Actor) -> ReferralQuerySet:
    """Every referral `user` may see, with what a list row needs (provider, manager)."""
    return permissions.scope(Referral.objects.with_list_data(), user)


@dataclass(frozen=True)
class ReferralFilters:
    """The list page's filters; empty values filter nothing."""

    status: str = ""
    provider: str = ""
    site: str = ""
    contact_overdue: bool = False


def referral_list(user: Actor, filters: ReferralFilters, *, today: date) -> ReferralQuerySet:
    queryset = referrals_for(user)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.provider:
        queryset = queryset.filter(provider__pk=filters.provider)
    if filters.site:
        queryset = queryset.filter(site=filters.site)
    if filters.contact_overdue:
        queryset = queryset.contact_overdue(today)
    return queryset.with_contact_overdue(today)


def provider_awaiting(user: Actor) -> QuerySet[Referral]:
    """A provider's inbox: referrals sent to it that await its answer, the most pressing first."""
    return referrals_for(user).filter(status=S.REFERRED).order_by("response_due_on", "referred_on")


def provider_current(user: Actor) -> QuerySet[Referral]:
    """The provider's other referrals (accepted, monitored, escalated, closed), newest first."""
    return referrals_for(user).exclude(status=S.REFERRED).order_by("-referred_on", "-created_at")


def provider_inbox(user: Actor) -> QuerySet[Referral]:
    """Everything in a provider's inbox, for its CSV: those awaiting its answer first, then newest first."""
    awaiting_first = Case(When(status=S.REFERRED, then=Value(0)), default=Value(1))
    return referrals_for(user).order_by(awaiting_first, "-referred_on", "-created_at")


def providers() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.COMMUNITY_PROVIDER).order_by("legal_name")


def referral_providers_for(referral: Referral) -> QuerySet[Organisation]:
    """Providers the referral can go to: community providers that have not already declined it."""
    declined = ProviderDecision.objects.filter(
        referral=referral, decision=ProviderDecisionKind.DECLINED
    ).values("provider_id")
    return providers().exclude(pk__in=declined)


# The distinct sites, in order, by hopping along the (site, …) index one site at a time ("loose index
# scan"): a few dozen index probes instead of a DISTINCT over every referral on each list page (decision 0010).
_SITES_SQL = """
WITH RECURSIVE found(site) AS (
    SELECT MIN(site) FROM {table}
    UNION ALL
    SELECT (SELECT MIN(site) FROM {table} WHERE site > found.site) FROM found WHERE found.site IS NOT NULL
)
SELECT site FROM found WHERE site IS NOT NULL
"""


def sites() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(_SITES_SQL.format(table=Referral._meta.db_table))
        return [row[0] for row in cursor.fetchall()]


def contacts_for(referral: Referral) -> QuerySet[ReferralContact]:
    return referral.contacts.select_related("by").order_by("-contacted_on", "-created_at")


def decisions_for(referral: Referral) -> QuerySet[ProviderDecision]:
    return referral.provider_decisions.select_related("provider", "decided_by").order_by("created_at")


def pathways_agenda(*, site: str, day: date) -> QuerySet[Referral]:
    """R-PR-4: escalated referrals for one site's pathways meeting on `day`."""
    return (
        Referral.objects.with_list_data()
        .filter(status=S.ESCALATED, site=site, pathways_meeting_on=day)
        .order_by("escalated_on", "reference")
    )


def upcoming_meetings(*, site: str, today: date) -> list[dict]:
    """Pathways meeting dates for a site from today on, with how many referrals each has."""
    return list(
        Referral.objects.filter(status=S.ESCALATED, site=site, pathways_meeting_on__gte=today)
        .values("pathways_meeting_on")
        .annotate(count=Count("id"))
        .order_by("pathways_meeting_on")
    )
