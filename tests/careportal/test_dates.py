"""The shared date toolkit (careportal.lib.dates): R-DATE-1 dates, month arithmetic, NZ-style text."""

from __future__ import annotations

import locale
from datetime import UTC, date, datetime

import pytest
import time_machine

from careportal.lib.dates import add_months, format_nz_date, nz_today


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2028, 2, 29), 24, date(2030, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 12, 4), 1, date(2027, 1, 4)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 12, 4), 0, date(2026, 12, 4)),
    ],
)
def test_add_months_keeps_the_day_number_or_clips_to_the_month_end(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "long", "short"),
    [
        (date(2026, 12, 4), "4 December 2026", "4 Dec 2026"),
        (date(2027, 4, 30), "30 April 2027", "30 Apr 2027"),
        (date(2028, 2, 29), "29 February 2028", "29 Feb 2028"),
    ],
)
def test_format_nz_date(day: date, long: str, short: str) -> None:
    assert format_nz_date(day) == long
    assert format_nz_date(day, short=True) == short


def test_format_nz_date_ignores_the_server_locale() -> None:
    previous = locale.setlocale(locale.LC_TIME)
    try:
        try:
            locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
        except locale.Error:
            pytest.skip("no German locale installed")
        assert format_nz_date(date(2026, 3, 4)) == "4 March 2026"
    finally:
        locale.setlocale(locale.LC_TIME, previous)


def test_a_timestamp_is_shown_as_its_new_zealand_date() -> None:
    # 11:30 UTC on 4 December is 00:30 on 5 December in Auckland (NZDT, UTC+13).
    assert format_nz_date(datetime(2026, 12, 4, 11, 30, tzinfo=UTC), short=True) == "5 Dec 2026"


def test_nz_today_is_the_auckland_date() -> None:
    with time_machine.travel(datetime(2026, 12, 4, 11, 30, tzinfo=UTC), tick=False):
        assert nz_today() == date(2026, 12, 5)


def test_no_date_is_an_empty_text() -> None:
    assert format_nz_date(None) == ""
