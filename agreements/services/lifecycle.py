"""From draft to active: submit, FGC approval, supervisor approval or return, signatures, activation, cancel."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from agreements import versions
from agreements.choices import FgcPurpose
from agreements.followups import agreement_link
from agreements.models import Agreement
from agreements.overlaps import APPROVED_OCCUPYING, agreement_overlap, recent_s139
from agreements.validation import TERM_FIELDS, start_violation, term_violations
from careportal.exceptions import RuleViolation
from careportal.lib.actor import Actor
from careportal.notifications.kinds import NotificationKind
from careportal.notifications.services import notify_on_commit
from careportal.workflow import apply_transition, begin_transition

from .common import (
    begin_step,
    begin_term_step,
    describe_party,
    fgc_before_start,
    not_in_future,
    record_fgc_approval,
    refuse,
    require_approved_caregiver,
    required_reason,
    today_or,
)
from .drafting import _current_parties
from .signing import still_to_sign


def _notify_supervisor(agreement: Agreement, message: str) -> None:
    supervisor = agreement.drafted_by.supervisor
    if supervisor is not None:
        notify_on_commit(
            recipient=supervisor,
            kind=NotificationKind.AGREEMENT_AWAITING_APPROVAL,
            message=message,
            link=agreement_link(agreement.pk),
        )


@transaction.atomic
def agreement_submit(*, agreement: Agreement, by: Actor, today: date | None = None) -> Agreement:
    """Send a complete draft on: to the FGC for s140 (R-140-1), to the supervisor for s139 (R-139-3)."""
    agreement = begin_term_step(agreement, "submit", by, today)
    values = {f: getattr(agreement, f) for f in TERM_FIELDS}
    violations = term_violations(
        values, date_of_birth=agreement.child.date_of_birth, parties=_current_parties(agreement)
    )
    late = start_violation(agreement.start_date, today_or(today))  # R-DATE-5: change the dates first
    if late is not None:
        violations.insert(0, late)
    if violations:
        raise refuse(agreement, violations[0].message, rule=violations[0].rule)
    apply_transition(agreement, "submit", by=by)
    if not agreement.is_s140:
        _notify_supervisor(agreement, f"Care agreement {agreement.reference} is waiting for your approval.")
    return agreement


@transaction.atomic
def agreement_record_fgc_approval(
    *, agreement: Agreement, by: Actor, held_on: date, coordinator_certified: bool, today: date | None = None
) -> Agreement:
    """R-140-1: the family group conference approved the agreement, certified by the coordinator."""
    agreement = begin_term_step(agreement, "record_fgc_approval", by, today)
    not_in_future(held_on, today=today_or(today), field="held_on", what="FGC date")
    fgc_before_start(held_on, agreement.start_date, field="held_on")
    if not coordinator_certified:
        raise RuleViolation(
            "A care and protection coordinator must certify the family group conference's approval.",
            rule="R-140-1",
            field="coordinator_certified",
        )
    record_fgc_approval(agreement, purpose=FgcPurpose.MAKE, held_on=held_on, by=by)
    apply_transition(agreement, "record_fgc_approval", by=by, data={"held_on": held_on.isoformat()})
    _notify_supervisor(
        agreement, f"Care agreement {agreement.reference} has FGC approval and waits for yours."
    )
    return agreement


@transaction.atomic
def agreement_approve(
    *, agreement: Agreement, by: Actor, acknowledged_warnings: bool = False, today: date | None = None
) -> Agreement:
    """A supervisor (never the drafter) approves; the caregiver must hold s396 approval now (R-ALL-4)."""
    agreement = begin_term_step(agreement, "approve", by, today)
    for violation in (
        start_violation(agreement.start_date, today_or(today)),  # R-DATE-5
        agreement_overlap(agreement, statuses=APPROVED_OCCUPYING),  # R-ALL-9
    ):
        if violation is not None:
            raise refuse(agreement, violation.message, rule=violation.rule)
    warning = recent_s139(agreement)  # R-ALL-9: acknowledged by the supervisor, recorded in the audit
    if warning is not None and not acknowledged_warnings:
        raise refuse(agreement, f"{warning} Tick the acknowledgement to approve.", rule="R-ALL-9")
    require_approved_caregiver(agreement)
    if agreement.is_s140 and not agreement.fgc_approvals.filter(purpose=FgcPurpose.MAKE).exists():
        raise refuse(
            agreement, "An s140 agreement needs a family group conference's approval.", rule="R-140-1"
        )
    data = {"acknowledged_warnings": [warning]} if warning is not None else None
    apply_transition(agreement, "approve", by=by, data=data, approver=by, approved_at=timezone.now())
    notify_on_commit(
        recipient=agreement.drafted_by,
        kind=NotificationKind.AGREEMENT_APPROVED,
        message=f"Care agreement {agreement.reference} was approved and is ready for signing.",
        link=agreement_link(agreement.pk),
    )
    versions.issue_on_commit(agreement, today_or(today))  # R-ALL-6: the version the parties sign
    return agreement


@transaction.atomic
def agreement_return_to_draft(
    *, agreement: Agreement, by: Actor, reason: str, today: date | None = None
) -> Agreement:
    """A supervisor sends it back with reasons. Its version for signing is withdrawn: approved again it is
    issued anew, and signatures on the old version no longer count (kept, shown as superseded: R-ALL-6)."""
    agreement = begin_step(agreement, "return_to_draft", by, today)
    reason = required_reason(reason)
    apply_transition(agreement, "return_to_draft", by=by, reason=reason, return_reason=reason)
    notify_on_commit(
        recipient=agreement.drafted_by,
        kind=NotificationKind.AGREEMENT_RETURNED,
        message=f"Care agreement {agreement.reference} was returned to draft: see the reasons.",
        link=agreement_link(agreement.pk),
    )
    return agreement


@transaction.atomic
def agreement_recall(*, agreement: Agreement, by: Actor, reason: str, today: date | None = None) -> Agreement:
    """The drafter takes a submitted agreement back to draft before the FGC or a supervisor has acted."""
    agreement = begin_step(agreement, "recall", by, today)
    reason = required_reason(reason)
    return apply_transition(agreement, "recall", by=by, reason=reason)


@transaction.atomic
def agreement_activate(*, agreement: Agreement, by: Actor, today: date | None = None) -> Agreement:
    """In force once every required signatory has signed (R-ALL-6, R-140-4) and the caregiver is approved;
    signed before its start date it awaits that day (R-ALL-10)."""
    agreement = begin_term_step(agreement, "activate", by, today)
    day = today_or(today)
    prefetch_related_objects([agreement], "parties__signatures")
    unsigned = still_to_sign(agreement)  # the check the portal offers "activate" by, too
    if unsigned:
        who = ", ".join(describe_party(p) for p in unsigned)
        rule = "R-140-4" if all(p.role == "child" for p in unsigned) else "R-ALL-6"
        raise refuse(agreement, f"Every required signatory must sign first; still to sign: {who}.", rule=rule)
    require_approved_caregiver(agreement)
    return apply_transition(agreement, "activate", by=by, on=day)


@transaction.atomic
def agreement_cancel(*, agreement: Agreement, by: Actor, reason: str) -> Agreement:
    """Abandon an agreement that never came into force (allowed whatever the date: R-ALL-10 does not bar it)."""
    agreement = begin_transition(agreement, "cancel", by)
    apply_transition(agreement, "cancel", by=by, reason=required_reason(reason))
    return agreement
