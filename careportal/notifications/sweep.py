"""The daily sweep: each app's automatic state changes and reminders for one New Zealand date, then the
reminders' escalations and the e-mails still owed.

The apps' steps are their contributions (careportal.contributions), run in their declared order.
"""

from __future__ import annotations

import time
from datetime import date, datetime

from django.utils import timezone

from careportal.contributions import contributed
from careportal.lib.dates import nz_today
from careportal.observability.metrics import sweep_finished

from .models import Reminder
from .reminders import enqueue_emails, escalate_unread, sent_since


def run_daily_sweep(today: date | None = None) -> list[str]:
    """Run every step for `today`; each step is idempotent, so running twice changes nothing more."""
    day = today or nz_today()
    started = timezone.now()
    clock = time.monotonic()
    try:
        report = _sweep(day, started)
    except BaseException:
        sweep_finished(seconds=time.monotonic() - clock, reminders=lambda: 0, failed=True)
        raise
    sweep_finished(
        seconds=time.monotonic() - clock,
        reminders=lambda: Reminder.objects.filter(created_at__gte=started).count(),
        failed=False,
    )
    return report


def _sweep(day: date, started: datetime) -> list[str]:
    report: list[str] = []
    for step in contributed(lambda contributions: contributions.sweep):
        report.extend(step(day))
    report.extend(sent_since(started))
    escalated = escalate_unread(day)
    if escalated:
        report.append(f"{len(escalated)} unread overdue reminders escalated to supervisors")
    # E-mails owed from before this sweep (broker or worker was down): queue them again; sending is guarded.
    owed = [
        str(pk)
        for pk in Reminder.objects.filter(emailed_at__isnull=True, created_at__lt=started).values_list(
            "pk", flat=True
        )[:5000]
    ]
    if owed:
        enqueue_emails(owed)
        report.append(f"{len(owed)} reminder e-mails owed from earlier were queued again")
    return report
