"""Reminders about the signed agreement (decision 0009, as agreements.reminders): a copy given not recorded
5 working days after the agreement came into force (R-ALL-6), and an extension still waiting for
signatures as the last day nears (R-EXT-1: unsigned by then, it lapses)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from django.db.models import Exists, OuterRef

from agreements.choices import IN_FORCE_STATUSES, DocumentKind, ExtensionStatus
from agreements.models import Agreement, AgreementDocument, CopyGiven, Extension, Party
from careportal.calendar import add_working_days
from careportal.lib.dates import format_nz_date
from careportal.notifications.kinds import ReminderKind, at_threshold
from careportal.notifications.reminders import ReminderSpec

from .reminders import Row, _specs, _values

COPY_WORKING_DAYS = 5
EXTENSION_THRESHOLDS = ((7, 2), (2, -1))  # (days before the last day, the next reminder's threshold)


def _copy_due(row: Row) -> date:
    return add_working_days(row["activated_on"], COPY_WORKING_DAYS)


def copy_not_recorded(today: date) -> list[ReminderSpec]:
    """R-ALL-6: in force for 5 working days with a party's copy given not recorded. Only agreements with an
    executed copy: before versions were kept there was no copy to record."""
    missing = Party.objects.filter(agreement=OuterRef("pk"), signatory=True).exclude(
        Exists(CopyGiven.objects.filter(party=OuterRef("pk")))
    )
    executed = AgreementDocument.objects.filter(agreement=OuterRef("pk"), kind=DocumentKind.EXECUTED)
    rows = [
        row
        for row in _values(
            Agreement.objects.filter(
                status__in=IN_FORCE_STATUSES,
                activated_on__lte=today - timedelta(days=COPY_WORKING_DAYS),  # a coarse filter
            ).filter(Exists(missing), Exists(executed)),
            "activated_on",
        )
        if _copy_due(row) <= today
    ]
    return _specs(
        rows,
        ReminderKind.AGREEMENT_COPY_NOT_RECORDED,
        _copy_due,
        lambda r: (
            f"Care agreement {r['reference']} has been in force for {COPY_WORKING_DAYS} working days and a "
            "party's copy given is not recorded: every party receives the executed copy (R-ALL-6)."
        ),
    )


def _days_before_end(row: Row, *, days: int) -> date:
    return row["end_date"] - timedelta(days=days)


def extension_unsigned(today: date) -> list[ReminderSpec]:
    """R-EXT-1: an approved extension still waits for signatures 7 and 2 days before the last day."""
    specs: list[ReminderSpec] = []
    waiting = Exists(
        Extension.objects.filter(agreement=OuterRef("pk"), status=ExtensionStatus.AWAITING_SIGNATURES)
    )
    for days, nearer in EXTENSION_THRESHOLDS:
        rows = _values(
            Agreement.objects.filter(
                waiting,
                status__in=IN_FORCE_STATUSES,
                end_date__gt=today + timedelta(days=nearer),
                end_date__lte=today + timedelta(days=days),
            )
        )
        specs += _specs(
            rows,
            at_threshold(ReminderKind.AGREEMENT_EXTENSION_UNSIGNED, f"{days}d"),
            partial(_days_before_end, days=days),
            lambda r: (
                f"The extension of care agreement {r['reference']} still waits for signatures. Unless every "
                f"party signs by {format_nz_date(r['end_date'])}, it lapses and the agreement ends that day "
                "(R-EXT-1)."
            ),
        )
    return specs
