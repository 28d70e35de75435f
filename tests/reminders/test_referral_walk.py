"""Walk a partnered response referral through its life day by day with the daily sweep (frozen time)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from referrals.services.lifecycle import (
    referral_accept,
    referral_record_consent,
    referral_refer,
    referral_seek_consent,
)
from tests.referrals.factories import ReferralFactory
from tests.reminders.conftest import at

pytestmark = pytest.mark.django_db


def test_referral_lifetime_reminders_r_pr_2_r_pr_4(walk, drc, supervisor, provider_user, provider_org):
    """Drafted Monday 3 May 2027: consent still missing on the 5th working day (10 May); consent on the
    11th, referred on the 12th (response due the 19th): no answer, so the manager and the provider hear on
    the 20th; accepted on the 21st (contact due 18 June): none logged, so both hear on the 19th; the
    manager's reminder, unread, goes to the manager's supervisor 3 working days later (23 June). The
    provider's user has no supervisor, so theirs is not escalated."""
    with time_machine.travel(at(date(2027, 5, 3), 9), tick=False):
        referral = ReferralFactory(managed_by=drc)

    def consent():
        referral_seek_consent(referral=referral, by=drc)
        referral_record_consent(
            referral=referral, by=drc, consented=True, given_on=date(2027, 5, 11), given_by="Mum"
        )

    def refer():
        referral_refer(referral=referral, by=drc, provider=provider_org)

    def accept():
        referral_accept(referral=referral, by=provider_user)

    sent = walk(
        date(2027, 5, 3),
        date(2027, 6, 25),
        actions={date(2027, 5, 11): consent, date(2027, 5, 12): refer, date(2027, 5, 21): accept},
    )
    assert sent == {
        date(2027, 5, 10): [("referral.consent.missing", "drc")],
        date(2027, 5, 20): [
            ("referral.provider_response.missing", "drc"),
            ("referral.provider_response.missing", "provider"),
        ],
        date(2027, 6, 19): [("referral.contact.overdue", "drc"), ("referral.contact.overdue", "provider")],
        date(2027, 6, 23): [("referral.contact.overdue.escalated", "supervisor")],
    }


def test_a_referral_whose_consent_is_recorded_in_time_gets_no_consent_reminder(walk, drc):
    with time_machine.travel(at(date(2027, 5, 3), 9), tick=False):
        referral = ReferralFactory(managed_by=drc)

    def consent():
        referral_seek_consent(referral=referral, by=drc)
        referral_record_consent(
            referral=referral, by=drc, consented=True, given_on=date(2027, 5, 7), given_by="Mum"
        )

    assert walk(date(2027, 5, 3), date(2027, 5, 14), actions={date(2027, 5, 7): consent}) == {}


def test_r_pr_2_a_consent_reminder_sent_is_not_proposed_again_but_a_new_manager_gets_one(sweep, drc, senior):
    """Catch-up proposes every reminder still due; the consent query leaves out the referrals whose
    manager already had theirs (decision 0010), and proposes it again for a new manager."""
    from referrals.models import Referral
    from referrals.reminders import consent_not_recorded

    with time_machine.travel(at(date(2027, 5, 3), 9), tick=False):
        waiting, other = ReferralFactory(managed_by=drc), ReferralFactory(managed_by=drc)
    assert len(consent_not_recorded(date(2027, 5, 10))) == 2
    assert sweep(date(2027, 5, 10)) == [("referral.consent.missing", "drc")] * 2
    assert consent_not_recorded(date(2027, 5, 11)) == []
    Referral.objects.filter(pk=waiting.pk).update(managed_by=senior)
    (proposed,) = consent_not_recorded(date(2027, 5, 11))
    assert (proposed.subject_id, proposed.recipient_id) == (str(waiting.pk), senior.pk)
    assert sweep(date(2027, 5, 11)) == [("referral.consent.missing", "senior")]
    assert other.pk and sweep(date(2027, 5, 12)) == []
