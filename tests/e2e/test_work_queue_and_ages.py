"""In the browser: overdue tasks flagged on the home page, notifications filtered and all marked read
(work-queue.png), and te tamaiti's age with the next threshold on the agreement and child pages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agreements import rules
from careportal.lib.dates import format_nz_date, nz_today
from careportal.notifications.kinds import NotificationKind, ReminderKind, at_threshold
from careportal.notifications.models import FollowUpTask, Notification
from tests.agreements.factories import ChildFactory, agreement_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_overdue_tasks_and_notifications_filter_and_mark_all_read(portal, worker):
    FollowUpTask.objects.create(
        kind="agreement_safety_check", title="Safety check after CA-2026-00001 ended", assignee=worker,
        subject_type="agreements.agreement", subject_id="1", due_on=nz_today() - timedelta(days=2),
    )  # fmt: skip
    for kind, message in (
        (NotificationKind.AGREEMENT_APPROVED, "CA-2026-00002 was approved"),
        (at_threshold(ReminderKind.AGREEMENT_ENDING, "7d"), "CA-2026-00003 ends in 7 days"),
        (NotificationKind.REFERRAL_ACCEPTED, "A referral was accepted"),
    ):
        Notification.objects.create(recipient=worker, kind=kind, message=message)
    portal.sign_in("worker")
    page = portal.go("/")
    row = page.get_by_role("row").filter(has_text="Safety check after CA-2026-00001")
    assert row.locator(".tag--danger").inner_text() == "Overdue"
    portal.check_accessibility("home with an overdue task")
    page = portal.go("/notifications/")
    page.get_by_label("Kind").select_option(label="Care agreement ending")
    page.get_by_label("Unread only").check()
    page.get_by_role("button", name="Filter").click()
    items = page.locator(".notification-list li")
    assert items.count() == 1 and "ends in 7 days" in items.first.inner_text()
    portal.checkpoint("work-queue")
    page.get_by_role("button", name="Mark all “Care agreement ending” as read").click()
    assert "1 notification marked as read." in page.locator("body").inner_text()
    assert page.locator(".notification-list li").count() == 0  # still filtered on unread: none left
    assert Notification.objects.filter(recipient=worker, read_at__isnull=True).count() == 2
    page.get_by_role("link", name="Clear").click()
    page.get_by_role("button", name="Mark all as read").click()
    assert "2 notifications marked as read." in page.locator("body").inner_text()
    portal.check_accessibility("notifications after mark all read")


def test_age_and_next_threshold_on_the_agreement_and_child_pages(portal, worker):
    today = nz_today()
    born = rules.birthday(today, -7) + timedelta(days=20)  # turns 7 in 20 days' time
    child = ChildFactory(date_of_birth=born)
    agreement = agreement_in("active", drafted_by=worker, child=child)
    turns = f"turns 7 on {format_nz_date(rules.birthday(born, 7))}"
    portal.sign_in("worker")
    page = portal.go(f"/agreements/{agreement.pk}/")
    age = page.locator(".age").first.locator("xpath=..")
    assert "aged 6" in age.inner_text() and turns in age.inner_text()
    age.get_by_text("Why?").click()
    assert "R-140-2" in age.inner_text()
    portal.check_accessibility("agreement page with the age")
    page = portal.go(child.get_absolute_url())
    assert turns in page.locator(".summary-list").inner_text()
    portal.check_accessibility("child page with the age")
    page = portal.go("/agreements/")
    short = f"turns 7 on {format_nz_date(rules.birthday(born, 7), short=True)}"
    assert short in page.get_by_role("row").filter(has_text=agreement.reference).inner_text()
    portal.check_accessibility("agreements list with ages")
