"""Starting and editing a referral (before it is sent to a provider)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record
from careportal.exceptions import NotPermitted, RuleViolation, TransitionNotAllowed
from careportal.lib.actor import Actor
from careportal.lib.dates import nz_today
from careportal.workflow import audit_created, lock

from ..choices import EDITABLE_STATUSES, REFERRAL_FIELD_LABELS
from ..models import ReferenceCounter, Referral
from ..permissions import is_manager

# The fields a manager may set on create or edit (status and everything after `refer` are service-only).
EDITABLE_FIELDS = (
    "site",
    *REFERRAL_FIELD_LABELS,
    "no_current_involvement",
    "below_statutory_threshold",
)


@transaction.atomic
def referral_create(*, by: Actor, today: date | None = None, **fields: Any) -> Referral:
    """Start a draft referral managed by `by` (R-PR-4: a coordinator or senior practitioner)."""
    if not is_manager(by):
        raise NotPermitted(
            "Only a differential response coordinator or senior practitioner can make a referral."
        )
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise RuleViolation(f"Unknown referral fields: {', '.join(sorted(unknown))}.")
    site = (fields.pop("site", "") or by.site or "").strip()
    if not site:
        raise RuleViolation("Say which site's pathways meeting this referral belongs to.", field="site")
    day = today or nz_today()
    referral = Referral.objects.create(
        reference=ReferenceCounter.next_reference(day.year), site=site, managed_by=by, **fields
    )
    audit_created(referral, by=by)
    return referral


@transaction.atomic
def referral_update(*, referral: Referral, by: Actor, **fields: Any) -> Referral:
    """Change the referral's details; only before it is sent, so a provider sees what it was sent."""
    referral = lock(referral)
    if not is_manager(by):
        raise NotPermitted(
            "Only a differential response coordinator or senior practitioner can edit a referral."
        )
    if referral.status not in EDITABLE_STATUSES:
        raise TransitionNotAllowed(
            f"A referral that is {referral.get_status_display().lower()} can no longer be changed.",
            status=referral.status,
        )
    changed = sorted(
        name for name, value in fields.items() if name in EDITABLE_FIELDS and getattr(referral, name) != value
    )
    if "site" in fields and not str(fields["site"]).strip():
        raise RuleViolation("Say which site's pathways meeting this referral belongs to.", field="site")
    for name in changed:
        setattr(referral, name, fields[name])
    if changed:
        referral.save(update_fields=[*changed, "updated_at"])
        # Field names only: the audit log is not a second copy of the whānau's details.
        audit_record(actor=by, kind=AuditKind.CHANGE, action="edit", obj=referral, data={"fields": changed})
    return referral
