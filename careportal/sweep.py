"""The New Zealand date the daily sweep (careportal.notifications.sweep) and the apps work with."""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def nz_today() -> date:
    """R-DATE-1: today's date in New Zealand (TIME_ZONE is Pacific/Auckland)."""
    return timezone.localdate()
