"""The work queue: overdue follow-up tasks are flagged; notifications are filtered and marked read at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careportal.lib.dates import nz_today
from careportal.notifications.kinds import NotificationKind, ReminderKind, at_threshold, kind_label
from careportal.notifications.models import FollowUpTask, Notification

pytestmark = pytest.mark.django_db
LIST = reverse("notifications:list")
READ_ALL = reverse("notifications:read_all")


def _task(user, title: str, days: int) -> FollowUpTask:
    return FollowUpTask.objects.create(
        kind="agreement_safety_check", title=title, assignee=user, subject_type="x", subject_id="1",
        due_on=nz_today() + timedelta(days=days),
    )  # fmt: skip


def test_an_overdue_task_is_flagged_on_the_home_page(portal_as, worker):
    _task(worker, "Late check", -1)
    _task(worker, "Today's check", 0)
    html = portal_as(worker).get(reverse("home")).content.decode()
    late = html.split("Late check")[1].split("</tr>")[0]
    today = html.split("Today&#x27;s check")[1].split("</tr>")[0]
    assert 'class="tag tag--danger">Overdue' in late and "Overdue" not in today


def _note(user, kind: str, message: str, read: bool = False) -> Notification:
    note = Notification.objects.create(recipient=user, kind=kind, message=message)
    if read:
        Notification.objects.filter(pk=note.pk).update(read_at=note.created_at)
    return note


@pytest.fixture
def inbox(worker, supervisor):
    _note(worker, NotificationKind.AGREEMENT_APPROVED, "Approved one", read=True)
    _note(worker, NotificationKind.AGREEMENT_APPROVED, "Approved two")
    _note(worker, at_threshold(ReminderKind.AGREEMENT_ENDING, "7d"), "Ends in 7 days")
    _note(worker, at_threshold(ReminderKind.AGREEMENT_ENDING, "1d"), "Ends tomorrow", read=True)
    _note(supervisor, NotificationKind.AGREEMENT_APPROVED, "Someone else's")


def _messages(client, **query) -> list[str]:
    html = client.get(LIST, query).content.decode()
    return [
        m for m in ("Approved one", "Approved two", "Ends in 7 days", "Ends tomorrow", "else") if m in html
    ]


def test_the_filter_by_kind_and_unread(portal_as, worker, inbox):
    client = portal_as(worker)
    assert _messages(client) == ["Approved one", "Approved two", "Ends in 7 days", "Ends tomorrow"]
    assert _messages(client, unread="on") == ["Approved two", "Ends in 7 days"]
    # A reminder sent at several thresholds is one kind.
    assert _messages(client, kind="agreement.ending") == ["Ends in 7 days", "Ends tomorrow"]
    assert _messages(client, kind="agreement.ending", unread="on") == ["Ends in 7 days"]
    html = client.get(LIST).content.decode()
    assert f'<option value="agreement.ending">{kind_label("agreement.ending.7d")}</option>' in html
    assert kind_label("agreement.ending.7d") == "Care agreement ending"


def test_an_invalid_kind_lists_nothing(portal_as, worker, inbox):
    response = portal_as(worker).get(LIST, {"kind": "nonsense"})
    html = response.content.decode()
    assert response.status_code == 200 and "Check the filters" in html and "No notifications match." in html
    assert _messages(portal_as(worker), kind="agreement_returned") == []  # a kind I was never sent


def _unread(user) -> list[str]:
    return sorted(
        Notification.objects.filter(recipient=user, read_at__isnull=True).values_list("message", flat=True)
    )


def test_mark_all_read_marks_the_filtered_kind_only_mine_and_keeps_the_filter(
    portal_as, worker, supervisor, inbox
):
    client = portal_as(worker)
    assert (
        "Mark all “Care agreement ending” as read"
        in client.get(LIST, {"kind": "agreement.ending"}).content.decode()
    )
    response = client.post(READ_ALL, {"kind": "agreement.ending", "unread": "on"})
    assert response.status_code == 302 and response["Location"] == f"{LIST}?kind=agreement.ending&unread=on"
    assert _unread(worker) == ["Approved two"]
    response = client.post(READ_ALL, follow=True)
    assert "1 notification marked as read." in response.content.decode()
    assert _unread(worker) == [] and _unread(supervisor) == ["Someone else's"]
    assert "Mark all as read" not in client.get(LIST).content.decode()


def test_mark_all_read_with_an_invalid_kind_marks_nothing(portal_as, worker, inbox):
    response = portal_as(worker).post(READ_ALL, {"kind": "nonsense"}, follow=True)
    assert "Check the filters" in response.content.decode() and _unread(worker) == [
        "Approved two",
        "Ends in 7 days",
    ]


def test_mark_all_read_is_a_post_with_csrf(worker, inbox):
    client = Client(enforce_csrf_checks=True)
    client.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(READ_ALL).status_code == 405
    assert client.post(READ_ALL).status_code == 403
    assert Notification.objects.filter(recipient=worker, read_at__isnull=True).count() == 2
    assert Client().post(READ_ALL).status_code == 302  # signed out: to the sign-in page


def _queries(client, **query) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST, query).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_costs_the_same_for_3_and_30_notifications(portal_as, worker):
    client = portal_as(worker)
    kinds = [NotificationKind.AGREEMENT_APPROVED, at_threshold(ReminderKind.AGREEMENT_ENDING, "7d")]
    for i in range(3):
        _note(worker, kinds[i % 2], f"n{i}")
    few = (_queries(client), _queries(client, kind="agreement.ending", unread="on"))
    for i in range(27):
        _note(worker, kinds[i % 2], f"m{i}")
    assert (_queries(client), _queries(client, kind="agreement.ending", unread="on")) == few
