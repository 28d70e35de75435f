from celery import shared_task

from .email import send_reminder_emails
from .sweep import run_daily_sweep

__all__ = ["daily_sweep", "send_reminder_emails"]  # send_reminder_emails lives with the delivery (email.py)


@shared_task(acks_late=True)
def daily_sweep() -> list[str]:
    """Beat runs this at 06:00 New Zealand time; it is safe to run twice."""
    return run_daily_sweep()
