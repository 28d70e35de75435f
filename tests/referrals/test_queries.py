"""List pages and list endpoints run the same number of queries for 3 referrals and for 30."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from referrals.choices import ReferralStatus
from tests.factories import ProviderFactory
from tests.referrals.factories import TODAY, DrcFactory, ReferralContactFactory

pytestmark = pytest.mark.django_db
S = ReferralStatus
# The first three cover what the filters and the provider's inbox select, so 3 rows already fill every
# part of each page (an empty section would skip a query and hide an N+1).
MIXED = [
    S.MONITORING,
    S.REFERRED,
    S.ACCEPTED,
    S.ESCALATED,
    S.DRAFT,
    S.CONSENTED,
    S.PROVIDER_DECLINED,
    S.CLOSED,
]


def make_rows(make_referral, provider_org, n):
    """`n` referrals in mixed states, each with its own manager and (every third) another provider."""
    for i in range(n):
        status = MIXED[i % len(MIXED)]
        fields = {"managed_by": DrcFactory(), "next_contact_due_on": TODAY - timedelta(days=1 + i % 3)}
        if status in (S.REFERRED, S.ACCEPTED, S.MONITORING, S.ESCALATED, S.CLOSED):
            fields["provider"] = provider_org if i % 3 != 2 else ProviderFactory()
        referral = make_referral(status, **fields)
        if status == S.MONITORING:
            ReferralContactFactory(referral=referral)


def count(client, path, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def counts_for(make_referral, provider_org, client, path, params=None):
    """Query counts for 3 rows and then 30 rows (the first three kept)."""
    make_rows(make_referral, provider_org, 3)
    small = count(client, path, params)
    make_rows(make_referral, provider_org, 27)
    return small, count(client, path, params)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        (reverse("referrals:list"), None),
        (reverse("referrals:list"), {"contact_overdue": "on", "status": "monitoring"}),
        ("/api/v1/referrals/", None),
        ("/api/v1/referrals/", {"contact_overdue": "true"}),
    ],
)
def test_staff_lists_have_constant_query_counts(
    portal_as, api_as, drc, make_referral, provider_org, path, params
):
    client = api_as(drc) if path.startswith("/api/") else portal_as(drc)
    small, large = counts_for(make_referral, provider_org, client, path, params)
    assert small == large


@pytest.mark.parametrize("path", [reverse("referrals:inbox"), "/api/v1/referrals/"])
def test_provider_lists_have_constant_query_counts(
    portal_as, api_as, provider_user, make_referral, provider_org, path
):
    client = api_as(provider_user) if path.startswith("/api/") else portal_as(provider_user)
    small, large = counts_for(make_referral, provider_org, client, path)
    assert small == large


def test_home_work_queue_has_constant_query_counts(portal_as, drc, make_referral, provider_org):
    client = portal_as(drc)

    def rows(n):
        for status in (S.DRAFT, S.CONSENT_PENDING, S.PROVIDER_DECLINED):
            for _ in range(n):
                make_referral(status)

    rows(3)
    small = count(client, "/")
    rows(27)
    assert count(client, "/") == small


def test_agenda_has_constant_query_counts(portal_as, drc, make_referral):
    meeting = TODAY + timedelta(days=7)
    client = portal_as(drc)
    params = {"site": "Manukau", "day": meeting.isoformat()}

    def rows(n):
        for _ in range(n):
            make_referral(
                S.ESCALATED, managed_by=DrcFactory(), pathways_meeting_on=meeting, provider=ProviderFactory()
            )

    rows(3)
    small = count(client, reverse("referrals:agenda"), params)
    rows(27)
    assert count(client, reverse("referrals:agenda"), params) == small


def test_contact_log_has_constant_query_counts(api_as, drc, make_referral):
    referral = make_referral(S.MONITORING)
    client = api_as(drc)
    path = f"/api/v1/referrals/{referral.pk}/contacts/"
    for _ in range(3):
        ReferralContactFactory(referral=referral, by=DrcFactory())
    small = count(client, path)
    for _ in range(27):
        ReferralContactFactory(referral=referral, by=DrcFactory())
    assert count(client, path) == small
