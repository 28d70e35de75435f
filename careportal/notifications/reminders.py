"""The one reminder engine every app's sweep uses (decision 0009).

A reminder is identified by (kind, subject, due date, recipient) with a database unique constraint, so
two overlapping sweeps or a retried task can never send the same reminder twice: each sweep proposes
reminders, the database keeps the first of each key, and only the rows this call inserted are delivered
(an in-app notification now, an e-mail through a Celery task after commit, each written to the audit log).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone

from careportal.audit.models import AuditEntry, AuditKind
from careportal.calendar import add_working_days
from careportal.links import link_maker

from . import set_based
from .email import send_reminder_emails
from .kinds import ESCALATES_TO
from .models import Notification, Reminder

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReminderSpec:
    """What a sweep wants sent. `message` and `link` must not contain a child's name (R-PRIV-2)."""

    kind: str
    subject_type: str
    subject_id: str
    due_on: date
    recipient_id: int
    message: str
    link: str = ""

    @property
    def key(self) -> tuple:
        return (self.kind, self.subject_type, self.subject_id, self.due_on, self.recipient_id)


Row = dict[str, Any]


def specs_for_rows(
    rows: Iterable[Row],
    *,
    kind: str,
    subject_type: str,
    detail_url: str,
    recipients: Callable[[Row], list[int]],
    due_on: Callable[[Row], date],
    message: Callable[[Row], str],
    detail_key: str = "pk",
) -> list[ReminderSpec]:
    """One reminder per row (`.values()` with its "pk") and recipient, linking to the detail page of the
    row's `detail_key` (the row itself, or e.g. the organisation an accreditation belongs to)."""
    detail_link = link_maker(detail_url)
    return [
        ReminderSpec(
            kind=kind,
            subject_type=subject_type,
            subject_id=str(row["pk"]),
            due_on=due_on(row),
            recipient_id=recipient,
            message=message(row),
            link=detail_link(row[detail_key]),
        )
        for row in rows
        for recipient in recipients(row)
    ]


SpecsForRows = Callable[[Iterable[Row], str, Callable[[Row], date], Callable[[Row], str]], list[ReminderSpec]]


def specs_maker(
    *, subject_type: str, detail_url: str, recipients: Callable[[Row], list[int]]
) -> SpecsForRows:
    """`specs_for_rows` for one kind of subject: `(rows, kind, due_on, message)` with its detail page and
    recipients fixed."""

    def specs(
        rows: Iterable[Row], kind: str, due_on: Callable[[Row], date], message: Callable[[Row], str]
    ) -> list[ReminderSpec]:
        return specs_for_rows(
            rows,
            kind=kind,
            subject_type=subject_type,
            detail_url=detail_url,
            recipients=recipients,
            due_on=due_on,
            message=message,
        )

    return specs


ReminderQuery = Callable[[date], list[ReminderSpec]]


@dataclass(frozen=True)
class ReminderQueries:
    """An app's reminder queries, one per kind: what is due on a day, and sending it through the engine."""

    queries: tuple[ReminderQuery, ...]

    def due(self, today: date) -> list[ReminderSpec]:
        return [spec for query in self.queries for spec in query(today)]

    def send(self, today: date) -> int:
        """Send every reminder due on `today` (once: the engine's unique key); how many were new. The
        sweep reports from the table (`sent_since`), so no reminder instance is made (decision 0010)."""
        return len(_send(self.due(today), instances=False))


def send_reminders(specs: Iterable[ReminderSpec]) -> list[Reminder]:
    """Insert the reminders not sent before and deliver exactly those; a constant number of queries."""
    return _send(specs, instances=True)


def _send(specs: Iterable[ReminderSpec], *, instances: bool) -> list[Any]:
    """`send_reminders`; with `instances` false the new reminders' ids only (PostgreSQL; elsewhere the
    instances all the same): 10,000 instances of the returned rows were a tenth of a due day's sweep."""
    unique = {spec.key: spec for spec in specs}
    for key in _already_sent(unique):
        del unique[key]
    if not unique:
        return []
    with transaction.atomic():
        if connection.vendor == "postgresql" and not instances:
            inserted: list[Any] = set_based.insert_and_deliver_ids(list(unique.values()), timezone.now())
            ids = list(inserted)
        else:
            inserted = insert_and_deliver(list(unique.values()))
            ids = [str(r.pk) for r in inserted]
        if ids:
            transaction.on_commit(lambda: enqueue_emails(ids))
    return inserted


def insert_and_deliver(specs: list[ReminderSpec]) -> list[Reminder]:
    """The new reminders among `specs`, inserted with their in-app notifications and audit rows."""
    if connection.vendor == "postgresql":
        return set_based.insert_and_deliver(specs, timezone.now())
    return insert_and_deliver_in_steps(specs)


def insert_and_deliver_in_steps(specs: list[ReminderSpec]) -> list[Reminder]:
    """The same with the ORM, for any database (SQLite in the embedded quick start)."""
    proposed = [
        Reminder(
            kind=s.kind,
            subject_type=s.subject_type,
            subject_id=s.subject_id,
            due_on=s.due_on,
            recipient_id=s.recipient_id,
            message=s.message[:300],
            link=s.link,
            # The in-app notification's id is chosen now and the row written after the insert, for the
            # reminders it kept: the foreign key is checked at commit (deferred), so no UPDATE is needed.
            notification_id=uuid.uuid4(),
        )
        for s in specs
    ]
    Reminder.objects.bulk_create(proposed, ignore_conflicts=True)
    # Our UUIDs exist only for rows this call inserted; a conflicting row kept its own id.
    inserted = list(Reminder.objects.filter(pk__in=[r.pk for r in proposed]))
    _deliver_in_app(inserted)
    return inserted


