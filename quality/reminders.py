"""Which Quality Assurance reminders are due on a day (decision 0009): one query per kind, sent by the engine.

A reminder is due once `today` has reached its trigger date while the review or action is still in the
state the reminder is about, so a sweep missed for a day still sends it the next day; the engine's unique
key (kind, subject, due_on, recipient) keeps it single. Texts carry the review reference and a portal
link; never an action's free-text title or a finding's narrative, which could name someone (R-PRIV-2).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import FilteredRelation, Q, QuerySet
from django.urls import reverse

from careportal.accounts.choices import Role
from careportal.lib.dates import format_nz_date
from careportal.notifications.kinds import ReminderKind
from careportal.notifications.models import Reminder
from careportal.notifications.reminders import ReminderSpec, send_reminders

from .choices import PARTNER_VISIBLE_REVIEW_STATUSES, ActionStatus, ReviewStatus
from .models import ImprovementAction, QAReview

Row = dict[str, Any]
# Decision: an action whose evidence is submitted waits on the Hub's verification, not on its owner, so
# only actions still with their owner are reminded of (open, in progress).
WITH_OWNER = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def _spec(kind: str, subject_type: str, row: Row, recipient: int, message: str, link: str) -> ReminderSpec:
    return ReminderSpec(
        kind=kind,
        subject_type=subject_type,
        subject_id=str(row["pk"]),
        due_on=row["due"],
        recipient_id=recipient,
        message=message,
        link=link,
    )


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
    specs = []
    for row in rows:
        row["due"] = row["planned_for"]
        lead = [row["lead_reviewer_id"]] if row["lead_reviewer__is_active"] else []
        for recipient in lead if row["lead_reviewer_id"] else hub:
            specs.append(
                _spec(
                    ReminderKind.QUALITY_REVIEW_DUE,
                    "quality.qareview",
                    row,
                    recipient,
                    f"QA review {row['reference']} is planned to start on {format_nz_date(row['planned_for'])}.",
                    reverse("quality:review_detail", args=[row["pk"]]),
                )
            )
    return specs


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


def _action_specs(rows: Iterable[Row], kind: str, message: Callable[[Row], str]) -> list[ReminderSpec]:
    specs = []
    for row in rows:
        row["due"] = row["due_on"]
        link = reverse("quality:action_detail", args=[row["pk"]])
        for recipient in _action_recipients(row):
            specs.append(_spec(kind, "quality.improvementaction", row, recipient, message(row), link))
    return specs


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
        lambda r: (
            f"An improvement action from QA review {r['review__reference']} was due on "
            f"{format_nz_date(r['due_on'])} and is overdue."
        ),
    )


KINDS: tuple[Callable[[date], list[ReminderSpec]], ...] = (review_due, action_due, action_overdue)


def due_reminders(today: date) -> list[ReminderSpec]:
    return [spec for kind in KINDS for spec in kind(today)]


def send_due_reminders(today: date) -> list[Reminder]:
    """Send every QA reminder due on `today` (once: the engine's unique key)."""
    return send_reminders(due_reminders(today))
