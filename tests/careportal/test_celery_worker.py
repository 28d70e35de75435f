"""A real Celery worker over the real Redis delivers a reminder e-mail (decision 0009)."""

import time
from datetime import date

import pytest
from django.db import connection

from careportal.celery import app
from careportal.notifications.models import Reminder
from careportal.notifications.reminders import ReminderSpec, send_reminders

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_sends_the_reminder_email_once(celery_worker_process, worker):
    mail_dir, process = celery_worker_process
    spec = ReminderSpec(
        kind="agreement.ending",
        subject_type="agreements.agreement",
        subject_id="a1",
        due_on=date(2026, 12, 1),
        recipient_id=worker.pk,
        message="Agreement CA-2026-00001 ends in 7 days",
        link="/agreements/a1/",
    )
    send_reminders([spec])  # autocommit: on_commit fires at once and queues the task in Redis
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not Reminder.objects.filter(emailed_at__isnull=False).exists():
        assert process.poll() is None, process.stdout.read().decode() if process.stdout else "worker died"
        time.sleep(0.5)
    connection.close()
    files = list(mail_dir.glob("*.log")) if mail_dir.exists() else []
    assert len(files) == 1, "exactly one e-mail file expected"
    text = files[0].read_text()
    assert "Agreement CA-2026-00001 ends in 7 days" in text and f"To: {worker.email}" in text
    # Queue the same reminder again (a retry): the guarded send does nothing the second time.
    from careportal.notifications.tasks import send_reminder_emails

    send_reminder_emails.delay([str(Reminder.objects.get().pk)])
    time.sleep(3)
    assert len(list(mail_dir.glob("*.log"))) == 1


@pytest.mark.parametrize("email_backend", ["tests.careportal.slow_email.SlowFileBackend"])
def test_a_worker_killed_mid_send_loses_and_duplicates_nothing(celery_worker_process, worker, settings):
    """SIGKILL while the e-mail is being sent: the row lock and the mark roll back with the dead connection,
    so nothing is marked sent; the next sweep queues what is owed, and it goes out exactly once."""
    from django.core import mail

    from careportal.notifications.sweep import run_daily_sweep

    mail_dir, process = celery_worker_process
    spec = ReminderSpec(
        kind="agreement.ending",
        subject_type="agreements.agreement",
        subject_id="a2",
        due_on=date(2026, 12, 1),
        recipient_id=worker.pk,
        message="Agreement CA-2026-00002 ends in 7 days",
        link="/agreements/a2/",
    )
    send_reminders([spec])
    deadline = time.monotonic() + 60
    # Wait until the worker holds the row lock (it is inside the send), then kill it without warning.
    while time.monotonic() < deadline and not _row_locked(Reminder.objects.get().pk):
        time.sleep(0.2)
    assert _row_locked(Reminder.objects.get().pk), "the worker never started sending"
    process.kill()
    process.wait(timeout=15)
    time.sleep(1)  # PostgreSQL notices the closed connection and rolls the worker's transaction back
    assert not (mail_dir.exists() and list(mail_dir.glob("*.log"))), "nothing was sent"
    assert Reminder.objects.get().emailed_at is None, "nothing was marked sent"
    # The next sweep (tasks eager here, like a healthy worker) sends what is owed, once.
    app.conf.task_always_eager = True
    run_daily_sweep(date(2026, 11, 23))
    run_daily_sweep(date(2026, 11, 23))
    assert len(mail.outbox) == 1 and "CA-2026-00002" in mail.outbox[0].subject
    assert Reminder.objects.get().emailed_at is not None


def _row_locked(pk) -> bool:
    """True while another connection holds the reminder row FOR UPDATE."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM notifications_reminder WHERE id = %s FOR UPDATE SKIP LOCKED", [pk])
        return cursor.fetchone() is None
