from celery import shared_task

from careportal.lib.dates import nz_today

from .email import send_reminder_emails
from .once_a_day import run_once
from .sweep import run_daily_sweep

__all__ = ["daily_sweep", "send_reminder_emails"]  # send_reminder_emails lives with the delivery (email.py)


@shared_task(acks_late=True)
def daily_sweep() -> list[str]:
    """Beat runs this at 06:00 New Zealand time. Once per day however many beats send it; the sweep
    itself is safe to run twice too (`manage.py run_reminders` runs it on demand, unclaimed)."""
    return run_once("daily-sweep", nz_today(), run_daily_sweep)
