"""Celery at scale: one queue per kind of work (careportal/celery_queues.py), and the day's sweep run
once however many beat processes send it (careportal/notifications/once_a_day.py). Real worker, real
beats, real Redis."""

import signal
import subprocess
import sys
import time
from datetime import date

import pytest
import redis
from django.conf import settings
from django.db import connection
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from careportal.celery import app
from careportal.celery_queues import queue_name
from careportal.notifications.models import DailyRun, Reminder
from careportal.notifications.once_a_day import run_once
from careportal.notifications.reminders import ReminderSpec, send_reminders
from tests.celery_processes import ROOT

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("careportal.notifications.tasks.send_reminder_emails", "email"),
        ("careportal.accounts.tasks.send_invitation_email", "email"),  # by the naming rule
        ("agreements.tasks.issue_signing_version", "documents"),
        ("agreements.tasks.execute_version", "documents"),
        ("quality.tasks.generate_review_report", "documents"),
        ("careportal.notifications.tasks.daily_sweep", "sweep"),
        ("agreements.tasks.automatic_changes", "sweep"),
        ("anything.else", "celery"),
    ],
)
def test_each_task_goes_to_its_queue(task, queue):
    assert app.amqp.router.route({}, task)["queue"].name == queue


def test_every_task_the_apps_define_is_routed_on_purpose():
    # A new task lands on the default queue unless listed: the list must name only real tasks.
    from careportal.celery_queues import TASKS

    app.loader.import_default_modules()  # what a worker imports at start: every app's tasks module
    assert set(TASKS) <= set(app.tasks)


def test_a_second_run_on_the_same_day_does_nothing_and_is_counted():
    ran = []
    day = date(2026, 12, 7)
    assert run_once("job", day, lambda d: ran.append(d) or ["done"]) == ["done"]
    assert run_once("job", day, lambda d: ran.append(d) or ["done"]) == [
        "job for 2026-12-07 already ran in another process: nothing done"
    ]
    assert ran == [day]
    run = DailyRun.objects.get()
    assert (run.refused, run.finished_at is not None) == (1, True)


def test_a_failed_run_gives_the_day_back_for_the_retry():
    day = date(2026, 12, 7)

    def fails(d):
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        run_once("job", day, fails)
    assert not DailyRun.objects.exists()
    assert run_once("job", day, lambda d: ["done"]) == ["done"]


@pytest.mark.worker
@pytest.mark.parametrize("worker_queues", [("email",)])
def test_an_email_worker_sends_mail_while_documents_wait_for_theirs(
    celery_worker_process, worker, queue_prefix
):
    mail_dir, process = celery_worker_process
    send_reminders([
        ReminderSpec(
            kind="agreement.ending", subject_type="agreements.agreement", subject_id="q1",
            due_on=date(2026, 12, 1), recipient_id=worker.pk,
            message="Agreement CA-2026-00009 ends in 7 days", link="/agreements/q1/",
        )
    ])  # fmt: skip
    app.send_task("agreements.tasks.issue_signing_version", args=["00000000-0000-0000-0000-000000000000"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not Reminder.objects.filter(emailed_at__isnull=False).exists():
        assert process.poll() is None, "worker died"
        time.sleep(0.3)
    assert Reminder.objects.filter(emailed_at__isnull=False).count() == 1
    # The document task is still in its own queue: no worker of this test takes that queue.
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    assert broker.llen(queue_name("documents", queue_prefix)) == 1
    broker.delete(queue_name("documents", queue_prefix))


@pytest.mark.worker
@pytest.mark.parametrize("worker_queues", [("sweep",)])
@pytest.mark.parametrize("worker_loglevel", ["info"])  # the worker logs each task's result
def test_two_beat_processes_run_the_days_sweep_once(celery_worker_process, worker_env, tmp_path):
    """Two real `celery beat` processes both send the sweep every second; one sweep runs, the rest are
    refused, each counted."""
    _, worker_process = celery_worker_process
    every_second = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(
        name="sweep every second (test)", task="careportal.notifications.tasks.daily_sweep",
        interval=every_second,
    )  # fmt: skip
    beats = [
        subprocess.Popen(  # noqa: S603 - this interpreter and fixed arguments
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "careportal",
                "beat",
                "--loglevel=warning",
                "-S",
                "django_celery_beat.schedulers:DatabaseScheduler",
                "--pidfile=",
                f"--schedule={tmp_path / f'beat-{n}'}",
                "--max-interval=1",
            ],
            cwd=ROOT,
            env=worker_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for n in (1, 2)
    ]
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert worker_process.poll() is None, "worker died"
            run = DailyRun.objects.filter(job="daily-sweep").first()
            if run is not None and run.finished_at is not None and run.refused >= 4:
                break
            time.sleep(0.5)
        assert all(beat.poll() is None for beat in beats), "a beat process stopped"
    finally:
        for beat in beats:
            beat.send_signal(signal.SIGTERM)
        for beat in beats:
            try:
                beat.wait(timeout=15)
            except subprocess.TimeoutExpired:
                beat.kill()
    runs = list(DailyRun.objects.filter(job="daily-sweep"))
    assert len(runs) == 1, "one sweep for the day"
    assert runs[0].finished_at is not None
    assert runs[0].refused >= 4, "both beats kept sending it; every later send was refused"
    # What the worker did with each send: one sweep, every other one refused.
    results = [
        line for line in (tmp_path / "worker.log").read_text().splitlines()
        if "daily_sweep[" in line and "succeeded" in line
    ]  # fmt: skip
    swept = [line for line in results if "already ran in another process" not in line]
    assert len(results) >= 5 and len(swept) == 1, "\n".join(results)
    connection.close()
