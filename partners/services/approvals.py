"""Writes for an s396 approval: notice and response, then suspension or revocation (R-396-4), reinstatement."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from careportal.accounts.choices import Role
from careportal.calendar import add_working_days
from careportal.exceptions import RuleViolation, TransitionNotAllowed
from careportal.lib.actor import Actor
from careportal.lib.dates import format_nz_date
from careportal.notifications.kinds import NotificationKind
from careportal.workflow import apply_transition, begin_transition
from partners.choices import ApprovalStatus, NoticeAction
from partners.models import Organisation, S396Approval
from partners.selectors import has_current_level1

from .common import notify_organisation, notify_role, nz_today


def _refuse(approval: S396Approval, message: str, rule: str = "R-396-4") -> TransitionNotAllowed:
    return TransitionNotAllowed(message, status=approval.status, rule=rule)


def _set_organisation_status(approval: S396Approval, status: str) -> None:
    """The organisation's approval status mirrors its live approval; only these services set it."""
    Organisation.objects.filter(pk=approval.organisation_id).update(approval_status=status)


def _give_notice(approval: S396Approval, name: str, by: Actor, reason: str) -> S396Approval:
    approval = begin_transition(approval, name, by)
    today = nz_today()
    due = add_working_days(today, settings.CAREPORTAL_SUBMISSIONS_WINDOW_WORKING_DAYS)
    apply_transition(
        approval, name, by=by, reason=reason, notice_reason=reason, given_on=today, response_due_on=due,
        data={"response_due_on": due.isoformat()},
    )  # fmt: skip
    notify_organisation(
        approval.organisation_id,
        kind=NotificationKind.PARTNERS_APPROVAL_NOTICE,
        message=f"Notice of a proposed {approval.get_proposed_action_display().lower()} of your s396 approval. "
        f"You can respond until {format_nz_date(due)}.",
        link=reverse("partners:mine"),
    )
    return approval


@transaction.atomic
def approval_propose_suspension(*, approval: S396Approval, by: Actor, reason: str) -> S396Approval:
    """Tell the organisation a suspension is proposed and open its response window (R-396-4)."""
    return _give_notice(approval, "propose_suspension", by, reason)


@transaction.atomic
def approval_propose_revocation(*, approval: S396Approval, by: Actor, reason: str) -> S396Approval:
    """Tell the organisation a revocation is proposed and open its response window (R-396-4)."""
    return _give_notice(approval, "propose_revocation", by, reason)


@transaction.atomic
def approval_respond(*, approval: S396Approval, by: Actor, response: str) -> S396Approval:
    """The organisation answers the notice."""
    approval = begin_transition(approval, "respond", by)
    apply_transition(approval, "respond", by=by, reason=response, responded_on=nz_today(), response=response)
    notify_role(
        Role.DELEGATE,
        kind=NotificationKind.PARTNERS_APPROVAL_RESPONSE,
        message=f"{approval.organisation} responded to a notice about its s396 approval.",
        link=reverse("partners:approval", args=[approval.pk]),
    )
    return approval


@transaction.atomic
def approval_withdraw_notice(*, approval: S396Approval, by: Actor, reason: str) -> S396Approval:
    approval = begin_transition(approval, "withdraw_notice", by)
    return apply_transition(approval, "withdraw_notice", by=by, reason=reason)


def _decide(
    approval: S396Approval, name: str, action: str, by: Actor, reference: str, reason: str
) -> S396Approval:
    approval = begin_transition(approval, name, by)  # the response window: the gate's (_response_heard)
    if not reference.strip():
        raise RuleViolation(
            "Record the Gazette notice reference.", field="gazette_notice_reference", rule="R-396-4"
        )
    apply_transition(
        approval, name, by=by, reason=reason, on=nz_today(), gazette_notice_reference=reference.strip(),
        data={"gazette_notice_reference": reference.strip()},
    )  # fmt: skip
    _set_organisation_status(
        approval, ApprovalStatus.SUSPENDED if name == "suspend" else ApprovalStatus.REVOKED
    )
    return approval


@transaction.atomic
def approval_suspend(
    *, approval: S396Approval, by: Actor, gazette_notice_reference: str, reason: str = ""
) -> S396Approval:
    """Suspend after notice and response (R-396-4); records the Gazette notice."""
    return _decide(approval, "suspend", NoticeAction.SUSPEND, by, gazette_notice_reference, reason)


@transaction.atomic
def approval_revoke(
    *, approval: S396Approval, by: Actor, gazette_notice_reference: str, reason: str = ""
) -> S396Approval:
    """Revoke after notice and response (R-396-4); records the Gazette notice."""
    return _decide(approval, "revoke", NoticeAction.REVOKE, by, gazette_notice_reference, reason)


@transaction.atomic
def approval_reinstate(
    *, approval: S396Approval, by: Actor, reason: str, gazette_notice_reference: str = ""
) -> S396Approval:
    """Lift a suspension: keeping an approval needs a current Level 1 accreditation (R-396-1)."""
    approval = begin_transition(approval, "reinstate", by)
    if not has_current_level1(approval.organisation_id, nz_today()):
        raise _refuse(
            approval, "The organisation needs a current Te Kāhui Kāhu Level 1 accreditation.", rule="R-396-1"
        )
    apply_transition(
        approval, "reinstate", by=by, reason=reason, gazette_notice_reference=gazette_notice_reference.strip()
    )
    _set_organisation_status(approval, ApprovalStatus.APPROVED)
    return approval
