"""The reminder engine: exactly-once by a database key, in-app + e-mail, audited, escalated (decision 0009)."""

import threading
from datetime import date

import pytest
from django.core import mail
from django.db import connection

from careportal.audit.models import AuditEntry, AuditKind
from careportal.notifications import reminders as engine
from careportal.notifications.models import Notification, Reminder
from careportal.notifications.reminders import ReminderSpec, escalate_unread, send_reminders
from careportal.notifications.sweep import run_daily_sweep


@pytest.fixture(autouse=True, params=["one_statement", "in_steps"])
def inserter(request, monkeypatch):
    """Every engine test runs twice: with the one-statement PostgreSQL insert (decision 0010) and with the
    ORM steps that other databases (SQLite in the quick start) use."""
    if request.param == "in_steps":
        monkeypatch.setattr(engine, "insert_and_deliver", engine.insert_and_deliver_in_steps)
    return request.param


def spec(
    user,
    *,
    kind="agreement.ending",
    subject_id="a1",
    due_on=date(2026, 12, 1),
    message="Agreement CA-1 ends soon",
):
    return ReminderSpec(
        kind=kind,
        subject_type="agreements.agreement",
        subject_id=subject_id,
        due_on=due_on,
        recipient_id=user.pk,
        message=message,
        link="/agreements/a1/",
    )


