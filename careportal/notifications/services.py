"""Creating follow-up tasks and notifications. Callers pass texts free of children's names (R-PRIV-2)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models

from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record

from .models import FollowUpTask, Notification


def task_create(
    *,
    kind: str,
    title: str,
    subject: models.Model,
    assignee: Any = None,
    due_on: date | None = None,
    link: str = "",
) -> FollowUpTask:
    """Create one follow-up task about `subject` and audit it."""
    task = FollowUpTask.objects.create(
        kind=kind,
        title=title,
        assignee=assignee,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        due_on=due_on,
        link=link,
    )
    audit_record(
        actor=None, kind=AuditKind.CREATE, action=f"task:{kind}", obj=task, data={"subject": str(subject.pk)}
    )
    return task


def notification_create(*, recipient: Any, kind: str, message: str, link: str = "") -> Notification:
    """Create one in-app notification (message must not contain a child's name, R-PRIV-2)."""
    return Notification.objects.create(recipient=recipient, kind=kind, message=message[:300], link=link)


def tasks_for(subject: models.Model) -> models.QuerySet[FollowUpTask]:
    return FollowUpTask.objects.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk))
