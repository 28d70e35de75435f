"""Writes for a care partner application: one service per business action (R-396-1 … R-396-4)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from careportal.accounts.choices import Role
from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record
from careportal.calendar import add_working_days
from careportal.exceptions import NotPermitted, RuleViolation, TransitionNotAllowed
from careportal.lib.actor import Actor
from careportal.lib.dates import format_nz_date
from careportal.notifications.kinds import NotificationKind
from careportal.workflow import apply_transition, audit_created, begin_transition, lock, transition_locked
from partners import permissions as perms
from partners.choices import (
    APPLICATION_OPEN,
    ApplicationStatus,
    ApprovalStatus,
    OrganisationKind,
    S396ApprovalStatus,
)
from partners.models import Application, Organisation, S396Approval
from partners.qa_cycle import start_qa_cycle
from partners.selectors import has_current_level1, missing_requirements

from .common import notify_organisation, notify_role, nz_today

EDITABLE_FIELDS = ("care_model_summary", "local_provision_notes", "stakeholders_consulted")


def _mine_link() -> str:
    return reverse("partners:mine")


def _detail_link(application: Application) -> str:
    return reverse("partners:detail", args=[application.pk])


def _refuse(application: Application, message: str, rule: str = "") -> TransitionNotAllowed:
    return TransitionNotAllowed(message, status=application.status, rule=rule)


@transaction.atomic
def application_start(*, organisation: Organisation, by: Actor, **fields: str) -> Application:
    """Open an application in preparation for a care partner organisation that has none live."""
    if not perms.can_start_application(by, organisation):
        raise NotPermitted("You are not allowed to start an application for this organisation.")
    if organisation.kind != OrganisationKind.CARE_PARTNER:
        raise RuleViolation(
            "Only a care partner organisation can apply for s396 approval.", field="organisation"
        )
    Organisation.objects.select_for_update().get(pk=organisation.pk)  # queue concurrent starts
    if organisation.applications.exclude(
        status__in=[ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN]
    ).exists():
        raise RuleViolation(
            "This organisation already has an application or is approved.", field="organisation"
        )
    application = Application.objects.create(
        organisation=organisation, **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS}
    )
    audit_created(application, by=by)
    return application


@transaction.atomic
def application_update(*, application: Application, by: Actor, **changes: str) -> Application:
    """Record the care model summary and the R-396-2 notes; an audited change, never a status change."""
    application = lock(application)
    if not perms.can_edit_application(application, by):
        raise NotPermitted("You are not allowed to change this application.")
    if application.status not in APPLICATION_OPEN:
        raise _refuse(application, "A closed application cannot be changed.")
    changed = [k for k, v in changes.items() if k in EDITABLE_FIELDS and getattr(application, k) != v]
    for name in changed:
        setattr(application, name, changes[name])
    if changed:
        application.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=by, kind=AuditKind.CHANGE, action="update", obj=application, data={"fields": changed}
        )
    return application


@transaction.atomic
def application_begin_readiness(*, application: Application, by: Actor) -> Application:
    """Leave preparation: staff must have recorded the local provision and stakeholders (R-396-2)."""
    application = begin_transition(application, "begin_readiness", by)
    missing = [
        label
        for name, label in (
            ("local_provision_notes", "what is already provided in the local area"),
            ("stakeholders_consulted", "the key stakeholders consulted"),
        )
        if not getattr(application, name).strip()
    ]
    if missing:
        raise _refuse(application, f"Before readiness begins, record {' and '.join(missing)}.", "R-396-2")
    return apply_transition(application, "begin_readiness", by=by)


@transaction.atomic
def application_request_confirmation(*, application: Application, by: Actor) -> Application:
    """Leave readiness: every required evidence item accepted and unexpired (R-396-3); names what is missing."""
    application = begin_transition(application, "request_confirmation", by)
    missing = missing_requirements(application, nz_today())
    if missing:
        names = "; ".join(r.title for r in missing)
        raise _refuse(
            application,
            f"Readiness ends when every required item is accepted. Still missing: {names}.",
            "R-396-3",
        )
    return apply_transition(application, "request_confirmation", by=by)


@transaction.atomic
def application_confirm_partner(
    *, application: Application, by: Actor, quality_of_practice_confirmed_on: date
) -> Application:
    """R-396-1: confirm the partner and record the s396 approval, in one transaction."""
    application = begin_transition(application, "confirm_partner", by)
    today = nz_today()
    if quality_of_practice_confirmed_on is None or quality_of_practice_confirmed_on > today:
        raise RuleViolation(
            "Record the date Oranga Tamariki confirmed Quality of Practice (not a future date).",
            rule="R-396-1",
            field="quality_of_practice_confirmed_on",
        )
    if not has_current_level1(application.organisation_id, today):
        raise _refuse(
            application, "The organisation needs a current Te Kāhui Kāhu Level 1 accreditation.", "R-396-1"
        )
    apply_transition(
        application,
        "confirm_partner",
        by=by,
        quality_of_practice_confirmed_on=quality_of_practice_confirmed_on,
        data={"quality_of_practice_confirmed_on": quality_of_practice_confirmed_on.isoformat()},
    )
    _record_approval(application, by=by, today=today)
    return application


def _record_approval(application: Application, *, by: Actor, today: date) -> S396Approval:
    organisation = Organisation.objects.select_for_update().get(pk=application.organisation_id)
    if S396Approval.objects.filter(
        organisation=organisation, status__in=[S396ApprovalStatus.ACTIVE, S396ApprovalStatus.SUSPENDED]
    ).exists():
        raise _refuse(application, "This organisation already holds an s396 approval.", "R-396-1")
    approval = S396Approval.objects.create(
        organisation=organisation, application=application, granted_on=today, granted_by=by
    )
    audit_created(approval, by=by)
    Organisation.objects.filter(pk=organisation.pk).update(approval_status=ApprovalStatus.APPROVED)
    notify_organisation(
        organisation.pk,
        kind=NotificationKind.PARTNERS_CONFIRMED,
        message="Your organisation has been confirmed as a care partner with s396 approval.",
        link=_mine_link(),
    )
    return approval


@transaction.atomic
def application_complete_transition(*, application: Application, by: Actor) -> Application:
    """End the transition into the QA cycle: approved, its QA cycle opened and the first review scheduled.

    The quality app owns the cycle and the review date; the application records the date it planned.
    """
    application = begin_transition(application, "complete_transition", by)
    cycle = start_qa_cycle(organisation=application.organisation, started_on=nz_today(), by=by)
    planned = cycle.first_review_on
    return apply_transition(
        application,
        "complete_transition",
        by=by,
        qa_first_review_planned_on=planned,
        data={
            "qa_first_review_planned_on": planned.isoformat() if planned else None,
            "qa_cycle": cycle.cycle_id,
        },
    )


@transaction.atomic
def application_propose_decline(*, application: Application, by: Actor, reason: str) -> Application:
    """R-396-4: tell the organisation the proposed decline and open its submissions window (working days)."""
    application = begin_transition(application, "propose_decline", by)
    today = nz_today()
    due = add_working_days(today, settings.CAREPORTAL_SUBMISSIONS_WINDOW_WORKING_DAYS)
    apply_transition(
        application,
        "propose_decline",
        by=by,
        reason=reason,
        proposal_reason=reason,
        proposed_on=today,
        submissions_due_on=due,
        data={"submissions_due_on": due.isoformat()},
    )
    notify_organisation(
        application.organisation_id,
        kind=NotificationKind.PARTNERS_DECLINE_PROPOSED,
        message=f"A decline of your application is proposed. You can respond until {format_nz_date(due)}.",
        link=_mine_link(),
    )
    return application


@transaction.atomic
def application_respond(*, application: Application, by: Actor, response: str) -> Application:
    """The organisation answers a proposed decline (R-396-4)."""
    application = begin_transition(application, "respond", by)
    apply_transition(
        application, "respond", by=by, reason=response, responded_on=nz_today(), response=response
    )
    notify_role(
        Role.DELEGATE,
        kind=NotificationKind.PARTNERS_ORGANISATION_RESPONDED,
        message=f"{application.organisation} responded to a proposed decline.",
        link=_detail_link(application),
    )
    return application


@transaction.atomic
def application_cancel_decline_proposal(*, application: Application, by: Actor, reason: str) -> Application:
    """Withdraw a proposed decline (e.g. after the organisation's response)."""
    application = begin_transition(application, "cancel_decline_proposal", by)
    return apply_transition(application, "cancel_decline_proposal", by=by, reason=reason)


@transaction.atomic
def application_decline(*, application: Application, by: Actor, reason: str) -> Application:
    """R-396-4: only after a proposed decline whose window has closed or that the organisation answered."""
    application = begin_transition(application, "decline", by)  # the window: the gate's (_submissions_heard)
    return apply_transition(application, "decline", by=by, reason=reason, closing_reason=reason)


@transaction.atomic
def application_withdraw(*, application: Application, by: Actor, reason: str) -> Application:
    """The organisation (its administrator) or PfO withdraws the application before confirmation."""
    return transition_locked(application, "withdraw", by=by, reason=reason, closing_reason=reason)
