"""The daily sweep (R-396-5 alerts and review warnings), the seeded catalogue and its versioning, seed_demo."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from careportal.accounts.choices import Role
from careportal.notifications.models import Notification, Reminder
from partners import sweep
from partners.models import Application, Evidence, Organisation, Requirement, S396Approval
from partners.services import requirement_revise
from tests.factories import UserFactory
from tests.partners.factories import (
    AccreditationFactory,
    EvidenceFactory,
    LapsedAccreditationFactory,
    OverdueAccreditationFactory,
    S396ApprovalFactory,
    requirement,
)

pytestmark = pytest.mark.django_db


# --- R-396-5 alerts -----------------------------------------------------------------------------------


def test_r396_5_sweep_alerts_pfo_once_about_a_lapsed_accreditation_and_never_revokes(pfo, partner_org):
    other_pfo = UserFactory(username="pfo2", role=Role.PFO)
    approval = S396ApprovalFactory(organisation=partner_org)
    LapsedAccreditationFactory(organisation=partner_org)
    today = timezone.localdate()
    lines = sweep.run(today)
    assert lines == [f"partners: accreditation alert raised for {partner_org} (R-396-5)"]
    alerts = Notification.objects.filter(kind="partners.accreditation_alert")
    assert set(alerts.values_list("recipient", flat=True)) == {pfo.pk, other_pfo.pk}
    assert f"/partners/approvals/{approval.pk}/" == alerts.first().link
    assert sweep.run(today) == [] and alerts.count() == 2  # idempotent
    approval.refresh_from_db()
    assert approval.status == "active" and approval.accreditation_alert_raised_on == today
    assert Organisation.objects.get(pk=partner_org.pk).approval_status == "approved"


def test_r396_5_an_overdue_review_alerts_too_and_a_renewed_accreditation_clears_the_alert(pfo, partner_org):
    approval = S396ApprovalFactory(organisation=partner_org)
    OverdueAccreditationFactory(organisation=partner_org)
    today = timezone.localdate()
    assert len(sweep.run(today)) == 1
    AccreditationFactory(organisation=partner_org, review_due_on=today + timedelta(days=700))
    assert sweep.run(today) == ["partners: 1 accreditation alert(s) cleared (accredited again)"]
    assert S396Approval.objects.get(pk=approval.pk).accreditation_alert_raised_on is None
    assert sweep.run(today) == []


def test_r396_5_no_alert_for_revoked_approvals_or_current_accreditations(pfo, partner_org, other_partner_org):
    S396ApprovalFactory(organisation=partner_org, state="revoked")
    LapsedAccreditationFactory(organisation=partner_org)
    S396ApprovalFactory(organisation=other_partner_org)
    AccreditationFactory(organisation=other_partner_org)
    assert [line for line in sweep.run(timezone.localdate()) if "alert" in line] == []


def test_r396_5_warns_three_months_then_one_month_before_the_review(pfo, partner_admin, partner_org):
    accreditation = AccreditationFactory(organisation=partner_org, review_due_on=date(2027, 6, 30))
    assert sweep.run(date(2027, 3, 29)) == []
    assert sweep.run(date(2027, 3, 30)) == [f"partners: 3-month review warning for {partner_org}"]
    assert sweep.run(date(2027, 4, 15)) == []
    assert sweep.run(date(2027, 5, 30)) == [f"partners: 1-month review warning for {partner_org}"]
    assert sweep.run(date(2027, 6, 1)) == []
    warned = Notification.objects.filter(kind__startswith="partners.accreditation_review_due")
    assert sorted(warned.values_list("recipient__username", flat=True)) == [
        "partner_admin", "partner_admin", "pfo", "pfo",
    ]  # fmt: skip
    # The bookkeeping is the reminder engine's unique key (decision 0009): one of each warning per person.
    sent = Reminder.objects.filter(subject_id=str(accreditation.pk))
    assert sorted(sent.values_list("kind", "due_on")) == [
        ("partners.accreditation_review_due.1m", date(2027, 6, 30)),
        ("partners.accreditation_review_due.1m", date(2027, 6, 30)),
        ("partners.accreditation_review_due.3m", date(2027, 6, 30)),
        ("partners.accreditation_review_due.3m", date(2027, 6, 30)),
    ]


def test_the_sweep_runs_a_constant_number_of_queries(pfo):
    today = timezone.localdate()

    def run_with(n):
        for _ in range(n):
            approval = S396ApprovalFactory()
            LapsedAccreditationFactory(organisation=approval.organisation)
            AccreditationFactory(organisation=approval.organisation, review_due_on=today + timedelta(days=20))
        with CaptureQueriesContext(connection) as ctx:
            sweep.run(today)
        return len(ctx.captured_queries)

    assert run_with(3) == run_with(30)


# --- the requirements catalogue -----------------------------------------------------------------------


def test_the_catalogue_is_seeded_by_migration():
    assert Requirement.objects.current().count() == 10
    assert (
        requirement("cultural-capability").title
        == "Cultural capability and connection with iwi and Māori organisations"
    )


def test_revising_an_unused_requirement_edits_it_in_place(admin_user):
    original = requirement("complaints")
    revised = requirement_revise(requirement=original, by=admin_user, validity_days=365)
    assert revised.pk == original.pk and revised.version == 1 and revised.validity_days == 365


def test_revising_a_used_requirement_creates_a_version_and_keeps_the_old_one(admin_user):
    original = requirement("complaints")
    evidence = EvidenceFactory(requirement=original)
    revised = requirement_revise(requirement=original, by=admin_user, title="Complaints and feedback process")
    original.refresh_from_db()
    assert (revised.version, revised.code, revised.title) == (
        2,
        "complaints",
        "Complaints and feedback process",
    )
    assert original.superseded_by == revised and original.title == "Complaints process"
    assert Evidence.objects.get(pk=evidence.pk).requirement == original  # what it was assessed against
    assert requirement("complaints") == revised


def test_admin_edit_of_a_used_requirement_goes_through_versioning(client, admin_user):
    original = requirement("privacy")
    EvidenceFactory(requirement=original)
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    data = {
        "title": "Privacy, information sharing and records", "standard": original.standard, "guidance": "",
        "file_required": "on", "validity_days": "", "required": "on", "active": "on", "position": 90,
    }  # fmt: skip
    response = client.post(f"/support/partners/requirement/{original.pk}/change/", data)
    assert response.status_code == 302
    assert Requirement.objects.filter(code="privacy").count() == 2
    assert requirement("privacy").title == "Privacy, information sharing and records"
    assert Requirement.objects.get(pk=original.pk).title == "Privacy and information sharing"


# --- seed_demo ------------------------------------------------------------------------------------------


def test_seed_demo_creates_applications_in_every_state_idempotently(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    counts = (Application.objects.count(), Evidence.objects.count(), S396Approval.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Application.objects.count(), Evidence.objects.count(), S396Approval.objects.count()) == counts
    assert set(Application.objects.values_list("status", flat=True)) == {
        "preparation", "readiness", "confirmation", "qa_transition", "approved", "declined", "withdrawn",
    }  # fmt: skip
    partner = Organisation.objects.get(legal_name="Kāinga Care Trust")
    assert partner.approval_status == "approved"
    assert partner.applications.get().status == "approved"
    assert S396Approval.objects.get(organisation=partner).status == "active"
    assert partner.accreditations.get().is_current_on(timezone.localdate())
    applicant = get_user_model().objects.get(username="applicant_admin").organisation
    application = applicant.applications.get()
    assert application.status == "readiness"
    assert set(application.evidence.values_list("status", flat=True)) == {
        "submitted",
        "accepted",
        "changes_requested",
    }
    lapsed = S396Approval.objects.get(organisation__legal_name="Harakeke Whānau Care")
    assert S396Approval.objects.filter(pk=lapsed.pk).get().accreditation_alert is True
    lines = sweep.run(timezone.localdate())
    assert "partners: accreditation alert raised for Harakeke Whānau Care (R-396-5)" in lines
