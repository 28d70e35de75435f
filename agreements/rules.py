"""Statutory calculations for care agreements (Oranga Tamariki Act 1989 ss 139-140, Legislation Act 2019).

Pure functions on dates and ages: no database, no models, no settings. Each cites the rule ids of the domain rules
(docs/rules.md) it enforces. Refusals raise `RuleViolation` with the rule id and the form field concerned;
programming errors (an unknown agreement type, a negative count) raise `ValueError`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from careportal.exceptions import ConditionUnmet, DomainError, RuleViolation
from careportal.lib.dates import format_nz_date

S139 = "s139"
S140 = "s140"
RETURN_HOME_PARAGRAPHS = frozenset({"a", "b", "c"})
INDEPENDENCE_PARAGRAPH = "d"
VERBAL = "verbal"
WRITTEN = "written"
STATUTORY = "statutory"  # R-TERM-1: the agreement does not say otherwise

S139_MAX_DAYS = 28  # R-139-1, and each R-139-2 extension
S139_MAX_EXTENSIONS = 1  # R-139-2
YOUNG_CHILD_AGE = 7  # R-140-2: under 7 on the start date
S140_MONTHS_UNDER_7 = 6  # R-140-2
S140_MONTHS = 12  # R-140-2 (7 or over) and R-140-3 (paragraph (d), and each extension of it)
PARAGRAPH_D_MIN_AGE = 15  # R-140-3
CONSENT_AGE = 12  # R-140-4 (decision: 12 or over)
YOUNG_PERSON_AGE = 14  # R-AGE-1
ADULT_AGE = 18  # R-AGE-3
S140_NOTICE_CLEAR_DAYS = 7  # R-140-6
SHORT_S140_TERM_DAYS = 28  # R-140-8

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class LegalLimit:
    """The latest last day the law allows, the rules that set it, and why, in plain words."""

    max_end_date: date
    rule_ids: tuple[str, ...]
    explanation: str

    @property
    def legal_basis(self) -> str:
        """One sentence a social worker can read, prefixed with the rule ids."""
        return f"{', '.join(self.rule_ids)}: {self.explanation}"


@dataclass(frozen=True)
class Warning:  # noqa: A001 - the name the agreements app uses; builtin Warning is not needed here
    """Something allowed but worth a second look; shown to the worker, never blocking."""

    code: str
    message: str


# --- Ages (R-AGE) -------------------------------------------------------------------------------


def age_on(date_of_birth: date, on: date) -> int:
    """Completed years on `on` (R-AGE-1).

    Someone born on 29 February turns a year older on 1 March in a common year (R-AGE-1 decision),
    which falls out of comparing (month, day): (2, 28) is before (2, 29), (3, 1) is after it.
    """
    if on < date_of_birth:
        raise ValueError(f"{on} is before the date of birth {date_of_birth}")
    not_yet = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - int(not_yet)


def birthday(date_of_birth: date, age: int) -> date:
    """The date a person reaches `age` (R-AGE-1: 29 February birthdays fall on 1 March in common years)."""
    year = date_of_birth.year + age
    if (date_of_birth.month, date_of_birth.day) == (2, 29) and not calendar.isleap(year):
        return date(year, 3, 1)
    return date_of_birth.replace(year=year)


def is_young_person(date_of_birth: date, on: date) -> bool:
    """R-AGE-1: a "young person" is 14 to 17 on `on`; younger is a "child" (18 or over is neither)."""
    return YOUNG_PERSON_AGE <= age_on(date_of_birth, on) < ADULT_AGE


@dataclass(frozen=True)
class AgeThreshold:
    """The next birthday on which the law applies differently to te tamaiti, and why (its rule id)."""

    age: int
    on: date
    rule: str
    meaning: str


# The ages at which the agreements law changes (R-AGE-1 counting). 14 ("young person", R-AGE-1) is a name,
# not a change in what an agreement may do, so it is not listed.
AGE_THRESHOLDS: tuple[tuple[int, str, str], ...] = (
    (YOUNG_CHILD_AGE, "R-140-2", "an extended care agreement starting from then may run 12 months, not 6"),
    (CONSENT_AGE, "R-140-4", "their own consent and signature are needed for extended care"),
    (PARAGRAPH_D_MIN_AGE, "R-140-3", "extended care towards independence (s140(1)(d)) becomes possible"),
    (ADULT_AGE, "R-AGE-3", "no care agreement may run on or past this day"),
)


def next_age_threshold(date_of_birth: date, on: date) -> AgeThreshold | None:
    """The first threshold in `AGE_THRESHOLDS` still ahead of te tamaiti on `on`; None from 18 (R-AGE-3)."""
    age = age_on(date_of_birth, on)
    for threshold, rule, meaning in AGE_THRESHOLDS:
        if age < threshold:
            return AgeThreshold(threshold, birthday(date_of_birth, threshold), rule, meaning)
    return None


# --- Counting periods (R-DATE) ------------------------------------------------------------------


def last_day_for_days(start: date, days: int) -> date:
    """Last day of a term "for `days` days" from `start`, counting `start` (R-DATE-2): start + days - 1."""
    if days < 1:
        raise ValueError("a term runs for at least one day")
    return start + timedelta(days=days - 1)


def last_day_for_months(start: date, months: int) -> date:
    """Last day of a term of `months` months starting on `start` (R-DATE-3, Legislation Act s56).

    The day before the same day-number `months` later; when that month has no such day (31 Oct + 6
    months), the term runs to the end of that month (30 Apr). Never builds an invalid date.
    """
    if months < 1:
        raise ValueError("a term runs for at least one month")
    year, month_index = divmod(start.month - 1 + months, 12)
    year += start.year
    month = month_index + 1
    days_in_month = calendar.monthrange(year, month)[1]
    if start.day > days_in_month:
        return date(year, month, days_in_month)
    return date(year, month, start.day) - _ONE_DAY


# --- Maximum terms and extensions (R-139, R-140, R-AGE-2, R-AGE-3) -----------------------------


def _last_day_before_18(date_of_birth: date, first_day: date, field: str | None) -> date:
    """R-AGE-3: the day before the 18th birthday; refuses a term that would start on or after it."""
    cap = birthday(date_of_birth, ADULT_AGE) - _ONE_DAY
    if first_day > cap:
        raise RuleViolation(
            f"Te tamaiti turns 18 on {format_nz_date(cap + _ONE_DAY)}: no care agreement may run "
            "on or past the 18th birthday.",
            rule="R-AGE-3",
            field=field,
        )
    return cap


def _limit(last_day: date, rule_ids: tuple[str, ...], reason: str, cap: date) -> LegalLimit:
    """Apply the R-AGE-3 cap to a statutory last day, naming the cap only when it bites."""
    if last_day <= cap:
        return LegalLimit(last_day, rule_ids, f"{reason} (last day {format_nz_date(last_day)}).")
    return LegalLimit(
        cap,
        (*rule_ids, "R-AGE-3"),
        f"{reason}, and no care agreement may run on or past the 18th birthday "
        f"(last day {format_nz_date(cap)}).",
    )


def _s140_paragraph(paragraph: str | None) -> str:
    """The s140(1) paragraph, refused when missing: the maximum depends on it (R-140-2, R-140-3)."""
    if paragraph in RETURN_HOME_PARAGRAPHS or paragraph == INDEPENDENCE_PARAGRAPH:
        return paragraph
    raise RuleViolation(
        "Choose the paragraph of section 140(1) the agreement is made under (a, b, c or d).",
        rule="R-140-2",
        field="s140_paragraph",
    )


def _check_type(agreement_type: str) -> None:
    if agreement_type not in (S139, S140):
        raise ValueError(f"unknown agreement type {agreement_type!r}")


def maximum_term(
    *, agreement_type: str, paragraph: str | None, start_date: date, date_of_birth: date
) -> LegalLimit:
    """The latest last day for a new agreement starting on `start_date`.

    s139: 28 days (R-139-1). s140(1)(a)-(c): 6 months when te tamaiti is under 7 on the start date,
    otherwise 12 months (R-140-2, judged on the start date: R-AGE-2). s140(1)(d): 12 months (R-140-3).
    Always capped at the day before the 18th birthday (R-AGE-3).
    """
    _check_type(agreement_type)
    cap = _last_day_before_18(date_of_birth, start_date, "start_date")
    if agreement_type == S139:
        reason = f"temporary care (s139) may last at most {S139_MAX_DAYS} days, counting the start date"
        return _limit(last_day_for_days(start_date, S139_MAX_DAYS), ("R-139-1",), reason, cap)
    if _s140_paragraph(paragraph) == INDEPENDENCE_PARAGRAPH:
        reason = (
            "an agreement supporting rangatahi towards independence (s140(1)(d)) may last "
            f"at most {S140_MONTHS} months"
        )
        return _limit(last_day_for_months(start_date, S140_MONTHS), ("R-140-3",), reason, cap)
    if age_on(date_of_birth, start_date) < YOUNG_CHILD_AGE:
        months, who = S140_MONTHS_UNDER_7, f"a child under {YOUNG_CHILD_AGE}"
    else:
        months, who = S140_MONTHS, f"a child aged {YOUNG_CHILD_AGE} or over"
    reason = f"{who} on the start date may be in extended care for at most {months} months"
    return _limit(last_day_for_months(start_date, months), ("R-140-2", "R-AGE-2"), reason, cap)


def _refuse_extension(agreement_type: str, paragraph: str | None, extensions_so_far: int) -> None:
    """R-139-2: one s139 extension only; R-140-3: s140(1)(a)-(c) agreements are never extended."""
    if agreement_type == S139 and extensions_so_far >= S139_MAX_EXTENSIONS:
        # An unmet condition of the transition (409), not bad input: no end date would make it lawful.
        raise ConditionUnmet(
            "Temporary care under s139 can be extended only once. If te tamaiti needs to stay in care "
            "longer, convene a family group conference to consider an extended care agreement under s140.",
            rule="R-139-2",
        )
    if agreement_type == S140 and _s140_paragraph(paragraph) in RETURN_HOME_PARAGRAPHS:
        raise RuleViolation(
            "An extended care agreement under s140(1)(a)-(c) cannot be extended. The family group "
            "conference reconvenes and may choose a new agreement, a longer period of care or a court order.",
            rule="R-140-3",
        )


def may_extend(*, agreement_type: str, paragraph: str | None, extensions_so_far: int) -> bool:
    """Whether the law allows another extension at all (R-139-2, R-140-3): the check `extension_limit`
    refuses with, asked without refusing (the portal offers "Propose an extension" by it)."""
    try:
        _refuse_extension(agreement_type, paragraph, extensions_so_far)
    except DomainError:
        return False
    return True


def _refuse_after_expiry(agreement_type: str, current_end_date: date, recorded_on: date) -> None:
    """R-139-2 / R-ALL-1: an extension is recorded while the agreement is still in force."""
    if recorded_on > current_end_date:
        raise RuleViolation(
            f"The agreement expired after {format_nz_date(current_end_date)} and can no longer be "
            "extended: there is no authority to keep te tamaiti in care. Make a new agreement instead.",
            rule="R-139-2" if agreement_type == S139 else "R-ALL-1",
        )


def extension_limit(
    *,
    agreement_type: str,
    paragraph: str | None,
    current_end_date: date,
    date_of_birth: date,
    extensions_so_far: int,
    recorded_on: date,
) -> LegalLimit:
    """The latest last day for an extension that starts the day after `current_end_date`.

    s139: one extension of at most 28 days (R-139-2). s140(1)(d): further periods of at most 12 months
    (R-140-3); (a)-(c) cannot be extended. Refused once the agreement has expired (R-139-2, R-ALL-1).
    The age band is judged on the extension's start (R-AGE-2); capped before the 18th birthday (R-AGE-3).
    """
    _check_type(agreement_type)
    if extensions_so_far < 0:
        raise ValueError("extensions_so_far cannot be negative")
    _refuse_extension(agreement_type, paragraph, extensions_so_far)
    _refuse_after_expiry(agreement_type, current_end_date, recorded_on)
    extension_start = current_end_date + _ONE_DAY
    cap = _last_day_before_18(date_of_birth, extension_start, None)
    if agreement_type == S139:
        reason = (
            f"temporary care (s139) may be extended once, by at most {S139_MAX_DAYS} days "
            "from the day after the current last day"
        )
        return _limit(last_day_for_days(extension_start, S139_MAX_DAYS), ("R-139-2",), reason, cap)
    reason = (
        f"an s140(1)(d) agreement may be extended by at most {S140_MONTHS} months at a time, each "
        "approved by a family group conference"
    )
    return _limit(last_day_for_months(extension_start, S140_MONTHS), ("R-140-3",), reason, cap)


# --- Validation of entered values ---------------------------------------------------------------


def validate_end_date(limit: LegalLimit, end_date: date, start_date: date) -> None:
    """Refuse an end date after the legal maximum (R-ALL-2) or before the start date (R-DATE-2).

    Any shorter term is allowed (R-ALL-2).
    """
    if end_date < start_date:
        raise RuleViolation(
            f"The end date cannot be before the start date ({format_nz_date(start_date)}).",
            rule="R-DATE-2",
            field="end_date",
        )
    if end_date > limit.max_end_date:
        rule_ids = ("R-ALL-2", *limit.rule_ids)
        raise RuleViolation(
            f"The end date can be no later than {format_nz_date(limit.max_end_date)}. "
            f"{', '.join(rule_ids)}: {limit.explanation}",
            rule="R-ALL-2",
            field="end_date",
        )


def validate_paragraph_d_age(date_of_birth: date, start_date: date) -> None:
    """R-140-3: s140(1)(d) is for rangatahi aged 15 or over on the start date."""
    if age_on(date_of_birth, start_date) < PARAGRAPH_D_MIN_AGE:
        raise RuleViolation(
            f"Paragraph (d) is for rangatahi aged {PARAGRAPH_D_MIN_AGE} or over on the start date "
            "who are being supported to transition towards independence.",
            rule="R-140-3",
            field="s140_paragraph",
        )


# --- Termination and consent (R-139-4, R-140-4, R-140-6) -------------------------------------


def notice_effective_on(
    *, agreement_type: str, form: str, given_on: date, notice: str = STATUTORY, notice_days: int | None = None
) -> date:
    """The first day on which the agreement no longer has effect after notice given on `given_on`.

    R-TERM-1: the agreement's stated choice decides. Verbal notice ends it the day it is given (any notice
    does); N days' written notice keeps it in force for N clear days, so it has ended from given_on + N + 1
    (R-DATE-4), and a verbal notice does not do. The statutory default: s139, the day the notice is given,
    verbal or written (R-139-4); s140, 7 days' written notice (R-140-6, R-DATE-4).
    """
    _check_type(agreement_type)
    if form not in (VERBAL, WRITTEN):
        raise ValueError(f"unknown notice form {form!r}")
    if notice == VERBAL:
        return given_on
    if notice == WRITTEN:
        if notice_days is None:
            raise ValueError("written notice needs its number of days")
        _written_only(form, f"This agreement is ended by {notice_days} days' written notice", "R-TERM-1")
        return given_on + timedelta(days=notice_days + 1)
    if agreement_type == S139:
        return given_on
    _written_only(
        form,
        f"An extended care agreement (s140) is ended by {S140_NOTICE_CLEAR_DAYS} days' written notice",
        "R-140-6",
    )
    return given_on + timedelta(days=S140_NOTICE_CLEAR_DAYS + 1)


def _written_only(form: str, what: str, rule: str) -> None:
    if form == VERBAL:
        raise RuleViolation(f"{what}: record the written notice.", rule=rule, field="form")


def child_must_consent(*, agreement_type: str, date_of_birth: date, on: date) -> bool:
    """R-140-4: for s140, te tamaiti consents, signs and gets a copy when 12 or over on that day."""
    _check_type(agreement_type)
    return agreement_type == S140 and age_on(date_of_birth, on) >= CONSENT_AGE


def term_warnings(*, agreement_type: str, start_date: date, end_date: date) -> list[Warning]:
    """Non-blocking warnings on a term: R-140-8, an s140 term of 28 days or less (counting the start)."""
    _check_type(agreement_type)
    warnings: list[Warning] = []
    term_days = (end_date - start_date).days + 1  # R-DATE-2: the start date counts
    if agreement_type == S140 and term_days <= SHORT_S140_TERM_DAYS:
        warnings.append(
            Warning(
                code="short_s140_term",
                message=(
                    f"This extended care term is {term_days} days. Extended care (s140) is for more than "
                    f"{SHORT_S140_TERM_DAYS} days; for a shorter stay consider temporary care under s139."
                ),
            )
        )
    return warnings
