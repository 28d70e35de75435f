"""The Quality Assurance cycle's dates and decisions, as pure functions (no database access).

docs/rules.md "Quality assurance" gives the lifecycle but no numbered rules; where we had to choose, the
choice is a decision with an id below (QA-D…), cited in the services, the 409 bodies and the tests.

- QA-D1: a draft report can only be submitted once every active National Care Standards part has a
  finding (a part not looked at is rated "not assessed", so the report says so explicitly).
- QA-D2: a review is finalised after the partner has responded, or once the response window
  (`RESPONSE_WINDOW_WORKING_DAYS` from sending the draft) has passed without a response.
- QA-D3: a finding's narrative refers to tamariki by case reference only; text that carries a date of
  birth is refused (a cheap guard against obviously personal details; names cannot be detected).
- QA-D4: the first review is planned for the cycle's anniversary: `started_on` plus the cycle length in
  months, same day-number, clamped to the month's last day (31 Jan + 1 month → 28/29 Feb). It is a
  planning date, not the last day of a statutory term, so R-DATE-3 last-day counting does not apply.
- QA-D5: a review is not finalised before the first day of the period it reviews (its `period_start`, an
  NZ date): a report on a period that has not begun would be a report on nothing.
- QA-D6: a QA cycle is closed, for good, only once every review in it is final and every improvement
  action from them is verified and closed; a closed cycle takes no new reviews.
- R-396-5: Te Kāhui Kāhu reviews accreditation every 2 years; the watch warns 3 months and 1 month ahead.
"""

from __future__ import annotations

import re
from datetime import date

from careportal.calendar import add_working_days
from careportal.lib.dates import add_months

DRAFT_NEEDS_EVERY_STANDARD = "QA-D1"
FINALISE_NEEDS_RESPONSE = "QA-D2"
NARRATIVE_PRIVACY = "QA-D3"
FIRST_REVIEW_DATE = "QA-D4"
FINALISE_NOT_BEFORE_PERIOD = "QA-D5"
CLOSE_CYCLE_WHEN_DONE = "QA-D6"
ACCREDITATION_WATCH = "R-396-5"
JOINT_REVIEW = "R-396-6"

RESPONSE_WINDOW_WORKING_DAYS = 20
ACCREDITATION_WARNING_MONTHS = (3, 1)  # R-396-5

_DATE_OF_BIRTH = re.compile(r"\b(d\.?\s?o\.?\s?b\b|date of birth|born (on )?\d)", re.IGNORECASE)


def first_review_planned_for(started_on: date, cycle_months: int) -> date:
    """QA-D4: the cycle's anniversary, `cycle_months` months after `started_on` (month-end clamped)."""
    return add_months(started_on, cycle_months)


def response_due_on(sent_on: date) -> date:
    """QA-D2: the last day for the partner's response to a draft report sent on `sent_on`."""
    return add_working_days(sent_on, RESPONSE_WINDOW_WORKING_DAYS)


def period_has_started(period_start: date | None, today: date) -> bool:
    """QA-D5: the period reviewed has begun by `today` (a review without a period is not held back)."""
    return period_start is None or period_start <= today


def narrative_privacy_problem(text: str) -> str:
    """QA-D3: a message when `text` looks like it carries a child's personal details, else ''."""
    if _DATE_OF_BIRTH.search(text):
        return "Refer to tamariki by case reference only: remove the date of birth from the narrative."
    return ""


def accreditation_warning_from(today: date) -> date:
    """R-396-5: a review due on or before this date is within the 3-month warning window."""
    return add_months(today, ACCREDITATION_WARNING_MONTHS[0])


def accreditation_urgent_from(today: date) -> date:
    """R-396-5: a review due on or before this date is within the 1-month warning window."""
    return add_months(today, ACCREDITATION_WARNING_MONTHS[1])
