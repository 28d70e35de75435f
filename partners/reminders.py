"""Which care-partner reminders are due on a day (decision 0009): one query per kind, sent by the engine.

R-396-5: PfO and the organisation's administrators are warned 3 months and 1 month before a Te Kāhui Kāhu
review is due; evidence about to expire is flagged 60 and 14 days ahead. A reminder is due once `today`
has reached its trigger date while the subject is still in the relevant state (a missed sweep catches up
the next day); thresholds of one subject have adjoining windows (an accreditation first seen inside a
month gets only the 1-month warning); the engine's unique key (kind, subject, due_on, recipient) keeps
each single, and a new review date is a new key, so it earns its own warnings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import FilteredRelation, Q, QuerySet

from careportal.accounts.choices import Role
from careportal.lib.dates import add_months, format_nz_date
from careportal.notifications.kinds import ReminderKind, at_threshold
from careportal.notifications.reminders import ReminderSpec, send_reminders, specs_for_rows

from .choices import CURRENT_ACCREDITATION_STATUSES, ApplicationStatus, EvidenceStatus
from .models import Accreditation, Evidence

Row = dict[str, Any]


def _admins(relation: str) -> FilteredRelation:
    """The organisation's active partner_admin users, as a filtered LEFT JOIN (one row each)."""
    return FilteredRelation(
        relation,
        condition=Q(**{f"{relation}__role": Role.PARTNER_ADMIN, f"{relation}__is_active": True}),
    )


def _pfo() -> list[int]:
    """PfO hears of every review (one query, whatever the number of accreditations)."""
    return list(get_user_model().objects.filter(role=Role.PFO, is_active=True).values_list("pk", flat=True))


def _windows(thresholds: tuple[int, ...]) -> list[tuple[int, int]]:
    """(threshold, next nearer threshold or -1) pairs, farthest first: adjoining windows."""
    ordered = sorted(thresholds, reverse=True)
    return list(zip(ordered, [*ordered[1:], -1], strict=True))


def review_due(today: date, months: int, nearer: int) -> tuple[list[ReminderSpec], list[Row]]:
    """R-396-5: a current accreditation's review is due within `months` (and not within `nearer`)."""
    after = add_months(today, nearer) if nearer >= 0 else today - timedelta(days=1)
    rows = list(
        Accreditation.objects.filter(
            status__in=CURRENT_ACCREDITATION_STATUSES,
            review_due_on__gt=after,
            review_due_on__gte=today,
            review_due_on__lte=add_months(today, months),
        )
        .annotate(admin=_admins("organisation__members"))
        .order_by()
        .values("pk", "review_due_on", "organisation_id", "organisation__legal_name", "admin__id")
    )
    pfo = _pfo() if rows else []
    specs = specs_for_rows(
        rows,
        kind=at_threshold(ReminderKind.PARTNERS_ACCREDITATION_REVIEW_DUE, f"{months}m"),
        subject_type="partners.accreditation",
        detail_url="partners:organisation",
        detail_key="organisation_id",
        recipients=lambda row: [*pfo, *([row["admin__id"]] if row["admin__id"] else [])],
        due_on=lambda row: row["review_due_on"],
        message=lambda row: (
            f"The Te Kāhui Kāhu review of {row['organisation__legal_name']}'s accreditation "
            f"is due on {format_nz_date(row['review_due_on'])} (R-396-5)."
        ),
    )
    return specs, rows


def evidence_expiring(today: date, days: int, nearer: int) -> list[ReminderSpec]:
    """A live evidence version of an open or approved application expires within `days` (and not within
    `nearer`): to the organisation's administrators and whoever uploaded it."""
    rows = _evidence_rows(
        Evidence.objects.filter(
            status__in=(EvidenceStatus.SUBMITTED, EvidenceStatus.ACCEPTED),
            expires_on__gt=today + timedelta(days=nearer),
            expires_on__lte=today + timedelta(days=days),
        ).exclude(application__status__in=(ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN))
    )
    return specs_for_rows(
        rows,
        kind=at_threshold(ReminderKind.PARTNERS_EVIDENCE_EXPIRING, f"{days}d"),
        subject_type="partners.evidence",
        detail_url="partners:evidence",
        recipients=_evidence_recipients,
        due_on=lambda row: row["expires_on"],
        message=lambda row: (
            f"Evidence '{row['requirement_code']}' (version {row['version']}) for "
            f"{row['application__organisation__legal_name']} expires on {format_nz_date(row['expires_on'])}: "
            "upload a new version before then (R-396-3)."
        ),
    )


def _evidence_rows(queryset: QuerySet[Evidence]) -> list[Row]:
    return list(
        queryset.annotate(admin=_admins("application__organisation__members"))
        .order_by()
        .values(
            "pk",
            "expires_on",
            "requirement_code",
            "version",
            "application__organisation__legal_name",
            "uploaded_by_id",
            "uploaded_by__is_active",
            "admin__id",
        )
    )


def _evidence_recipients(row: Row) -> list[int]:
    ids = [row["uploaded_by_id"]] if row["uploaded_by__is_active"] else []
    return [*ids, *([row["admin__id"]] if row["admin__id"] else [])]


def send_due_reminders(today: date) -> list[str]:
    """Send every partners reminder due on `today`; the lines say which review warnings went out."""
    specs: list[ReminderSpec] = []
    lines: dict[tuple[str, str], str] = {}
    for months, nearer in _windows(settings.CAREPORTAL_REMINDER_ACCREDITATION_REVIEW_MONTHS):
        found, rows = review_due(today, months, nearer)
        specs += found
        for row in rows:
            line = f"partners: {months}-month review warning for {row['organisation__legal_name']}"
            lines[
                (at_threshold(ReminderKind.PARTNERS_ACCREDITATION_REVIEW_DUE, f"{months}m"), str(row["pk"]))
            ] = line
    for days, nearer in _windows(settings.CAREPORTAL_REMINDER_EVIDENCE_EXPIRY_DAYS):
        specs += evidence_expiring(today, days, nearer)
    sent = send_reminders(specs)
    keys = dict.fromkeys((r.kind, r.subject_id) for r in sent)
    return [lines[key] for key in keys if key in lines]


KINDS: tuple[Callable[..., Any], ...] = (review_due, evidence_expiring)