def not_yet_sent(kind: str, subject_type: str, recipient: str) -> Q:
    """A filter for subjects whose reminder of `kind` to the user in their column `recipient` was not sent
    yet, for a kind of which a subject has one due date only (so kind, subject and recipient find it).
    Catch-up has every sweep propose each reminder still due, and 16,000 referrals awaiting consent at
    national scale were proposed daily to be dropped by `_already_sent` (decision 0010). PostgreSQL only, where
    the subject's id as text is the reminder's subject_id; elsewhere `_already_sent` alone drops them."""
    if connection.vendor != "postgresql":
        return Q()
    sent = Reminder.objects.filter(
        kind=kind,
        subject_type=subject_type,
        subject_id=Cast(OuterRef("pk"), CharField()),
        recipient_id=OuterRef(recipient),
    )
    return ~Q(Exists(sent))


def _already_sent(specs: dict[tuple, ReminderSpec]) -> set[tuple]:
    """Keys among `specs` that have a row already, in one query. Catch-up makes every sweep propose each
    reminder whose subject is still in its state (8,000 referrals awaiting consent re-proposed daily at
    national scale); dropping the known ones here spares the insert-and-conflict of every one of them
    (decision 0010). The unique constraint still decides between two sweeps running at once."""
    if not specs:
        return set()
    kinds = {key[0] for key in specs}
    subject_ids = {key[2] for key in specs}
    rows = (
        Reminder.objects.filter(kind__in=kinds, subject_id__in=subject_ids)
        .order_by()
        .values_list("kind", "subject_type", "subject_id", "due_on", "recipient_id")
    )
    return set(rows) & specs.keys()


def _deliver_in_app(reminders: list[Reminder]) -> None:
    Notification.objects.bulk_create(
        [
            Notification(
                id=r.notification_id, recipient_id=r.recipient_id, kind=r.kind, message=r.message, link=r.link
            )
            for r in reminders
        ]
    )
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                kind=AuditKind.DELIVERY,
                action=f"reminder:{r.kind}",
                object_type=r.subject_type,
                object_id=r.subject_id,
                data={"reminder": str(r.pk), "recipient": r.recipient_id, "channel": "in_app"},
            )
            for r in reminders
        ]
    )


def enqueue_emails(reminder_ids: list[str]) -> None:
    """Hand the e-mails to Celery. If the broker is down nothing is lost: the next sweep re-sends what is owed."""
    try:
        send_reminder_emails.delay(reminder_ids)
    except Exception as exc:  # noqa: BLE001 - any broker failure must not undo the committed change
        log.warning(
            "Could not queue %d reminder e-mails (%s); the next sweep will retry.", len(reminder_ids), exc
        )


ESCALATION_WORKING_DAYS = 3  # the overdue kinds and what they escalate as: kinds.ESCALATES_TO


def latest_start(today: date, working_days: int) -> date:
    """The latest date d with d + `working_days` working days on or before today (add_working_days is
    monotonic), so a sweep can select "N working days after d" with one `d <= latest_start(...)` filter."""
    day = today - timedelta(days=working_days)
    while add_working_days(day, working_days) > today:
        day -= timedelta(days=1)
    return day


def _latest_due_date_to_escalate(today: date) -> date:
    return latest_start(today, ESCALATION_WORKING_DAYS)


def sent_since(started: datetime) -> list[str]:
    """The sweep report's lines: how many reminders of each kind the apps sent since `started` (one query;
    escalations are reported on their own)."""
    counts = (
        Reminder.objects.filter(created_at__gte=started)
        .exclude(kind__in=list(ESCALATES_TO.values()))
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("kind")
    )
    return [f"reminders: {row['n']} × {row['kind']}" for row in counts]


def escalate_unread(today: date) -> list[Reminder]:
    """An overdue reminder still unread 3 working days after its date goes to the recipient's supervisor too."""

    stale = list(
        Reminder.objects.filter(
            kind__in=list(ESCALATES_TO),
            escalated_at__isnull=True,
            notification__read_at__isnull=True,
            recipient__supervisor__isnull=False,
            due_on__lte=_latest_due_date_to_escalate(today),
        ).select_related("recipient")
    )
    specs = [
        ReminderSpec(
            kind=ESCALATES_TO[r.kind],
            subject_type=r.subject_type,
            subject_id=r.subject_id,
            due_on=r.due_on,
            recipient_id=r.recipient.supervisor_id or 0,  # never 0: filtered on supervisor above
            message=f"Unread for {ESCALATION_WORKING_DAYS} working days by {r.recipient.display_name}: {r.message}",
            link=r.link,
        )
        for r in stale
    ]
    sent = send_reminders(specs)
    Reminder.objects.filter(pk__in=[r.pk for r in stale], escalated_at__isnull=True).update(
        escalated_at=timezone.now()
    )
    return sent
