from celery import shared_task

from careportal.sweep import run_daily_sweep

from .email import deliver_reminder_email


@shared_task(acks_late=True)
def daily_sweep() -> list[str]:
    """Beat runs this at 06:00 New Zealand time; it is safe to run twice."""
    return run_daily_sweep()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_reminder_emails(reminder_ids: list[str]) -> int:
    """Send each reminder's e-mail once (guarded per row); retried on failure, acknowledged late."""
    return sum(deliver_reminder_email(reminder_id) for reminder_id in reminder_ids)
