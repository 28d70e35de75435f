"""Calendar arithmetic the pathway needs (R-DATE-1: New Zealand calendar dates)."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(d: date, months: int) -> date:
    """The same day-number `months` later (or earlier), clipped to the end of a shorter month.

    31 Aug + 6 → 28 Feb (29 in a leap year); 29 Feb + 24 → 28 Feb. Used for "review due every 2 years"
    and "warn 3 months / 1 month before" (R-396-5), which are dates, not periods (so not R-DATE-3).
    """
    year, month_index = divmod(d.month - 1 + months, 12)
    year += d.year
    month = month_index + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))
