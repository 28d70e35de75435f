"""Writing to the audit trail. Call inside the same transaction as the change it records."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction

from careportal.lib.actor import RequestUser
from careportal.middleware import current_request_context

from .models import AuditEntry, AuditKind, ViewedRecord


def audit_record(
    *,
    actor: RequestUser | None,
    kind: str,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    data: dict | None = None,
) -> AuditEntry:
    """Append one entry; the request id and IP come from the request being served, if any. An actor that is
    not a saved user (None for the system, an anonymous request) is recorded as no actor."""
    context = current_request_context()
    if obj is not None:
        object_type, object_id = obj._meta.label_lower, str(obj.pk)
    saved = None if actor is None or isinstance(actor, AnonymousUser) or actor.pk is None else actor
    return AuditEntry.objects.create(
        actor=saved,
        kind=kind,
        action=action,
        object_type=object_type,
        object_id=object_id,
        from_status=from_status or "",
        to_status=to_status or "",
        reason=reason or "",
        data=data or {},
        request_id=context.request_id,
        ip_address=context.ip_address,
    )


def audit_view(*, actor: RequestUser, obj: models.Model, what: str = "view") -> AuditEntry:
    """R-PRIV-3: record that a user viewed a child's record (or a record about a child)."""
    return audit_record(actor=actor, kind=AuditKind.VIEW, action=what, obj=obj)


def audit_list_view(
    *, actor: RequestUser, object_type: str, object_ids: Iterable[Any], what: str = "view_list"
) -> AuditEntry | None:
    """R-PRIV-3: a list showing children's data is a view of each record shown. One entry a request and one
    bulk INSERT of the records it names, whatever the page size; nothing when the page is empty."""
    entries = audit_list_views(actor=actor, shown={object_type: object_ids}, what=what)
    return entries[0] if entries else None


def audit_list_views(
    *, actor: RequestUser, shown: dict[str, Iterable[Any]], what: str = "view_list"
) -> list[AuditEntry]:
    """R-PRIV-3: one page showing records of several kinds (the search's results): one entry a kind, all
    entries in one INSERT and all the records they name in another, whatever the kinds and rows."""
    named = {object_type: [str(pk) for pk in ids] for object_type, ids in shown.items()}
    named = {object_type: ids for object_type, ids in named.items() if ids}
    if not named:
        return []
    context = current_request_context()
    saved = None if actor is None or isinstance(actor, AnonymousUser) or actor.pk is None else actor
    # One transaction: one commit (one WAL flush) for both INSERTs, and never an entry without its records.
    with transaction.atomic():
        entries = AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    actor=saved,
                    kind=AuditKind.VIEW,
                    action=what,
                    object_type=object_type,
                    data={"count": len(ids)},
                    request_id=context.request_id,
                    ip_address=context.ip_address,
                )
                for object_type, ids in named.items()
            ]
        )
        ViewedRecord.objects.bulk_create(
            [
                ViewedRecord(entry=entry, object_type=entry.object_type, object_id=pk)
                for entry, ids in zip(entries, named.values(), strict=True)
                for pk in ids
            ]
        )
    return entries
