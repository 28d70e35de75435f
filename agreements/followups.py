"""Follow-up tasks the agreements app creates. Titles carry the reference, never a child's name (R-PRIV-2)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.urls import reverse

from careportal.calendar import add_working_days
from careportal.notifications.kinds import TaskKind
from careportal.notifications.models import FollowUpTask
from careportal.notifications.services import task_create

# Decision: the safety check is due on the first working day after the agreement ended.
SAFETY_CHECK_WORKING_DAYS = 1
# Decision: the R-140-7 follow-ups are due within 5 working days of the withdrawal being recorded.
WITHDRAWAL_FOLLOW_UP_WORKING_DAYS = 5
SUBJECT_TYPE = "agreements.agreement"


def agreement_link(agreement_id: Any) -> str:
    return reverse("agreements:detail", args=[agreement_id])


def safety_check_task(
    *,
    agreement_id: Any,
    reference: str,
    assignee_id: Any,
    ended_on: date,
    link_to: Callable[[Any], str] = agreement_link,
) -> FollowUpTask:
    """R-ALL-8: an unsaved safety-check task for the social worker (the sweep bulk-creates these, with a
    `link_to` made by careportal.links for the whole batch)."""
    return FollowUpTask(
        kind=TaskKind.AGREEMENT_SAFETY_CHECK,
        title=f"Safety check: care agreement {reference} has ended",
        assignee_id=assignee_id,
        subject_type=SUBJECT_TYPE,
        subject_id=str(agreement_id),
        due_on=add_working_days(ended_on, SAFETY_CHECK_WORKING_DAYS),
        link=link_to(agreement_id),
    )


def create_safety_check(agreement: Any, *, ended_on: date) -> FollowUpTask:
    """R-ALL-8: after any ending, a safety check task for the social worker who drafted the agreement."""
    template = safety_check_task(
        agreement_id=agreement.pk,
        reference=agreement.reference,
        assignee_id=agreement.drafted_by_id,
        ended_on=ended_on,
    )
    return task_create(
        kind=template.kind,
        title=template.title,
        subject=agreement,
        assignee=agreement.drafted_by,
        due_on=template.due_on,
        link=template.link,
    )


def create_consent_withdrawal_tasks(agreement: Any, *, recorded_on: date, coordinator: Any) -> None:
    """R-140-7: explore why te tamaiti withdrew consent, and consider reconvening the FGC."""
    due_on = add_working_days(recorded_on, WITHDRAWAL_FOLLOW_UP_WORKING_DAYS)
    link = agreement_link(agreement.pk)
    task_create(
        kind=TaskKind.AGREEMENT_EXPLORE_CONSENT_WITHDRAWAL,
        title=f"Kōrero with te tamaiti about withdrawing consent to care agreement {agreement.reference}",
        subject=agreement,
        assignee=agreement.drafted_by,
        due_on=due_on,
        link=link,
    )
    task_create(
        kind=TaskKind.AGREEMENT_CONSIDER_RECONVENING_FGC,
        title=f"Consider reconvening the family group conference for care agreement {agreement.reference}",
        subject=agreement,
        assignee=coordinator or agreement.drafted_by,
        due_on=due_on,
        link=link,
    )
