"""Writes for reference records: organisations, Te Kāhui Kāhu accreditations, the requirements catalogue."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record
from careportal.exceptions import NotPermitted, RuleViolation
from careportal.lib.actor import Actor
from careportal.lib.dates import add_months
from partners import permissions as perms
from partners.models import Accreditation, Organisation, Requirement

ORGANISATION_FIELDS = ("legal_name", "nzbn", "kind", "region", "is_maori_organisation")
ACCREDITATION_FIELDS = ("level", "status", "granted_on", "review_due_on", "notes")
REQUIREMENT_FIELDS = (
    "title",
    "standard",
    "guidance",
    "file_required",
    "validity_days",
    "required",
    "active",
    "position",
)


def _audit(by: Actor, kind: str, action: str, obj: Any, data: dict) -> None:
    audit_record(actor=by, kind=kind, action=action, obj=obj, data=data)


@transaction.atomic
def organisation_create(*, by: Actor, **fields: Any) -> Organisation:
    """Register an organisation; its approval status starts at none and only approval services change it."""
    if not perms.can_edit_organisations(by):
        raise NotPermitted("Only Oranga Tamariki staff can register organisations.")
    values = {k: v for k, v in fields.items() if k in ORGANISATION_FIELDS}
    if values.get("nzbn") and Organisation.objects.filter(nzbn=values["nzbn"]).exists():
        raise RuleViolation("An organisation with this NZBN is already registered.", field="nzbn")
    organisation = Organisation.objects.create(**values)
    _audit(by, AuditKind.CREATE, "create", organisation, {"legal_name": organisation.legal_name})
    return organisation


def review_due_default(granted_on: date) -> date:
    """R-396-5: Te Kāhui Kāhu reviews accreditation every 2 years (29 Feb → 28 Feb two years on)."""
    return add_months(granted_on, 12 * settings.CAREPORTAL_ACCREDITATION_REVIEW_YEARS)


def _check_dates(granted_on: date, review_due_on: date) -> None:
    if review_due_on <= granted_on:
        raise RuleViolation("The review is due after the accreditation was granted.", field="review_due_on")
    if granted_on > timezone.localdate():
        raise RuleViolation(
            "Record an outcome that has happened: the grant date is in the future.", field="granted_on"
        )


@transaction.atomic
def accreditation_record(
    *, organisation: Organisation, by: Actor, level: int, status: str, granted_on: date,
    review_due_on: date | None = None, notes: str = "",
) -> Accreditation:  # fmt: skip
    """Record a Te Kāhui Kāhu outcome (R-396-5); the review falls due 2 years on unless given."""
    if not perms.can_record_accreditation(by):
        raise NotPermitted("Only Oranga Tamariki staff record Te Kāhui Kāhu outcomes.")
    review_due_on = review_due_on or review_due_default(granted_on)
    _check_dates(granted_on, review_due_on)
    accreditation = Accreditation.objects.create(
        organisation=organisation, level=level, status=status, granted_on=granted_on,
        review_due_on=review_due_on, notes=notes,
    )  # fmt: skip
    _audit(by, AuditKind.CREATE, "create", accreditation, {"level": level, "status": status})
    return accreditation


@transaction.atomic
def accreditation_update(*, accreditation: Accreditation, by: Actor, **changes: Any) -> Accreditation:
    """Record a later outcome (e.g. lapsed, or a review done); a lapse alerts, never revokes (R-396-5)."""
    if not perms.can_record_accreditation(by):
        raise NotPermitted("Only Oranga Tamariki staff record Te Kāhui Kāhu outcomes.")
    accreditation = Accreditation.objects.select_for_update().get(pk=accreditation.pk)
    changed = {
        k: v for k, v in changes.items() if k in ACCREDITATION_FIELDS and getattr(accreditation, k) != v
    }
    for name, value in changed.items():
        setattr(accreditation, name, value)
    _check_dates(accreditation.granted_on, accreditation.review_due_on)
    accreditation.save()
    _audit(by, AuditKind.CHANGE, "update", accreditation, {"fields": sorted(changed)})
    return accreditation


@transaction.atomic
def requirement_revise(*, requirement: Requirement, by: Actor, **changes: Any) -> Requirement:
    """Change a requirement without changing what past evidence was assessed against (R-396-3).

    Unused requirements are edited in place; one with evidence gets a new version and the old version is
    kept, read-only, pointing at it (see `Requirement`).
    """
    requirement = Requirement.objects.select_for_update().get(pk=requirement.pk)
    if requirement.superseded_at is not None:
        raise RuleViolation("This is an old version; change the current one.", field="code")
    values = {k: v for k, v in changes.items() if k in REQUIREMENT_FIELDS and getattr(requirement, k) != v}
    if not values:
        return requirement
    if not requirement.evidence.exists():
        for name, value in values.items():
            setattr(requirement, name, value)
        requirement.save()
        _audit(by, AuditKind.CHANGE, "update", requirement, {"fields": sorted(values)})
        return requirement
    requirement.superseded_at = timezone.now()
    requirement.save(update_fields=["superseded_at", "updated_at"])
    current = {name: getattr(requirement, name) for name in REQUIREMENT_FIELDS}
    # The row lock above queues concurrent revisions, so version n+1 is free.
    new = Requirement.objects.create(
        code=requirement.code, version=requirement.version + 1, **{**current, **values}
    )
    Requirement.objects.filter(pk=requirement.pk).update(superseded_by=new)
    _audit(
        by, AuditKind.CREATE, "revise", new, {"from_version": requirement.version, "fields": sorted(values)}
    )
    return new
