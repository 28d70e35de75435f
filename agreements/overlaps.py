"""R-ALL-9: one care agreement at a time for a tamaiti, and no s139 worked around its extension limit.

`overlap_violation` finds another agreement of the same tamaiti whose term shares a day with this one;
`recent_s139` finds an earlier s139 agreement that ended within 28 days before a new s139 starts (a warning
the supervisor acknowledges when approving). `dated_violations` is what drafting checks against today and
the other agreements (R-DATE-5, R-ALL-9), for the service, the API and the portal alike. One query each.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from agreements.choices import OCCUPYING_STATUSES, AgreementStatus, AgreementType
from agreements.models import Agreement
from agreements.validation import start_violation
from careportal.exceptions import RuleViolation
from careportal.lib.dates import format_nz_date

S = AgreementStatus
# R-ALL-9: an earlier s139 that ended this many days or fewer before a new s139 starts draws the warning.
REPEAT_S139_DAYS = 28
# Approval is what claims the days: at approve, only agreements already approved stand in the way (two
# submitted drafts that overlap are refused at create and update, so this is the one that got there first).
APPROVED_OCCUPYING = (S.AWAITING_SIGNATURES, S.AWAITING_START, S.ACTIVE, S.NOTICE_GIVEN)
_ENDED_OR_ENDING = (S.ACTIVE, S.NOTICE_GIVEN, S.EXPIRED, S.TERMINATED)


def overlap_violation(
    *,
    child: Any,
    start_date: date,
    end_date: date,
    exclude: Any = None,
    statuses: Iterable[str] = OCCUPYING_STATUSES,
) -> RuleViolation | None:
    """R-ALL-9: another agreement of `child` (not `exclude`) in `statuses` whose term overlaps, or None.

    An agreement under notice holds its days only until the notice takes effect."""
    others = (
        Agreement.objects.filter(
            child=child, status__in=list(statuses), start_date__lte=end_date, end_date__gte=start_date
        )
        .exclude(Q(status=S.NOTICE_GIVEN) & Q(termination__effective_on__lte=start_date))
        .order_by("start_date")
    )
    if exclude is not None:
        others = others.exclude(pk=getattr(exclude, "pk", exclude))
    other = others.values("reference", "start_date", "end_date", "status").first()
    if other is None:
        return None
    return RuleViolation(
        f"This term overlaps care agreement {other['reference']} for the same tamaiti "
        f"({format_nz_date(other['start_date'])} to {format_nz_date(other['end_date'])}, "
        f"{S(other['status']).label.lower()}): a tamaiti has one care agreement at a time.",
        rule="R-ALL-9",
        field="start_date",
    )


def agreement_overlap(
    agreement: Agreement, *, statuses: Iterable[str] = OCCUPYING_STATUSES
) -> RuleViolation | None:
    """`overlap_violation` for a saved agreement's own term."""
    return overlap_violation(
        child=agreement.child_id,
        start_date=agreement.start_date,
        end_date=agreement.end_date,
        exclude=agreement.pk,
        statuses=statuses,
    )


def _last_day_in_force(row: dict[str, Any]) -> date:
    effective = row["termination__effective_on"]
    if effective is not None and effective <= row["end_date"]:
        return effective - timedelta(days=1)
    return row["end_date"]


def recent_s139(agreement: Agreement) -> str | None:
    """R-ALL-9 / R-139-2: the warning for an s139 starting within 28 days after an earlier s139 ended."""
    if agreement.agreement_type != AgreementType.S139:
        return None
    rows = (
        Agreement.objects.filter(
            child=agreement.child_id,
            agreement_type=AgreementType.S139,
            status__in=_ENDED_OR_ENDING,
            start_date__lt=agreement.start_date,
        )
        .exclude(pk=agreement.pk)
        .values("reference", "end_date", "termination__effective_on")
    )
    for row in rows:
        last_day = _last_day_in_force(row)
        if last_day < agreement.start_date <= last_day + timedelta(days=REPEAT_S139_DAYS):
            return (
                f"Care agreement {row['reference']} (s139) for the same tamaiti ended on "
                f"{format_nz_date(last_day)}, {(agreement.start_date - last_day).days} days before this "
                "one starts. Temporary care may be extended once only (R-139-2): confirm this new s139 "
                "agreement is not a way around that limit, or consider s140 and a family group conference."
            )
    return None


def dated_violations(
    values: dict[str, Any], *, child: Any, exclude: Any = None, today: date
) -> list[RuleViolation]:
    """R-DATE-5 a start before today; R-ALL-9 an overlap with another agreement of the same tamaiti."""
    found = [v for v in (start_violation(values["start_date"], today),) if v is not None]
    if values["end_date"] >= values["start_date"]:
        overlap = overlap_violation(
            child=child, start_date=values["start_date"], end_date=values["end_date"], exclude=exclude
        )
        if overlap is not None:
            found.append(overlap)
    return found
