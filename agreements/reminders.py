"""Which care-agreement reminders are due on a day (decision 0009): one query per kind, sent by the engine.

A reminder is due once `today` has reached its trigger date while the agreement is still in the state
the reminder is about, so a sweep missed for a day still sends it the next day; the engine's unique key
(kind, agreement, due_on, recipient) keeps it single. Thresholds of one subject (7 and 2 days before the
last day) have adjoining windows, so an agreement first seen 5 days before its last day gets the 7-day
reminder, not the 7-day and 2-day ones at once. Texts carry the agreement reference and a portal link,
never te tamaiti's name or whānau details (R-PRIV-2). Intervals: `CAREPORTAL_REMINDER_*` settings.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    CharField,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    UUIDField,
    Value,
)
from django.db.models.functions import Cast, Replace

from agreements import rules
from agreements.choices import IN_FORCE_STATUSES, AgreementStatus, AgreementType, TerminationKind
from agreements.followups import SUBJECT_TYPE
from agreements.models import Agreement, Extension, Termination
from careportal.accounts.choices import Role
from careportal.calendar import add_working_days
from careportal.lib.dates import add_months, format_nz_date
from careportal.links import link_maker
from careportal.notifications.kinds import ReminderKind, TaskKind, at_threshold
from careportal.notifications.models import FollowUpTask, TaskStatus
from careportal.notifications.reminders import ReminderQueries, ReminderSpec, latest_start, specs_maker

Row = dict[str, Any]
_ONE_DAY = timedelta(days=1)
_FIELDS = ("pk", "reference", "agreement_type", "end_date", "legal_max_end_date")
_WORKER = ("drafted_by_id", "drafted_by__is_active")
_SUPERVISOR = ("drafted_by__supervisor_id", "drafted_by__supervisor__is_active")


def _values(queryset: QuerySet[Agreement], *extra: str, partner_admins: bool = False) -> list[Row]:
    """One query: the agreements with their social worker, that worker's supervisor and (optionally) one
    row per active partner_admin of the caregiver organisation (a filtered LEFT JOIN, no per-row query)."""
    fields = [*_FIELDS, *extra, *_WORKER, *_SUPERVISOR]
    if partner_admins:
        queryset = queryset.annotate(
            partner_admin=FilteredRelation(
                "caregiver_organisation__members",
                condition=Q(
                    caregiver_organisation__members__role=Role.PARTNER_ADMIN,
                    caregiver_organisation__members__is_active=True,
                ),
            )
        )
        fields.append("partner_admin__id")
    return list(queryset.order_by().values(*fields))


def _recipients(row: Row) -> list[int]:
    ids = []
    if row["drafted_by__is_active"]:
        ids.append(row["drafted_by_id"])
    if row["drafted_by__supervisor_id"] and row["drafted_by__supervisor__is_active"]:
        ids.append(row["drafted_by__supervisor_id"])
    if row.get("partner_admin__id"):
        ids.append(row["partner_admin__id"])
    return ids


_specs = specs_maker(subject_type=SUBJECT_TYPE, detail_url="agreements:detail", recipients=_recipients)


def _end(row: Row) -> date:
    return row["end_date"]


def _years_before(d: date, years: int) -> date:
    """The same date `years` earlier (28 February for 29 February): a coarse filter, refined in Python."""
    try:
        return d.replace(year=d.year - years)
    except ValueError:
        return date(d.year - years, 2, 28)


# --- The agreement's last day is near ------------------------------------------------------------------


def ending(today: date, agreement_type: str, days: int, nearer: int) -> list[ReminderSpec]:
    """An active agreement's last day is at most `days` away (and more than `nearer`, the next reminder's
    threshold): to the social worker, their supervisor and the caregiver organisation's administrators."""
    rows = _values(
        Agreement.objects.filter(
            status=AgreementStatus.ACTIVE,
            agreement_type=agreement_type,
            end_date__gt=today + timedelta(days=nearer),
            end_date__lte=today + timedelta(days=days),
        ),
        partner_admins=True,
    )
    return _specs(
        rows,
        at_threshold(ReminderKind.AGREEMENT_ENDING, f"{days}d"),
        _end,
        lambda r: (
            f"Care agreement {r['reference']} ({r['agreement_type']}) ends soon: its last day is "
            f"{format_nz_date(r['end_date'])}."
        ),
    )


