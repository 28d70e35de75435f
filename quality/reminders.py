"""Which Quality Assurance reminders are due on a day (decision 0009): one query per kind, sent by the engine.

A reminder is due once `today` has reached its trigger date while the review or action is still in the
state the reminder is about, so a sweep missed for a day still sends it the next day; the engine's unique
key (kind, subject, due_on, recipient) keeps it single. Texts carry the review reference and a portal
link; never an action's free-text title or a finding's narrative, which could name someone (R-PRIV-2).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import FilteredRelation, Q, QuerySet

from careportal.accounts.choices import Role
from careportal.lib.dates import format_nz_date
from careportal.notifications.kinds import ReminderKind
from careportal.notifications.reminders import ReminderQueries, ReminderSpec, specs_for_rows, specs_maker

from .choices import PARTNER_VISIBLE_REVIEW_STATUSES, ActionStatus, ReviewStatus
from .models import ImprovementAction, QAReview

Row = dict[str, Any]
# Decision: an action whose evidence is submitted waits on the Hub's verification, not on its owner, so
# only actions still with their owner are reminded of (open, in progress).
WITH_OWNER = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


# --- Reviews --------------------------------------------------------------------------------------------


def review_due(today: date) -> list[ReminderSpec]:
    """A planned review starts within 14 days (or should have started): to its lead reviewer, or to every
    Hub reviewer while it has none (partners do not see planned reviews: quality/permissions.py)."""
    days = settings.CAREPORTAL_REMINDER_QA_REVIEW_DUE_DAYS
    rows = list(
        QAReview.objects.filter(status=ReviewStatus.PLANNED, planned_for__lte=today + timedelta(days=days))
        .order_by()
        .values("pk", "reference", "planned_for", "lead_reviewer_id", "lead_reviewer__is_active")
    )
    hub: list[int] = []
    if any(not r["lead_reviewer_id"] for r in rows):  # one more query, whatever the number of reviews
        hub = list(
            get_user_model()
            .objects.filter(role=Role.HUB_REVIEWER, is_active=True)
            .values_list("pk", flat=True)
        )
    return specs_for_rows(
        rows,
        kind=ReminderKind.QUALITY_REVIEW_DUE,
        subject_type="quality.qareview",
        detail_url="quality:review_detail",
        recipients=lambda r: _review_recipients(r, hub),
        due_on=lambda r: r["planned_for"],
        message=lambda r: (
            f"QA review {r['reference']} is planned to start on {format_nz_date(r['planned_for'])}."
        ),
    )


def _review_recipients(row: Row, hub: list[int]) -> list[int]:
    if not row["lead_reviewer_id"]:
        return hub
    return [row["lead_reviewer_id"]] if row["lead_reviewer__is_active"] else []


# --- Improvement actions --------------------------------------------------------------------------------


def _actions(queryset: QuerySet[ImprovementAction]) -> list[Row]:
    """One query: the actions with their review, the review's lead reviewer, the action's creator and one
    row per active partner_admin of the owner organisation (a filtered LEFT JOIN)."""
    return list(
        queryset.annotate(
            owner_admin=FilteredRelation(
                "owner_organisation__members",
                condition=Q(
                    owner_organisation__members__role=Role.PARTNER_ADMIN,
                    owner_organisation__members__is_active=True,
                ),
            )
        )
        .order_by()
        .values(
            "pk",
            "due_on",
            "review_id",
            "review__reference",
            "review__status",
            "review__lead_reviewer_id",
            "review__lead_reviewer__is_active",
            "created_by_id",
            "created_by__is_active",
            "owner_admin__id",
        )
    )


def _action_recipients(row: Row) -> list[int]:
    """The Hub (the review's lead reviewer, else whoever created the action) and the owner organisation's
    administrators once the review is visible to the partner (quality/permissions.py decision)."""
    ids = []
    if row["review__lead_reviewer_id"]:
        if row["review__lead_reviewer__is_active"]:
            ids.append(row["review__lead_reviewer_id"])
    elif row["created_by__is_active"]:
        ids.append(row["created_by_id"])
    if row["owner_admin__id"] and row["review__status"] in PARTNER_VISIBLE_REVIEW_STATUSES:
        ids.append(row["owner_admin__id"])
    return ids


_action_specs = specs_maker(
    subject_type="quality.improvementaction",
    detail_url="quality:action_detail",
    recipients=_action_recipients,
)


def action_due(today: date) -> list[ReminderSpec]:
    """An improvement action still with its owner is due within 14 days."""
    days = settings.CAREPORTAL_REMINDER_ACTION_DUE_DAYS
    rows = _actions(
        ImprovementAction.objects.filter(
            status__in=WITH_OWNER, due_on__gte=today, due_on__lte=today + timedelta(days=days)
        )
    )
    return _action_specs(
        rows,
        ReminderKind.QUALITY_ACTION_DUE,
        lambda r: r["due_on"],
        lambda r: (
            f"An improvement action from QA review {r['review__reference']} is due on {format_nz_date(r['due_on'])}."
        ),
    )


def action_overdue(today: date) -> list[ReminderSpec]:
    """An improvement action still with its owner is past its due date (an overdue kind: escalates)."""
    rows = _actions(ImprovementAction.objects.filter(status__in=WITH_OWNER, due_on__lt=today))
    return _action_specs(
        rows,
        ReminderKind.QUALITY_ACTION_OVERDUE,
        lambda r: r["due_on"],
        lambda r: (
            f"An improvement action from QA review {r['review__reference']} was due on "
            f"{format_nz_date(r['due_on'])} and is overdue."
        ),
    )


KINDS = ReminderQueries((review_due, action_due, action_overdue))
due_reminders = KINDS.due
send_due_reminders = KINDS.send  # every QA reminder due on a day, sent once
