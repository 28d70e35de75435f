"""R-EXT-1 in the daily sweep: an extension not signed by every party by the agreement's last day lapses,
and the agreement ends on its last day as planned (agreements.sweep expires it). Set-based: one SELECT,
one guarded UPDATE and one bulk insert of audit rows, whatever the number of extensions."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from agreements.choices import PENDING_EXTENSION_STATUSES, ExtensionStatus
from agreements.followups import SUBJECT_TYPE
from agreements.models import Extension
from careportal.audit.models import AuditEntry, AuditKind


def lapse_unsigned_extensions(today: date) -> list[str]:
    with transaction.atomic():
        due = list(
            Extension.objects.select_for_update()
            .filter(status__in=PENDING_EXTENSION_STATUSES, agreement__end_date__lt=today)
            .values_list("pk", "agreement_id", "status", "end_date")
        )
        if not due:
            return []
        Extension.objects.filter(
            pk__in=[row[0] for row in due], status__in=PENDING_EXTENSION_STATUSES
        ).update(status=ExtensionStatus.LAPSED)
        AuditEntry.objects.bulk_create(
            AuditEntry(
                actor=None,
                kind=AuditKind.CHANGE,
                action="extension_lapsed",
                object_type=SUBJECT_TYPE,
                object_id=str(agreement_id),
                data={"extension": str(pk), "was": status, "end_date": end.isoformat(), "by": "daily sweep"},
            )
            for pk, agreement_id, status, end in due
        )
    return [f"agreements: {len(due)} unsigned extension(s) lapsed (R-EXT-1)"]
