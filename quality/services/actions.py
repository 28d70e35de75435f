"""Improvement actions: create, start, submit evidence, verify and close, reopen."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record
from careportal.exceptions import NotPermitted, RuleViolation, TransitionNotAllowed, require_status
from careportal.lib.actor import Actor
from careportal.lib.uploads import check_upload, stored
from careportal.workflow import apply_transition, audit_created, begin_transition, lock, transition_locked
from partners.models import Organisation

from ..choices import ACTION_CREATE_STATUSES, CycleStatus
from ..models import Finding, ImprovementAction, QAReview
from ..permissions import is_reviewer
from ..rules import CLOSE_CYCLE_WHEN_DONE
from ._common import nz_today


class _ReviewOrganisation:
    """Default owner: the reviewed organisation (pass `owner_organisation=None` for Oranga Tamariki)."""


REVIEW_ORGANISATION: Any = _ReviewOrganisation()


def _owner_for(review: QAReview, owner_organisation: Any) -> Organisation | None:
    if owner_organisation is REVIEW_ORGANISATION:
        return review.cycle.organisation
    if owner_organisation is not None and owner_organisation.pk != review.cycle.organisation_id:
        raise RuleViolation(
            "An action is owned by the reviewed organisation or by Oranga Tamariki.",
            field="owner_organisation",
        )
    return owner_organisation


@transaction.atomic
def action_create(
    *,
    review: QAReview,
    title: str,
    due_on: date,
    by: Actor,
    description: str = "",
    finding: Finding | None = None,
    owner_organisation: Any = REVIEW_ORGANISATION,
    today: date | None = None,
) -> ImprovementAction:
    """The Hub records an improvement action from a review (optionally from one of its findings)."""
    if not is_reviewer(by):
        raise NotPermitted("Only a Quality Hub reviewer creates improvement actions.")
    review = lock(review)
    require_status(
        review.status, ACTION_CREATE_STATUSES, "Improvement actions come from a review that has started."
    )
    if review.cycle.status != CycleStatus.OPEN:  # read after the lock: a closing cycle holds it (QA-D6)
        raise TransitionNotAllowed(
            "The review's QA cycle is closed: it takes no new improvement actions.",
            status=review.status,
            rule=CLOSE_CYCLE_WHEN_DONE,
        )
    if finding is not None and finding.review_id != review.pk:
        raise RuleViolation("The finding belongs to another review.", field="finding")
    title = (title or "").strip()
    if not title:
        raise RuleViolation("Give the action a title.", field="title")
    if due_on < (today or nz_today()):
        raise RuleViolation("The due date cannot be in the past.", field="due_on")
    action = ImprovementAction.objects.create(
        review=review,
        finding=finding,
        owner_organisation=_owner_for(review, owner_organisation),
        title=title,
        description=(description or "").strip(),
        due_on=due_on,
        created_by=by,
    )
    audit_created(action, by=by, data={"review": str(review.pk), "due_on": due_on.isoformat()})
    return action


@transaction.atomic
def action_start(*, action: ImprovementAction, by: Actor) -> ImprovementAction:
    """open → in_progress: the owner has begun the work."""
    return transition_locked(action, "start", by=by, on=nz_today())


@transaction.atomic
def action_submit_evidence(
    *, action: ImprovementAction, by: Actor, evidence_note: str, evidence_file: UploadedFile | None = None
) -> ImprovementAction:
    """open / in_progress → evidence_submitted: the owner says what was done (a file is optional)."""
    evidence_note = (evidence_note or "").strip()
    if not evidence_note:
        raise RuleViolation("Describe the evidence that the action is done.", field="evidence_note")
    checked = check_upload(evidence_file, field="evidence_file") if evidence_file else None
    action = begin_transition(action, "submit_evidence", by)  # before the file is written to storage
    submit: dict[str, Any] = {"note": evidence_note, "submitter": by, "on": nz_today()}
    if checked is None:
        return apply_transition(action, "submit_evidence", by=by, **submit)
    action.evidence_content_type = checked.content_type  # what the check found, never the browser's claim
    with stored(action.evidence_file, checked, checked.file_name):
        return apply_transition(
            action, "submit_evidence", by=by, data={"file": action.evidence_file.name}, **submit
        )


@transaction.atomic
def action_verify_close(*, action: ImprovementAction, by: Actor) -> ImprovementAction:
    """evidence_submitted → verified_closed: the reviewer accepts the evidence."""
    return transition_locked(action, "verify_close", by=by, verifier=by, on=nz_today())


@transaction.atomic
def action_reopen(*, action: ImprovementAction, by: Actor, reason: str) -> ImprovementAction:
    """evidence_submitted → in_progress: the reviewer needs more; the reason goes in the history."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("Say what more is needed.", field="reason")
    return transition_locked(action, "reopen", by=by, reason=reason)


def action_evidence_downloaded(*, action: ImprovementAction, by: Actor) -> None:
    """Audit a download of an action's evidence file."""
    audit_record(actor=by, kind=AuditKind.DOWNLOAD, action="evidence", obj=action)
