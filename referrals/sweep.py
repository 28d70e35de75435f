"""This app's part of the daily sweep (`run_reminders`): flag overdue contact and provider responses.

Set-based and idempotent: four guarded UPDATEs whatever the number of referrals. A flag is set once (the
first day the sweep finds the referral overdue) and cleared when the referral is no longer overdue
(a contact was logged, the provider answered, or the referral moved on). Then the reminders due today
(referrals/reminders.py) go to the shared reminder engine, which sends each one once.
"""

from __future__ import annotations

from datetime import date

from .models import Referral
from .reminders import send_due_reminders


def run(today: date) -> list[str]:
    referrals = Referral.objects.all()
    report: list[str] = []
    # R-PR-4: no contact logged within the interval while the provider is working with the whānau.
    contact_overdue = referrals.contact_overdue(today)
    flagged = contact_overdue.filter(contact_overdue_since__isnull=True).update(contact_overdue_since=today)
    cleared = (
        referrals.filter(contact_overdue_since__isnull=False)
        .exclude(pk__in=contact_overdue.values("pk"))
        .update(contact_overdue_since=None)
    )
    # The provider has not accepted or declined within CAREPORTAL_PROVIDER_RESPONSE_WORKING_DAYS.
    response_overdue = referrals.response_overdue(today)
    late = response_overdue.filter(response_overdue_since__isnull=True).update(response_overdue_since=today)
    answered = (
        referrals.filter(response_overdue_since__isnull=False)
        .exclude(pk__in=response_overdue.values("pk"))
        .update(response_overdue_since=None)
    )
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
