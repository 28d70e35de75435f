"""Walk care agreements through their lives day by day with the daily sweep (decision 0009, frozen time).

Each test asserts exactly which reminders go to whom on which day, and nothing on any other day.
The caregiver organisation is the partner_org, so its partner_admin hears of endings too.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core import mail

from agreements import versions
from agreements.models import CopyGiven, Extension
from agreements.services.endings import agreement_give_notice
from careportal.notifications.models import Notification
from tests.agreements.factories import (
    ActiveAgreementFactory,
    ActiveParagraphDAgreementFactory,
    ActiveS140AgreementFactory,
    ChildFactory,
)
from tests.reminders.conftest import at

pytestmark = pytest.mark.django_db

ENDING_TO = ("partner_admin", "supervisor", "worker")


def to(kind: str, *who: str) -> list[tuple[str, str]]:
    return [(kind, name) for name in who]


def copies_given(agreement) -> None:
    """R-ALL-6: the executed copy made and given to every party on the first day, so a walk about other
    reminders sends no copy-given reminder (the lifetime walk below shows that one)."""
    executed = versions.execute_version(agreement.signing_version_id)
    for party in agreement.parties.filter(signatory=True):
        CopyGiven.objects.create(
            party=party,
            document=executed,
            given_on=agreement.start_date,
            method="in_person",
            recorded_by=agreement.drafted_by,
        )


def test_s139_agreement_lifetime_reminders_r_all_1_r_all_8_r_139_2(
    walk, worker, supervisor, partner_admin, partner_org
):
    """s139 from Monday 3 May 2027, last day Sunday 23 May: 7 and 2 days before; the extension decision;
    expired on the 24th; the R-ALL-8 safety check overdue 2 working days later (Wednesday 26th); unread,
    escalated to the supervisor 3 working days after that (Monday 31st)."""
    with time_machine.travel(at(date(2027, 5, 3)), tick=False):
        agreement = ActiveAgreementFactory(
            start_date=date(2027, 5, 3),
            end_date=date(2027, 5, 23),
            drafted_by=worker,
            caregiver_organisation=partner_org,
        )
    sent = walk(date(2027, 5, 3), date(2027, 6, 4))
    assert sent == {
        # R-ALL-6: in force 5 working days with no copy given recorded (to the social worker's team only).
        date(2027, 5, 10): to("agreement.copy_not_recorded", "supervisor", "worker"),
        date(2027, 5, 16): sorted(
            to("agreement.ending.7d", *ENDING_TO)
            + to("agreement.s139.extension_decision", "supervisor", "worker")
        ),
        date(2027, 5, 21): to("agreement.ending.2d", *ENDING_TO),
        date(2027, 5, 24): to("agreement.expired", *ENDING_TO),
        date(2027, 5, 26): to("agreement.safety_check.overdue", "worker"),
        date(2027, 5, 31): to("agreement.safety_check.overdue.escalated", "supervisor"),
    }
    assert len(mail.outbox) == 15  # every reminder also went by e-mail, once
    assert all(agreement.reference in m.subject for m in mail.outbox)


def test_an_extended_s139_agreement_gets_no_extension_decision_reminder_r_139_2(walk, worker, supervisor):
    with time_machine.travel(at(date(2027, 5, 3)), tick=False):
        agreement = ActiveAgreementFactory(
            start_date=date(2027, 5, 3), end_date=date(2027, 5, 23), drafted_by=worker
        )
        Extension.objects.create(
            agreement=agreement,
            start_date=date(2027, 5, 10),
            end_date=date(2027, 5, 23),
            previous_end_date=date(2027, 5, 9),
            approved_on=date(2027, 5, 8),
            approved_by=supervisor,
            legal_max_end_date=date(2027, 6, 6),
            legal_basis="test",
        )
        copies_given(agreement)
    sent = walk(date(2027, 5, 15), date(2027, 5, 17))
    assert sent == {date(2027, 5, 16): to("agreement.ending.7d", "supervisor", "worker")}


def test_s140_agreement_lifetime_reminders_r_140_4_r_140_6_r_all_8(
    walk, worker, supervisor, partner_admin, partner_org
):
    """s140(1)(a) from 3 May 2027 to 2 October; te tamaiti turns 12 on 15 June; 8 and 4 weeks before the
    last day; written notice on 10 September takes effect on the 18th (so no 1-week reminder); the safety
    check is overdue on Tuesday 21st; the worker reads it on the 22nd, so nothing is escalated."""
    with time_machine.travel(at(date(2027, 5, 3)), tick=False):
        agreement = ActiveS140AgreementFactory(
            start_date=date(2027, 5, 3),
            end_date=date(2027, 10, 2),
            drafted_by=worker,
            caregiver_organisation=partner_org,
            child=ChildFactory(date_of_birth=date(2015, 6, 15)),
        )
        copies_given(agreement)
    parent = agreement.parties.get(position=0)

    def give_notice():
        agreement_give_notice(
            agreement=agreement, by=worker, party=parent, given_on=date(2027, 9, 10), form="written"
        )

    def read_everything():
        Notification.objects.filter(recipient=worker).update(read_at=at(date(2027, 9, 22), 9))

    sent = walk(
        date(2027, 5, 3),
        date(2027, 10, 6),
        actions={date(2027, 9, 10): give_notice, date(2027, 9, 22): read_everything},
    )
    assert sent == {
        date(2027, 6, 15): to("agreement.child_turns_12", "supervisor", "worker"),
        date(2027, 8, 7): to("agreement.ending.56d", *ENDING_TO),
        date(2027, 9, 4): to("agreement.ending.28d", *ENDING_TO),
        date(2027, 9, 18): to("agreement.notice_took_effect", *ENDING_TO),
        date(2027, 9, 21): to("agreement.safety_check.overdue", "worker"),
    }


def test_s140_agreement_runs_its_full_term_gets_the_one_week_reminder(walk, worker, supervisor):
    with time_machine.travel(at(date(2027, 5, 3)), tick=False):
        agreement = ActiveS140AgreementFactory(
            start_date=date(2027, 5, 3), end_date=date(2027, 10, 2), drafted_by=worker
        )
        copies_given(agreement)
    sent = walk(date(2027, 9, 24), date(2027, 10, 3))
    assert sent == {
        # No sweep ran before the 24th in this test: the 4-week reminder is still owed (catch-up).
        date(2027, 9, 24): to("agreement.ending.28d", "supervisor", "worker"),
        date(2027, 9, 25): to("agreement.ending.7d", "supervisor", "worker"),
        date(2027, 10, 3): to("agreement.expired", "supervisor", "worker"),
    }


def test_paragraph_d_extension_fgc_and_the_18th_birthday_r_140_3_r_age_3(walk, worker, supervisor):
    """s140(1)(d) for rangatahi who turns 18 on 20 January 2028, so the last possible day is the 19th
    (R-AGE-3): the FGC reminder 3 months before the last day, the 18th-birthday one 3 months before it."""
    with time_machine.travel(at(date(2027, 5, 3)), tick=False):
        agreement = ActiveParagraphDAgreementFactory(
            start_date=date(2027, 5, 3),
            end_date=date(2028, 1, 19),
            drafted_by=worker,
            child=ChildFactory(date_of_birth=date(2010, 1, 20)),
        )
        copies_given(agreement)
    sent = walk(date(2027, 10, 17), date(2027, 10, 22))
    assert sent == {
        date(2027, 10, 19): to("agreement.s140d.extension_fgc", "supervisor", "worker"),
        date(2027, 10, 20): to("agreement.turns_18", "supervisor", "worker"),
    }


def test_a_missed_sweep_catches_up_the_next_day_and_sends_once(sweep, worker, supervisor):
    """No sweep ran on the 7-day date (16 May): the 17th still sends the 7-day reminder, once."""
    with time_machine.travel(at(date(2027, 5, 3)), tick=False):
        agreement = ActiveAgreementFactory(
            start_date=date(2027, 5, 3), end_date=date(2027, 5, 23), drafted_by=worker
        )
        copies_given(agreement)
    assert sweep(date(2027, 5, 15)) == []
    caught_up = sweep(date(2027, 5, 17))
    assert ("agreement.ending.7d", "worker") in caught_up
    assert sweep(date(2027, 5, 18)) == []


def test_an_agreement_first_seen_inside_the_last_week_gets_only_the_nearest_reminder(
    sweep, worker, supervisor
):
    """Adjoining windows: an s140 agreement 5 days from its last day gets the 1-week reminder only."""
    with time_machine.travel(at(date(2027, 5, 3)), tick=False):
        agreement = ActiveS140AgreementFactory(
            start_date=date(2027, 5, 3), end_date=date(2027, 10, 2), drafted_by=worker
        )
        copies_given(agreement)
    assert [k for k, _ in sweep(date(2027, 9, 27))] == ["agreement.ending.7d", "agreement.ending.7d"]
