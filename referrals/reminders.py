"""Which referral reminders are due on a day (decision 0009): one query per kind, sent by the engine.

A reminder is due once `today` has reached its trigger date while the referral is still in the state the
reminder is about, so a sweep missed for a day still sends it the next day; the engine's unique key
(kind, referral, due_on, recipient) keeps it single. Texts carry the referral reference and a portal
link, never the whānau details (R-PRIV-2).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db.models import FilteredRelation, Q, QuerySet
from django.utils import timezone

from careportal.accounts.choices import Role
from careportal.calendar import add_working_days
from careportal.lib.dates import format_nz_date
from careportal.notifications.kinds import ReminderKind
from careportal.notifications.reminders import (
    ReminderQueries,
    ReminderSpec,
    latest_start,
    not_yet_sent,
    specs_maker,
)

from .choices import ReferralStatus
from .models import Referral

Row = dict[str, Any]
SUBJECT_TYPE = "referrals.referral"
CONSENT_MISSING = ReminderKind.REFERRAL_CONSENT_MISSING
_MANAGER = ("managed_by_id", "managed_by__is_active")


def _values(queryset: QuerySet[Referral], *extra: str, provider_staff: bool = False) -> list[Row]:
    """One query: the referrals with their manager and (optionally) one row per active user of the
    provider the referral is with (a filtered LEFT JOIN, no per-row query)."""
    fields = ["pk", "reference", *extra, *_MANAGER]
    if provider_staff:
        queryset = queryset.annotate(
            provider_user=FilteredRelation(
                "provider__members",
                condition=Q(provider__members__role=Role.PROVIDER_STAFF, provider__members__is_active=True),
            )
        )
        fields.append("provider_user__id")
    return list(queryset.order_by().values(*fields))


def _recipients(row: Row) -> list[int]:
    ids = [row["managed_by_id"]] if row["managed_by__is_active"] else []
    if row.get("provider_user__id"):
        ids.append(row["provider_user__id"])
    return ids


_specs = specs_maker(subject_type=SUBJECT_TYPE, detail_url="referrals:detail", recipients=_recipients)


def _consent_due(row: Row) -> date:
    drafted = timezone.localdate(row["created_at"])
    return _working_days_after(drafted, settings.CAREPORTAL_REMINDER_CONSENT_WORKING_DAYS)


@lru_cache(maxsize=4096)
def _working_days_after(start: date, days: int) -> date:
    # Thousands of drafts share a few hundred dates: count the working days once per date.
    return add_working_days(start, days)


def consent_not_recorded(today: date) -> list[ReminderSpec]:
    """R-PR-2: the whānau's consent is still not recorded 5 working days after the referral was drafted."""
    last_drafted_on = latest_start(today, settings.CAREPORTAL_REMINDER_CONSENT_WORKING_DAYS)
    # Drafted on or before that New Zealand date: created before the start of the next day (R-DATE-1).
    before = timezone.make_aware(datetime.combine(last_drafted_on + timedelta(days=1), time.min))
    rows = _values(
        Referral.objects.filter(
            not_yet_sent(CONSENT_MISSING, SUBJECT_TYPE, "managed_by_id"),  # the due date is the draft's
            status__in=(ReferralStatus.DRAFT, ReferralStatus.CONSENT_PENDING),
            created_at__lt=before,
        ),
        "created_at",
    )
    return _specs(
        rows,
        CONSENT_MISSING,
        _consent_due,
        lambda r: (
            f"Referral {r['reference']}: the whānau's consent has not been recorded "
            f"{settings.CAREPORTAL_REMINDER_CONSENT_WORKING_DAYS} working days after it was drafted (R-PR-2)."
        ),
    )


def provider_not_responded(today: date) -> list[ReminderSpec]:
    """The provider has not accepted or declined within its working days: to the manager and the provider."""
    rows = _values(
        Referral.objects.response_overdue(today), "response_due_on", "referred_on", provider_staff=True
    )
    return _specs(
        rows,
        ReminderKind.REFERRAL_PROVIDER_RESPONSE_MISSING,
        lambda r: r["response_due_on"],
        lambda r: (
            f"Referral {r['reference']} was sent to the provider on {format_nz_date(r['referred_on'])} and has "
            f"not been accepted or declined: a response was due by {format_nz_date(r['response_due_on'])}."
        ),
    )


def contact_overdue(today: date) -> list[ReminderSpec]:
    """R-PR-4: no contact logged by the due date while the provider works with the whānau (an overdue kind,
    so the engine escalates it to the manager's supervisor when left unread)."""
    rows = _values(
        Referral.objects.contact_overdue(today),
        "next_contact_due_on",
        provider_staff=True,
    )
    return _specs(
        rows,
        ReminderKind.REFERRAL_CONTACT_OVERDUE,
        lambda r: r["next_contact_due_on"],
        lambda r: (
            f"Referral {r['reference']}: a contact between the coordinator and the provider was due "
            f"by {format_nz_date(r['next_contact_due_on'])} and none has been logged (R-PR-4)."
        ),
    )


KINDS = ReminderQueries(
    (
        consent_not_recorded,
        provider_not_responded,
        contact_overdue,
    )
)
due_reminders = KINDS.due
send_due_reminders = KINDS.send  # every referral reminder due on a day, sent once
