"""The daily sweep's start-date changes (R-ALL-10): a signed agreement begins on its start date; one still
awaiting approval or signatures when its start date has passed lapses, and its social worker and their
supervisor are told why (R-DATE-5: a new draft can be started from it with new dates).

Set-based and idempotent like the endings (agreements.sweep): one locking SELECT, guarded bulk UPDATEs,
bulk-created audit rows and notifications, so the queries do not grow with the rows and a second run the
same day changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from agreements.choices import AWAITING_STATUSES, AgreementStatus
from agreements.followups import SUBJECT_TYPE
from agreements.models import Agreement
from careportal.audit.models import AuditEntry, AuditKind
from careportal.lib.dates import format_nz_date
from careportal.links import link_maker
from careportal.notifications.kinds import NotificationKind
from careportal.notifications.models import Notification

S = AgreementStatus
_COLUMNS = ("pk", "reference", "status", "start_date", "drafted_by_id", "drafted_by__supervisor_id")


def lapse_reason(start_date: date) -> str:
    """Why an agreement lapsed, in plain words (shown on its page and in the API's `status_reason`)."""
    return f"Lapsed: not fully signed by its start date, {format_nz_date(start_date)}; it was never in force."


def _due(today: date) -> list[dict[str, Any]]:
    """Signed agreements whose start date has come, and awaiting ones whose start date has passed."""
    return list(
        Agreement.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(
            Q(status=S.AWAITING_START, start_date__lte=today)
            | Q(status__in=AWAITING_STATUSES, start_date__lt=today)
        )
        .values(*_COLUMNS)
    )


def _entry(row: dict[str, Any], action: str, to_status: str, data: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        actor=None,
        kind=AuditKind.TRANSITION,
        action=action,
        object_type=SUBJECT_TYPE,
        object_id=str(row["pk"]),
        from_status=row["status"],
        to_status=to_status,
        data={**data, "by": "daily sweep"},
    )


def _begin(rows: list[dict[str, Any]]) -> None:
    """R-ALL-10: in force from the start date (the `begin` transition, in bulk)."""
    Agreement.objects.filter(pk__in=[r["pk"] for r in rows], status=S.AWAITING_START).update(
        status=S.ACTIVE, activated_on=F("start_date"), status_reason="", updated_at=timezone.now()
    )


def _lapse(rows: list[dict[str, Any]]) -> None:
    """R-ALL-10: never in force (the `lapse` transition, in bulk), with the reason on each agreement."""
    if not rows:
        return
    reasons = [When(start_date=d, then=Value(lapse_reason(d))) for d in {r["start_date"] for r in rows}]
    Agreement.objects.filter(pk__in=[r["pk"] for r in rows], status__in=AWAITING_STATUSES).update(
        status=S.LAPSED, status_reason=Case(*reasons, default=Value("")), updated_at=timezone.now()
    )


def _notify_lapsed(rows: list[dict[str, Any]]) -> None:
    """The social worker and their supervisor are told, once the change is committed (R-PRIV-2: the
    reference only)."""
    link = link_maker("agreements:detail")
    notes = []
    for row in rows:
        message = (
            f"Care agreement {row['reference']} lapsed: it was not fully signed by its start date "
            f"({format_nz_date(row['start_date'])}). Start a new draft from it with new dates if care is "
            "still needed."
        )
        for recipient in {row["drafted_by_id"], row["drafted_by__supervisor_id"]} - {None}:
            notes.append((recipient, message, link(row["pk"])))

    def send() -> None:
        Notification.objects.bulk_create(
            Notification(recipient_id=r, kind=NotificationKind.AGREEMENT_LAPSED, message=m[:300], link=url)
            for r, m, url in notes
        )

    transaction.on_commit(send)


def start_or_lapse(today: date) -> list[str]:
    """Begin what starts by `today` and lapse what was not signed in time; idempotent."""
    with transaction.atomic():
        rows = _due(today)
        if not rows:
            return []
        begins = [row for row in rows if row["status"] == S.AWAITING_START]
        lapses = [row for row in rows if row["status"] != S.AWAITING_START]
        _begin(begins)
        _lapse(lapses)
        AuditEntry.objects.bulk_create(
            [
                *(_entry(r, "begin", S.ACTIVE, {"start_date": r["start_date"].isoformat()}) for r in begins),
                *(_entry(r, "lapse", S.LAPSED, {"reason": lapse_reason(r["start_date"])}) for r in lapses),
            ]
        )
        if lapses:
            _notify_lapsed(lapses)
    return [
        *(f"agreements: {r['reference']} is in force from {r['start_date']:%Y-%m-%d}" for r in begins),
        *(f"agreements: {r['reference']} lapsed (not signed by {r['start_date']:%Y-%m-%d})" for r in lapses),
    ]