def ending_reminders(today: date) -> list[ReminderSpec]:
    specs: list[ReminderSpec] = []
    for agreement_type, thresholds in (
        (AgreementType.S139, settings.CAREPORTAL_REMINDER_S139_ENDING_DAYS),
        (AgreementType.S140, settings.CAREPORTAL_REMINDER_S140_ENDING_DAYS),
    ):
        ordered = sorted(thresholds, reverse=True)
        for days, nearer in zip(ordered, [*ordered[1:], -1], strict=True):
            specs += ending(today, agreement_type, days, nearer)
    return specs


def s139_extension_decision(today: date) -> list[ReminderSpec]:
    """R-139-2: an active s139 agreement not yet extended, its last day within 7 days: decide now."""
    days = settings.CAREPORTAL_REMINDER_S139_EXTENSION_DECISION_DAYS
    rows = _values(
        _last_day_within(AgreementType.S139, today, today + timedelta(days=days)).exclude(
            Exists(Extension.objects.filter(agreement=OuterRef("pk")))
        )
    )
    return _specs(
        rows,
        ReminderKind.AGREEMENT_S139_EXTENSION_DECISION,
        _end,
        lambda r: (
            f"Care agreement {r['reference']} (s139) has not been extended and its last day is "
            f"{format_nz_date(r['end_date'])}: decide before then whether to extend it once, by up to 28 days (R-139-2)."
        ),
    )


def s140d_extension_fgc(today: date) -> list[ReminderSpec]:
    """R-140-3: an s140(1)(d) extension needs a family group conference: 3 months before the last day."""
    months = settings.CAREPORTAL_REMINDER_S140D_EXTENSION_FGC_MONTHS
    rows = _values(
        _last_day_within(AgreementType.S140, today, add_months(today, months)).filter(s140_paragraph="d")
    )
    return _specs(
        rows,
        ReminderKind.AGREEMENT_S140D_EXTENSION_FGC,
        _end,
        lambda r: (
            f"Care agreement {r['reference']} (s140(1)(d)) ends on {format_nz_date(r['end_date'])}: an extension "
            "needs the approval of a family group conference (R-140-3), so convene it now if one is wanted."
        ),
    )


# --- Endings ---------------------------------------------------------------------------------------------


def _last_day_within(agreement_type: str, today: date, last: date) -> QuerySet[Agreement]:
    """Active agreements of `agreement_type` whose last day is from `today` to `last`."""
    return Agreement.objects.filter(
        status=AgreementStatus.ACTIVE, agreement_type=agreement_type, end_date__gte=today, end_date__lte=last
    )


def _ended(today: date) -> QuerySet[Agreement]:
    since = today - timedelta(days=settings.CAREPORTAL_REMINDER_ENDED_CATCH_UP_DAYS)
    return Agreement.objects.filter(
        termination__effective_on__gte=since, termination__effective_on__lte=today
    )


def _effective(row: Row) -> date:
    return row["termination__effective_on"]


def expired(today: date) -> list[ReminderSpec]:
    """R-ALL-1: the sweep ended an agreement whose term ran out (sent up to 14 days late, catch-up)."""
    rows = _values(
        _ended(today).filter(status=AgreementStatus.EXPIRED, termination__kind=TerminationKind.EXPIRY),
        "termination__effective_on",
        partner_admins=True,
    )
    return _specs(
        rows,
        ReminderKind.AGREEMENT_EXPIRED,
        _effective,
        lambda r: (
            f"Care agreement {r['reference']} has expired: its last day was {format_nz_date(r['end_date'])} "
            "(R-ALL-1). A safety check is due (R-ALL-8)."
        ),
    )


def notice_took_effect(today: date) -> list[ReminderSpec]:
    """R-DATE-4 / R-140-6: notice given earlier has ended the agreement today (or on a missed day)."""
    rows = _values(
        _ended(today).filter(
            status=AgreementStatus.TERMINATED, termination__given_on__lt=F("termination__effective_on")
        ),
        "termination__effective_on",
        partner_admins=True,
    )
    return _specs(
        rows,
        ReminderKind.AGREEMENT_NOTICE_TOOK_EFFECT,
        _effective,
        lambda r: (
            f"Notice of termination of care agreement {r['reference']} has taken effect: it has no "
            f"effect from {format_nz_date(r['termination__effective_on'])}. A safety check is due (R-ALL-8)."
        ),
    )


def _agreement_id(expression: Any) -> Any:
    """A FollowUpTask's text subject_id as the agreement's key (PostgreSQL uuid; SQLite 32 hex digits)."""
    if connection.vendor == "postgresql":
        return Cast(expression, UUIDField())
    return Replace(expression, Value("-"), Value(""))


