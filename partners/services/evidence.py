"""Writes for readiness evidence: upload a new version, accept, request changes (R-396-3)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from careportal.exceptions import NotPermitted, RuleViolation, TransitionNotAllowed, require_status
from careportal.lib.actor import Actor
from careportal.lib.uploads import CheckedUpload, check_upload, stored
from careportal.notifications.kinds import NotificationKind
from careportal.workflow import apply_transition, audit_created, check_transition, lock
from partners import permissions as perms
from partners.choices import EVIDENCE_OPEN_PHASES, EvidenceStatus
from partners.models import Application, Evidence, Requirement

from .common import notify_organisation, nz_today


def _check_inputs(requirement: Requirement, file: Any, note: str) -> CheckedUpload | None:
    """Everything about the input that needs no database: refused before anything is stored."""
    checked = check_upload(file, field="file") if file else None
    if requirement.file_required and checked is None:
        raise RuleViolation(f"“{requirement.title}” needs a file: attach the document.", field="file")
    if checked is None and not note.strip():
        raise RuleViolation("Attach a file or write a note.", field="note")
    return checked


def _check_can_add(application: Application, requirement: Requirement, by: Actor) -> None:
    if not perms.can_upload_evidence(application, by):
        raise NotPermitted("Only the organisation's own users can add evidence to its application.")
    require_status(
        application.status,
        EVIDENCE_OPEN_PHASES,
        "Evidence can be added only during preparation and readiness.",
        rule="R-396-3",
    )
    if requirement.superseded_at is not None or not requirement.active:
        raise RuleViolation(
            "This requirement is no longer in the catalogue; choose a current one.", field="requirement"
        )


def _supersede_previous(application: Application, code: str, by: Actor) -> int:
    """Mark the live version superseded (kept, never overwritten); answer the next version number."""
    versions = Evidence.objects.select_for_update().filter(application=application, requirement_code=code)
    for previous in versions.exclude(status=EvidenceStatus.SUPERSEDED).select_related("application"):
        apply_transition(previous, "supersede", by=by)
    return (versions.aggregate(n=Max("version"))["n"] or 0) + 1


def _expires_on(requirement: Requirement) -> date | None:
    """R-DATE-2: valid for N days from the upload date, counting that date: last day = today + N - 1."""
    if not requirement.validity_days:
        return None
    return nz_today() + timedelta(days=requirement.validity_days - 1)


def _save_with_file(evidence: Evidence, checked: CheckedUpload | None, by: Actor) -> None:
    """Store the checked file under a random name, then the row; if the row fails, the file goes too."""
    if checked is None:
        return _save_row(evidence, by)
    evidence.file_name, evidence.content_type, evidence.size = (
        checked.file_name, checked.content_type, checked.size,
    )  # fmt: skip
    # A random name: the uploader's name is only ever shown, never used as a path.
    with stored(evidence.file, checked, f"{uuid.uuid4().hex}.{checked.extension}"):
        _save_row(evidence, by)


def _save_row(evidence: Evidence, by: Actor) -> None:
    evidence.save()
    audit_created(
        evidence, by=by, data={"requirement": evidence.requirement_code, "version": evidence.version}
    )


@transaction.atomic
def evidence_upload(
    *, application: Application, requirement: Requirement, by: Actor, file: Any = None, note: str = ""
) -> Evidence:
    """Add a new version of the organisation's evidence for `requirement`; earlier versions are superseded."""
    checked = _check_inputs(requirement, file, note)  # before anything is locked or stored
    application = lock(application)
    _check_can_add(application, requirement, by)
    evidence = Evidence(
        application=application,
        requirement=requirement,
        requirement_code=requirement.code,
        version=_supersede_previous(application, requirement.code, by),
        note=note.strip(),
        uploaded_by=by,
        expires_on=_expires_on(requirement),
    )
    _save_with_file(evidence, checked, by)
    return evidence


def _review_guard(evidence: Evidence, name: str, by: Actor) -> None:
    check_transition(evidence, name, by)
    if evidence.application.status not in EVIDENCE_OPEN_PHASES:
        raise TransitionNotAllowed(
            "Evidence is reviewed during preparation and readiness only.",
            status=evidence.status,
            rule="R-396-3",
        )


@transaction.atomic
def evidence_accept(*, evidence: Evidence, by: Actor, reason: str = "") -> Evidence:
    """A reviewer accepts this version (counts towards leaving readiness, R-396-3)."""
    evidence = lock(evidence)
    _review_guard(evidence, "accept", by)
    return apply_transition(
        evidence,
        "accept",
        by=by,
        reason=reason,
        reviewed_by=by,
        reviewed_at=timezone.now(),
        review_reason=reason,
    )


@transaction.atomic
def evidence_request_changes(*, evidence: Evidence, by: Actor, reason: str) -> Evidence:
    """A reviewer asks for a new version, with a reason the organisation sees."""
    evidence = lock(evidence)
    _review_guard(evidence, "request_changes", by)
    if not reason.strip():
        raise RuleViolation("Say what needs to change: the organisation sees this reason.", field="reason")
    apply_transition(
        evidence, "request_changes", by=by, reason=reason, reviewed_by=by, reviewed_at=timezone.now(),
        review_reason=reason,
    )  # fmt: skip
    notify_organisation(
        evidence.application.organisation_id,
        kind=NotificationKind.PARTNERS_CHANGES_REQUESTED,
        message=f"Changes requested on “{evidence.requirement.title}” for your care partner application.",
        link=reverse("partners:mine"),
    )
    return evidence
