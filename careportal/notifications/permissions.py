"""Whose follow-up tasks a user sees and may mark done: their own, and their team's as its supervisor.

A team is the users whose `supervisor` is this user (careportal.accounts.models.User.supervisor): the
supervisor answers for their supervisees' work, including an R-ALL-8 safety check left by one who is
away or has left. Everyone else's task answers 404, by the portal and the API alike.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from careportal.lib.actor import Actor

from .models import FollowUpTask


def own_tasks(user: Actor) -> QuerySet[FollowUpTask]:
    return FollowUpTask.objects.filter(assignee=user) if user.is_active else FollowUpTask.objects.none()


def team_tasks(user: Actor) -> QuerySet[FollowUpTask]:
    """Tasks assigned to the people this user supervises (empty for someone who supervises nobody)."""
    if not user.is_active:
        return FollowUpTask.objects.none()
    return FollowUpTask.objects.filter(assignee__supervisor=user)


def actionable_tasks(user: Actor) -> QuerySet[FollowUpTask]:
    """The tasks `user` may mark done: their own and their team's."""
    if not user.is_active:
        return FollowUpTask.objects.none()
    return FollowUpTask.objects.filter(Q(assignee=user) | Q(assignee__supervisor=user))


def can_complete(user: Actor, task: FollowUpTask) -> bool:
    """The assignee, or the assignee's supervisor (their team lead), while active."""
    if not getattr(user, "is_active", False) or task.assignee_id is None:
        return False
    if task.assignee_id == user.pk:
        return True
    return task.assignee is not None and task.assignee.supervisor_id == user.pk
