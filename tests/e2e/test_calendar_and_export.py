"""The calendar subscription page and a list's "Download CSV" link, in the browser (decision 0011)."""

from __future__ import annotations

import pytest

from careportal.audit.models import AuditEntry, AuditKind
from tests.agreements.factories import agreement_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_worker_creates_a_calendar_link_and_downloads_the_filtered_list(portal, worker):
    active = agreement_in("active", drafted_by=worker)
    agreement_in("draft", drafted_by=worker)
    portal.sign_in("worker")
    page = portal.go("/")
    page.get_by_role("link", name="Calendar feed").click()
    page.get_by_role("button", name="Create my calendar link").click()
    feed_url = page.get_by_label("Your calendar link (keep it secret)").input_value()
    assert feed_url.endswith(".ics")
    portal.checkpoint("calendar-feed")
    feed = page.request.get(feed_url)  # without a session too: tests/portal/test_calendar_feed.py
    assert feed.ok and f"Last day of care agreement {active.reference}" in feed.text()

    page = portal.go("/agreements/?status=active")
    portal.check_accessibility("agreement list")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV of these care agreements").click()
    download = info.value
    assert download.suggested_filename.startswith("agreements-") and download.suggested_filename.endswith(
        ".csv"
    )
    with open(download.path(), encoding="utf-8-sig") as csv_file:
        lines = csv_file.read().splitlines()
    assert len(lines) == 2 and lines[1].startswith(active.reference)
    assert AuditEntry.objects.filter(kind=AuditKind.EXPORT, actor=worker).count() == 1
