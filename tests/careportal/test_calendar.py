"""New Zealand working days (careportal.calendar): R-DATE-6, the Legislation Act 2019 s13 definition.

The expected dates below are worked out by hand from the definition (decision 0016), not by the code;
the `holidays` package is used only as an independent cross-check.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from dateutil.easter import easter
from hypothesis import given
from hypothesis import strategies as st

from careportal.calendar import (
    MATARIKI,
    add_working_days,
    easter_sunday,
    is_working_day,
    non_working_weekdays,
    working_days_between,
)

D = date

# R-DATE-6: every weekday that is not a working day, year by year, worked out by hand.
NON_WORKING_WEEKDAYS = {
    2025: [
        D(2025, 1, 1), D(2025, 1, 2),  # New Year, Wed/Thu
        D(2025, 2, 6),  # Waitangi Day, Thu
        D(2025, 4, 18), D(2025, 4, 21),  # Good Friday, Easter Monday (Easter 20 Apr)
        D(2025, 4, 25),  # Anzac Day, Fri
        D(2025, 6, 2),  # the Sovereign's birthday
        D(2025, 6, 20),  # Matariki
        D(2025, 10, 27),  # Labour Day
        D(2025, 12, 25), D(2025, 12, 26), D(2025, 12, 29), D(2025, 12, 30), D(2025, 12, 31),
    ],
    2026: [
        D(2026, 1, 1), D(2026, 1, 2),  # Thu/Fri
        D(2026, 2, 6),  # Fri
        D(2026, 4, 3), D(2026, 4, 6),  # Easter 5 Apr
        D(2026, 4, 27),  # Anzac Day on Saturday 25 Apr: the Monday
        D(2026, 6, 1),
        D(2026, 7, 10),
        D(2026, 10, 26),
        D(2026, 12, 25), D(2026, 12, 28), D(2026, 12, 29), D(2026, 12, 30), D(2026, 12, 31),
    ],
    2027: [
        D(2027, 1, 1),  # Fri
        D(2027, 1, 4),  # 2 Jan on a Saturday: the following Monday
        D(2027, 2, 8),  # Waitangi Day on Saturday 6 Feb: the Monday
        D(2027, 3, 26), D(2027, 3, 29),  # Easter 28 Mar
        D(2027, 4, 26),  # Anzac Day on Sunday 25 Apr: the Monday
        D(2027, 6, 7),
        D(2027, 6, 25),
        D(2027, 10, 25),
        D(2027, 12, 27), D(2027, 12, 28), D(2027, 12, 29), D(2027, 12, 30), D(2027, 12, 31),
    ],
    2028: [
        D(2028, 1, 3), D(2028, 1, 4),  # 1 and 2 Jan on Sat and Sun: the Monday and Tuesday
        D(2028, 2, 7),  # Waitangi Day on Sunday 6 Feb: the Monday
        D(2028, 4, 14), D(2028, 4, 17),  # Easter 16 Apr
        D(2028, 4, 25),  # Tue
        D(2028, 6, 5),
        D(2028, 7, 14),
        D(2028, 10, 23),
        D(2028, 12, 25), D(2028, 12, 26), D(2028, 12, 27), D(2028, 12, 28), D(2028, 12, 29),
    ],
    2029: [
        D(2029, 1, 1), D(2029, 1, 2),  # Mon/Tue
        D(2029, 2, 6),
        D(2029, 3, 30), D(2029, 4, 2),  # Easter 1 Apr
        D(2029, 4, 25),
        D(2029, 6, 4),
        D(2029, 7, 6),
        D(2029, 10, 22),
        D(2029, 12, 25), D(2029, 12, 26), D(2029, 12, 27), D(2029, 12, 28), D(2029, 12, 31),
    ],
    2030: [
        D(2030, 1, 1), D(2030, 1, 2),  # Tue/Wed
        D(2030, 2, 6),
        D(2030, 4, 19), D(2030, 4, 22),  # Easter 21 Apr
        D(2030, 4, 25),
        D(2030, 6, 3),
        D(2030, 6, 21),
        D(2030, 10, 28),
        D(2030, 12, 25), D(2030, 12, 26), D(2030, 12, 27), D(2030, 12, 30), D(2030, 12, 31),
    ],
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(NON_WORKING_WEEKDAYS))
def test_non_working_weekdays_of_each_year_exactly_r_date_6(year: int) -> None:
    assert sorted(non_working_weekdays(year)) == NON_WORKING_WEEKDAYS[year]


@pytest.mark.parametrize("year", sorted(NON_WORKING_WEEKDAYS))
def test_every_other_weekday_of_the_year_is_a_working_day_r_date_6(year: int) -> None:
    day, excluded = D(year, 1, 1), set(NON_WORKING_WEEKDAYS[year])
    while day.year == year:
        assert is_working_day(day) == (day.weekday() < 5 and day not in excluded), day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("year", "sunday"),
    [(2025, D(2025, 4, 20)), (2026, D(2026, 4, 5)), (2027, D(2027, 3, 28)), (2028, D(2028, 4, 16)),
     (2029, D(2029, 4, 1)), (2030, D(2030, 4, 21)), (2038, D(2038, 4, 25)), (2285, D(2285, 3, 22))],
)  # fmt: skip
def test_easter_sunday(year: int, sunday: date) -> None:
    assert easter_sunday(year) == sunday


def test_easter_agrees_with_dateutil_for_four_centuries() -> None:
    assert all(easter_sunday(y) == easter(y) for y in range(1900, 2300))


def test_matariki_table_is_the_2022_to_2052_schedule_all_fridays() -> None:
    assert sorted(MATARIKI) == list(range(2022, 2053))
    assert all(d.weekday() == 4 and d.month in (6, 7) for d in MATARIKI.values())
    listed = holidays.country_holidays("NZ", years=range(2022, 2053))
    assert {d for d, name in listed.items() if "Matariki" in name} == set(MATARIKI.values())


def test_no_matariki_before_the_act_or_past_the_schedule() -> None:
    assert is_working_day(D(2021, 6, 25))  # before the Act: an ordinary Friday
    assert all(d.month in (1, 2, 4, 6, 10, 12) for d in non_working_weekdays(2053))


def test_every_national_public_holiday_on_a_weekday_is_not_a_working_day() -> None:
    # An independent list of the national holidays (the Holidays Act, Mondayised). One holiday is a
    # working day in s13 terms: 2 January Mondayised to Tuesday when 1 January is a Sunday (decision 0016).
    # From 2023: the one-off Queen Elizabeth II Memorial Day (26 Sep 2022) is in the past.
    listed = holidays.country_holidays("NZ", years=range(2023, 2053))
    working = {d for d in listed if d.weekday() < 5 and is_working_day(d)}
    assert working == {D(2023, 1, 3), D(2034, 1, 3), D(2040, 1, 3), D(2045, 1, 3), D(2051, 1, 3)}
    assert all(d.weekday() == 6 for d in (D(y, 1, 1) for y in (2023, 2034, 2040, 2045, 2051)))


@pytest.mark.parametrize(
    "d",
    [
        pytest.param(D(2025, 12, 29), id="Monday-between-Christmas-and-New-Year"),
        pytest.param(D(2026, 12, 31), id="New-Years-Eve"),
        pytest.param(D(2027, 12, 27), id="Christmas-Saturday-the-Monday-is-in-the-period-anyway"),
        pytest.param(D(2028, 1, 4), id="Tuesday-after-a-weekend-1-and-2-January"),
        pytest.param(D(2027, 1, 4), id="Monday-after-2-January-on-a-Saturday"),
        pytest.param(D(2027, 2, 8), id="Waitangi-Day-Saturday-Mondayised"),
        pytest.param(D(2026, 4, 27), id="Anzac-Day-Saturday-Mondayised"),
    ],
)
def test_not_a_working_day_r_date_6(d: date) -> None:
    assert not is_working_day(d)


@pytest.mark.parametrize(
    "d",
    [
        pytest.param(D(2026, 2, 9), id="Monday-after-a-Friday-Waitangi-Day-is-not-Mondayised"),
        pytest.param(D(2027, 2, 5), id="Friday-before-a-Saturday-Waitangi-Day"),
        pytest.param(D(2027, 1, 5), id="Tuesday-after-only-2-January-on-the-weekend"),
        pytest.param(D(2029, 1, 3), id="3-January-after-weekday-New-Year"),
        pytest.param(D(2023, 1, 3), id="Tuesday-when-1-January-was-a-Sunday-decision-0016"),
        pytest.param(D(2026, 12, 24), id="Christmas-Eve"),
    ],
)
def test_working_day_r_date_6(d: date) -> None:
    assert is_working_day(d)


@pytest.mark.parametrize(
    ("subdiv", "anniversary"),
    [("WGN", D(2026, 1, 19)), ("AUK", D(2026, 1, 26)), ("CAN", D(2026, 11, 13))],
)
def test_regional_anniversary_days_are_working_days_r_date_6(subdiv: str, anniversary: date) -> None:
    # The day really is a regional holiday; s13's national definition does not include it.
    assert anniversary in holidays.country_holidays("NZ", subdiv=subdiv, years=anniversary.year)
    assert is_working_day(anniversary)


def test_20_working_days_across_christmas_and_new_year_R_396_4() -> None:
    # From Monday 15 Dec 2025: 16–19, 22–24 Dec (7); 25 Dec–2 Jan do not count;
    # 5–9 Jan (12), 12–16 Jan (17), 19–21 Jan (20).
    assert add_working_days(D(2025, 12, 15), 20) == D(2026, 1, 21)
    assert working_days_between(D(2025, 12, 15), D(2026, 1, 21)) == 20


def test_20_working_days_across_a_weekend_new_year_R_396_4() -> None:
    # From Monday 20 Dec 2027: 21–24 Dec (4); 25 Dec–2 Jan, and Mon 3 and Tue 4 Jan 2028 (1 and 2 Jan on
    # the weekend) do not count; 5–7 Jan (7), 10–14 (12), 17–21 (17), 24–26 (20).
    assert add_working_days(D(2027, 12, 20), 20) == D(2028, 1, 26)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(D(2026, 3, 6), 1, D(2026, 3, 9), id="Friday-plus-1-is-Monday"),
        pytest.param(D(2026, 3, 7), 1, D(2026, 3, 9), id="Saturday-plus-1-is-Monday"),
        pytest.param(D(2026, 3, 9), 5, D(2026, 3, 16), id="5-working-days-reminder"),
        pytest.param(D(2025, 12, 24), 1, D(2026, 1, 5), id="Christmas-Eve-plus-1"),
        pytest.param(D(2026, 12, 24), 1, D(2027, 1, 5), id="over-the-period-and-a-Mondayised-2-January"),
        pytest.param(D(2026, 7, 9), 1, D(2026, 7, 13), id="skips-Matariki-2026"),
        pytest.param(D(2029, 3, 29), 1, D(2029, 4, 3), id="skips-Good-Friday-and-Easter-Monday-2029"),
        pytest.param(D(2027, 4, 23), 1, D(2027, 4, 27), id="skips-Mondayised-Anzac-Day-2027"),
        pytest.param(D(2030, 10, 25), 1, D(2030, 10, 29), id="skips-Labour-Day-2030"),
        pytest.param(D(2026, 3, 7), 0, D(2026, 3, 7), id="zero-is-the-same-day"),
        pytest.param(D(2026, 3, 16), -5, D(2026, 3, 9), id="negative-counts-back"),
        pytest.param(D(2026, 1, 5), -1, D(2025, 12, 24), id="negative-back-over-the-period"),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected


def test_working_days_between_the_same_day_is_zero() -> None:
    assert working_days_between(D(2026, 3, 9), D(2026, 3, 9)) == 0


def test_working_days_between_counts_the_end_not_the_start() -> None:
    assert working_days_between(D(2026, 3, 9), D(2026, 3, 13)) == 4  # Tue–Fri
    assert working_days_between(D(2026, 3, 13), D(2026, 3, 9)) == -4  # Thu back to Mon


days = st.dates(min_value=D(2023, 1, 1), max_value=D(2045, 12, 31))


@given(start=days, n=st.integers(-60, 60))
def test_working_days_between_inverts_add_working_days(start: date, n: int) -> None:
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    if n:
        assert is_working_day(end)


@given(start=days, n=st.integers(1, 60))
def test_adding_then_counting_back_returns_to_a_working_start(start: date, n: int) -> None:
    # From a working day, N working days on and N back is the same day.
    if is_working_day(start):
        assert add_working_days(add_working_days(start, n), -n) == start


@given(start=days, n=st.integers(0, 60))
def test_add_working_days_is_monotonic_and_never_faster_than_the_calendar(start: date, n: int) -> None:
    end = add_working_days(start, n)
    assert add_working_days(start, n + 1) > end
    assert (end - start).days >= n


@given(d=days)
def test_weekends_and_the_christmas_period_are_never_working_days(d: date) -> None:
    if d.weekday() >= 5 or (d.month, d.day) >= (12, 25) or (d.month, d.day) <= (1, 2):
        assert not is_working_day(d)


@given(a=days, span=st.integers(0, 120))
def test_working_days_between_never_exceeds_weekdays(a: date, span: int) -> None:
    b = a + timedelta(days=span)
    weekdays = sum(1 for i in range(1, span + 1) if (a + timedelta(days=i)).weekday() < 5)
    assert 0 <= working_days_between(a, b) <= weekdays
