"""Recording a review's fieldwork (activities) and its findings against the National Care Standards."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record
from careportal.exceptions import NotPermitted, RuleViolation, TransitionNotAllowed
from careportal.lib.actor import Actor
from careportal.workflow import lock

from ..choices import ACTIVITY_STATUSES, FINDING_STATUSES, ActivityKind, Rating
from ..models import Finding, NationalCareStandard, QAReview, ReviewActivity
from ..permissions import is_reviewer
from ..rules import NARRATIVE_PRIVACY, narrative_privacy_problem
from ._common import nz_today


def clean_narrative(text: str | None, *, field: str, what: str, required: bool = True) -> str:
    """Text free of obviously personal details (QA-D3), stripped; `required` refuses it empty."""
    text = (text or "").strip()
    if not text and required:
        raise RuleViolation(f"Write the {what}.", field=field)
    problem = narrative_privacy_problem(text)
    if problem:
        raise RuleViolation(problem, rule=NARRATIVE_PRIVACY, field=field)
    return text


def _locked_review_for_fieldwork(review: QAReview, by: Actor, statuses: tuple, what: str) -> QAReview:
    if not is_reviewer(by):
        raise NotPermitted(f"Only a Quality Hub reviewer records {what}.")
    review = lock(review)  # no finding slips in while the draft report is being submitted
    if review.status not in statuses:
        allowed = " or ".join(str(s.label).lower() for s in statuses)
        raise TransitionNotAllowed(
            f"{what.capitalize()} are recorded while the review is {allowed}.", status=review.status
        )
    return review


@transaction.atomic
def activity_record(*, review: QAReview, kind: str, held_on: date, summary: str, by: Actor) -> ReviewActivity:
    """A kōrero with tamariki, rangatahi, carers or whānau, or a file review, held for this review."""
    review = _locked_review_for_fieldwork(review, by, ACTIVITY_STATUSES, "activities")
    if kind not in ActivityKind.values:
        raise RuleViolation("Choose the kind of activity.", field="kind")
    if held_on > nz_today():
        raise RuleViolation("An activity is recorded once it has been held.", field="held_on")
    summary = clean_narrative(summary, field="summary", what="summary of the activity")
    activity = ReviewActivity.objects.create(
        review=review, kind=kind, held_on=held_on, summary=summary, recorded_by=by
    )
    audit_record(
        actor=by, kind=AuditKind.CREATE, action="activity", obj=activity, data={"review": str(review.pk)}
    )
    return activity


def _check_standard(review: QAReview, standard: NationalCareStandard, exclude: Any = None) -> None:
    if not standard.active:
        raise RuleViolation(f"Part {standard.part} is no longer an active standard.", field="standard")
    duplicate = Finding.objects.filter(review=review, standard=standard).exclude(pk=exclude).exists()
    if duplicate:
        raise RuleViolation(
            f"This review already has a finding for part {standard.part}; change that one instead.",
            field="standard",
        )


@transaction.atomic
def finding_record(
    *, review: QAReview, standard: NationalCareStandard, rating: str, narrative: str, by: Actor
) -> Finding:
    """Rate one National Care Standards part for this review, with a narrative (QA-D3)."""
    review = _locked_review_for_fieldwork(review, by, FINDING_STATUSES, "findings")
    if rating not in Rating.values:
        raise RuleViolation("Choose a rating.", field="rating")
    _check_standard(review, standard)
    narrative = clean_narrative(narrative, field="narrative", what="narrative")
    finding = Finding.objects.create(
        review=review, standard=standard, rating=rating, narrative=narrative, recorded_by=by
    )
    audit_record(
        actor=by,
        kind=AuditKind.CREATE,
        action="finding",
        obj=finding,
        data={"part": standard.part, "rating": rating},
    )
    return finding


@transaction.atomic
def finding_update(
    *, finding: Finding, by: Actor, rating: str | None = None, narrative: str | None = None
) -> Finding:
    """Change a finding's rating or narrative while the reviewer is still working on the review."""
    _locked_review_for_fieldwork(finding.review, by, FINDING_STATUSES, "findings")
    finding = lock(finding)
    before = finding.rating
    if rating is not None:
        if rating not in Rating.values:
            raise RuleViolation("Choose a rating.", field="rating")
        finding.rating = rating
    if narrative is not None:
        finding.narrative = clean_narrative(narrative, field="narrative", what="narrative")
    finding.save(update_fields=["rating", "narrative", "updated_at"])
    audit_record(
        actor=by,
        kind=AuditKind.CHANGE,
        action="finding",
        obj=finding,
        data={"from": before, "to": finding.rating},
    )
    return finding
