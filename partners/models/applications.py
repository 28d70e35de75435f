"""A care partner application through the four phases (docs/rules.md "Becoming a care partner")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from careportal.db import TimeStampedModel
from careportal.lib import limits
from careportal.lib.dates import format_nz_date, nz_today
from careportal.workflow import GATE_CHECKS, condition, fsm_permission
from partners import permissions as perms
from partners.choices import (
    APPLICATION_CLOSED,
    APPLICATION_DECLINABLE,
    APPLICATION_PHASES,
    ApplicationStatus,
)

from .organisations import Organisation

S = ApplicationStatus


# Conditions read only this row (no queries), so `allowed_transitions` stays free on a list; the workflow
# gate reports an unmet one as a 409 with its rule and message. django-fsm types conditions on Model.
@condition(
    rule="R-396-4", message="A decline has been proposed; decide it or cancel the proposal before moving on."
)
def _no_decline_pending(application: Any) -> bool:
    return not application.decline_pending


@condition(rule="R-396-4", message="There is no proposed decline awaiting the organisation's response.")
def _awaiting_response(application: Any) -> bool:
    return application.decline_pending and application.organisation_responded_on is None


@condition(rule="R-396-4", message="There is no proposed decline to cancel.")
def _decline_to_cancel(application: Any) -> bool:
    return application.decline_pending


@condition(
    rule="R-396-4", message="Propose the decline first: the organisation must be told and may respond."
)
def _decline_proposed(application: Any) -> bool:
    return application.decline_pending


@condition(
    rule="R-396-4",
    message=lambda application: (
        "The organisation's submissions window is open until "
        f"{format_nz_date(application.submissions_due_on)} and it has not responded yet."
    ),
)
def _submissions_heard(application: Any) -> bool:
    """A gate check (it depends on today): the Decline button stays offered, a press says why not yet."""
    return application.organisation_responded_on is not None or application.submissions_window_closed(
        nz_today()
    )


class Application(ConcurrentTransitionMixin, TimeStampedModel):
    """One organisation's path to s396 approval: preparation → readiness → confirmation → QA transition."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="applications")
    status = FSMField(default=S.PREPARATION, choices=S.choices, protected=True)
    care_model_summary = models.TextField(max_length=limits.TEXT, blank=True)
    # R-396-2: recorded by staff before the organisation leaves preparation.
    local_provision_notes = models.TextField(
        max_length=limits.TEXT, blank=True, help_text="What is already provided in the local area (R-396-2)."
    )
    stakeholders_consulted = models.TextField(
        max_length=limits.TEXT, blank=True, help_text="The key stakeholders consulted (R-396-2)."
    )
    # R-396-4: notice of a proposed decline and the organisation's chance to respond.
    decline_proposed_on = models.DateField(null=True, blank=True)
    decline_proposal_reason = models.TextField(max_length=limits.REASON, blank=True)
    submissions_due_on = models.DateField(
        null=True, blank=True, help_text="The last day of the submissions window (working days)."
    )
    organisation_responded_on = models.DateField(null=True, blank=True)
    organisation_response = models.TextField(max_length=limits.TEXT, blank=True)
    # R-396-1: Oranga Tamariki's confirmation of Quality of Practice, recorded when the partner is confirmed.
    quality_of_practice_confirmed_on = models.DateField(null=True, blank=True)
    # Planned on complete_transition; the quality app's QA cycle is wired to it later.
    qa_first_review_planned_on = models.DateField(null=True, blank=True)
    closing_reason = models.TextField(max_length=limits.REASON, blank=True)
    # When each phase began (preparation begins at created_at): the pipeline shows time in each phase.
    readiness_started_at = models.DateTimeField(null=True, blank=True)
    confirmation_started_at = models.DateTimeField(null=True, blank=True)
    qa_transition_started_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            # One application at a time: an organisation re-applies only after a decline or withdrawal.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=~models.Q(status__in=[S.DECLINED, S.WITHDRAWN]),
                name="partners_one_live_application_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"Application of {self.organisation} ({self.get_status_display()})"

    # --- derived values -------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.status not in APPLICATION_CLOSED

    @property
    def decline_pending(self) -> bool:
        """A decline has been proposed and not yet decided or cancelled (R-396-4)."""
        return self.decline_proposed_on is not None and self.status in APPLICATION_DECLINABLE

    def submissions_window_closed(self, today: date) -> bool:
        """R-396-4: the window's last day is `submissions_due_on`; it has closed from the day after."""
        return self.submissions_due_on is not None and today > self.submissions_due_on

    def phase_starts(self) -> list[tuple[str, datetime | None]]:
        """(phase, start) for the four phases and the approved end, in order."""
        return [
            (S.PREPARATION, self.created_at),
            (S.READINESS, self.readiness_started_at),
            (S.CONFIRMATION, self.confirmation_started_at),
            (S.QA_TRANSITION, self.qa_transition_started_at),
            (S.APPROVED, self.approved_at),
        ]

    def phase_durations(self, now: datetime | None = None) -> dict[str, tuple[int, bool]]:
        """Whole days spent in each phase reached: {phase: (days, finished)}; the current phase runs to now."""
        now = now or timezone.now()
        starts = self.phase_starts()
        result: dict[str, tuple[int, bool]] = {}
        for (phase, start), (_, end) in zip(starts, starts[1:], strict=False):
            if start is None:
                break
            finished = end is not None
            stop = end if end is not None else (self.closed_at or now)
            result[phase] = (max((stop - start).days, 0), finished)
        return result

    @property
    def phase_index(self) -> int:
        """Position of the current phase in the progress bar (4 once approved; -1 when closed early)."""
        if self.status == S.APPROVED:
            return len(APPLICATION_PHASES)
        try:
            return APPLICATION_PHASES.index(self.status)
        except ValueError:
            return -1

    # --- transitions: bodies change only this record; guards live in partners.services ----------

    @transition(
        field=status, source=S.PREPARATION, target=S.READINESS, permission=fsm_permission(perms.can_move_phase),
        conditions=[_no_decline_pending],
    )  # fmt: skip
    def begin_readiness(self) -> None:
        self.readiness_started_at = timezone.now()

    @transition(
        field=status, source=S.READINESS, target=S.CONFIRMATION, permission=fsm_permission(perms.can_move_phase),
        conditions=[_no_decline_pending],
    )  # fmt: skip
    def request_confirmation(self) -> None:
        self.confirmation_started_at = timezone.now()

    @transition(
        field=status, source=S.CONFIRMATION, target=S.QA_TRANSITION, permission=fsm_permission(perms.can_decide),
        conditions=[_no_decline_pending],
    )  # fmt: skip
    def confirm_partner(self, *, quality_of_practice_confirmed_on: date) -> None:
        self.quality_of_practice_confirmed_on = quality_of_practice_confirmed_on
        self.qa_transition_started_at = timezone.now()

    @transition(
        field=status,
        source=S.QA_TRANSITION,
        target=S.APPROVED,
        permission=fsm_permission(perms.can_move_phase),
    )
    def complete_transition(self, *, qa_first_review_planned_on: date) -> None:
        self.qa_first_review_planned_on = qa_first_review_planned_on
        self.approved_at = timezone.now()

    @transition(
        field=status, source=list(APPLICATION_DECLINABLE), target=None, permission=fsm_permission(perms.can_give_notice),
        conditions=[_no_decline_pending],
    )  # fmt: skip
    def propose_decline(self, *, proposed_on: date, submissions_due_on: date, proposal_reason: str) -> None:
        self.decline_proposed_on = proposed_on
        self.submissions_due_on = submissions_due_on
        self.decline_proposal_reason = proposal_reason
        self.organisation_responded_on = None
        self.organisation_response = ""

    @transition(
        field=status, source=list(APPLICATION_DECLINABLE), target=None, permission=fsm_permission(perms.can_respond),
        conditions=[_awaiting_response],
    )  # fmt: skip
    def respond(self, *, responded_on: date, response: str) -> None:
        self.organisation_responded_on = responded_on
        self.organisation_response = response

    @transition(
        field=status, source=list(APPLICATION_DECLINABLE), target=None, permission=fsm_permission(perms.can_give_notice),
        conditions=[_decline_to_cancel],
    )  # fmt: skip
    def cancel_decline_proposal(self) -> None:
        self.decline_proposed_on = None
        self.submissions_due_on = None
        self.decline_proposal_reason = ""

    @transition(
        field=status, source=list(APPLICATION_DECLINABLE), target=S.DECLINED, permission=fsm_permission(perms.can_decide),
        conditions=[_decline_proposed], custom={GATE_CHECKS: [_submissions_heard]},
    )  # fmt: skip
    def decline(self, *, closing_reason: str) -> None:
        self.closing_reason = closing_reason
        self.closed_at = timezone.now()

    @transition(
        field=status,
        source=list(APPLICATION_DECLINABLE),
        target=S.WITHDRAWN,
        permission=fsm_permission(perms.can_withdraw),
    )
    def withdraw(self, *, closing_reason: str) -> None:
        self.closing_reason = closing_reason
        self.closed_at = timezone.now()
