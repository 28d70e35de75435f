"""The one shape of a record scope (R-PRIV-1): readers who see every organisation see all of it, a member of
a partner organisation sees only that organisation's records, and anyone else sees none."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from careportal.lib.actor import Actor


def own_organisation_scope(
    queryset: QuerySet, user: Actor, *, sees_all: bool, is_member: bool, field: str, **member_filters: Any
) -> QuerySet:
    """All of `queryset` when `sees_all`; for a member, the rows whose `field` is their organisation (and that
    pass `member_filters`); otherwise none."""
    if sees_all:
        return queryset
    if is_member:
        return queryset.filter(**{field: user.organisation_id}, **member_filters)
    return queryset.none()
