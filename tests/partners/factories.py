"""partners factories: a factory per state. Status is protected, so a state is set with a queryset
update after creation and the row is read back (never by assigning `status`)."""

from datetime import timedelta

import factory
from django.utils import timezone

from partners.choices import AccreditationStatus, ApplicationStatus, EvidenceStatus, S396ApprovalStatus
from partners.models import Accreditation, Application, Evidence, Requirement, S396Approval
from tests.factories import OrganisationFactory, UserFactory


class _StateFactory(factory.django.DjangoModelFactory):
    """Create the row, then put it in `state` (and any extra fields) with one UPDATE; answer a fresh copy."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        state = kwargs.pop("state", None)
        obj = super()._create(model_class, *args, **kwargs)
        if state is not None:
            model_class.objects.filter(pk=obj.pk).update(status=state)
        return model_class.objects.get(pk=obj.pk)


class ApplicationFactory(_StateFactory):
    """Preparation, with the R-396-2 notes recorded (ready to begin readiness)."""

    class Meta:
        model = Application

    organisation = factory.SubFactory(OrganisationFactory)
    care_model_summary = "Whānau-based care close to home."
    local_provision_notes = "Respite care only in the area."
    stakeholders_consulted = "Local iwi, the site manager."


class BarePreparationApplicationFactory(ApplicationFactory):
    local_provision_notes = ""
    stakeholders_consulted = ""


class ReadinessApplicationFactory(ApplicationFactory):
    state = ApplicationStatus.READINESS
    readiness_started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))


class ConfirmationApplicationFactory(ReadinessApplicationFactory):
    state = ApplicationStatus.CONFIRMATION
    confirmation_started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))


class QaTransitionApplicationFactory(ConfirmationApplicationFactory):
    state = ApplicationStatus.QA_TRANSITION
    quality_of_practice_confirmed_on = factory.LazyFunction(timezone.localdate)
    qa_transition_started_at = factory.LazyFunction(timezone.now)


class ApprovedApplicationFactory(QaTransitionApplicationFactory):
    state = ApplicationStatus.APPROVED
    approved_at = factory.LazyFunction(timezone.now)


class DeclinedApplicationFactory(ApplicationFactory):
    state = ApplicationStatus.DECLINED
    closed_at = factory.LazyFunction(timezone.now)


class WithdrawnApplicationFactory(ApplicationFactory):
    state = ApplicationStatus.WITHDRAWN
    closed_at = factory.LazyFunction(timezone.now)


def decline_proposed(days_ago: int = 0, window: int = 20, responded: bool = False) -> dict:
    """Fields of an application whose decline was proposed `days_ago` with a window of `window` days."""
    today = timezone.localdate()
    return {
        "decline_proposed_on": today - timedelta(days=days_ago),
        "decline_proposal_reason": "Standards not met.",
        "submissions_due_on": today - timedelta(days=days_ago) + timedelta(days=window),
        "organisation_responded_on": today if responded else None,
        "organisation_response": "We disagree." if responded else "",
    }


def requirement(code: str) -> Requirement:
    return Requirement.objects.current().get(code=code)


class EvidenceFactory(_StateFactory):
    """Submitted, note-only evidence (files are made through the upload service in tests)."""

    class Meta:
        model = Evidence

    application = factory.SubFactory(ReadinessApplicationFactory)
    requirement = factory.LazyFunction(lambda: Requirement.objects.current().order_by("position").first())
    requirement_code = factory.LazyAttribute(lambda e: e.requirement.code)
    version = 1
    note = "See the attached policy."
    uploaded_by = factory.SubFactory(UserFactory)


class AcceptedEvidenceFactory(EvidenceFactory):
    state = EvidenceStatus.ACCEPTED


class ChangesRequestedEvidenceFactory(EvidenceFactory):
    state = EvidenceStatus.CHANGES_REQUESTED
    reviewer_reason = "Add the review date."


class SupersededEvidenceFactory(EvidenceFactory):
    state = EvidenceStatus.SUPERSEDED


def accept_all(application: Application, **kwargs) -> list[Evidence]:
    """Accepted evidence for every requirement needed to leave readiness (R-396-3)."""
    return [
        AcceptedEvidenceFactory(application=application, requirement=r, **kwargs)
        for r in Requirement.objects.needed_to_leave_readiness()
    ]


class AccreditationFactory(factory.django.DjangoModelFactory):
    """A current Te Kāhui Kāhu Level 1 accreditation."""

    class Meta:
        model = Accreditation

    organisation = factory.SubFactory(OrganisationFactory)
    level = 1
    status = AccreditationStatus.ACCREDITED
    granted_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=200))
    review_due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=500))


class LapsedAccreditationFactory(AccreditationFactory):
    status = AccreditationStatus.LAPSED


class OverdueAccreditationFactory(AccreditationFactory):
    granted_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=800))
    review_due_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))


class S396ApprovalFactory(_StateFactory):
    class Meta:
        model = S396Approval

    organisation = factory.SubFactory(OrganisationFactory)
    granted_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=100))
    granted_by = factory.SubFactory(UserFactory, role="delegate")


class SuspendedApprovalFactory(S396ApprovalFactory):
    state = S396ApprovalStatus.SUSPENDED
    suspended_on = factory.LazyFunction(timezone.localdate)
    gazette_notice_reference = "2026-go1234"


class RevokedApprovalFactory(S396ApprovalFactory):
    state = S396ApprovalStatus.REVOKED
    revoked_on = factory.LazyFunction(timezone.localdate)
    gazette_notice_reference = "2026-go5678"


def notice(action: str, days_ago: int = 0, window: int = 20, responded: bool = False) -> dict:
    today = timezone.localdate()
    return {
        "proposed_action": action,
        "notice_given_on": today - timedelta(days=days_ago),
        "notice_reason": "Serious concerns about care.",
        "response_due_on": today - timedelta(days=days_ago) + timedelta(days=window),
        "organisation_responded_on": today if responded else None,
        "organisation_response": "We have addressed it." if responded else "",
    }
