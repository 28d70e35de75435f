"""The daily sweep: each app's automatic state changes and reminders, for one New Zealand date."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.module_loading import import_string

from careportal.lib.dates import nz_today

SWEEP_STEPS = (
    "agreements.sweep.run",
    "partners.sweep.run",
    "referrals.sweep.run",
    "quality.sweep.run",
    # PDFs the queue missed while the broker was down (the tasks make only what really changed).
    "agreements.documents.requeue_documents",
    "quality.services.report.requeue_final_reports",
    "careportal.audit.digest.run",  # last: yesterday's audit rows are all written by now
)


def run_daily_sweep(today: date | None = None) -> list[str]:
    """Run every step for `today`; each step is idempotent, so running twice changes nothing more."""
    from careportal.notifications.models import Reminder
    from careportal.notifications.reminders import enqueue_emails, escalate_unread, sent_since

    day = today or nz_today()
    started = timezone.now()
    report: list[str] = []
    for path in SWEEP_STEPS:
        report.extend(import_string(path)(day))
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
