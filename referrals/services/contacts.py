"""The contact log between coordinator and provider (R-PR-4)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record
from careportal.exceptions import NotPermitted, RuleViolation, TransitionNotAllowed
from careportal.lib.actor import Actor
from careportal.lib.dates import format_nz_date, nz_today
from careportal.workflow import lock

from ..choices import CONTACT_LOG_STATUSES, ContactChannel
from ..models import Referral, ReferralContact
from ..permissions import can_log_contact
from .common import not_in_future, required_text


@transaction.atomic
def referral_contact_log(
    *,
    referral: Referral,
    by: Actor,
    contacted_on: date,
    channel: str,
    note: str,
    today: date | None = None,
) -> ReferralContact:
    """R-PR-4: log a contact between coordinator and provider; the next one is due an interval later."""
    day = today or nz_today()
    referral = lock(referral)
    _check_may_log(referral, by)
    _check_contact(referral, contacted_on=contacted_on, channel=channel, day=day)
    note = required_text(note, field="note", what="A note of the contact")
    contact = ReferralContact.objects.create(
        referral=referral, contacted_on=contacted_on, channel=channel, note=note, by=by
    )
    _move_contact_dates(referral, contacted_on=contacted_on, day=day)
    audit_record(
        actor=by,
        kind=AuditKind.CHANGE,
        action="contact",
        obj=referral,
        data={"contact": str(contact.pk), "contacted_on": contacted_on.isoformat(), "channel": channel},
    )
    return contact


def _check_may_log(referral: Referral, by: Actor) -> None:
    if not can_log_contact(referral, by):
        raise NotPermitted("Only the coordinator or the receiving provider can log a contact.")
    if referral.status not in CONTACT_LOG_STATUSES:
        raise TransitionNotAllowed(
            "Contacts are logged once the referral has been sent to a provider, while it is open.",
            status=referral.status,
            rule="R-PR-4",
        )


def _move_contact_dates(referral: Referral, *, contacted_on: date, day: date) -> None:
    """The last contact is the latest one logged (an older one logged late never moves it back)."""
    last = max(contacted_on, referral.last_contact_on or contacted_on)
    next_due = last + timedelta(days=settings.CAREPORTAL_REFERRAL_CONTACT_INTERVAL_DAYS)
    # A plain update: a contact never changes the status, and the row is already locked.
    Referral.objects.filter(pk=referral.pk).update(
        last_contact_on=last,
        next_contact_due_on=next_due,
        contact_overdue_since=None if next_due >= day else referral.contact_overdue_since,
    )


def _check_contact(referral: Referral, *, contacted_on: date, channel: str, day: date) -> None:
    not_in_future(contacted_on, today=day, field="contacted_on", what="The contact date")
    if referral.referred_on and contacted_on < referral.referred_on:
        raise RuleViolation(
            f"The contact date cannot be before the referral was made ({format_nz_date(referral.referred_on)}).",
            field="contacted_on",
        )
    if channel not in ContactChannel.values:
        raise RuleViolation(f"Choose one of: {', '.join(ContactChannel.values)}.", field="channel")
