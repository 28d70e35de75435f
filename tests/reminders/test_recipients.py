"""Who gets the QA and care-partner reminders, and what does not remind (decision 0009)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.partners.factories import (
    AccreditationFactory,
    DeclinedApplicationFactory,
    EvidenceFactory,
    ReadinessApplicationFactory,
    SupersededEvidenceFactory,
)
from tests.quality.factories import (
    EvidenceSubmittedActionFactory,
    FinalReviewFactory,
    HubReviewerFactory,
    InProgressActionFactory,
    InProgressReviewFactory,
    PlannedReviewFactory,
    QACycleFactory,
)

pytestmark = pytest.mark.django_db
DAY = date(2027, 5, 17)


def test_qa_review_due_goes_to_its_lead_reviewer_or_every_hub_reviewer(
    sweep, hub, partner_admin, partner_org
):
    other = HubReviewerFactory(username="reviewer_b")
    cycle = QACycleFactory(organisation=partner_org, started_on=date(2026, 6, 1))
    PlannedReviewFactory(cycle=cycle, planned_for=date(2027, 5, 31), lead_reviewer=other)
    PlannedReviewFactory(cycle=cycle, planned_for=date(2027, 5, 20), lead_reviewer=None)
    PlannedReviewFactory(cycle=cycle, planned_for=date(2027, 6, 1), lead_reviewer=None)  # 15 days: not yet
    assert sweep(DAY) == [
        ("quality.review.due", "hub"),
        ("quality.review.due", "reviewer_b"),
        ("quality.review.due", "reviewer_b"),
    ]


def test_action_reminders_reach_the_partner_only_once_it_sees_the_review(
    sweep, hub, partner_admin, partner_org
):
    """quality/permissions.py: a partner sees a review (and its actions) from the partner response on."""
    cycle = QACycleFactory(organisation=partner_org, started_on=date(2026, 6, 1))
    final = FinalReviewFactory(cycle=cycle, lead_reviewer=hub)
    working = InProgressReviewFactory(cycle=cycle, lead_reviewer=hub)
    InProgressActionFactory(review=final, due_on=date(2027, 5, 31))  # due in 14 days
    InProgressActionFactory(review=working, due_on=date(2027, 5, 16))  # overdue, review internal
    InProgressActionFactory(review=final, due_on=date(2027, 6, 1))  # 15 days: not yet
    EvidenceSubmittedActionFactory(review=final, due_on=date(2027, 5, 1))  # waits on the Hub, not the owner
    assert sweep(DAY) == [
        ("quality.action.due", "hub"),
        ("quality.action.due", "partner_admin"),
        ("quality.action.overdue", "hub"),
    ]


def test_te_kahui_kahu_review_warnings_go_to_pfo_and_the_organisations_administrators_r_396_5(
    sweep, pfo, partner_admin, partner_org, outsider
):
    AccreditationFactory(organisation=partner_org, review_due_on=date(2027, 8, 17))  # 3 months
    assert sweep(DAY) == [
        ("partners.accreditation_review_due.3m", "partner_admin"),
        ("partners.accreditation_review_due.3m", "pfo"),
    ]
    assert sweep(date(2027, 7, 17)) == [
        ("partners.accreditation_review_due.1m", "partner_admin"),
        ("partners.accreditation_review_due.1m", "pfo"),
    ]


def test_expiring_evidence_reminds_the_uploader_and_administrators_of_live_versions_only(
    sweep, partner_admin, partner_org, partner_staff, outsider, other_partner_org
):
    application = ReadinessApplicationFactory(organisation=partner_org)
    SupersededEvidenceFactory(
        application=application, uploaded_by=partner_staff, version=1, expires_on=date(2027, 6, 1)
    )
    EvidenceFactory(
        application=application, uploaded_by=partner_staff, version=2, expires_on=date(2027, 7, 16)
    )
    EvidenceFactory(
        application=DeclinedApplicationFactory(organisation=other_partner_org), expires_on=date(2027, 6, 1)
    )
    assert sweep(DAY) == [
        ("partners.evidence_expiring.60d", "partner_admin"),
        ("partners.evidence_expiring.60d", "partner_staff"),
    ]
    assert sweep(date(2027, 7, 2)) == [
        ("partners.evidence_expiring.14d", "partner_admin"),
        ("partners.evidence_expiring.14d", "partner_staff"),
    ]
