"""This app's part of the daily sweep (`run_reminders`): automatic endings of care agreements.

R-ALL-1: an agreement whose last day has passed is `expired` from the day after (the system ends it
itself). R-DATE-4 / R-140-6 / R-139-4: an agreement under notice is `terminated` on the notice's effective
date, unless its term ran out first. R-ALL-8: each ending creates a safety-check task for the social worker.

Set-based and idempotent: one locking SELECT picks the rows, guarded bulk UPDATEs (`status=expected`) move
them, and the terminations, audit entries and tasks are bulk-created, so the number of queries does not
grow with the number of agreements, and a second run finds nothing left to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from agreements import rules
from agreements.choices import IN_FORCE_STATUSES, AgreementStatus, TerminationKind
from agreements.extension_lapses import lapse_unsigned_extensions
from agreements.followups import SUBJECT_TYPE, safety_check_task
from agreements.models import Agreement, Termination
from agreements.reminders import send_due_reminders
from agreements.starts import start_or_lapse
from careportal.audit.models import AuditEntry, AuditKind
from careportal.links import link_maker
from careportal.notifications.models import FollowUpTask

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class _Ending:
    agreement_id: Any
    reference: str
    from_status: str
    to_status: str
    action: str
    effective_on: date
    drafted_by_id: Any


def _due(today: date) -> list[dict[str, Any]]:
    """In-force agreements past their last day or whose notice has taken effect, locked (others skip them)."""
    return list(
        Agreement.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(status__in=IN_FORCE_STATUSES)
        .filter(
            Q(end_date__lt=today)
            | Q(legal_max_end_date__lt=today)  # R-AGE-4: a corrected date of birth shortened the term
            | Q(child__date_of_birth__lte=_born_18_years_before(today))  # R-AGE-3, from the current date
            | Q(status=AgreementStatus.NOTICE_GIVEN, termination__effective_on__lte=today)
        )
        .values(
            "pk",
            "reference",
            "status",
            "end_date",
            "legal_max_end_date",
            "child__date_of_birth",
            "drafted_by_id",
            "termination__effective_on",
        )
    )


def _born_18_years_before(today: date) -> date:
    """Born on or before this date, te tamaiti is 18 today (R-AGE-1: 29 February turns on 1 March)."""
    try:
        return today.replace(year=today.year - rules.ADULT_AGE)
    except ValueError:  # today is 29 February: the 28th of that month, 18 years back
        return today.replace(year=today.year - rules.ADULT_AGE, day=28)


def _last_lawful_day(row: dict[str, Any]) -> date:
    """The earliest of the agreed last day, the stored legal maximum and the day before te tamaiti turns 18
    by the current date of birth: the sweep never trusts a stored maximum over the child's date of birth."""
    before_18 = rules.birthday(row["child__date_of_birth"], rules.ADULT_AGE) - _ONE_DAY
    return min(row["end_date"], row["legal_max_end_date"], before_18)


def _classify(row: dict[str, Any], today: date) -> _Ending:
    """Whichever came first ends it: the notice's effective date, or the day after the last day."""
    expiry_day = _last_lawful_day(row) + _ONE_DAY
    effective = row["termination__effective_on"]
    notice_first = (
        row["status"] == AgreementStatus.NOTICE_GIVEN
        and effective is not None
        and effective <= today
        and effective <= expiry_day
    )
    if notice_first:
        return _Ending(
            row["pk"],
            row["reference"],
            row["status"],
            AgreementStatus.TERMINATED,
            "notice_took_effect",
            effective,
            row["drafted_by_id"],
        )
    return _Ending(
        row["pk"],
        row["reference"],
        row["status"],
        AgreementStatus.EXPIRED,
        "expire",
        expiry_day,
        row["drafted_by_id"],
    )


def _move(endings: list[_Ending]) -> None:
    """Guarded bulk updates: only rows still in the expected status move."""
    now = timezone.now()
    terminated = [e.agreement_id for e in endings if e.to_status == AgreementStatus.TERMINATED]
    expired = [e for e in endings if e.to_status == AgreementStatus.EXPIRED]
    if terminated:
        Agreement.objects.filter(pk__in=terminated, status=AgreementStatus.NOTICE_GIVEN).update(
            status=AgreementStatus.TERMINATED, updated_at=now
        )
    if expired:
        ids = [e.agreement_id for e in expired]
        Agreement.objects.filter(pk__in=ids, status__in=IN_FORCE_STATUSES).update(
            status=AgreementStatus.EXPIRED, updated_at=now
        )
        # A pending notice that never took effect gives way to the expiry (R-ALL-1).
        Termination.objects.filter(agreement_id__in=ids).delete()
        Termination.objects.bulk_create(
            Termination(agreement_id=e.agreement_id, kind=TerminationKind.EXPIRY, effective_on=e.effective_on)
            for e in expired
        )


def _record(endings: list[_Ending]) -> None:
    """The R-ALL-8 safety-check tasks, then one bulk insert of every audit row (transitions and tasks)."""
    detail_link = link_maker("agreements:detail")
    tasks = [
        safety_check_task(
            agreement_id=e.agreement_id,
            reference=e.reference,
            assignee_id=e.drafted_by_id,
            ended_on=e.effective_on,
            link_to=detail_link,
        )
        for e in endings
    ]
    FollowUpTask.objects.bulk_create(tasks)
    AuditEntry.objects.bulk_create([*map(_transition_entry, endings), *map(_task_entry, tasks)])


def _transition_entry(ending: _Ending) -> AuditEntry:
    return AuditEntry(
        actor=None,
        kind=AuditKind.TRANSITION,
        action=ending.action,
        object_type=SUBJECT_TYPE,
        object_id=str(ending.agreement_id),
        from_status=ending.from_status,
        to_status=ending.to_status,
        data={"effective_on": ending.effective_on.isoformat(), "by": "daily sweep"},
    )


def _task_entry(task: FollowUpTask) -> AuditEntry:
    return AuditEntry(
        actor=None,
        kind=AuditKind.CREATE,
        action=f"task:{task.kind}",
        object_type="notifications.followuptask",
        object_id=str(task.pk),
        data={"subject": task.subject_id},
    )


def _line(ending: _Ending) -> str:
    if ending.action == "expire":
        what = f"expired (no effect from {ending.effective_on:%Y-%m-%d})"
    else:
        what = f"terminated (notice took effect on {ending.effective_on:%Y-%m-%d})"
    return f"agreements: {ending.reference} {what}; safety check task created"


def run(today: date) -> list[str]:
    """Start, lapse and end what is due, then send the reminders due (decision 0009: after the endings, so
    "expired" goes today; careportal.notifications.sweep reports the reminders sent)."""
    lines = automatic_changes(today)
    send_due_reminders(today)
    return lines


def automatic_changes(today: date) -> list[str]:
    """The day's status changes without the reminders: run shortly after midnight NZ (R-ALL-10,
    agreements.tasks) and again, finding nothing left, in the 06:00 sweep. Starts and lapses first
    (R-ALL-10), so an agreement that began and has already run out is ended the same day (R-ALL-1)."""
    return [*start_or_lapse(today), *lapse_unsigned_extensions(today), *_end_due(today)]


def _end_due(today: date) -> list[str]:
    """End every agreement due to end by `today`; running it again the same day changes nothing."""
    with transaction.atomic():
        endings = [_classify(row, today) for row in _due(today)]
        if not endings:
            return []
        _move(endings)
        _record(endings)
    return [_line(e) for e in endings]
