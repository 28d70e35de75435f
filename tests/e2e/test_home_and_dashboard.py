"""Each role's home (its work queue with counts) and the staff dashboard (server-drawn charts with data
tables) in the browser: accessible, no script needed, and the pictures the README shows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agreements.choices import AgreementStatus
from careportal.lib.dates import nz_today
from tests.agreements.factories import agreement_in
from tests.partners.factories import ConfirmationApplicationFactory, ReadinessApplicationFactory
from tests.referrals.factories import (
    AcceptedReferralFactory,
    ConsentPendingReferralFactory,
    MonitoringReferralFactory,
    ReferredReferralFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

HOMES = ["worker", "supervisor", "coordinator", "drc", "pfo", "hub", "delegate", "partner_admin", "provider"]


@pytest.fixture
def workload(worker, drc, provider_org):
    today = nz_today()
    for status, n in ((AgreementStatus.DRAFT, 2), (AgreementStatus.AWAITING_SUPERVISOR, 2),
                      (AgreementStatus.AWAITING_SIGNATURES, 1), (AgreementStatus.ACTIVE, 4),
                      (AgreementStatus.EXPIRED, 1)):  # fmt: skip
        for _ in range(n):
            agreement_in(status, drafted_by=worker)
    agreement_in("active", drafted_by=worker, end_date=today + timedelta(days=5))
    agreement_in("awaiting_fgc", s140=True, drafted_by=worker)
    ConsentPendingReferralFactory(managed_by=drc)
    ReferredReferralFactory(managed_by=drc, provider=provider_org)
    AcceptedReferralFactory(managed_by=drc, provider=provider_org)
    MonitoringReferralFactory(managed_by=drc, provider=provider_org)
    ReadinessApplicationFactory()
    ReadinessApplicationFactory()
    ConfirmationApplicationFactory()


def test_every_role_home_shows_its_queue_and_is_accessible(
    portal, workload, supervisor, coordinator, pfo, hub, delegate, partner_admin, provider_user
):
    for username in HOMES:
        portal.sign_in(username)
        page = portal.go("/")
        assert portal.heading().startswith("Kia ora")
        counts = page.locator(".card .count")
        assert counts.count() >= 1, f"{username} has no work queue"
        portal.check_accessibility(f"home of {username}")
        portal.screenshot(f"home-{username}")
    portal.sign_in("worker")
    portal.go("/")
    assert (
        portal.page.get_by_role("heading", name="My draft care agreements").locator(".count").inner_text()
        == "2"
    )
    portal.screenshot("docs-home", full_page=False)


def test_dashboard_charts_and_tables_are_accessible(portal, workload, admin_user):
    portal.sign_in("admin")
    page = portal.go("/dashboard/")
    assert portal.heading() == "Dashboard"
    charts = page.locator("figure.bar-chart svg[role=img]")
    assert charts.count() == 4
    table = page.get_by_role("table", name="Care agreements by status")
    assert not table.is_visible()  # the figures are one keypress away, under each chart
    page.get_by_text("Care agreements by status as a table").click()
    assert table.get_by_role("row", name="Active 5").is_visible()
    portal.check_accessibility("dashboard")
    portal.screenshot("dashboard")
    page.get_by_text("Care agreements by status as a table").click()
    portal.screenshot("docs-dashboard", full_page=False)
