"""Creating follow-up tasks and notifications. Callers pass texts free of children's names (R-PRIV-2)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import models, transaction
from django.utils import timezone

from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record
from careportal.exceptions import NotPermitted, RuleViolation, TransitionNotAllowed
from careportal.lib.actor import Actor

from .models import TASK_NOTE_MAX_LENGTH, FollowUpTask, Notification, TaskStatus
from .permissions import can_complete


def task_create(
    *,
    kind: str,
    title: str,
    subject: models.Model,
    assignee: Actor | None = None,
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


@transaction.atomic
def task_mark_done(*, task: FollowUpTask, by: Actor, note: str = "") -> FollowUpTask:
    """Mark a follow-up task (e.g. the R-ALL-8 safety check) done, with an optional note, and audit it."""
    note = (note or "").strip()
    if len(note) > TASK_NOTE_MAX_LENGTH:
        raise RuleViolation(f"Keep the note to {TASK_NOTE_MAX_LENGTH} characters or fewer.", field="note")
    # The lock queues a second "done" (a double click, the portal and the API at once) behind the first.
    task = FollowUpTask.objects.select_for_update(of=("self",)).select_related("assignee").get(pk=task.pk)
    if not can_complete(by, task):
        raise NotPermitted("Only the person the task is assigned to, or their supervisor, can mark it done.")
    if task.status != TaskStatus.OPEN:
        raise TransitionNotAllowed("This task is already done.", status=task.status)
    task.status, task.completed_at, task.completed_by = TaskStatus.DONE, timezone.now(), by
    task.completion_note = note
    task.save(update_fields=["status", "completed_at", "completed_by", "completion_note", "updated_at"])
    audit_record(
        actor=by,
        kind=AuditKind.TRANSITION,
        action="done",
        obj=task,
        from_status=TaskStatus.OPEN,
        to_status=TaskStatus.DONE,
        reason=note,
        data={"task_kind": task.kind, "subject_type": task.subject_type, "subject_id": task.subject_id},
    )
    return task


def notification_create(*, recipient: Actor, kind: str, message: str, link: str = "") -> Notification:
    """Create one in-app notification now (message must not contain a child's name, R-PRIV-2).

    A service changing a record uses `notify_on_commit` / `notify_all_on_commit` instead."""
    return Notification.objects.create(recipient=recipient, kind=kind, message=message[:300], link=link)


def notify_on_commit(*, recipient: Actor | None, kind: str, message: str, link: str = "") -> None:
    """Tell `recipient` (nobody when None) once the current transaction commits, never about a change that
    was rolled back. The one way services send notifications (R-PRIV-2 applies to `message`)."""
    if recipient is not None:
        notify_all_on_commit([recipient], kind=kind, message=message, link=link)


def notify_all_on_commit(recipients: Iterable[Actor], *, kind: str, message: str, link: str = "") -> None:
    """One notification per recipient once the transaction commits. A queryset is read at commit time,
    so it names the users who are active then (one query and one bulk INSERT)."""

    def send() -> None:
        Notification.objects.bulk_create(
            [Notification(recipient=user, kind=kind, message=message[:300], link=link) for user in recipients]
        )

    transaction.on_commit(send)


def notifications_mark_all_read(*, user: Actor, stored_kinds: list[str] | None = None) -> int:
    """Mark `user`'s unread notifications (of those stored kinds only; None: every kind) read in one UPDATE;
    how many were unread.

    Not audited, like opening one notification (`notification_read`): reading a message changes no record."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if stored_kinds is not None:
        unread = unread.filter(kind__in=stored_kinds)
    return unread.update(read_at=timezone.now())
