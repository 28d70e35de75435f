"""`{% child_age child %}`: te tamaiti's age today and the next birthday that changes the law for them.

The one include for every page that shows a tamaiti with an agreement (agreement page, lists, child page).
The age is `rules.age_on` (R-AGE-1) and the thresholds `rules.next_age_threshold` (R-140-2, R-140-4,
R-140-3, R-AGE-3): nothing is counted here.
"""

from __future__ import annotations

from typing import Any

from django import template

from agreements import rules
from careportal.lib.dates import nz_today

register = template.Library()


@register.inclusion_tag("agreements/_age.html")
def child_age(child: Any, compact: bool = False) -> dict[str, Any]:
    """`compact` for a table cell: the age and the next threshold's date, without the reason."""
    today = nz_today()
    born = getattr(child, "date_of_birth", None)
    if born is None or born > today:
        return {"age": None, "compact": compact}
    return {
        "age": rules.age_on(born, today),
        "threshold": rules.next_age_threshold(born, today),
        "adult_age": rules.ADULT_AGE,
        "compact": compact,
    }
