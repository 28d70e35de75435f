from celery import shared_task

from careportal.sweep import run_daily_sweep


@shared_task(acks_late=True)
def daily_sweep() -> list[str]:
    """Beat runs this at 06:00 New Zealand time; it is safe to run twice."""
    return run_daily_sweep()
