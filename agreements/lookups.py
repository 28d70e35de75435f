"""The look-ups this app offers (careportal.lookups): tamariki, for the agreement form's child picker."""

from __future__ import annotations

from agreements.models import Child
from agreements.permissions import scope_children
from careportal.lib.dates import format_nz_date
from careportal.lookups import Lookup, Option, best_matches


def _child(child: Child) -> Option:
    # The name only to users whose scope holds te tamaiti (R-PRIV-4: a partner only through its
    # agreements); the look-up's answer is never in a URL (R-PRIV-2) and is a view of each one (R-PRIV-3).
    return Option(
        str(child.pk), child.name, f"{child.case_reference} · born {format_nz_date(child.date_of_birth)}"
    )


CHILDREN = Lookup(
    noun="tamariki",
    choices=lambda user: scope_children(Child.objects.all(), user),
    match=lambda records, q, limit: best_matches(
        records, q, limit, names=("name",), references=("case_reference",)
    ),
    option=_child,
    columns=("name", "case_reference", "date_of_birth"),
    audited=True,
)
