"""R-ALL-4 while an agreement is in force: when its caregiver's s396 approval is suspended or revoked, or
its Te Kāhui Kāhu Level 1 accreditation has lapsed, the social worker and the supervisor get a task to
re-plan the care (the agreement's warning says so too: agreements.models.agreement_warnings).

A step of the daily sweep: set-based (one SELECT, one bulk insert of tasks, one of audit rows), and while
a task is still open no second one is made. A task marked done while the cause lasts comes back the next
day: the care must be re-planned (the agreement ended, or the caregiver approved again), not the task
dismissed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast

from agreements.choices import IN_FORCE_STATUSES
from agreements.followups import SUBJECT_TYPE
from agreements.models import Agreement
from careportal.audit.models import AuditEntry, AuditKind
from careportal.calendar import add_working_days
from careportal.links import link_maker
from careportal.notifications.kinds import TaskKind
from careportal.notifications.models import FollowUpTask, TaskStatus
from partners.choices import ApprovalStatus
from partners.selectors import current_level1_accreditation

# Decision: re-planning is urgent (care without a current approval), due within 2 working days.
REPLAN_WORKING_DAYS = 2


def _caregiver_not_current(today: date) -> Q:
    """The caregiver organisation no longer holds a current approval or Level 1 accreditation (R-ALL-4)."""
    return Q(caregiver_organisation__isnull=False) & (
        ~Q(caregiver_organisation__approval_status=ApprovalStatus.APPROVED)
        | ~Q(current_level1_accreditation(today, "caregiver_organisation"))
    )


def _due(today: date) -> list[dict[str, Any]]:
    open_task = FollowUpTask.objects.filter(
        kind=TaskKind.AGREEMENT_REPLAN_CARE,
        subject_type=SUBJECT_TYPE,
        subject_id=Cast(OuterRef("pk"), output_field=CharField()),
        status=TaskStatus.OPEN,
    )
    return list(
        Agreement.objects.filter(status__in=IN_FORCE_STATUSES)
        .filter(_caregiver_not_current(today))
        .exclude(Exists(open_task))
        .values(
            "pk",
            "reference",
            "drafted_by_id",
            "approved_by_id",
            "drafted_by__supervisor_id",
            "caregiver_organisation__legal_name",
        )
    )


def _tasks(row: dict[str, Any], today: date, link: str) -> list[FollowUpTask]:
    """One for the social worker, one for the supervisor who approved it (else the worker's supervisor)."""
    supervisor = row["approved_by_id"] or row["drafted_by__supervisor_id"]
    assignees = dict.fromkeys(a for a in (row["drafted_by_id"], supervisor) if a is not None)
    title = (
        f"Re-plan the care under care agreement {row['reference']}: "
        f"{row['caregiver_organisation__legal_name']} no longer holds a current approval or accreditation"
    )
    return [
        FollowUpTask(
            kind=TaskKind.AGREEMENT_REPLAN_CARE,
            title=title[:200],
            assignee_id=assignee,
            subject_type=SUBJECT_TYPE,
            subject_id=str(row["pk"]),
            due_on=add_working_days(today, REPLAN_WORKING_DAYS),
            link=link,
        )
        for assignee in assignees
    ]


def run(today: date) -> list[str]:
    """Make the day's re-planning tasks; a second run the same day makes none."""
    with transaction.atomic():
        rows = _due(today)
        if not rows:
            return []
        detail_link = link_maker("agreements:detail")
        tasks = [task for row in rows for task in _tasks(row, today, detail_link(row["pk"]))]
        FollowUpTask.objects.bulk_create(tasks)
        AuditEntry.objects.bulk_create(
            AuditEntry(
                actor=None,
                kind=AuditKind.CREATE,
                action=f"task:{task.kind}",
                object_type="notifications.followuptask",
                object_id=str(task.pk),
                data={"subject": task.subject_id, "rule": "R-ALL-4"},
            )
            for task in tasks
        )
    return [
        f"agreements: {row['reference']} caregiver not current (R-ALL-4); re-plan tasks created"
        for row in rows
    ]
