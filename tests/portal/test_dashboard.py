"""The staff dashboard (decision 0011): charts drawn on the server (SVG, no script) with a table of the same
figures, in a constant number of queries whatever the data size; every role's home renders its queue."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.agreements.factories import ActiveAgreementFactory, AgreementFactory
from tests.partners.factories import ReadinessApplicationFactory
from tests.referrals.factories import AcceptedReferralFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "worker", "senior", "supervisor", "coordinator", "drc", "pfo", "hub", "delegate", "admin_user",
    "partner_admin", "partner_staff", "applicant_admin", "provider_user",
]  # fmt: skip


def _data(n: int, worker) -> None:
    for _ in range(n):
        ActiveAgreementFactory(drafted_by=worker)
        AgreementFactory(drafted_by=worker)
        AcceptedReferralFactory()
        ReadinessApplicationFactory()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_shows_each_chart_with_its_table(admin_user, pfo, worker):
    _data(2, worker)
    client = Client()
    client.force_login(admin_user)
    page = client.get("/dashboard/").content.decode()
    for title in (
        "Care agreements by status",
        "Care agreements in force by weeks to their last day",
        "Partnered response referrals by status",
        "Care partner applications by phase",
    ):
        assert f"<caption>{title}</caption>" in page
    assert page.count('role="img"') == 4 and "<script" not in page.split("</header>", 1)[1]
    assert "Median days in phase" in page
    client.force_login(pfo)  # the charts a role may read: a PfO sees no agreements or referrals
    page = client.get("/dashboard/").content.decode()
    assert page.count('role="img"') == 1 and "Care partner applications by phase" in page


@pytest.mark.parametrize("url", ["/dashboard/", "/"])
def test_dashboard_and_home_run_the_same_queries_for_3_and_30_rows(
    url, admin_user, pfo, worker, supervisor, hub
):
    users = (admin_user, pfo, worker, supervisor, hub)
    client = Client()
    _data(3, worker)
    small = {}
    for user in users:
        client.force_login(user)
        small[user.username] = _queries(client, url)
    _data(27, worker)
    for user in users:
        client.force_login(user)
        assert _queries(client, url) == small[user.username], user.username


@pytest.mark.parametrize("persona", ROLES)
def test_every_role_home_renders_its_queue(persona, request):
    user = request.getfixturevalue(persona)
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert b"Kia ora" in response.content
    dashboard = client.get("/dashboard/")
    assert dashboard.status_code == (200 if user.is_ot_staff else 403)


def test_the_quality_hub_queue_takes_one_query_per_section(hub, worker):
    from quality.portal import work_queue

    _data(3, worker)
    with CaptureQueriesContext(connection) as ctx:
        sections = work_queue(hub)
    assert len(sections) == 5 and len(ctx.captured_queries) == len(sections)


@pytest.mark.parametrize("rows", [0, 2, 7])
def test_a_queue_counted_with_its_first_rows_in_one_query_is_the_count_and_the_slice(rows):
    from careportal.home import counted_first
    from partners.models import Application

    for _ in range(rows):
        ReadinessApplicationFactory()
    queue = Application.objects.order_by("created_at", "pk")
    with CaptureQueriesContext(connection) as ctx:
        count, first = counted_first(queue, 5)
    assert len(ctx.captured_queries) == 1
    assert (count, first) == (queue.count(), list(queue[:5]))
