"""The daily sweep flags overdue contact (R-PR-4) and provider answers not given within 5 working days;
set-based (constant queries), idempotent, and it clears flags that no longer apply."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from referrals import services, sweep
from referrals.choices import ReferralStatus
from referrals.models import Referral

pytestmark = pytest.mark.django_db
S = ReferralStatus
DAY = date(2026, 11, 24)  # a Tuesday


def snapshot():
    return list(
        Referral.objects.order_by("reference").values_list(
            "reference", "contact_overdue_since", "response_overdue_since"
        )
    )


def test_contact_overdue_is_flagged_once_and_only_when_overdue_r_pr_4(make_referral):
    overdue = make_referral(S.MONITORING, next_contact_due_on=DAY - timedelta(days=1))
    due_today = make_referral(S.ACCEPTED, next_contact_due_on=DAY)
    escalated = make_referral(S.ESCALATED, next_contact_due_on=DAY - timedelta(days=5))
    report = sweep.run(DAY)
    assert report == ["referrals: 1 flagged as overdue for contact (R-PR-4)"]
    for referral in (overdue, due_today, escalated):
        referral.refresh_from_db()
    assert (
        overdue.contact_overdue_since,
        due_today.contact_overdue_since,
        escalated.contact_overdue_since,
    ) == (
        DAY,
        None,
        None,
    )


def test_provider_response_overdue_after_five_working_days(make_referral, drc, provider_org):
    referral = make_referral(S.CONSENTED)
    monday = date(2026, 11, 16)
    services.referral_refer(referral=referral, by=drc, provider=provider_org, today=monday)
    assert sweep.run(date(2026, 11, 23)) == []  # the fifth working day: still in time
    assert sweep.run(date(2026, 11, 24)) == [
        "referrals: 1 flagged as awaiting a provider response past the due date"
    ]
    referral.refresh_from_db()
    assert referral.response_overdue_since == date(2026, 11, 24)


def test_response_due_skips_public_holidays(make_referral, drc, provider_org):
    referral = make_referral(S.CONSENTED)
    # Thursday 24 Dec 2026: no day from 25 Dec to 2 Jan counts, and 2 Jan 2027 is a Saturday, so
    # Monday 4 Jan does not either (R-DATE-6): 5, 6, 7, 8 and 11 Jan are the five working days.
    result = services.referral_refer(
        referral=referral, by=drc, provider=provider_org, today=date(2026, 12, 24)
    )
    assert result.response_due_on == date(2027, 1, 11)


def test_sweep_is_idempotent(make_referral):
    make_referral(S.MONITORING, next_contact_due_on=DAY - timedelta(days=3))
    make_referral(S.REFERRED, response_due_on=DAY - timedelta(days=1))
    first = sweep.run(DAY)
    assert len(first) == 2
    after_first = snapshot()
    assert sweep.run(DAY) == []
    assert snapshot() == after_first


def test_flags_clear_when_no_longer_overdue(make_referral, drc, provider_user):
    waiting = make_referral(S.REFERRED, response_due_on=DAY - timedelta(days=1))
    quiet = make_referral(S.MONITORING, next_contact_due_on=DAY - timedelta(days=1))
    sweep.run(DAY)
    services.referral_accept(referral=waiting, by=provider_user, today=DAY)
    # The provider answered (the service clears the flag itself); a contact is logged for the other.
    Referral.objects.filter(pk=quiet.pk).update(next_contact_due_on=DAY + timedelta(days=28))
    assert sweep.run(DAY) == ["referrals: 1 no longer overdue for contact"]
    waiting.refresh_from_db()
    quiet.refresh_from_db()
    assert (waiting.response_overdue_since, quiet.contact_overdue_since) == (None, None)


def _queries_for_sweep(make_referral, n):
    Referral.objects.all().delete()
    for _ in range(n):
        make_referral(S.MONITORING, next_contact_due_on=DAY - timedelta(days=1))
        make_referral(S.REFERRED, response_due_on=DAY - timedelta(days=1))
    with CaptureQueriesContext(connection) as ctx:
        sweep.run(DAY)
    return len(ctx.captured_queries)


def test_sweep_runs_a_constant_number_of_queries(make_referral):
    # 4 guarded flag updates, then the reminders (decision 0009): 3 selections and the engine's constant send (4:
    # the look-up of what was sent, a savepoint, the one insert-and-deliver statement, its release).
    assert _queries_for_sweep(make_referral, 3) == _queries_for_sweep(make_referral, 30) == 4 + 3 + 4


def test_run_reminders_reports_the_referral_lines(make_referral):
    make_referral(S.MONITORING, next_contact_due_on=DAY - timedelta(days=1))
    out = StringIO()
    call_command("run_reminders", "--today", DAY.isoformat(), stdout=out)
    assert "referrals: 1 flagged as overdue for contact" in out.getvalue()