def safety_check_overdue(today: date) -> list[ReminderSpec]:
    """R-ALL-8: the safety-check task is still open 2 working days after the ending (an overdue kind, so
    the engine escalates it to the supervisor when left unread)."""
    working_days = settings.CAREPORTAL_REMINDER_SAFETY_CHECK_WORKING_DAYS
    agreement = Agreement.objects.filter(pk=_agreement_id(OuterRef("subject_id")))
    ending = Termination.objects.filter(agreement_id=_agreement_id(OuterRef("subject_id")))
    rows = list(
        FollowUpTask.objects.filter(
            kind=TaskKind.AGREEMENT_SAFETY_CHECK,
            status=TaskStatus.OPEN,
            subject_type=SUBJECT_TYPE,
            assignee__is_active=True,
        )
        .annotate(
            ended_on=Subquery(ending.values("effective_on")[:1]),
            reference=Subquery(agreement.values("reference")[:1], output_field=CharField()),
        )
        .filter(ended_on__lte=latest_start(today, working_days))
        .order_by()
        .values("subject_id", "ended_on", "reference", "assignee_id")
    )
    detail_link = link_maker("agreements:detail")
    return [
        ReminderSpec(
            kind=ReminderKind.AGREEMENT_SAFETY_CHECK_OVERDUE,
            subject_type=SUBJECT_TYPE,
            subject_id=row["subject_id"],
            due_on=add_working_days(row["ended_on"], working_days),
            recipient_id=row["assignee_id"],
            message=f"The safety check after care agreement {row['reference']} ended "
            f"({format_nz_date(row['ended_on'])}) is overdue (R-ALL-8): do it and mark the task done.",
            link=detail_link(row["subject_id"]),
        )
        for row in rows
    ]


# --- Ages -----------------------------------------------------------------------------------------------


def child_turns_12(today: date) -> list[ReminderSpec]:
    """R-140-4 / R-140-7: te tamaiti turned 12 during an s140 agreement in force."""
    rows = [
        row
        for row in _values(
            Agreement.objects.filter(
                status__in=IN_FORCE_STATUSES,
                agreement_type=AgreementType.S140,
                child__date_of_birth__lte=_years_before(today, rules.CONSENT_AGE),
                child__date_of_birth__gt=_years_before(today, rules.CONSENT_AGE + 2),
            ),
            "start_date",
            "child__date_of_birth",
        )
        if row["start_date"] < _birthday(row, rules.CONSENT_AGE) <= today
    ]
    return _specs(
        rows,
        ReminderKind.AGREEMENT_CHILD_TURNS_12,
        lambda r: _birthday(r, rules.CONSENT_AGE),
        lambda r: (
            f"Te tamaiti in care agreement {r['reference']} (s140) is now 12: their own consent is "
            "needed to extend it (R-140-4), and their withdrawal of consent is notice of termination (R-140-7)."
        ),
    )


def _birthday(row: Row, age: int) -> date:
    return rules.birthday(row["child__date_of_birth"], age)


def turns_18(today: date) -> list[ReminderSpec]:
    """R-AGE-3: the agreement's legal term would reach te tamaiti's 18th birthday, within 3 months."""
    horizon = add_months(today, settings.CAREPORTAL_REMINDER_TURNS_18_MONTHS)
    rows = [
        row
        for row in _values(
            Agreement.objects.filter(
                status__in=IN_FORCE_STATUSES,
                child__date_of_birth__lte=_years_before(horizon, rules.ADULT_AGE),
                child__date_of_birth__gt=_years_before(today, rules.ADULT_AGE + 1),
            ),
            "child__date_of_birth",
        )
        if today < _birthday(row, rules.ADULT_AGE) <= min(horizon, row["legal_max_end_date"] + _ONE_DAY)
    ]
    return _specs(
        rows,
        ReminderKind.AGREEMENT_TURNS_18,
        lambda r: _birthday(r, rules.ADULT_AGE),
        lambda r: (
            f"Care agreement {r['reference']} cannot run on or past te tamaiti's 18th birthday "
            f"(R-AGE-3): its last possible day is {format_nz_date(r['legal_max_end_date'])}. Plan the transition now."
        ),
    )


def _signing_reminders(today: date) -> list[ReminderSpec]:
    from agreements import signing_reminders  # it builds on this module's helpers

    return [*signing_reminders.copy_not_recorded(today), *signing_reminders.extension_unsigned(today)]


KINDS = ReminderQueries(
    (
        ending_reminders,
        _signing_reminders,
        s139_extension_decision,
        s140d_extension_fgc,
        expired,
        notice_took_effect,
        safety_check_overdue,
        child_turns_12,
        turns_18,
    )
)
due_reminders = KINDS.due
send_due_reminders = KINDS.send  # every agreement reminder due on a day, sent once
