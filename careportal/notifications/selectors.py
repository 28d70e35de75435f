"""Reads for the notifications page: the kinds a user has been sent, and their filtered notifications."""

from __future__ import annotations

from django.db.models import QuerySet

from careportal.lib.actor import Actor

from .kinds import kind_label, kind_of
from .models import Notification


def kind_groups(user: Actor) -> dict[str, list[str]]:
    """The kinds among `user`'s notifications (one query), each with the stored values it covers
    (a reminder sent at several thresholds is one kind: "Care agreement ending")."""
    groups: dict[str, list[str]] = {}
    stored = Notification.objects.filter(recipient=user).order_by().values_list("kind", flat=True).distinct()
    for value in stored:
        groups.setdefault(kind_of(value), []).append(value)
    return dict(sorted(groups.items(), key=lambda item: kind_label(item[0])))


def inbox(
    user: Actor, *, stored_kinds: list[str] | None = None, unread: bool = False
) -> QuerySet[Notification]:
    """`user`'s notifications, newest first, of those stored kinds only (None: every kind), unread only."""
    queryset = Notification.objects.filter(recipient=user)
    if stored_kinds is not None:
        queryset = queryset.filter(kind__in=stored_kinds)
    if unread:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.order_by("-created_at", "-id")
