"""A review's life: schedule, change, start, draft report, send to the partner, respond, finalise."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Unpack

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record
from careportal.exceptions import NotPermitted, RuleViolation, TransitionNotAllowed
from careportal.lib.actor import Actor
from careportal.lib.dates import format_nz_date
from careportal.lib.queue import enqueue_on_commit
from careportal.notifications.kinds import NotificationKind
from careportal.notifications.services import notify_all_on_commit, notify_on_commit
from careportal.workflow import apply_transition, begin_transition, lock, transition_locked

from ..choices import CycleStatus, ReviewStatus
from ..models import Finding, NationalCareStandard, QACycle, QAReview
from ..permissions import is_reviewer
from ..rules import DRAFT_NEEDS_EVERY_STANDARD, FINALISE_NEEDS_RESPONSE, response_due_on
from ._common import nz_today, partner_users
from .cycles import ReviewPlan, create_review
from .findings import clean_narrative
from .report import generate_review_report

EDITABLE_FIELDS = ("planned_for", "period_start", "period_end", "lead_reviewer", "summary")


def _require_reviewer(by: Actor, doing: str) -> None:
    if not is_reviewer(by):
        raise NotPermitted(f"Only a Quality Hub reviewer may {doing}.")


def _check_period(period_start: date | None, period_end: date | None) -> None:
    if period_start and period_end and period_end < period_start:
        raise RuleViolation("The period reviewed cannot end before it starts.", field="period_end")


@transaction.atomic
def review_schedule(
    *,
    cycle: QACycle,
    planned_for: date,
    by: Actor,
    **plan: Unpack[ReviewPlan],
) -> QAReview:
    """The Hub plans a further review in an open cycle."""
    _require_reviewer(by, "plan a review")
    cycle = lock(cycle)
    if cycle.status != CycleStatus.OPEN:
        raise RuleViolation("Reviews are planned only in an open QA cycle.", field="cycle")
    if planned_for < cycle.started_on:
        raise RuleViolation("A review cannot be planned before its QA cycle started.", field="planned_for")
    _check_period(plan.get("period_start"), plan.get("period_end"))
    return create_review(cycle=cycle, planned_for=planned_for, by=by, **plan)


@transaction.atomic
def review_update(*, review: QAReview, by: Actor, **changes: Any) -> QAReview:
    """The Hub changes the plan or the report summary; the planned date moves only while planned."""
    _require_reviewer(by, "change a review")
    review = lock(review)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise RuleViolation(f"These fields cannot be changed: {', '.join(sorted(unknown))}.")
    if review.status == ReviewStatus.FINAL:
        raise TransitionNotAllowed("A final review cannot be changed.", status=review.status)
    if "planned_for" in changes and review.status != ReviewStatus.PLANNED:
        raise RuleViolation(
            "The planned date can change only while the review is planned.", field="planned_for"
        )
    for name, value in changes.items():
        setattr(review, name, value)
    _check_period(review.period_start, review.period_end)
    if review.planned_for < review.cycle.started_on:
        raise RuleViolation("A review cannot be planned before its QA cycle started.", field="planned_for")
    review.save()
    changed = {k: str(getattr(v, "pk", v)) for k, v in changes.items() if k != "summary"}
    audit_record(actor=by, kind=AuditKind.CHANGE, action="update", obj=review, data=changed)
    return review


@transaction.atomic
def review_start(*, review: QAReview, by: Actor) -> QAReview:
    """planned → in_progress: fieldwork begins; the starter leads unless a lead was named."""
    return transition_locked(review, "start", by=by, on=nz_today(), lead_reviewer=by)


@transaction.atomic
def review_submit_draft_report(*, review: QAReview, by: Actor) -> QAReview:
    """in_progress → draft_report, once every active standard has a finding (QA-D1)."""
    review = begin_transition(review, "submit_draft_report", by)
    missing = list(
        NationalCareStandard.objects.filter(active=True)
        .exclude(findings__review=review)
        .values_list("part", flat=True)
    )
    if missing:
        parts = ", ".join(str(p) for p in missing)
        raise TransitionNotAllowed(
            f"Every National Care Standards part needs a finding (rate a part not looked at as "
            f"'not assessed'); missing: part {parts}.",
            status=review.status,
            rule=DRAFT_NEEDS_EVERY_STANDARD,
        )
    return apply_transition(review, "submit_draft_report", by=by, on=nz_today())


@transaction.atomic
def review_send_to_partner(*, review: QAReview, by: Actor) -> QAReview:
    """draft_report → partner_response: the partner sees the draft and has a window to respond (QA-D2)."""
    review = lock(review)
    today = nz_today()
    review = apply_transition(
        review, "send_to_partner", by=by, on=today, response_due_on=response_due_on(today)
    )
    message = f"Draft quality review report {review.reference} is ready for your response."
    link = reverse("quality:review_detail", args=[review.pk])
    org_id = review.cycle.organisation_id
    notify_all_on_commit(
        partner_users(org_id), kind=NotificationKind.QA_DRAFT_REPORT, message=message, link=link
    )
    return review


@transaction.atomic
def review_respond(
    *, review: QAReview, by: Actor, response: str, finding_responses: Mapping[str, str] | None = None
) -> QAReview:
    """The partner records its response to the draft report, overall and to each finding it answers
    (`finding_responses`: finding id → text); once, and the status stays partner_response."""
    response = clean_narrative(response, field="response", what="organisation's response to the draft report")
    review = begin_transition(review, "respond", by)
    answered = _finding_answers(review, finding_responses or {})
    review = apply_transition(
        review, "respond", by=by, response=response, responder=by, on=nz_today(),
        data={"findings_answered": len(answered)},
    )  # fmt: skip
    now = timezone.now()  # bulk_update leaves auto_now alone
    for finding in answered:
        finding.updated_at = now
    Finding.objects.bulk_update(answered, ["partner_response", "updated_at"])
    if review.lead_reviewer is not None:
        lead = review.lead_reviewer
        message = f"{review.cycle.organisation} responded to draft report {review.reference}."
        link = reverse("quality:review_detail", args=[review.pk])
        notify_on_commit(recipient=lead, kind=NotificationKind.QA_RESPONSE, message=message, link=link)
    return review


def finding_response_field(finding_id: Any) -> str:
    """The name a finding's answer goes by in a refusal (the portal form's field of that finding)."""
    return f"finding_{finding_id}"


def _finding_answers(review: QAReview, answers: Mapping[str, str]) -> list[Finding]:
    """The review's findings given their (checked, QA-D3) answers; a finding of another review is refused."""
    findings = {str(f.pk): f for f in Finding.objects.filter(review=review)}
    unknown = sorted(set(map(str, answers)) - set(findings))
    if unknown:
        raise RuleViolation("A response answers a finding of another review.", field="finding_responses")
    answered = []
    for finding_id, text in answers.items():
        field = finding_response_field(finding_id)
        cleaned = clean_narrative(text, field=field, what="response to the finding", required=False)
        if cleaned:
            findings[str(finding_id)].partner_response = cleaned
            answered.append(findings[str(finding_id)])
    return answered


@transaction.atomic
def review_finalise(*, review: QAReview, by: Actor) -> QAReview:
    """partner_response → final (QA-D2); the final report PDF is then made by the queue (quality.tasks)."""
    review = begin_transition(review, "finalise", by)
    today = nz_today()
    if not review.partner_response and review.response_due_on and today <= review.response_due_on:
        raise TransitionNotAllowed(
            f"The partner has until {format_nz_date(review.response_due_on)} to respond to the draft report.",
            status=review.status,
            rule=FINALISE_NEEDS_RESPONSE,
        )
    review = apply_transition(review, "finalise", by=by, on=today)
    # After commit, so the report is made from the final state, and never inside the request.
    enqueue_on_commit(generate_review_report, str(review.pk))
    return review


def review_report_downloaded(*, review: QAReview, by: Actor) -> None:
    """Audit a download of the final report."""
    audit_record(actor=by, kind=AuditKind.DOWNLOAD, action="final_report", obj=review)
