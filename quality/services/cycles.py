"""Starting a partner's QA cycle and scheduling its reviews."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypedDict, Unpack

from django.conf import settings
from django.db import transaction

from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record
from careportal.exceptions import NotPermitted, RuleViolation
from careportal.lib.actor import Actor
from careportal.workflow import apply_transition, audit_created, begin_transition, lock
from partners.models import Organisation

from ..choices import CycleStatus
from ..models import QACycle, QAReferenceCounter, QAReview
from ..permissions import can_request_joint_review, is_reviewer
from ..rules import JOINT_REVIEW, first_review_planned_for
from ._common import nz_today


@transaction.atomic
def qa_cycle_start(
    *, organisation: Organisation, started_on: date, by: Actor, joint_review_requested: bool = False
) -> QACycle:
    """Open the partner's QA cycle and schedule its first review; idempotent per organisation.

    Called by the partners app when a partner completes its transition into the QA cycle (the caller
    has checked who may do that). A second call returns the open cycle unchanged. The first review is
    planned for the cycle's anniversary (QA-D4); `joint_review_requested` is the R-396-6 flag.
    """
    organisation = lock(organisation)  # serialises concurrent starts for one organisation
    existing = QACycle.objects.filter(organisation=organisation, status=CycleStatus.OPEN).first()
    if existing is not None:
        return existing
    if not organisation.holds_s396_approval:
        raise RuleViolation(
            "Only an organisation holding s396 approval enters the QA cycle.",
            rule="R-396-1",
            field="organisation",
        )
    months = settings.CAREPORTAL_QA_CYCLE_MONTHS
    cycle = QACycle.objects.create(
        organisation=organisation,
        started_on=started_on,
        cycle_months=months,
        joint_review_requested=joint_review_requested,
        joint_review_requested_on=started_on if joint_review_requested else None,
    )
    audit_created(cycle, by=by, data={"joint_review_requested": joint_review_requested})
    planned_for = first_review_planned_for(started_on, months)
    create_review(
        cycle=cycle,
        planned_for=planned_for,
        by=by,
        period_start=started_on,
        period_end=planned_for - timedelta(days=1),
    )
    return cycle


def qa_cycle_open(
    *, organisation: Organisation, started_on: date, by: Actor, joint_review_requested: bool = False
) -> QACycle:
    """The Quality Hub starts a cycle directly (API/portal); the same idempotent path as the partners app."""
    if not is_reviewer(by):
        raise NotPermitted("Only a Quality Hub reviewer starts a QA cycle.")
    return qa_cycle_start(
        organisation=organisation, started_on=started_on, by=by, joint_review_requested=joint_review_requested
    )


@transaction.atomic
def qa_cycle_set_joint_review(*, cycle: QACycle, requested: bool, by: Actor) -> QACycle:
    """R-396-6: record (or withdraw) the partner's request for a joint review with Te Kāhui Kāhu."""
    if not can_request_joint_review(by, cycle.organisation_id):
        raise NotPermitted(
            "Only the Quality Hub or the partner's administrator records a joint review request."
        )
    cycle = lock(cycle)
    if cycle.status != CycleStatus.OPEN:
        raise RuleViolation("The QA cycle is closed.", rule=JOINT_REVIEW, field="requested")
    if cycle.joint_review_requested == requested:
        return cycle
    cycle.joint_review_requested = requested
    cycle.joint_review_requested_on = nz_today() if requested else None
    cycle.save(update_fields=["joint_review_requested", "joint_review_requested_on", "updated_at"])
    audit_record(
        actor=by,
        kind=AuditKind.CHANGE,
        action="joint_review_requested" if requested else "joint_review_withdrawn",
        obj=cycle,
        data={"joint_review_requested": requested},
    )
    return cycle


@transaction.atomic
def qa_cycle_close(*, cycle: QACycle, by: Actor) -> QACycle:
    """open → closed, for good (QA-D6): once every review is final and every improvement action closed."""
    cycle = begin_transition(cycle, "close", by)  # QA-D6 is the gate's (quality.models.cycle_still_open)
    # The reviews' rows too: no review moves, and no action is added to one, while the cycle closes;
    # apply_transition passes the gate again, so QA-D6 is asked once more under these locks.
    list(QAReview.objects.select_for_update().filter(cycle=cycle).order_by("reference").values_list("pk"))
    return apply_transition(cycle, "close", by=by, on=nz_today())


class ReviewPlan(TypedDict, total=False):
    """What a planned review may be given besides its date; each is blank when left out."""

    period_start: date | None
    period_end: date | None
    lead_reviewer: Actor | None


def create_review(*, cycle: QACycle, planned_for: date, by: Actor, **plan: Unpack[ReviewPlan]) -> QAReview:
    """Insert a planned review with the next reference and its first history entry (no checks)."""
    review = QAReview.objects.create(
        cycle=cycle,
        reference=QAReferenceCounter.next_reference(nz_today().year),
        planned_for=planned_for,
        **plan,
    )
    audit_created(review, by=by, data={"planned_for": planned_for.isoformat()})
    return review
