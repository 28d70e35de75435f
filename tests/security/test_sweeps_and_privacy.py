"""The daily sweep in two processes at once, and the R-PRIV-2 scan of everything the system sends.

Both run over the demo data (every record in every state, seeded through the services) and a series of
dates, so reminders, escalations, automatic expiries and their notifications and e-mails are produced.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from agreements.models import Agreement, AgreementDocument, Child
from careportal.lib.dates import nz_today
from careportal.notifications.models import FollowUpTask, Notification, Reminder
from careportal.notifications.sweep import run_daily_sweep
from quality.models import QAReview

ROOT = Path(__file__).resolve().parents[2]
OFFSETS = (0, 3, 10, 30, 90)  # days after today: due soon, overdue, escalated, expired


def _sweep_in_processes(day) -> list[subprocess.CompletedProcess]:
    """`run_reminders --today day` twice at the same moment, each its own process and connection."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careportal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    cmd = [sys.executable, "manage.py", "run_reminders", "--today", day.isoformat()]
    procs = [
        subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    return [subprocess.CompletedProcess(p.args, p.wait(timeout=180), *p.communicate()) for p in procs]


def _reference_data() -> None:
    """A transactional test starts from an empty database: put back what the data migrations seed."""
    from django.apps import apps

    partners_seed = importlib.import_module("partners.migrations.0004_seed_requirements")
    quality_initial = importlib.import_module("quality.migrations.0001_initial")
    if not apps.get_model("partners", "Requirement").objects.exists():
        partners_seed.seed(apps, None)
    if not apps.get_model("quality", "NationalCareStandard").objects.exists():
        quality_initial.seed_national_care_standards(apps, None)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_daily_sweeps_in_two_processes_send_each_reminder_once():
    _reference_data()
    call_command("seed_demo", force=True, verbosity=0)
    for offset in OFFSETS:
        day = nz_today() + timedelta(days=offset)
        seen = set(Notification.objects.values_list("pk", flat=True))
        for done in _sweep_in_processes(day):
            assert done.returncode == 0, done.stderr[-2000:]
        new = Notification.objects.exclude(pk__in=seen)
        # No notification twice: the loser of each race (a reminder's unique key, a locked row) sent nothing.
        duplicates = (
            new.values("recipient", "kind", "message", "link").annotate(n=Count("pk")).filter(n__gt=1)
        )
        assert list(duplicates) == [], day
        assert Reminder.objects.filter(notification__isnull=True).count() == 0
        # Each reminder's e-mail was sent (the eager task marks it once; the other process skipped it).
        assert Reminder.objects.filter(emailed_at__isnull=True).count() == 0
    assert Reminder.objects.count() > 0
    # Idempotent: one more sweep of the last day changes nothing.
    before = (Reminder.objects.count(), Notification.objects.count())
    run_daily_sweep(nz_today() + timedelta(days=OFFSETS[-1]))
    assert (Reminder.objects.count(), Notification.objects.count()) == before


def _texts_sent() -> list[tuple[str, str]]:
    """Everything that leaves a record's page: notifications, tasks, reminders, e-mails, file names, links."""
    texts: list[tuple[str, str]] = []
    texts += [(f"notification {n.pk}", f"{n.message} {n.link}") for n in Notification.objects.all()]
    texts += [(f"task {t.pk}", f"{t.title} {t.link}") for t in FollowUpTask.objects.all()]
    texts += [(f"reminder {r.pk}", f"{r.message} {r.link}") for r in Reminder.objects.all()]
    texts += [(f"e-mail to {m.to}", f"{m.subject}\n{m.body}") for m in mail.outbox]
    for document in AgreementDocument.objects.select_related("agreement"):
        texts.append((f"agreement PDF {document.pk}", f"{document.file_name} {document.file.name}"))
    for agreement in Agreement.objects.all():
        texts.append(
            (
                f"agreement {agreement.reference}",
                f"{agreement.pdf_file_name(1)} {agreement.get_absolute_url()}",
            )
        )
    for review in QAReview.objects.all():
        texts.append(
            (f"QA report {review.reference}", f"{review.report_file_name} {review.final_report.name}")
        )
    return texts


@pytest.mark.slow
@pytest.mark.django_db
def test_no_child_name_in_any_notification_email_file_name_or_url_R_PRIV_2(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", force=True, verbosity=0)
    mail.outbox = []
    for offset in OFFSETS:
        with django_capture_on_commit_callbacks(execute=True):  # the e-mails go out on commit
            run_daily_sweep(nz_today() + timedelta(days=offset))
    names = {c.name.lower() for c in Child.objects.all()}
    # A given name alone is a name too, unless a kaimahi shares it (notifications name the kaimahi who acted).
    staff_names = {n.lower() for n in get_user_model().objects.values_list("first_name", flat=True)}
    names |= {n.split()[0] for n in names if len(n.split()[0]) > 3} - staff_names
    texts = _texts_sent()
    assert len(names) >= 3 and len(texts) > 20  # the scan had something to look at
    leaks = [(where, name) for where, text in texts for name in names if name in text.lower()]
    assert leaks == []
