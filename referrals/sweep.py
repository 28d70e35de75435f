"""This app's part of the daily sweep (`run_reminders`): flag overdue contact and provider responses.

Set-based and idempotent: four guarded UPDATEs whatever the number of referrals. A flag is set once (the
first day the sweep finds the referral overdue) and cleared when the referral is no longer overdue
(a contact was logged, the provider answered, or the referral moved on). Then the reminders due today
(referrals/reminders.py) go to the shared reminder engine, which sends each one once.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from .models import Referral
from .reminders import send_due_reminders


def run(today: date) -> list[str]:
    referrals = Referral.objects.all()
    report: list[str] = []
    # R-PR-4: no contact logged within the interval while the provider is working with the whānau.
    flagged, cleared = _flag(referrals.contact_overdue(today), "contact_overdue_since", today)
    # The provider has not accepted or declined within CAREPORTAL_PROVIDER_RESPONSE_WORKING_DAYS.
    late, answered = _flag(referrals.response_overdue(today), "response_overdue_since", today)
    if flagged:
        report.append(f"referrals: {flagged} flagged as overdue for contact (R-PR-4)")
    if cleared:
        report.append(f"referrals: {cleared} no longer overdue for contact")
    if late:
        report.append(f"referrals: {late} flagged as awaiting a provider response past the due date")
    if answered:
        report.append(f"referrals: {answered} no longer awaiting an overdue provider response")
    send_due_reminders(today)  # decision 0009 (careportal.notifications.sweep reports what was sent)
    return report


def _flag(overdue: QuerySet[Referral], since: str, today: date) -> tuple[int, int]:
    """Two guarded UPDATEs: `since` set to today where `overdue` has it unset, cleared where no longer overdue."""
    flagged = overdue.filter(**{f"{since}__isnull": True}).update(**{since: today})
    cleared = (
        Referral.objects.filter(**{f"{since}__isnull": False})
        .exclude(pk__in=overdue.values("pk"))
        .update(**{since: None})
    )
    return flagged, cleared