@pytest.mark.django_db
def test_a_reminder_is_delivered_in_app_by_email_and_audited(worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_reminders([spec(worker)])
    assert len(sent) == 1
    notification = Notification.objects.get(recipient=worker)
    assert notification.message == "Agreement CA-1 ends soon" and notification.link == "/agreements/a1/"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert (
        "Agreement CA-1 ends soon" in email.subject and "http://127.0.0.1:8000/agreements/a1/" in email.body
    )
    assert email.alternatives and "Open it in careportal" in email.alternatives[0][0]
    channels = sorted(e.data["channel"] for e in AuditEntry.objects.filter(kind=AuditKind.DELIVERY))
    assert channels == ["email", "in_app"]
    assert Reminder.objects.get().emailed_at is not None


@pytest.mark.django_db
def test_the_same_reminder_is_never_sent_twice(worker, supervisor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders([spec(worker), spec(worker), spec(supervisor)])
        again = send_reminders([spec(worker), spec(supervisor)])
    assert again == []
    assert Reminder.objects.count() == 2 and Notification.objects.count() == 2 and len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_different_due_date_or_kind_is_a_new_reminder(worker, django_capture_on_commit_callbacks):
    send_reminders([spec(worker)])
    assert (
        len(send_reminders([spec(worker, due_on=date(2026, 12, 2)), spec(worker, kind="agreement.expired")]))
        == 2
    )


@pytest.mark.django_db
def test_sending_costs_the_same_queries_for_3_and_30_reminders(worker, django_assert_num_queries):
    def count(n, offset):
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            send_reminders([spec(worker, subject_id=f"s{offset + i}") for i in range(n)])
        return len(ctx.captured_queries)

    assert count(3, 0) == count(30, 100)


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_in_parallel_send_each_reminder_once(worker, supervisor):
    specs = [spec(u, subject_id=f"s{i}") for i in range(20) for u in (worker, supervisor)]
    barrier = threading.Barrier(2)
    errors = []

    def sweep():
        try:
            barrier.wait()
            send_reminders(specs)
        except Exception as exc:  # pragma: no cover - surfaced by the assert below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Reminder.objects.count() == 40
    assert Notification.objects.count() == 40
    assert len(mail.outbox) == 40


@pytest.mark.django_db
def test_unread_overdue_reminder_escalates_to_the_supervisor_after_three_working_days(worker, supervisor):
    # Friday 4 Dec 2026 overdue; +3 working days = Wednesday 9 Dec.
    send_reminders([spec(worker, kind="referral.contact.overdue", due_on=date(2026, 12, 4))])
    assert escalate_unread(date(2026, 12, 8)) == []
    escalated = escalate_unread(date(2026, 12, 9))
    assert [r.recipient for r in escalated] == [supervisor]
    assert escalated[0].kind == "referral.contact.overdue.escalated"
    assert "Unread for 3 working days" in escalated[0].message
    assert escalate_unread(date(2026, 12, 10)) == []  # once only


@pytest.mark.django_db
def test_a_read_reminder_is_not_escalated(worker, supervisor):
    (reminder,) = send_reminders([spec(worker, kind="referral.contact.overdue", due_on=date(2026, 12, 4))])
    Notification.objects.filter(pk=reminder.notification_id).update(read_at="2026-12-05T09:00:00+13:00")
    assert escalate_unread(date(2026, 12, 20)) == []


@pytest.mark.django_db
def test_reminders_that_are_not_overdue_kinds_do_not_escalate(worker, supervisor):
    send_reminders([spec(worker, kind="agreement.ending", due_on=date(2026, 12, 4))])
    assert escalate_unread(date(2026, 12, 20)) == []


@pytest.mark.django_db
def test_with_the_broker_down_nothing_is_lost_and_the_next_sweep_sends_what_is_owed(
    worker, settings, django_capture_on_commit_callbacks
):
    from careportal.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        with django_capture_on_commit_callbacks(execute=True):
            send_reminders([spec(worker)])  # the change commits even though the queue is unreachable
    finally:
        app.conf.task_always_eager = True
        app.conf.broker_url = settings.CELERY_BROKER_URL
    assert mail.outbox == []
    assert Reminder.objects.get().emailed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        report = run_daily_sweep(date(2026, 11, 23))
    assert "1 reminder e-mails owed from earlier were queued again" in report
    assert len(mail.outbox) == 1
    run_daily_sweep(date(2026, 11, 23))
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_reminders_sent_before_are_dropped_before_any_insert(worker, supervisor):
    from django.test.utils import CaptureQueriesContext

    send_reminders([spec(worker), spec(supervisor)])
    with CaptureQueriesContext(connection) as captured:
        assert send_reminders([spec(worker), spec(supervisor)]) == []
    assert len(captured) == 1 and captured[0]["sql"].startswith("SELECT")  # one look-up, no insert
    with CaptureQueriesContext(connection) as captured:
        sent = send_reminders([spec(worker), spec(worker, due_on=date(2026, 12, 8))])
    assert [r.due_on for r in sent] == [date(2026, 12, 8)]  # a new last day earns a new reminder
    assert sent[0].notification.message == "Agreement CA-1 ends soon"  # linked without an UPDATE
    assert not any(q["sql"].startswith("UPDATE") for q in captured)


def test_link_maker_gives_what_reverse_gives():
    import uuid

    from django.urls import reverse

    from careportal.links import link_maker

    pk = uuid.uuid4()
    assert link_maker("referrals:detail")(pk) == reverse("referrals:detail", args=[pk])


@pytest.mark.django_db
def test_both_inserts_write_the_same_rows(worker, supervisor):
    """The one-statement insert and the ORM steps leave identical reminders, notifications and audit rows."""

    def written(insert):
        send = [
            spec(worker),
            spec(supervisor, message="é" * 310),
            spec(worker, kind="referral.contact.overdue"),
        ]
        insert(send)
        insert(send)  # nothing more: the key keeps the first
        reminders = sorted(
            Reminder.objects.values_list(
                "kind", "subject_type", "subject_id", "due_on", "recipient_id", "message", "link",
                "notification__kind", "notification__message", "notification__link",
                "notification__recipient_id", "emailed_at", "escalated_at",
            )
        )  # fmt: skip
        ids = [str(pk) for pk in Reminder.objects.values_list("pk", flat=True)]
        # The reminder's own id differs between runs; everything else must not.
        audits = sorted(
            (e.kind, e.action, e.object_type, e.object_id, sorted({**e.data, "reminder": "…"}.items()),
             e.actor_id, e.request_id, e.reason, e.from_status, e.to_status)
            for e in AuditEntry.objects.filter(data__reminder__in=ids)
        )  # fmt: skip
        Reminder.objects.all().delete()
        Notification.objects.all().delete()
        return reminders, audits

    one_statement = written(engine.send_reminders)
    in_steps = written(
        lambda specs: engine.insert_and_deliver_in_steps(list({s.key: s for s in specs}.values()))
    )
    assert len(one_statement[0]) == 3 and len(one_statement[1]) == 3
    assert one_statement == in_steps
