"""R-140-1: a term cannot start before the family group conference that approved it was held.

With R-DATE-5 (no start before today) and R-ALL-10 (an agreement still awaiting approval when its start date
passes has lapsed) an FGC date, never in the future, cannot fall after the start of a live agreement; the
guard below still holds the rule where the FGC date is checked, so a change to those rules cannot open it."""

from __future__ import annotations

from datetime import date

import pytest

from agreements.services.common import fgc_before_start
from careportal.exceptions import RuleViolation


@pytest.mark.parametrize(
    ("held_on", "start_date", "refused"),
    [
        (date(2027, 3, 1), date(2027, 3, 1), False),  # held the day the term starts
        (date(2027, 2, 28), date(2027, 3, 1), False),
        (date(2027, 3, 2), date(2027, 3, 1), True),  # the term would start before its FGC
        (date(2028, 2, 29), date(2028, 2, 28), True),
    ],
)
def test_r_140_1_the_fgc_is_held_on_or_before_the_start(held_on, start_date, refused):
    if not refused:
        fgc_before_start(held_on, start_date, field="held_on")
        return
    with pytest.raises(RuleViolation) as error:
        fgc_before_start(held_on, start_date, field="held_on")
    assert error.value.rule == "R-140-1" and error.value.field == "held_on"
    assert "cannot start before the FGC" in str(error.value.message)
