"""New Zealand working days, for the R-396-4 submissions window and "N working days" reminders.

Decision: a working day is a weekday that is not a national New Zealand public holiday as listed by the
`holidays` package (Mondayised Waitangi Day, Anzac Day, Christmas and New Year included; Matariki
included). Regional anniversary days are NOT excluded: the portal serves organisations across every
region and a national rule keeps every deadline the same for all of them. The Legislation Act 2019 s13
"working day" also excludes 25 December to 2 January; we do not, because the R-396-4 window is a policy
default (a decision), not a statutory period. Change `_nz_holidays` if either decision changes.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


@lru_cache(maxsize=64)
def _nz_holidays(years: tuple[int, ...]) -> holidays.HolidayBase:
    """National NZ public holidays for `years`; cached because building the calendar is slow."""
    # No subdiv: national holidays only (see the module docstring). expand=False so the cached
    # object is never mutated by a look-up outside `years`.
    return holidays.country_holidays("NZ", years=years, expand=False)


def is_working_day(d: date) -> bool:
    """True when `d` is a weekday and not a national New Zealand public holiday."""
    return d.weekday() < _SATURDAY and d not in _nz_holidays((d.year,))


def add_working_days(d: date, n: int) -> date:
    """The date `n` working days after `d` (`d` itself not counted); negative `n` counts back.

    `add_working_days(d, 0)` is `d`, whether or not `d` is a working day.
    """
    step = _ONE_DAY if n >= 0 else -_ONE_DAY
    remaining = abs(n)
    current = d
    while remaining:
        current += step
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(a: date, b: date) -> int:
    """Working days stepped on walking from `a` to `b` (`a` not counted, `b` counted).

    Negative when `b` is before `a`. It is the inverse of `add_working_days`:
    `working_days_between(d, add_working_days(d, n)) == n` for every `n`, positive or negative.
    """
    step = 1 if b >= a else -1
    stepped_on = (a + timedelta(days=offset) for offset in range(step, (b - a).days + step, step))
    return step * sum(1 for d in stepped_on if is_working_day(d))
