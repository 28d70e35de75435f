"""Lists run the same number of queries for 3 and for 30 agreements (API list and portal list page)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.choices import AgreementStatus
from agreements.permissions import CAREGIVER_VISIBLE_STATUSES
from tests.agreements.factories import agreement_in

pytestmark = pytest.mark.django_db
MIX = [
    AgreementStatus.ACTIVE,
    AgreementStatus.NOTICE_GIVEN,
    AgreementStatus.DRAFT,
    AgreementStatus.AWAITING_SIGNATURES,
]


def _make(n: int, worker, partner_org) -> None:
    for i in range(n):
        agreement_in(
            MIX[i % len(MIX)], s140=i % 2 == 0, drafted_by=worker, caregiver_organisation=partner_org
        )


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["worker", "partner_admin"])
def test_api_list_queries_do_not_grow_with_rows(role, personas, api_as, worker, partner_org):
    api = api_as(personas(role))
    _make(3, worker, partner_org)
    few = _count(api, "/api/v1/agreements/?page_size=100")
    _make(27, worker, partner_org)
    # R-PRIV-4: the caregiver organisation does not see the 8 drafts among the 30 (1 of the first 3, 7 of the next 27).
    assert api.get("/api/v1/agreements/?page_size=100").json()["count"] == (30 if role == "worker" else 22)
    assert _count(api, "/api/v1/agreements/?page_size=100") == few


@pytest.mark.parametrize("role", ["worker", "supervisor", "partner_staff"])
def test_portal_list_queries_do_not_grow_with_rows(role, personas, portal_as, worker, partner_org):
    client = portal_as(personas(role))
    client.get("/agreements/")  # warm the session
    _make(3, worker, partner_org)
    few = _count(client, "/agreements/?status=&ends_within=")
    _make(22, worker, partner_org)  # 25 = one full portal page
    many = _count(client, "/agreements/?status=&ends_within=")
    assert many == few


def test_children_list_queries_do_not_grow_with_rows(api_as, worker, partner_org):
    api = api_as(worker)
    _make(3, worker, partner_org)
    few = _count(api, "/api/v1/children/?page_size=100")
    _make(27, worker, partner_org)
    assert _count(api, "/api/v1/children/?page_size=100") == few


def test_home_page_work_queue_queries_do_not_grow_with_rows(portal_as, worker, partner_org):
    client = portal_as(worker)
    client.get("/")
    _make(3, worker, partner_org)
    few = _count(client, "/")
    _make(27, worker, partner_org)
    assert _count(client, "/") == few


@pytest.mark.parametrize("role", ["worker", "supervisor", "partner_admin"])
def test_portal_detail_queries_are_the_same_in_every_state(role, personas, portal_as, worker, partner_org):
    """An agreement's page costs the same whatever its state (approved or not, ended or not, signed)."""
    client = portal_as(personas(role))
    client.get("/")  # warm the session
    counts = {}
    # R-PRIV-4: a caregiver organisation's user reads only the states it may see.
    statuses = CAREGIVER_VISIBLE_STATUSES if role.startswith("partner") else list(AgreementStatus)
    for status in statuses:
        agreement = agreement_in(status, s140=True, drafted_by=worker, caregiver_organisation=partner_org)
        client.get(f"/agreements/{agreement.pk}/")
        counts[status.value] = _count(client, f"/agreements/{agreement.pk}/")
    assert len(set(counts.values())) == 1, counts
