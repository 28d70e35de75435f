"""The rule guards of the application lifecycle (R-396-1 … R-396-4), through the API and the services."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from careportal.audit.models import AuditEntry
from careportal.exceptions import TransitionNotAllowed
from careportal.notifications.models import Notification
from partners import services
from partners.models import Application, Organisation, Requirement, S396Approval
from partners.services.reference import requirement_revise
from tests.partners.factories import (
    AcceptedEvidenceFactory,
    AccreditationFactory,
    ApplicationFactory,
    BarePreparationApplicationFactory,
    ChangesRequestedEvidenceFactory,
    EvidenceFactory,
    LapsedAccreditationFactory,
    OverdueAccreditationFactory,
    S396ApprovalFactory,
    accept_all,
    decline_proposed,
    requirement,
)

pytestmark = pytest.mark.django_db


def post(client, application, name, body=None):
    return client.post(f"/api/v1/applications/{application.pk}/{name}/", body or {})


# --- R-396-2 ----------------------------------------------------------------------------------------


def test_r396_2_leaving_preparation_needs_local_provision_and_stakeholders(api_as, pfo, partner_org):
    application = BarePreparationApplicationFactory(organisation=partner_org)
    response = post(api_as(pfo), application, "begin_readiness")
    assert response.status_code == 409
    body = response.json()
    assert body["rule"] == "R-396-2" and body["status"] == "preparation"
    assert (
        "already provided in the local area" in body["detail"] and "stakeholders consulted" in body["detail"]
    )


def test_r396_2_names_only_what_is_missing_and_passes_once_recorded(api_as, pfo, partner_org):
    application = BarePreparationApplicationFactory(organisation=partner_org)
    client = api_as(pfo)
    client.patch(f"/api/v1/applications/{application.pk}/", {"local_provision_notes": "Respite only."})
    detail = post(client, application, "begin_readiness").json()["detail"]
    assert "stakeholders consulted" in detail and "local area" not in detail
    client.patch(f"/api/v1/applications/{application.pk}/", {"stakeholders_consulted": "   "})
    assert post(client, application, "begin_readiness").status_code == 409  # blank is not recorded
    client.patch(f"/api/v1/applications/{application.pk}/", {"stakeholders_consulted": "Iwi, site manager."})
    assert post(client, application, "begin_readiness").json()["status"] == "readiness"
    assert Application.objects.get(pk=application.pk).readiness_started_at is not None


def test_r396_2_only_reviewers_record_the_notes(api_as, partner_admin, delegate, partner_org):
    application = BarePreparationApplicationFactory(organisation=partner_org)
    for user in (partner_admin, delegate):
        response = api_as(user).patch(
            f"/api/v1/applications/{application.pk}/", {"local_provision_notes": "x"}
        )
        assert response.status_code == 403
    assert Application.objects.get(pk=application.pk).local_provision_notes == ""


# --- R-396-3 ----------------------------------------------------------------------------------------


def test_r396_3_leaving_readiness_names_every_missing_item(api_as, pfo, partner_org):
    application = ApplicationFactory(organisation=partner_org, state="readiness")
    AcceptedEvidenceFactory(application=application, requirement=requirement("governance"))
    EvidenceFactory(application=application, requirement=requirement("complaints"))  # submitted only
    ChangesRequestedEvidenceFactory(application=application, requirement=requirement("privacy"))
    response = post(api_as(pfo), application, "request_confirmation")
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert response.json()["rule"] == "R-396-3"
    assert "Governance" not in detail
    for title in (
        "Complaints process",
        "Privacy and information sharing",
        "Incident reporting",
        "Care model summary",
    ):
        assert title in detail


def test_r396_3_passes_when_every_required_item_is_accepted(api_as, pfo, partner_org):
    application = ApplicationFactory(organisation=partner_org, state="readiness")
    accept_all(application)
    assert post(api_as(pfo), application, "request_confirmation").json()["status"] == "confirmation"


def test_r396_3_expired_evidence_no_longer_counts(api_as, pfo, partner_org):
    application = ApplicationFactory(organisation=partner_org, state="readiness")
    accept_all(application)
    vetting = application.evidence.get(requirement_code="staff-vetting")
    type(vetting).objects.filter(pk=vetting.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    response = post(api_as(pfo), application, "request_confirmation")
    assert response.status_code == 409 and "Staff and caregiver safety checking" in response.json()["detail"]


def test_r396_3_optional_and_retired_requirements_are_not_needed(api_as, pfo, admin_user, partner_org):
    application = ApplicationFactory(organisation=partner_org, state="readiness")
    requirement_revise(requirement=requirement("incident-reporting"), by=admin_user, required=False)
    requirement_revise(requirement=requirement("privacy"), by=admin_user, active=False)
    for r in Requirement.objects.needed_to_leave_readiness():
        AcceptedEvidenceFactory(application=application, requirement=r)
    assert post(api_as(pfo), application, "request_confirmation").status_code == 200


def test_r396_3_evidence_accepted_against_an_earlier_requirement_version_still_counts(
    api_as, pfo, admin_user, partner_org
):
    application = ApplicationFactory(organisation=partner_org, state="readiness")
    accept_all(application)
    new = requirement_revise(
        requirement=requirement("governance"), by=admin_user, title="Governance (revised)"
    )
    assert new.version == 2
    assert post(api_as(pfo), application, "request_confirmation").status_code == 200


# --- R-396-1 ----------------------------------------------------------------------------------------


def _confirm(client, application, on=None):
    on = on or timezone.localdate()
    return post(client, application, "confirm_partner", {"quality_of_practice_confirmed_on": on.isoformat()})


def test_r396_1_confirming_records_the_s396_approval_and_the_organisation_status(
    api_as, delegate, applicant_org, django_capture_on_commit_callbacks, applicant_admin
):
    application = ApplicationFactory(organisation=applicant_org, state="confirmation")
    AccreditationFactory(organisation=applicant_org)
    with django_capture_on_commit_callbacks(execute=True):
        response = _confirm(api_as(delegate), application, timezone.localdate() - timedelta(days=2))
    assert response.status_code == 200
    assert response.json()["status"] == "qa_transition"
    assert (
        response.json()["quality_of_practice_confirmed_on"]
        == (timezone.localdate() - timedelta(days=2)).isoformat()
    )
    approval = S396Approval.objects.get(organisation=applicant_org)
    assert (approval.status, approval.application_id, approval.granted_by) == (
        "active",
        application.pk,
        delegate,
    )
    assert approval.granted_on == timezone.localdate()
    assert Organisation.objects.get(pk=applicant_org.pk).approval_status == "approved"
    assert AuditEntry.objects.for_object(approval).filter(action="create").exists()
    assert Notification.objects.filter(recipient=applicant_admin, kind="partners.confirmed").exists()


@pytest.mark.parametrize(
    "accreditation",
    [
        None,
        LapsedAccreditationFactory,
        OverdueAccreditationFactory,
        lambda **kw: AccreditationFactory(level=2, **kw),
    ],
    ids=["none", "lapsed", "review-overdue", "level-2"],
)
def test_r396_1_confirming_needs_a_current_level_1_accreditation(
    api_as, delegate, applicant_org, accreditation
):
    application = ApplicationFactory(organisation=applicant_org, state="confirmation")
    if accreditation is not None:
        accreditation(organisation=applicant_org)
    response = _confirm(api_as(delegate), application)
    assert response.status_code == 409
    assert response.json()["rule"] == "R-396-1" and "Level 1" in response.json()["detail"]
    assert not S396Approval.objects.exists()
    assert Organisation.objects.get(pk=applicant_org.pk).approval_status == "none"


@pytest.mark.parametrize(
    "body", [{}, {"quality_of_practice_confirmed_on": ""}, {"quality_of_practice_confirmed_on": "soon"}]
)
def test_r396_1_confirming_needs_the_quality_of_practice_date(api_as, delegate, applicant_org, body):
    application = ApplicationFactory(organisation=applicant_org, state="confirmation")
    AccreditationFactory(organisation=applicant_org)
    response = post(api_as(delegate), application, "confirm_partner", body)
    assert response.status_code == 400 and "quality_of_practice_confirmed_on" in response.json()
    assert Application.objects.get(pk=application.pk).status == "confirmation"


def test_r396_1_quality_of_practice_cannot_be_confirmed_in_the_future(api_as, delegate, applicant_org):
    application = ApplicationFactory(organisation=applicant_org, state="confirmation")
    AccreditationFactory(organisation=applicant_org)
    response = _confirm(api_as(delegate), application, timezone.localdate() + timedelta(days=1))
    assert response.status_code == 400
    assert "R-396-1" in response.json()["quality_of_practice_confirmed_on"][0]


def test_r396_1_confirmation_is_atomic_when_the_approval_cannot_be_recorded(delegate, applicant_org):
    """An organisation that already holds a live approval: nothing at all changes (no half-confirmation)."""
    application = ApplicationFactory(organisation=applicant_org, state="confirmation")
    AccreditationFactory(organisation=applicant_org)
    S396ApprovalFactory(organisation=applicant_org)
    with pytest.raises(TransitionNotAllowed, match="already holds"):
        services.application_confirm_partner(
            application=application, by=delegate, quality_of_practice_confirmed_on=timezone.localdate()
        )
    application.refresh_from_db()
    assert application.status == "confirmation" and application.quality_of_practice_confirmed_on is None
    assert not AuditEntry.objects.for_object(application).filter(action="confirm_partner").exists()
    assert S396Approval.objects.filter(organisation=applicant_org).count() == 1


def test_completing_the_transition_opens_the_qa_cycle_and_schedules_the_first_review(
    api_as, pfo, partner_org, settings
):
    from quality.models import QACycle

    settings.CAREPORTAL_QA_CYCLE_MONTHS = 12
    application = ApplicationFactory(organisation=partner_org, state="qa_transition")
    response = post(api_as(pfo), application, "complete_transition")
    assert response.json()["status"] == "approved"
    cycle = QACycle.objects.get(organisation=partner_org)
    (review,) = cycle.reviews.all()
    assert review.status == "planned"
    assert cycle.started_on == timezone.localdate() and cycle.cycle_months == 12
    assert response.json()["qa_first_review_planned_on"] == review.planned_for.isoformat()
    assert Application.objects.get(pk=application.pk).approved_at is not None


def test_completing_the_transition_is_atomic_with_the_qa_cycle(api_as, pfo, applicant_org):
    """An organisation without s396 approval cannot enter the QA cycle: nothing is half-saved."""
    from quality.models import QACycle

    application = ApplicationFactory(organisation=applicant_org, state="qa_transition")
    response = post(api_as(pfo), application, "complete_transition")
    assert response.status_code == 400
    assert Application.objects.get(pk=application.pk).status == "qa_transition"
    assert not QACycle.objects.filter(organisation=applicant_org).exists()


# --- R-396-4 ----------------------------------------------------------------------------------------


def test_r396_4_decline_needs_a_proposed_decline_first(api_as, delegate, partner_org):
    application = ApplicationFactory(organisation=partner_org, state="readiness")
    response = post(api_as(delegate), application, "decline", {"reason": "No."})
    assert response.status_code == 409 and response.json()["rule"] == "R-396-4"
    assert "Propose the decline first" in response.json()["detail"]


def test_r396_4_decline_waits_for_the_window_or_a_response(api_as, delegate, partner_org):
    application = ApplicationFactory(
        organisation=partner_org, state="readiness", **decline_proposed(days_ago=5)
    )
    response = post(api_as(delegate), application, "decline", {"reason": "No."})
    assert response.status_code == 409 and "window is open until" in response.json()["detail"]


def test_r396_4_decline_is_allowed_once_the_window_has_closed(api_as, delegate, partner_org):
    application = ApplicationFactory(
        organisation=partner_org, state="confirmation", **decline_proposed(days_ago=30, window=29)
    )
    response = post(api_as(delegate), application, "decline", {"reason": "Standards not met."})
    assert response.status_code == 200 and response.json()["status"] == "declined"
    assert response.json()["closing_reason"] == "Standards not met."


def test_r396_4_decline_is_allowed_once_the_organisation_has_responded(
    api_as, delegate, partner_admin, partner_org
):
    application = ApplicationFactory(
        organisation=partner_org, state="readiness", **decline_proposed(days_ago=1)
    )
    assert (
        post(api_as(partner_admin), application, "respond", {"response": "We have a plan."}).status_code
        == 200
    )
    application.refresh_from_db()
    assert application.organisation_responded_on == timezone.localdate()
    assert application.organisation_response == "We have a plan."
    assert post(api_as(delegate), application, "decline", {"reason": "Plan not enough."}).status_code == 200


@time_machine.travel(date(2027, 6, 14), tick=False)  # a Monday; Matariki is Friday 25 June 2027
def test_r396_4_submissions_window_counts_working_days_skipping_matariki(
    api_as, pfo, delegate, partner_org, settings
):
    settings.CAREPORTAL_SUBMISSIONS_WINDOW_WORKING_DAYS = 20
    application = ApplicationFactory(organisation=partner_org, state="readiness")
    response = post(api_as(pfo), application, "propose_decline", {"reason": "Gaps in safeguarding."})
    assert response.json()["decline_proposed_on"] == "2027-06-14"
    # 20 working days: weekends and Matariki skipped, so Tuesday 13 July, not Monday 12 July.
    assert response.json()["submissions_due_on"] == "2027-07-13"
    with time_machine.travel(date(2027, 7, 13), tick=False):
        assert post(api_as(delegate), application, "decline", {"reason": "x"}).status_code == 409
    with time_machine.travel(date(2027, 7, 14), tick=False):
        assert post(api_as(delegate), application, "decline", {"reason": "x"}).json()["status"] == "declined"


def test_r396_4_the_organisation_is_told_of_a_proposed_decline(
    api_as, pfo, partner_admin, partner_staff, outsider, partner_org, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(organisation=partner_org, state="readiness")
    with django_capture_on_commit_callbacks(execute=True):
        post(api_as(pfo), application, "propose_decline", {"reason": "Gaps."})
    told = set(
        Notification.objects.filter(kind="partners.decline_proposed").values_list("recipient", flat=True)
    )
    assert told == {partner_admin.pk, partner_staff.pk}
    assert Notification.objects.filter(recipient=partner_admin).get().link == "/partners/mine/"


def test_r396_4_a_decline_is_proposed_once_and_answered_once(api_as, pfo, partner_admin, partner_org):
    application = ApplicationFactory(organisation=partner_org, state="readiness")
    assert post(api_as(partner_admin), application, "respond", {"response": "?"}).status_code == 409
    post(api_as(pfo), application, "propose_decline", {"reason": "Gaps."})
    assert post(api_as(pfo), application, "propose_decline", {"reason": "Again."}).status_code == 409
    assert post(api_as(partner_admin), application, "respond", {"response": "One."}).status_code == 200
    assert post(api_as(partner_admin), application, "respond", {"response": "Two."}).status_code == 409


def test_r396_4_moving_on_waits_while_a_decline_is_proposed(api_as, pfo, partner_org):
    application = ApplicationFactory(organisation=partner_org, state="preparation", **decline_proposed())
    response = post(api_as(pfo), application, "begin_readiness")
    assert response.status_code == 409 and response.json()["rule"] == "R-396-4"
    assert (
        post(api_as(pfo), application, "cancel_decline_proposal", {"reason": "Resolved."}).status_code == 200
    )
    assert post(api_as(pfo), application, "begin_readiness").json()["status"] == "readiness"


@pytest.mark.parametrize("name", ["decline", "withdraw", "propose_decline"])
def test_reason_is_required(api_as, pfo, delegate, partner_org, name):
    application = ApplicationFactory(
        organisation=partner_org, state="readiness", **decline_proposed(responded=True)
    )
    user = delegate if name == "decline" else pfo
    response = post(api_as(user), application, name, {"reason": ""})
    assert response.status_code == 400 and "reason" in response.json()
