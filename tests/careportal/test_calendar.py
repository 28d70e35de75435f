"""New Zealand working days (careportal.calendar): the R-396-4 submissions window and reminders."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from careportal.calendar import add_working_days, is_working_day, working_days_between

D = date


@pytest.mark.parametrize(
    "d",
    [
        pytest.param(D(2025, 6, 20), id="Matariki-2025"),
        pytest.param(D(2026, 7, 10), id="Matariki-2026"),
        pytest.param(D(2027, 6, 25), id="Matariki-2027"),
        pytest.param(D(2026, 2, 6), id="Waitangi-Day-on-a-Friday"),
        pytest.param(D(2027, 2, 8), id="Waitangi-Day-Saturday-Mondayised-to-8-Feb-2027"),
        pytest.param(D(2028, 2, 7), id="Waitangi-Day-Sunday-Mondayised-to-7-Feb-2028"),
        pytest.param(D(2026, 4, 27), id="Anzac-Day-Saturday-Mondayised"),
        pytest.param(D(2026, 4, 3), id="Good-Friday"),
        pytest.param(D(2026, 4, 6), id="Easter-Monday"),
        pytest.param(D(2026, 6, 1), id="Kings-Birthday"),
        pytest.param(D(2026, 10, 26), id="Labour-Day"),
        pytest.param(D(2027, 12, 27), id="Christmas-Saturday-Mondayised"),
        pytest.param(D(2027, 12, 28), id="Boxing-Day-Sunday-observed-Tuesday"),
        pytest.param(D(2028, 1, 3), id="New-Year-Saturday-Mondayised"),
        pytest.param(D(2028, 1, 4), id="Day-after-New-Year-observed-Tuesday"),
        pytest.param(D(2026, 3, 7), id="Saturday"),
        pytest.param(D(2026, 3, 8), id="Sunday"),
    ],
)
def test_not_a_working_day(d: date) -> None:
    assert not is_working_day(d)


@pytest.mark.parametrize(
    "d",
    [
        pytest.param(D(2026, 3, 9), id="ordinary-Monday"),
        pytest.param(D(2026, 2, 9), id="Monday-after-a-Friday-Waitangi-Day-is-not-Mondayised"),
        pytest.param(D(2027, 2, 5), id="Friday-before-a-Saturday-Waitangi-Day"),
        pytest.param(D(2025, 12, 29), id="between-Christmas-and-New-Year"),
    ],
)
def test_working_day(d: date) -> None:
    assert is_working_day(d)


@pytest.mark.parametrize(
    ("subdiv", "anniversary"),
    [("WGN", D(2026, 1, 19)), ("AUK", D(2026, 1, 26)), ("CAN", D(2026, 11, 13))],
)
def test_regional_anniversary_days_are_working_days_decision(subdiv: str, anniversary: date) -> None:
    # The day really is a regional holiday; the portal deliberately counts national holidays only.
    assert anniversary in holidays.country_holidays("NZ", subdiv=subdiv, years=anniversary.year)
    assert is_working_day(anniversary)


def test_20_working_days_across_christmas_and_new_year_R_396_4() -> None:
    # From Monday 15 Dec 2025: 16–19, 22–24, 29–31 Dec (10); 25, 26 Dec, 1, 2 Jan are holidays;
    # 5–9 Jan (15), 12–16 Jan (20).
    assert add_working_days(D(2025, 12, 15), 20) == D(2026, 1, 16)
    assert working_days_between(D(2025, 12, 15), D(2026, 1, 16)) == 20


def test_20_working_days_across_a_mondayised_christmas_and_new_year_R_396_4() -> None:
    # From Monday 20 Dec 2027: 21–24 (4), 27–28 observed, 29–31 (7), 3–4 Jan 2028 observed,
    # 5–7 (10), 10–14 (15), 17–21 (20).
    assert add_working_days(D(2027, 12, 20), 20) == D(2028, 1, 21)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(D(2026, 3, 6), 1, D(2026, 3, 9), id="Friday-plus-1-is-Monday"),
        pytest.param(D(2026, 3, 7), 1, D(2026, 3, 9), id="Saturday-plus-1-is-Monday"),
        pytest.param(D(2026, 3, 9), 5, D(2026, 3, 16), id="5-working-days-reminder"),
        pytest.param(D(2025, 12, 31), 1, D(2026, 1, 5), id="across-the-year-boundary"),
        pytest.param(D(2026, 7, 9), 1, D(2026, 7, 13), id="skips-Matariki-2026"),
        pytest.param(D(2026, 3, 7), 0, D(2026, 3, 7), id="zero-is-the-same-day"),
        pytest.param(D(2026, 3, 16), -5, D(2026, 3, 9), id="negative-counts-back"),
        pytest.param(D(2026, 1, 5), -1, D(2025, 12, 31), id="negative-across-the-year-boundary"),
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


@given(start=days, n=st.integers(0, 60))
def test_add_working_days_is_monotonic_and_never_faster_than_the_calendar(start: date, n: int) -> None:
    end = add_working_days(start, n)
    assert add_working_days(start, n + 1) > end
    assert (end - start).days >= n


@given(d=days)
def test_weekends_are_never_working_days(d: date) -> None:
    if d.weekday() >= 5:
        assert not is_working_day(d)


@given(a=days, span=st.integers(0, 120))
def test_working_days_between_never_exceeds_weekdays(a: date, span: int) -> None:
    b = a + timedelta(days=span)
    weekdays = sum(1 for i in range(1, span + 1) if (a + timedelta(days=i)).weekday() < 5)
    assert 0 <= working_days_between(a, b) <= weekdays
