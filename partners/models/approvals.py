"""The s396 approval of an organisation, and its suspension/revocation by notice and response (R-396-4)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from careportal.db import TimeStampedModel
from careportal.lib import limits
from careportal.lib.dates import format_nz_date, nz_today
from careportal.workflow import GATE_CHECKS, condition, fsm_permission
from partners import permissions as perms
from partners.choices import NoticeAction, S396ApprovalStatus

from .applications import Application
from .organisations import Accreditation, Organisation

S = S396ApprovalStatus
LIVE = [S.ACTIVE, S.SUSPENDED]


# Conditions read only this row, so `allowed_transitions` costs no queries; the workflow gate reports an
# unmet one as a 409 with its rule and message. django-fsm types conditions on Model.
@condition(rule="R-396-4", message="A notice is already open; withdraw it before giving another.")
def _no_notice(approval: Any) -> bool:
    return not approval.notice_pending


@condition(rule="R-396-4", message="There is no notice to withdraw.")
def _notice(approval: Any) -> bool:
    return approval.notice_pending


@condition(rule="R-396-4", message="There is no notice awaiting the organisation's response.")
def _awaiting_response(approval: Any) -> bool:
    return approval.notice_pending and approval.organisation_responded_on is None


@condition(
    rule="R-396-4", message="Give notice of the proposed suspension first; the organisation may respond."
)
def _suspension_proposed(approval: Any) -> bool:
    return approval.proposed_action == NoticeAction.SUSPEND


@condition(
    rule="R-396-4", message="Give notice of the proposed revocation first; the organisation may respond."
)
def _revocation_proposed(approval: Any) -> bool:
    return approval.proposed_action == NoticeAction.REVOKE


@condition(
    rule="R-396-4",
    message=lambda approval: (
        f"The organisation may respond until {format_nz_date(approval.response_due_on)} "
        "and has not responded yet."
    ),
)
def _response_heard(approval: Any) -> bool:
    """A gate check (it depends on today): Suspend and Revoke stay offered, a press says why not yet."""
    return approval.organisation_responded_on is not None or approval.response_window_closed(nz_today())


class S396Approval(ConcurrentTransitionMixin, TimeStampedModel):
    """Approval to provide care under s396, recorded when the partner is confirmed (R-396-1)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="s396_approvals")
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="s396_approval"
    )
    granted_on = models.DateField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = FSMField(default=S.ACTIVE, choices=S.choices, protected=True)
    # R-396-4: the organisation is told what is proposed and may respond before the decision.
    proposed_action = models.CharField(max_length=16, choices=NoticeAction.choices, blank=True)
    notice_given_on = models.DateField(null=True, blank=True)
    notice_reason = models.TextField(max_length=limits.REASON, blank=True)
    response_due_on = models.DateField(null=True, blank=True, help_text="Last day of the submissions window.")
    organisation_responded_on = models.DateField(null=True, blank=True)
    organisation_response = models.TextField(max_length=limits.TEXT, blank=True)
    gazette_notice_reference = models.CharField(max_length=limits.REFERENCE, blank=True)
    suspended_on = models.DateField(null=True, blank=True)
    revoked_on = models.DateField(null=True, blank=True)
    # R-396-5 sweep bookkeeping: the day PfO was told the accreditation lapsed (cleared once current again).
    accreditation_alert_raised_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-granted_on"]
        verbose_name = "s396 approval"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status__in=LIVE),
                name="partners_one_live_s396_approval_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"s396 approval of {self.organisation} ({self.get_status_display()})"

    @property
    def accreditation_alert(self) -> bool:
        """R-396-5: the organisation no longer holds a current Level 1 accreditation. An alert only: it never
        suspends or revokes the approval by itself. Uses the `has_current_accreditation` annotation of the
        selectors when present (no query per row)."""
        if self.status not in LIVE:
            return False
        current = getattr(self, "has_current_accreditation", None)
        if current is None:
            today = timezone.localdate()
            current = any(
                a.level == 1 and a.is_current_on(today)
                for a in Accreditation.objects.filter(organisation_id=self.organisation_id)
            )
        return not current

    @property
    def notice_pending(self) -> bool:
        return bool(self.proposed_action) and self.status in LIVE

    def response_window_closed(self, today: date) -> bool:
        return self.response_due_on is not None and today > self.response_due_on

    def _give_notice(self, action: str, given_on: date, due_on: date, reason: str) -> None:
        self.proposed_action, self.notice_given_on, self.response_due_on = action, given_on, due_on
        self.notice_reason = reason
        self.organisation_responded_on, self.organisation_response = None, ""

    def _clear_notice(self) -> None:
        self.proposed_action = ""

    @transition(
        field=status, source=S.ACTIVE, target=None, permission=fsm_permission(perms.can_give_notice),
        conditions=[_no_notice],
    )  # fmt: skip
    def propose_suspension(self, *, given_on: date, response_due_on: date, notice_reason: str) -> None:
        self._give_notice(NoticeAction.SUSPEND, given_on, response_due_on, notice_reason)

    @transition(
        field=status, source=LIVE, target=None, permission=fsm_permission(perms.can_give_notice),
        conditions=[_no_notice],
    )  # fmt: skip
    def propose_revocation(self, *, given_on: date, response_due_on: date, notice_reason: str) -> None:
        self._give_notice(NoticeAction.REVOKE, given_on, response_due_on, notice_reason)

    @transition(
        field=status, source=LIVE, target=None, permission=fsm_permission(perms.can_respond),
        conditions=[_awaiting_response],
    )  # fmt: skip
    def respond(self, *, responded_on: date, response: str) -> None:
        self.organisation_responded_on, self.organisation_response = responded_on, response

    @transition(
        field=status, source=LIVE, target=None, permission=fsm_permission(perms.can_give_notice),
        conditions=[_notice],
    )  # fmt: skip
    def withdraw_notice(self) -> None:
        self._clear_notice()

    @transition(
        field=status, source=S.ACTIVE, target=S.SUSPENDED, permission=fsm_permission(perms.can_decide),
        conditions=[_suspension_proposed], custom={GATE_CHECKS: [_response_heard]},
    )  # fmt: skip
    def suspend(self, *, on: date, gazette_notice_reference: str) -> None:
        self.suspended_on, self.gazette_notice_reference = on, gazette_notice_reference
        self._clear_notice()

    @transition(
        field=status, source=LIVE, target=S.REVOKED, permission=fsm_permission(perms.can_decide),
        conditions=[_revocation_proposed], custom={GATE_CHECKS: [_response_heard]},
    )  # fmt: skip
    def revoke(self, *, on: date, gazette_notice_reference: str) -> None:
        self.revoked_on, self.gazette_notice_reference = on, gazette_notice_reference
        self._clear_notice()

    @transition(
        field=status, source=S.SUSPENDED, target=S.ACTIVE, permission=fsm_permission(perms.can_decide)
    )
    def reinstate(self, *, gazette_notice_reference: str = "") -> None:
        self.suspended_on = None
        if gazette_notice_reference:
            self.gazette_notice_reference = gazette_notice_reference
        self._clear_notice()
