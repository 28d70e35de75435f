# ruff: noqa: S608 - table and column names come from the models' own _meta, never from input
"""Reminders inserted and delivered in one PostgreSQL statement (decision 0010).

Django's bulk_create of the reminders, their in-app notifications and their audit rows cost 3.7 s of a
5 s sweep with 15,700 reminders due at national scale, nearly all of it Python: a model instance and a
prepared value per field per row, then each column dumped as an array. Here the proposals travel as one
JSON document, and one statement inserts the reminders that are new (ON CONFLICT DO NOTHING on the
reminder key keeps exactly-once), their notifications and their audit rows, and returns what it
inserted. Same rows, same values as careportal.notifications.reminders.insert_and_deliver_in_steps, which other
databases use (SQLite for the embedded quick start); tests run the engine through both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import connection

from careportal.audit.models import AuditEntry, AuditKind

from .models import Notification, Reminder

if TYPE_CHECKING:
    from .reminders import ReminderSpec

_COLUMNS = ("kind", "subject_type", "subject_id", "due_on", "recipient_id", "message", "link")


def _returned() -> list[str]:
    """Every column of a reminder, in the model's order, so each returned row makes a full instance."""
    return [field.column for field in Reminder._meta.concrete_fields]


def _statement(returned: str) -> str:
    reminder, notification, audit = (m._meta.db_table for m in (Reminder, Notification, AuditEntry))
    return f"""
    WITH proposed AS (
        SELECT * FROM jsonb_to_recordset(%(rows)s::jsonb) AS p(kind text, subject_type text, subject_id text,
            due_on date, recipient_id bigint, message text, link text)
    ), new AS (
        INSERT INTO {reminder} (id, created_at, updated_at, {", ".join(_COLUMNS)}, notification_id)
        SELECT gen_random_uuid(), %(now)s, %(now)s, kind, subject_type, subject_id, due_on, recipient_id,
            left(message, 300), link, gen_random_uuid()
        FROM proposed
        ON CONFLICT (kind, subject_type, subject_id, due_on, recipient_id) DO NOTHING
        RETURNING {", ".join(_returned())}
    ), notified AS (
        INSERT INTO {notification} (id, created_at, updated_at, recipient_id, kind, message, link)
        SELECT notification_id, %(now)s, %(now)s, recipient_id, kind, message, link FROM new
    ), audited AS (
        INSERT INTO {audit} (at, kind, action, object_type, object_id, from_status, to_status, reason, data,
            request_id)
        SELECT %(now)s, %(delivery)s, 'reminder:' || kind, subject_type, subject_id, '', '', '',
            jsonb_build_object('reminder', id::text, 'recipient', recipient_id, 'channel', 'in_app'), ''
        FROM new
    )
    SELECT {returned} FROM new
    """


def insert_and_deliver(specs: Iterable[ReminderSpec], now: datetime) -> list[Reminder]:
    """Insert the reminders not sent before with their notifications and audit rows; the new ones."""
    fields = [field.attname for field in Reminder._meta.concrete_fields]
    rows = _run(specs, now, ", ".join(_returned()))
    return [Reminder.from_db(connection.alias, fields, values) for values in rows]


def insert_and_deliver_ids(specs: Iterable[ReminderSpec], now: datetime) -> list[str]:
    """The same rows written; only the new reminders' ids returned (the sweep's e-mails need no more)."""
    return [str(pk) for (pk,) in _run(specs, now, "id")]


def _run(specs: Iterable[ReminderSpec], now: datetime, returned: str) -> list[tuple]:
    rows = [
        {
            "kind": s.kind,
            "subject_type": s.subject_type,
            "subject_id": s.subject_id,
            "due_on": s.due_on.isoformat(),
            "recipient_id": s.recipient_id,
            "message": s.message,
            "link": s.link,
        }
        for s in specs
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            _statement(returned), {"rows": json.dumps(rows), "now": now, "delivery": AuditKind.DELIVERY.value}
        )
        return cursor.fetchall()
