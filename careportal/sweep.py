"""The daily sweep: each app's automatic state changes and reminders, for one New Zealand date."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.module_loading import import_string

SWEEP_STEPS = (
    "agreements.sweep.run",
    "partners.sweep.run",
    "referrals.sweep.run",
    "quality.sweep.run",
)


def nz_today() -> date:
    """R-DATE-1: today's date in New Zealand (TIME_ZONE is Pacific/Auckland)."""
    return timezone.localdate()


def run_daily_sweep(today: date | None = None) -> list[str]:
    """Run every step for `today`; each step is idempotent, so running twice changes nothing more."""
    day = today or nz_today()
    report: list[str] = []
    for path in SWEEP_STEPS:
        report.extend(import_string(path)(day))
    return report
