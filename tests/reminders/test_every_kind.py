"""Every reminder kind, rendered for a child with a distinctive name: the name appears nowhere (R-PRIV-2).

One record per kind (all about te tamaiti "Zebedee Quillfeather-Wharekauri", whose name is also in the
referrals' whānau details); the daily sweep runs on the days that make each kind due, and every reminder
it sent is rendered as the portal notification, the e-mail subject, text and HTML bodies, and the link.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from agreements.services.endings import agreement_give_notice
from careportal.notifications.email import render_reminder_email
from careportal.notifications.models import Notification, Reminder
from tests.agreements.factories import (
    ActiveAgreementFactory,
    ActiveParagraphDAgreementFactory,
    ActiveS140AgreementFactory,
    ChildFactory,
)
from tests.factories import OrganisationFactory
from tests.partners.factories import AccreditationFactory, EvidenceFactory
from tests.quality.factories import InProgressActionFactory, PlannedReviewFactory, QACycleFactory
from tests.referrals.factories import MonitoringReferralFactory, ReferralFactory, ReferredReferralFactory
from tests.reminders.conftest import at

pytestmark = pytest.mark.django_db

NAME = "Zebedee Quillfeather-Wharekauri"
WHANAU = f"{NAME} (9) lives with Nanny Hinewai Quillfeather in Ōtara."
ALL_KINDS = {
    "agreement.ending.7d",
    "agreement.ending.2d",
    "agreement.ending.56d",
    "agreement.ending.28d",
    "agreement.s139.extension_decision",
    "agreement.s140d.extension_fgc",
    "agreement.expired",
    "agreement.notice_took_effect",
    "agreement.safety_check.overdue",
    "agreement.safety_check.overdue.escalated",
    "agreement.child_turns_12",
    "agreement.turns_18",
    "agreement.copy_not_recorded",
    "referral.consent.missing",
    "referral.provider_response.missing",
    "referral.contact.overdue",
    "referral.contact.overdue.escalated",
    "quality.review.due",
    "quality.action.due",
    "quality.action.overdue",
    "partners.accreditation_review_due.3m",
    "partners.accreditation_review_due.1m",
    "partners.evidence_expiring.60d",
    "partners.evidence_expiring.14d",
}
SWEEP_DAYS = [date(2027, 5, d) for d in (16, 21, 24, 26, 31)] + [
    date(2027, 6, 15),
    date(2027, 8, 7),
    date(2027, 9, 4),
    date(2027, 9, 25),
    date(2027, 10, 20),
]


def _agreements(worker, partner_org):
    start = date(2027, 5, 3)
    ActiveAgreementFactory(
        start_date=start, end_date=date(2027, 5, 23), drafted_by=worker, caregiver_organisation=partner_org,
        child=ChildFactory(name=NAME),
    )  # fmt: skip
    ActiveS140AgreementFactory(
        start_date=start, end_date=date(2027, 10, 2), drafted_by=worker,
        child=ChildFactory(name=NAME, date_of_birth=date(2015, 6, 15)),
    )  # fmt: skip
    ActiveParagraphDAgreementFactory(
        start_date=start, end_date=date(2028, 1, 19), drafted_by=worker,
        child=ChildFactory(name=NAME, date_of_birth=date(2010, 1, 20)),
    )  # fmt: skip
    noticed = ActiveS140AgreementFactory(
        start_date=start, end_date=date(2027, 10, 2), drafted_by=worker, child=ChildFactory(name=NAME)
    )
    with time_machine.travel(at(date(2027, 5, 10), 9), tick=False):
        agreement_give_notice(
            agreement=noticed, by=worker, party=noticed.parties.get(position=0),
            given_on=date(2027, 5, 10), form="written",
        )  # fmt: skip


def _referrals(drc, provider_org):
    ReferralFactory(managed_by=drc, family_details=WHANAU)
    ReferredReferralFactory(
        managed_by=drc, provider=provider_org, family_details=WHANAU, response_due_on=date(2027, 5, 12)
    )
    MonitoringReferralFactory(
        managed_by=drc, provider=provider_org, family_details=WHANAU, next_contact_due_on=date(2027, 5, 20)
    )


def _quality(hub, partner_org):
    cycle = QACycleFactory(organisation=partner_org, started_on=date(2026, 6, 1))
    PlannedReviewFactory(cycle=cycle, planned_for=date(2027, 5, 25), lead_reviewer=hub)
    review = PlannedReviewFactory(cycle=cycle, planned_for=date(2027, 9, 1), lead_reviewer=hub)
    InProgressActionFactory(review=review, due_on=date(2027, 5, 28), title=f"Kōrero with {NAME}")
    InProgressActionFactory(review=review, due_on=date(2027, 5, 10), title=f"Visit {NAME}")


def _partners(partner_org):
    AccreditationFactory(organisation=partner_org, review_due_on=date(2027, 8, 10))
    AccreditationFactory(organisation=OrganisationFactory(), review_due_on=date(2027, 6, 10))
    EvidenceFactory(expires_on=date(2027, 7, 10))
    EvidenceFactory(expires_on=date(2027, 5, 25))


@pytest.fixture
def every_kind_sent(
    sweep, worker, supervisor, drc, hub, pfo, partner_admin, partner_org, provider_org, provider_user
):
    with time_machine.travel(at(date(2027, 5, 3), 9), tick=False):
        _agreements(worker, partner_org)
        _referrals(drc, provider_org)
        _quality(hub, partner_org)
        _partners(partner_org)
    for day in SWEEP_DAYS:
        sweep(day)
    return list(Reminder.objects.select_related("recipient", "notification"))


def test_the_sweep_sends_every_reminder_kind_the_issue_lists(every_kind_sent):
    assert {r.kind for r in every_kind_sent} == ALL_KINDS


def test_r_priv_2_no_reminder_names_te_tamaiti_or_the_whanau(every_kind_sent):
    seen = set()
    for reminder in every_kind_sent:
        email = render_reminder_email(reminder)
        html = email.alternatives[0][0]
        notification = Notification.objects.get(pk=reminder.notification_id)
        for text in (reminder.message, reminder.link, notification.message, notification.link,
                     email.subject, email.body, html):  # fmt: skip
            for secret in ("Zebedee", "Quillfeather", "Hinewai"):
                assert secret not in text, f"{reminder.kind}: {secret!r} in {text!r}"
        assert reminder.link.startswith("/") and reminder.link in email.body and reminder.link in html
        seen.add(reminder.kind)
    assert seen == ALL_KINDS


def test_agreement_and_referral_reminders_carry_the_reference(every_kind_sent):
    from agreements.models import Agreement
    from referrals.models import Referral

    references = {str(a.pk): a.reference for a in Agreement.objects.all()}
    references |= {str(r.pk): r.reference for r in Referral.objects.all()}
    for reminder in every_kind_sent:
        if reminder.subject_type in ("agreements.agreement", "referrals.referral"):
            assert references[reminder.subject_id] in reminder.message
            assert reminder.subject_id in reminder.link  # the opaque id, never a name
