"""qa_cycle_start: the service the partners app calls when a partner enters the QA cycle (R-396-6, QA-D4)."""

from datetime import date

import pytest

from careportal.audit.models import AuditEntry
from careportal.exceptions import RuleViolation
from quality.choices import CycleStatus, ReviewStatus
from quality.models import QACycle, QAReview
from quality.rules import first_review_planned_for
from quality.services import qa_cycle_start
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_qa_cycle_start_opens_the_cycle_and_schedules_the_first_review_a_cycle_later(
    partner_org, delegate, settings
):
    settings.CAREPORTAL_QA_CYCLE_MONTHS = 12
    cycle = qa_cycle_start(organisation=partner_org, started_on=date(2026, 3, 15), by=delegate)
    assert (cycle.status, cycle.started_on, cycle.cycle_months) == (CycleStatus.OPEN, date(2026, 3, 15), 12)
    assert cycle.joint_review_requested is False
    review = cycle.reviews.get()
    assert review.status == ReviewStatus.PLANNED
    assert review.planned_for == date(2027, 3, 15)
    assert (review.period_start, review.period_end) == (date(2026, 3, 15), date(2027, 3, 14))
    assert review.reference.startswith("QA-") and len(review.reference) == len("QA-2026-0001")
    assert AuditEntry.objects.for_object(cycle).history().get().action == "create"
    assert AuditEntry.objects.for_object(review).history().get().actor == delegate


def test_qa_cycle_start_is_idempotent_per_organisation(partner_org, delegate):
    first = qa_cycle_start(organisation=partner_org, started_on=date(2026, 3, 15), by=delegate)
    second = qa_cycle_start(
        organisation=partner_org, started_on=date(2026, 4, 1), by=delegate, joint_review_requested=True
    )
    assert second.pk == first.pk
    assert second.started_on == date(2026, 3, 15) and second.joint_review_requested is False
    assert QACycle.objects.count() == 1 and QAReview.objects.count() == 1


def test_qa_cycle_length_is_a_setting(partner_org, delegate, settings):
    settings.CAREPORTAL_QA_CYCLE_MONTHS = 6
    cycle = qa_cycle_start(organisation=partner_org, started_on=date(2026, 8, 31), by=delegate)
    assert cycle.cycle_months == 6
    assert cycle.reviews.get().planned_for == date(2027, 2, 28)


def test_r_396_6_joint_review_request_is_a_flag_on_the_cycle(partner_org, delegate):
    cycle = qa_cycle_start(
        organisation=partner_org, started_on=date(2026, 3, 15), by=delegate, joint_review_requested=True
    )
    assert cycle.joint_review_requested is True and cycle.joint_review_requested_on == date(2026, 3, 15)


def test_only_an_approved_partner_enters_the_qa_cycle(delegate):
    applicant = OrganisationFactory()
    with pytest.raises(RuleViolation) as err:
        qa_cycle_start(organisation=applicant, started_on=date(2026, 3, 15), by=delegate)
    assert err.value.field == "organisation"
    assert not QACycle.objects.exists() and not QAReview.objects.exists()


def test_references_count_up_within_a_year(delegate, other_partner_org, partner_org):
    a = qa_cycle_start(organisation=partner_org, started_on=date(2026, 3, 15), by=delegate).reviews.get()
    b = qa_cycle_start(
        organisation=other_partner_org, started_on=date(2026, 3, 15), by=delegate
    ).reviews.get()
    assert int(b.reference[-4:]) == int(a.reference[-4:]) + 1


@pytest.mark.parametrize(
    ("started", "months", "planned"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 2, 15), 12, date(2027, 2, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
    ],
)
def test_qa_d4_first_review_is_the_anniversary_clamped_to_month_end(started, months, planned):
    assert first_review_planned_for(started, months) == planned
