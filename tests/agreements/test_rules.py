"""Statute rules for care agreements (agreements.rules): the worked examples of docs/rules.md, then properties."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agreements import rules
from agreements.rules import (
    LegalLimit,
    age_on,
    birthday,
    child_must_consent,
    extension_limit,
    format_nz_date,
    is_young_person,
    last_day_for_days,
    last_day_for_months,
    maximum_term,
    notice_effective_on,
    term_warnings,
    validate_end_date,
    validate_paragraph_d_age,
)
from careportal.exceptions import ConditionUnmet, RuleViolation

D = date
ONE_DAY = timedelta(days=1)


# --- R-DATE-2: "for N days" counts the start date ------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "last_day"),
    [
        pytest.param(D(2026, 3, 1), 28, D(2026, 3, 28), id="R-DATE-2-28-days-from-1-Mar"),
        pytest.param(D(2026, 3, 1), 1, D(2026, 3, 1), id="R-DATE-2-one-day-is-the-start-date"),
        pytest.param(D(2026, 12, 20), 28, D(2027, 1, 16), id="R-DATE-2-across-new-year"),
        pytest.param(D(2028, 2, 10), 28, D(2028, 3, 8), id="R-DATE-2-across-29-Feb"),
    ],
)
def test_last_day_for_days_includes_the_start_date(start: date, days: int, last_day: date) -> None:
    assert last_day_for_days(start, days) == last_day


def test_last_day_for_days_refuses_an_empty_term() -> None:
    with pytest.raises(ValueError):
        last_day_for_days(D(2026, 3, 1), 0)


# --- R-DATE-3: months end the day before the same day-number, or at the end of a short month ----


@pytest.mark.parametrize(
    ("start", "months", "last_day"),
    [
        pytest.param(D(2026, 2, 15), 1, D(2026, 3, 14), id="R-DATE-3-15-Feb-plus-1m-is-14-Mar"),
        pytest.param(D(2026, 10, 31), 6, D(2027, 4, 30), id="R-DATE-3-31-Oct-plus-6m-is-30-Apr"),
        pytest.param(D(2026, 10, 30), 6, D(2027, 4, 29), id="R-DATE-3-30-Oct-plus-6m-is-29-Apr"),
        pytest.param(D(2026, 8, 31), 6, D(2027, 2, 28), id="R-DATE-3-31-Aug-plus-6m-is-28-Feb"),
        pytest.param(D(2027, 8, 31), 6, D(2028, 2, 29), id="R-DATE-3-31-Aug-plus-6m-is-29-Feb-leap"),
        pytest.param(D(2027, 8, 29), 6, D(2028, 2, 28), id="R-DATE-3-29-Aug-plus-6m-leap-has-the-day"),
        pytest.param(D(2026, 8, 29), 6, D(2027, 2, 28), id="R-DATE-3-29-Aug-plus-6m-common-month-end"),
        pytest.param(D(2026, 1, 1), 12, D(2026, 12, 31), id="R-DATE-3-1-Jan-plus-12m"),
        pytest.param(D(2028, 2, 29), 12, D(2029, 2, 28), id="R-DATE-3-29-Feb-plus-12m-month-end"),
        pytest.param(D(2026, 3, 1), 12, D(2027, 2, 28), id="R-DATE-3-1-Mar-plus-12m"),
        pytest.param(D(2027, 3, 1), 12, D(2028, 2, 29), id="R-DATE-3-1-Mar-plus-12m-leap"),
        pytest.param(D(2026, 12, 31), 6, D(2027, 6, 30), id="R-DATE-3-31-Dec-plus-6m-crosses-year"),
        pytest.param(D(2026, 7, 15), 6, D(2027, 1, 14), id="R-DATE-3-month-arithmetic-wraps-year"),
    ],
)
def test_last_day_for_months(start: date, months: int, last_day: date) -> None:
    assert last_day_for_months(start, months) == last_day


def test_last_day_for_months_refuses_an_empty_term() -> None:
    with pytest.raises(ValueError):
        last_day_for_months(D(2026, 3, 1), 0)


# --- R-AGE-1: completed years; 29 February birthdays ----------------------------------------------


@pytest.mark.parametrize(
    ("date_of_birth", "on", "age"),
    [
        pytest.param(D(2019, 11, 1), D(2026, 10, 31), 6, id="R-AGE-1-day-before-birthday"),
        pytest.param(D(2019, 11, 1), D(2026, 11, 1), 7, id="R-AGE-1-on-birthday"),
        pytest.param(D(2019, 11, 1), D(2019, 11, 1), 0, id="R-AGE-1-day-of-birth"),
        pytest.param(D(2012, 2, 29), D(2025, 2, 28), 12, id="R-AGE-1-29-Feb-not-older-on-28-Feb"),
        pytest.param(D(2012, 2, 29), D(2025, 3, 1), 13, id="R-AGE-1-29-Feb-older-on-1-Mar-common-year"),
        pytest.param(D(2012, 2, 29), D(2024, 2, 28), 11, id="R-AGE-1-29-Feb-leap-year-not-yet"),
        pytest.param(D(2012, 2, 29), D(2024, 2, 29), 12, id="R-AGE-1-29-Feb-older-on-29-Feb-leap-year"),
    ],
)
def test_age_on(date_of_birth: date, on: date, age: int) -> None:
    assert age_on(date_of_birth, on) == age


def test_age_on_refuses_a_date_before_birth() -> None:
    with pytest.raises(ValueError):
        age_on(D(2020, 1, 2), D(2020, 1, 1))


@pytest.mark.parametrize(
    ("date_of_birth", "age", "expected"),
    [
        pytest.param(D(2012, 2, 29), 18, D(2030, 3, 1), id="R-AGE-1-29-Feb-18th-in-common-year-is-1-Mar"),
        pytest.param(D(2012, 2, 29), 4, D(2016, 2, 29), id="R-AGE-1-29-Feb-in-leap-year"),
        pytest.param(D(2009, 5, 10), 18, D(2027, 5, 10), id="R-AGE-1-ordinary"),
        pytest.param(D(2009, 5, 10), 0, D(2009, 5, 10), id="R-AGE-1-age-zero-is-birth"),
    ],
)
def test_birthday(date_of_birth: date, age: int, expected: date) -> None:
    assert birthday(date_of_birth, age) == expected


@pytest.mark.parametrize(
    ("age", "young_person"),
    [
        pytest.param(13, False, id="R-AGE-1-13-is-a-child"),
        pytest.param(14, True, id="R-AGE-1-14-is-a-young-person"),
        pytest.param(17, True, id="R-AGE-1-17-is-a-young-person"),
        pytest.param(18, False, id="R-AGE-1-18-is-neither"),
    ],
)
def test_child_and_young_person(age: int, young_person: bool) -> None:
    dob = D(2010, 6, 15)
    assert is_young_person(dob, birthday(dob, age)) is young_person


# --- Maximum terms: R-139-1, R-140-2, R-140-3, R-AGE-2, R-AGE-3 ---------------------------------


def _s140(paragraph: str, start: date, dob: date) -> LegalLimit:
    return maximum_term(agreement_type="s140", paragraph=paragraph, start_date=start, date_of_birth=dob)


def test_s139_maximum_is_28_days_counting_the_start_date_R_139_1() -> None:
    limit = maximum_term(
        agreement_type="s139", paragraph=None, start_date=D(2026, 3, 1), date_of_birth=D(2015, 6, 1)
    )
    assert limit.max_end_date == D(2026, 3, 28)
    assert limit.rule_ids == ("R-139-1",)
    assert "28 days" in limit.explanation


def test_s140_child_under_7_gets_6_months_R_140_2_R_AGE_2() -> None:
    limit = _s140("a", D(2026, 11, 1), D(2020, 1, 15))
    assert limit.max_end_date == D(2027, 4, 30)
    assert limit.rule_ids == ("R-140-2", "R-AGE-2")
    assert limit.legal_basis == (
        "R-140-2, R-AGE-2: a child under 7 on the start date may be in extended care for at most "
        "6 months (last day 30 April 2027)."
    )


def test_child_turning_7_during_the_agreement_keeps_the_6_month_maximum_R_AGE_2() -> None:
    dob = D(2020, 1, 15)  # turns 7 on 15 January 2027, inside the term
    limit = _s140("b", D(2026, 11, 1), dob)
    assert birthday(dob, 7) < limit.max_end_date
    assert limit.max_end_date == last_day_for_months(D(2026, 11, 1), 6)


def test_child_turning_7_on_the_start_date_gets_12_months_R_140_2_R_AGE_2() -> None:
    limit = _s140("c", D(2026, 11, 1), D(2019, 11, 1))
    assert limit.max_end_date == D(2027, 10, 31)
    assert "7 or over" in limit.explanation


@pytest.mark.parametrize("paragraph", ["a", "b", "c"])
def test_s140_child_7_or_over_gets_12_months_R_140_2(paragraph: str) -> None:
    assert _s140(paragraph, D(2026, 10, 31), D(2015, 6, 1)).max_end_date == D(2027, 10, 30)


def test_s140_paragraph_d_gets_12_months_R_140_3() -> None:
    limit = _s140("d", D(2026, 3, 1), D(2011, 1, 1))
    assert limit.max_end_date == D(2027, 2, 28)
    assert limit.rule_ids == ("R-140-3",)


def test_s140_without_a_paragraph_is_refused() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        maximum_term(
            agreement_type="s140", paragraph=None, start_date=D(2026, 3, 1), date_of_birth=D(2015, 1, 1)
        )
    assert excinfo.value.field == "s140_paragraph"


def test_unknown_agreement_type_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        maximum_term(
            agreement_type="s141", paragraph=None, start_date=D(2026, 3, 1), date_of_birth=D(2015, 1, 1)
        )


def test_paragraph_d_is_capped_at_the_day_before_the_18th_birthday_R_AGE_3() -> None:
    limit = _s140("d", D(2027, 1, 1), D(2009, 5, 10))
    assert limit.max_end_date == D(2027, 5, 9)
    assert limit.rule_ids == ("R-140-3", "R-AGE-3")
    assert "18th birthday" in limit.explanation
    assert "9 May 2027" in limit.legal_basis


def test_s139_is_capped_at_the_day_before_the_18th_birthday_R_AGE_3() -> None:
    limit = maximum_term(
        agreement_type="s139", paragraph=None, start_date=D(2027, 5, 1), date_of_birth=D(2009, 5, 10)
    )
    assert limit.max_end_date == D(2027, 5, 9)
    assert limit.rule_ids == ("R-139-1", "R-AGE-3")


def test_cap_is_not_named_when_it_does_not_bite_R_AGE_3() -> None:
    # The statutory last day is exactly the day before the 18th birthday: not shortened.
    limit = _s140("d", D(2026, 5, 10), D(2009, 5, 10))
    assert limit.max_end_date == D(2027, 5, 9)
    assert limit.rule_ids == ("R-140-3",)


def test_agreement_starting_the_day_before_the_18th_birthday_lasts_one_day_R_AGE_3() -> None:
    limit = _s140("d", D(2027, 5, 9), D(2009, 5, 10))
    assert limit.max_end_date == D(2027, 5, 9)


def test_agreement_starting_on_the_18th_birthday_is_refused_R_AGE_3() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        _s140("d", D(2027, 5, 10), D(2009, 5, 10))
    assert excinfo.value.rule == "R-AGE-3"
    assert "10 May 2027" in excinfo.value.message


def test_29_Feb_child_turns_18_on_1_Mar_in_a_common_year_R_AGE_1_R_AGE_3() -> None:
    limit = _s140("d", D(2029, 6, 1), D(2012, 2, 29))
    assert limit.max_end_date == D(2030, 2, 28)


# --- Extensions: R-139-2, R-140-3, R-ALL-1, R-AGE-2, R-AGE-3 ------------------------------------


def _extend(agreement_type: str, paragraph: str | None, **overrides: object) -> LegalLimit:
    arguments: dict[str, object] = {
        "current_end_date": D(2026, 3, 28),
        "date_of_birth": D(2015, 6, 1),
        "extensions_so_far": 0,
        "recorded_on": D(2026, 3, 20),
    }
    arguments.update(overrides)
    return extension_limit(agreement_type=agreement_type, paragraph=paragraph, **arguments)  # type: ignore[arg-type]


def test_s139_one_extension_of_28_days_from_the_day_after_the_last_day_R_139_2() -> None:
    limit = _extend("s139", None)
    assert limit.max_end_date == D(2026, 4, 25)  # 29 March + 27
    assert limit.rule_ids == ("R-139-2",)


def test_s139_extension_recorded_on_the_last_day_is_allowed_R_139_2() -> None:
    assert _extend("s139", None, recorded_on=D(2026, 3, 28)).max_end_date == D(2026, 4, 25)


def test_second_extension_is_refused_and_points_to_s140_and_an_fgc_R_139_2() -> None:
    with pytest.raises(ConditionUnmet) as excinfo:
        _extend("s139", None, extensions_so_far=1)
    assert excinfo.value.rule == "R-139-2"
    assert "s140" in excinfo.value.message
    assert "family group conference" in excinfo.value.message


def test_s139_extension_after_expiry_is_refused_R_139_2() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        _extend("s139", None, recorded_on=D(2026, 3, 29))
    assert excinfo.value.rule == "R-139-2"
    assert "28 March 2026" in excinfo.value.message


@pytest.mark.parametrize("paragraph", ["a", "b", "c"])
def test_s140_a_to_c_cannot_be_extended_R_140_3(paragraph: str) -> None:
    with pytest.raises(RuleViolation) as excinfo:
        _extend("s140", paragraph)
    assert excinfo.value.rule == "R-140-3"
    message = excinfo.value.message
    assert "family group conference reconvenes" in message
    for option in ("new agreement", "longer period of care", "court order"):
        assert option in message


@pytest.mark.parametrize("extensions_so_far", [0, 1, 5])
def test_s140_d_is_extended_by_at_most_12_months_each_time_R_140_3(extensions_so_far: int) -> None:
    limit = _extend("s140", "d", date_of_birth=D(2010, 6, 1), extensions_so_far=extensions_so_far)
    assert limit.max_end_date == D(2027, 3, 28)  # 12 months from 29 March 2026
    assert limit.rule_ids == ("R-140-3",)


def test_s140_d_extension_after_expiry_is_refused_R_ALL_1() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        _extend("s140", "d", date_of_birth=D(2010, 6, 1), recorded_on=D(2026, 4, 1))
    assert excinfo.value.rule == "R-ALL-1"


def test_s140_d_extension_is_capped_before_the_18th_birthday_R_AGE_3() -> None:
    limit = _extend("s140", "d", date_of_birth=D(2008, 9, 1))
    assert limit.max_end_date == D(2026, 8, 31)
    assert limit.rule_ids == ("R-140-3", "R-AGE-3")


def test_extension_starting_on_the_18th_birthday_is_refused_R_AGE_3() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        _extend("s139", None, date_of_birth=D(2008, 3, 29))
    assert excinfo.value.rule == "R-AGE-3"


# --- R-ALL-2: validate_end_date -----------------------------------------------------------------


def test_shorter_term_is_allowed_and_the_maximum_itself_is_allowed_R_ALL_2() -> None:
    limit = _s140("a", D(2026, 11, 1), D(2020, 1, 15))
    validate_end_date(limit, D(2027, 4, 30), D(2026, 11, 1))
    validate_end_date(limit, D(2026, 12, 1), D(2026, 11, 1))
    validate_end_date(limit, D(2026, 11, 1), D(2026, 11, 1))


def test_end_date_past_the_maximum_is_refused_with_the_date_and_rule_ids_R_ALL_2() -> None:
    limit = _s140("a", D(2026, 11, 1), D(2020, 1, 15))
    with pytest.raises(RuleViolation) as excinfo:
        validate_end_date(limit, D(2027, 5, 1), D(2026, 11, 1))
    error = excinfo.value
    assert error.field == "end_date"
    assert error.rule == "R-ALL-2"
    assert "30 April 2027" in error.message
    for rule_id in ("R-ALL-2", "R-140-2", "R-AGE-2"):
        assert rule_id in error.message


def test_end_date_before_the_start_date_is_refused() -> None:
    limit = _s140("a", D(2026, 11, 1), D(2020, 1, 15))
    with pytest.raises(RuleViolation) as excinfo:
        validate_end_date(limit, D(2026, 10, 31), D(2026, 11, 1))
    assert excinfo.value.field == "end_date"


def test_s139_end_date_29_days_after_start_is_refused_R_139_1() -> None:
    limit = maximum_term(
        agreement_type="s139", paragraph=None, start_date=D(2026, 3, 1), date_of_birth=D(2015, 6, 1)
    )
    validate_end_date(limit, D(2026, 3, 28), D(2026, 3, 1))
    with pytest.raises(RuleViolation):
        validate_end_date(limit, D(2026, 3, 29), D(2026, 3, 1))


# --- R-140-3: paragraph (d) is for rangatahi aged 15 or over -------------------------------------


def test_paragraph_d_accepts_rangatahi_turning_15_on_the_start_date_R_140_3() -> None:
    validate_paragraph_d_age(D(2011, 3, 1), D(2026, 3, 1))


def test_paragraph_d_refuses_rangatahi_under_15_R_140_3() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        validate_paragraph_d_age(D(2011, 3, 2), D(2026, 3, 1))
    assert excinfo.value.field == "s140_paragraph"
    assert excinfo.value.rule == "R-140-3"


# --- Notice: R-139-4, R-140-6, R-DATE-4 ---------------------------------------------------------


@pytest.mark.parametrize("form", ["verbal", "written"])
def test_s139_notice_ends_the_agreement_the_day_it_is_given_R_139_4(form: str) -> None:
    assert notice_effective_on(agreement_type="s139", form=form, given_on=D(2026, 3, 10)) == D(2026, 3, 10)


def test_s140_seven_days_written_notice_ends_it_from_G_plus_8_R_140_6_R_DATE_4() -> None:
    # Given on 1 March: last day in force 8 March (7 clear days, 2–8 March), ended from 9 March.
    assert notice_effective_on(agreement_type="s140", form="written", given_on=D(2026, 3, 1)) == D(2026, 3, 9)


def test_s140_verbal_notice_is_refused_R_140_6() -> None:
    with pytest.raises(RuleViolation) as excinfo:
        notice_effective_on(agreement_type="s140", form="verbal", given_on=D(2026, 3, 1))
    assert excinfo.value.field == "form"
    assert excinfo.value.rule == "R-140-6"
    assert "written" in excinfo.value.message


def test_unknown_notice_form_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        notice_effective_on(agreement_type="s139", form="email", given_on=D(2026, 3, 1))


# --- R-140-4: the child's own consent -----------------------------------------------------------


@pytest.mark.parametrize(
    ("agreement_type", "on", "must_consent"),
    [
        pytest.param("s140", D(2026, 6, 15), True, id="R-140-4-s140-turns-12-that-day"),
        pytest.param("s140", D(2026, 6, 14), False, id="R-140-4-s140-still-11"),
        pytest.param("s140", D(2030, 1, 1), True, id="R-140-4-s140-15"),
        pytest.param("s139", D(2030, 1, 1), False, id="R-140-4-s139-never"),
    ],
)
def test_child_must_consent(agreement_type: str, on: date, must_consent: bool) -> None:
    dob = D(2014, 6, 15)
    assert child_must_consent(agreement_type=agreement_type, date_of_birth=dob, on=on) is must_consent


# --- R-140-8: short s140 terms warn --------------------------------------------------------------


@pytest.mark.parametrize(
    ("agreement_type", "end", "codes"),
    [
        pytest.param("s140", D(2026, 3, 28), ["short_s140_term"], id="R-140-8-s140-28-days-warns"),
        pytest.param("s140", D(2026, 3, 1), ["short_s140_term"], id="R-140-8-s140-1-day-warns"),
        pytest.param("s140", D(2026, 3, 29), [], id="R-140-8-s140-29-days-no-warning"),
        pytest.param("s139", D(2026, 3, 28), [], id="R-140-8-s139-never-warns"),
    ],
)
def test_term_warnings(agreement_type: str, end: date, codes: list[str]) -> None:
    warnings = term_warnings(agreement_type=agreement_type, start_date=D(2026, 3, 1), end_date=end)
    assert [w.code for w in warnings] == codes
    assert all(isinstance(w, rules.Warning) and w.message for w in warnings)


# --- Formatting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (D(2027, 4, 30), "30 April 2027"),
        (D(2026, 1, 1), "1 January 2026"),
        (D(2028, 2, 29), "29 February 2028"),
    ],
)
def test_format_nz_date(d: date, text: str) -> None:
    assert format_nz_date(d) == text


def test_legal_limit_is_frozen() -> None:
    limit = LegalLimit(D(2027, 4, 30), ("R-139-1",), "x")
    with pytest.raises(AttributeError):
        limit.max_end_date = D(2027, 5, 1)  # type: ignore[misc]


# --- Properties (hypothesis) ---------------------------------------------------------------------

dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31))
kinds = st.sampled_from([("s139", None), ("s140", "a"), ("s140", "b"), ("s140", "c"), ("s140", "d")])


@st.composite
def child_and_start(draw: st.DrawFn) -> tuple[date, date]:
    """A date of birth and a start date on which that person is under 18."""
    dob = draw(st.dates(min_value=D(1990, 1, 1), max_value=D(2040, 12, 31)))
    days_under_18 = (birthday(dob, 18) - dob).days
    return dob, dob + timedelta(days=draw(st.integers(0, days_under_18 - 1)))


def _statutory_last_day(agreement_type: str, paragraph: str | None, start: date, dob: date) -> date:
    if agreement_type == "s139":
        return start + timedelta(days=27)
    if paragraph in ("a", "b", "c") and age_on(dob, start) < 7:
        return last_day_for_months(start, 6)
    return last_day_for_months(start, 12)


@given(start=dates, months=st.integers(1, 36))
def test_month_arithmetic_never_lands_on_a_missing_day_R_DATE_3(start: date, months: int) -> None:
    last = last_day_for_months(start, months)
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    days_in_month = calendar.monthrange(year, month)[1]
    if start.day <= days_in_month:
        assert last + ONE_DAY == D(year, month, start.day)
    else:
        assert last == D(year, month, days_in_month)
    assert last > start


@given(a=dates, b=dates, months=st.integers(1, 36))
def test_month_arithmetic_is_monotonic_R_DATE_3(a: date, b: date, months: int) -> None:
    a, b = sorted((a, b))
    assert last_day_for_months(a, months) <= last_day_for_months(b, months)
    assert last_day_for_months(a, months) < last_day_for_months(a, months + 1)


@given(start=dates, days=st.integers(1, 400))
def test_term_of_n_days_covers_exactly_n_dates_R_DATE_2(start: date, days: int) -> None:
    assert (last_day_for_days(start, days) - start).days + 1 == days


@given(kind=kinds, child=child_and_start())
def test_maximum_term_never_exceeds_the_statute_or_reaches_18_R_139_1_R_140_2_R_140_3_R_AGE_3(
    kind: tuple[str, str | None], child: tuple[date, date]
) -> None:
    (agreement_type, paragraph), (dob, start) = kind, child
    limit = maximum_term(
        agreement_type=agreement_type, paragraph=paragraph, start_date=start, date_of_birth=dob
    )
    statutory = _statutory_last_day(agreement_type, paragraph, start, dob)
    assert start <= limit.max_end_date <= statutory
    assert limit.max_end_date < birthday(dob, 18)
    # The 18th-birthday cap is named exactly when it shortens the term.
    assert ("R-AGE-3" in limit.rule_ids) == (limit.max_end_date < statutory)
    assert limit.legal_basis.startswith(limit.rule_ids[0])
    assert format_nz_date(limit.max_end_date) in limit.explanation


@given(kind=kinds, child=child_and_start(), offset=st.integers(-5, 800))
def test_validate_end_date_accepts_up_to_the_maximum_and_refuses_after_R_ALL_2(
    kind: tuple[str, str | None], child: tuple[date, date], offset: int
) -> None:
    (agreement_type, paragraph), (dob, start) = kind, child
    limit = maximum_term(
        agreement_type=agreement_type, paragraph=paragraph, start_date=start, date_of_birth=dob
    )
    end = start + timedelta(days=offset)
    if start <= end <= limit.max_end_date:
        validate_end_date(limit, end, start)
    else:
        with pytest.raises(RuleViolation) as excinfo:
            validate_end_date(limit, end, start)
        assert excinfo.value.field == "end_date"


@given(
    kind=kinds, child=child_and_start(), extensions=st.integers(0, 1), recorded_days_before=st.integers(0, 60)
)
def test_extension_never_exceeds_its_statutory_period_or_reaches_18_R_139_2_R_140_3_R_AGE_3(
    kind: tuple[str, str | None], child: tuple[date, date], extensions: int, recorded_days_before: int
) -> None:
    (agreement_type, paragraph), (dob, current_end) = kind, child
    recorded_on = current_end - timedelta(days=recorded_days_before)
    arguments = {"current_end_date": current_end, "date_of_birth": dob, "recorded_on": recorded_on}
    refused = paragraph in ("a", "b", "c") or (agreement_type == "s139" and extensions == 1)
    refused = refused or current_end + ONE_DAY >= birthday(dob, 18)
    if refused:
        with pytest.raises((RuleViolation, ConditionUnmet)):  # R-139-2: a second s139 extension is a 409
            extension_limit(
                agreement_type=agreement_type, paragraph=paragraph, extensions_so_far=extensions, **arguments
            )
        return
    limit = extension_limit(
        agreement_type=agreement_type, paragraph=paragraph, extensions_so_far=extensions, **arguments
    )
    extension_start = current_end + ONE_DAY
    statutory = (
        extension_start + timedelta(days=27)
        if agreement_type == "s139"
        else last_day_for_months(extension_start, 12)
    )
    assert extension_start <= limit.max_end_date <= statutory
    assert limit.max_end_date < birthday(dob, 18)


@given(kind=kinds, current_end=dates, late_by=st.integers(1, 400))
def test_no_extension_once_the_agreement_has_expired_R_ALL_1(
    kind: tuple[str, str | None], current_end: date, late_by: int
) -> None:
    agreement_type, paragraph = kind
    with pytest.raises(RuleViolation):
        extension_limit(
            agreement_type=agreement_type,
            paragraph=paragraph,
            current_end_date=current_end,
            date_of_birth=current_end - timedelta(days=365 * 16),
            extensions_so_far=0,
            recorded_on=current_end + timedelta(days=late_by),
        )


@given(given_on=dates, form=st.sampled_from(["verbal", "written"]))
def test_notice_effective_dates_R_139_4_R_140_6_R_DATE_4(given_on: date, form: str) -> None:
    assert notice_effective_on(agreement_type="s139", form=form, given_on=given_on) == given_on
    if form == "verbal":
        with pytest.raises(RuleViolation):
            notice_effective_on(agreement_type="s140", form=form, given_on=given_on)
        return
    ended_from = notice_effective_on(agreement_type="s140", form=form, given_on=given_on)
    last_day_in_force = ended_from - ONE_DAY
    clear_days = (last_day_in_force - given_on).days  # dates strictly after G, up to the last day
    assert clear_days == 7


@given(dob=dates, a=dates, b=dates)
def test_age_on_is_monotone_R_AGE_1(dob: date, a: date, b: date) -> None:
    a, b = sorted((a, b))
    if a < dob:
        return
    assert 0 <= age_on(dob, a) <= age_on(dob, b)


@given(dob=dates, age=st.integers(1, 30))
def test_age_changes_exactly_on_the_birthday_R_AGE_1(dob: date, age: int) -> None:
    day = birthday(dob, age)
    assert age_on(dob, day) == age
    assert age_on(dob, day - ONE_DAY) == age - 1


@given(year=st.integers(1992, 2060).filter(calendar.isleap), age=st.integers(1, 30))
def test_29_Feb_birthdays_fall_on_1_Mar_in_common_years_R_AGE_1(year: int, age: int) -> None:
    dob = D(year, 2, 29)
    expected = D(year + age, 2, 29) if calendar.isleap(year + age) else D(year + age, 3, 1)
    assert birthday(dob, age) == expected


@given(child=child_and_start(), agreement_type=st.sampled_from(["s139", "s140"]))
def test_child_must_consent_is_s140_and_12_or_over_R_140_4(
    child: tuple[date, date], agreement_type: str
) -> None:
    dob, on = child
    expected = agreement_type == "s140" and age_on(dob, on) >= 12
    assert child_must_consent(agreement_type=agreement_type, date_of_birth=dob, on=on) is expected


@given(start=dates, length=st.integers(1, 400), agreement_type=st.sampled_from(["s139", "s140"]))
def test_short_s140_terms_warn_R_140_8(start: date, length: int, agreement_type: str) -> None:
    end = last_day_for_days(start, length)
    codes = [w.code for w in term_warnings(agreement_type=agreement_type, start_date=start, end_date=end)]
    assert codes == (["short_s140_term"] if agreement_type == "s140" and length <= 28 else [])


def test_constants_match_domain_md() -> None:
    # A guard against a casual edit to a statutory number.
    assert (rules.S139_MAX_DAYS, rules.S140_MONTHS_UNDER_7, rules.S140_MONTHS) == (28, 6, 12)
    assert (rules.YOUNG_CHILD_AGE, rules.PARAGRAPH_D_MIN_AGE, rules.CONSENT_AGE, rules.ADULT_AGE) == (
        7,
        15,
        12,
        18,
    )
