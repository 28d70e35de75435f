"""New Zealand working days (R-DATE-6): the Legislation Act 2019 s13 definition, decision 0016.

Used for the R-396-4 submissions and notice windows, the provider's time to respond to a referral, the
follow-up tasks and the "N working days" reminders. A working day is any day but a Saturday, a Sunday,
Waitangi Day, Good Friday, Easter Monday, Anzac Day, the Sovereign's birthday, Matariki and Labour Day;
Waitangi Day and Anzac Day on a weekend make the following Monday a non-working day; no day from
25 December to 2 January counts; and 1 or 2 January on a weekend makes the following Monday (and Tuesday,
when both are on the weekend) non-working too. Regional anniversary days are not in the national
definition and count as working days, so every deadline is the same in every region.

Everything is computed here (Easter, the Mondays, the Matariki table), with no holiday library, so the
definition is the statute's and not a library's idea of the public holidays.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

_ONE_DAY = timedelta(days=1)
_MONDAY = 0
_SATURDAY = 5

# R-DATE-6: Matariki (Te Rā Aro ki a Matariki) as fixed by the schedule of the Te Kāhui o Matariki Public
# Holiday Act 2022, 2022–2052. Later dates are set by Order in Council: add them here when gazetted; until
# then a year outside the table has no Matariki day (decision 0016).
MATARIKI: dict[int, date] = {
    d.year: d
    for d in (
        date(2022, 6, 24), date(2023, 7, 14), date(2024, 6, 28), date(2025, 6, 20), date(2026, 7, 10),
        date(2027, 6, 25), date(2028, 7, 14), date(2029, 7, 6), date(2030, 6, 21), date(2031, 7, 11),
        date(2032, 7, 2), date(2033, 6, 24), date(2034, 7, 7), date(2035, 6, 29), date(2036, 7, 18),
        date(2037, 7, 10), date(2038, 6, 25), date(2039, 7, 15), date(2040, 7, 6), date(2041, 7, 19),
        date(2042, 7, 11), date(2043, 7, 3), date(2044, 6, 24), date(2045, 7, 7), date(2046, 6, 29),
        date(2047, 7, 19), date(2048, 7, 3), date(2049, 6, 25), date(2050, 7, 15), date(2051, 6, 30),
        date(2052, 6, 21),
    )
}  # fmt: skip


def easter_sunday(year: int) -> date:
    """Easter Sunday of `year` in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _nth_monday(year: int, month: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(_MONDAY - first.weekday()) % 7 + 7 * (n - 1))


def _following_monday(d: date) -> date:
    return d + timedelta(days=7 - d.weekday())


def _weekend_mondays(d: date) -> set[date]:
    """R-DATE-6: Waitangi Day and Anzac Day on a Saturday or Sunday make the following Monday non-working."""
    return {_following_monday(d)} if d.weekday() >= _SATURDAY else set()


def _new_year_days(year: int) -> set[date]:
    """R-DATE-6: 1 or 2 January on a weekend: the following Monday, and the Tuesday when both are."""
    on_weekend = [d for d in (date(year, 1, 1), date(year, 1, 2)) if d.weekday() >= _SATURDAY]
    if not on_weekend:
        return set()
    monday = _following_monday(on_weekend[-1])
    return {monday, monday + _ONE_DAY} if len(on_weekend) == 2 else {monday}


@lru_cache(maxsize=256)
def non_working_weekdays(year: int) -> frozenset[date]:
    """Every day of `year` that is not a working day (R-DATE-6) apart from the Saturdays and Sundays."""
    easter = easter_sunday(year)
    waitangi, anzac = date(year, 2, 6), date(year, 4, 25)
    days = {
        waitangi,
        easter - 2 * _ONE_DAY,  # Good Friday
        easter + _ONE_DAY,  # Easter Monday
        anzac,
        _nth_monday(year, 6, 1),  # the Sovereign's birthday
        _nth_monday(year, 10, 4),  # Labour Day
        *_weekend_mondays(waitangi),
        *_weekend_mondays(anzac),
        *_new_year_days(year),
        # 25 December to 2 January: the start of this year's period and the end of the last one's.
        *(date(year, 12, day) for day in range(25, 32)),
        date(year, 1, 1),
        date(year, 1, 2),
    }
    if year in MATARIKI:
        days.add(MATARIKI[year])
    return frozenset(d for d in days if d.weekday() < _SATURDAY)


def is_working_day(d: date) -> bool:
    """True when `d` is a working day as the Legislation Act 2019 s13 defines it (R-DATE-6)."""
    return d.weekday() < _SATURDAY and d not in non_working_weekdays(d.year)


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
