"""Quality factories: a factory per review and action state (statuses set at creation, as fixtures)."""

from datetime import timedelta

import factory

from careportal.accounts.choices import Role
from careportal.lib.dates import nz_today
from quality.choices import ActionStatus, ActivityKind, Rating, ReviewStatus
from quality.models import Finding, ImprovementAction, NationalCareStandard, QACycle, QAReview, ReviewActivity
from tests.factories import ApprovedPartnerFactory, UserFactory

TODAY = nz_today()  # R-DATE-1: the services count in New Zealand dates


def standard(part: int) -> NationalCareStandard:
    """The seeded reference data (data migration 0002)."""
    return NationalCareStandard.objects.get(part=part)


class HubReviewerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"reviewer{n}")
    role = Role.HUB_REVIEWER


class QACycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QACycle

    organisation = factory.SubFactory(ApprovedPartnerFactory)
    started_on = factory.LazyFunction(lambda: TODAY - timedelta(days=300))
    cycle_months = 12


class PlannedReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QAReview

    cycle = factory.SubFactory(QACycleFactory)
    reference = factory.Sequence(lambda n: f"QA-2099-{n:04d}")
    planned_for = factory.LazyFunction(lambda: TODAY + timedelta(days=20))
    period_start = factory.LazyAttribute(lambda r: r.cycle.started_on)
    period_end = factory.LazyAttribute(lambda r: r.planned_for - timedelta(days=1))
    status = ReviewStatus.PLANNED


class InProgressReviewFactory(PlannedReviewFactory):
    status = ReviewStatus.IN_PROGRESS
    planned_for = factory.LazyFunction(lambda: TODAY - timedelta(days=10))
    started_on = factory.LazyAttribute(lambda r: r.planned_for)
    lead_reviewer = factory.SubFactory(HubReviewerFactory)


class DraftReportReviewFactory(InProgressReviewFactory):
    status = ReviewStatus.DRAFT_REPORT
    draft_submitted_on = factory.LazyFunction(lambda: TODAY - timedelta(days=5))


class PartnerResponseReviewFactory(DraftReportReviewFactory):
    status = ReviewStatus.PARTNER_RESPONSE
    sent_to_partner_on = factory.LazyFunction(lambda: TODAY - timedelta(days=3))
    response_due_on = factory.LazyFunction(lambda: TODAY + timedelta(days=25))


class RespondedReviewFactory(PartnerResponseReviewFactory):
    partner_response = "We accept the findings and have set out our plan."
    responded_on = factory.LazyFunction(lambda: TODAY - timedelta(days=1))


class FinalReviewFactory(RespondedReviewFactory):
    """As the queue leaves it: final, with its report stored (tests of the queue itself finalise for real)."""

    status = ReviewStatus.FINAL
    finalised_on = TODAY
    final_report = factory.django.FileField(filename="final-report.pdf", data=b"%PDF-1.7\n%stored\n")
    final_report_hash = "0" * 64


REVIEW_FACTORIES = {
    ReviewStatus.PLANNED: PlannedReviewFactory,
    ReviewStatus.IN_PROGRESS: InProgressReviewFactory,
    ReviewStatus.DRAFT_REPORT: DraftReportReviewFactory,
    ReviewStatus.PARTNER_RESPONSE: PartnerResponseReviewFactory,
    ReviewStatus.FINAL: FinalReviewFactory,
}


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewActivity

    review = factory.SubFactory(InProgressReviewFactory)
    kind = ActivityKind.FILE_REVIEW
    held_on = factory.LazyFunction(lambda: TODAY - timedelta(days=2))
    summary = "Reviewed case files 1234567 and 7654321."
    recorded_by = factory.SubFactory(HubReviewerFactory)


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    review = factory.SubFactory(InProgressReviewFactory)
    standard = factory.LazyFunction(lambda: standard(1))
    rating = Rating.MET
    narrative = "Plans in case files 1234567 and 7654321 were current and visits were on time."
    recorded_by = factory.SubFactory(HubReviewerFactory)


class OpenActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementAction

    review = factory.SubFactory(FinalReviewFactory)
    owner_organisation = factory.LazyAttribute(lambda a: a.review.cycle.organisation)
    title = factory.Sequence(lambda n: f"Improve caregiver support plan {n}")
    due_on = factory.LazyFunction(lambda: TODAY + timedelta(days=60))
    status = ActionStatus.OPEN
    created_by = factory.SubFactory(HubReviewerFactory)


class InProgressActionFactory(OpenActionFactory):
    status = ActionStatus.IN_PROGRESS
    started_on = factory.LazyFunction(lambda: TODAY - timedelta(days=5))


class EvidenceSubmittedActionFactory(InProgressActionFactory):
    status = ActionStatus.EVIDENCE_SUBMITTED
    evidence_note = "Support plans updated for every placement."
    evidence_submitted_on = factory.LazyFunction(lambda: TODAY - timedelta(days=1))


class VerifiedClosedActionFactory(EvidenceSubmittedActionFactory):
    status = ActionStatus.VERIFIED_CLOSED
    verified_on = TODAY


class OverdueActionFactory(InProgressActionFactory):
    due_on = factory.LazyFunction(lambda: TODAY - timedelta(days=7))


ACTION_FACTORIES = {
    ActionStatus.OPEN: OpenActionFactory,
    ActionStatus.IN_PROGRESS: InProgressActionFactory,
    ActionStatus.EVIDENCE_SUBMITTED: EvidenceSubmittedActionFactory,
    ActionStatus.VERIFIED_CLOSED: VerifiedClosedActionFactory,
}


class AccreditationFactory(factory.django.DjangoModelFactory):
    """A Te Kāhui Kāhu outcome (the partners app's model, read by the accreditation watch)."""

    class Meta:
        model = "partners.Accreditation"

    organisation = factory.SubFactory(ApprovedPartnerFactory)
    level = 1
    status = "accredited"
    granted_on = factory.LazyFunction(lambda: TODAY - timedelta(days=600))
    review_due_on = factory.LazyFunction(lambda: TODAY + timedelta(days=200))
