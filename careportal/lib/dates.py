"""Dates the way every app needs them: New Zealand's today, month arithmetic and NZ-style text.

R-DATE-1: dates are New Zealand calendar dates (TIME_ZONE is Pacific/Auckland). The text never depends on
the server: month names are spelled out here rather than taken from `strftime("%B")` (the C library's
locale) and the day has no padding without `%-d` (a glibc-only directive).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime

from django.utils import timezone

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def nz_today() -> date:
    """R-DATE-1: today's date in New Zealand."""
    return timezone.localdate()


def add_months(day: date, months: int) -> date:
    """The same day-number `months` later (or earlier), clipped to the end of a shorter month.

    31 Aug + 6 → 28 Feb (29 in a leap year); 29 Feb + 24 → 28 Feb. For planning and warning dates ("review
    every 2 years", "warn 3 months before", QA-D4, R-396-5); the last day of a statutory term counts
    differently (R-DATE-3, `agreements.rules.last_day_for_months`).
    """
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def format_nz_date(value: date | datetime | None, *, short: bool = False) -> str:
    """New Zealand style, whatever the server's locale: "4 December 2026" (short: "4 Dec 2026").

    A datetime is shown as its New Zealand date (an aware UTC timestamp can fall on the previous day).
    No date gives "" (a sentence about an unset optional date reads oddly, but never fails the request).
    """
    if value is None:
        return ""
    day = timezone.localdate(value) if isinstance(value, datetime) else value
    month = _MONTH_NAMES[day.month - 1]
    return f"{day.day} {month[:3] if short else month} {day.year}"
