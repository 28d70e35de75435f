"""The partners portal: every page per role, the pipeline and progress bar, uploads and actions, privacy."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partners.models import Accreditation, Application, Evidence
from partners.portal import work_queue
from tests.partners.factories import (
    AccreditationFactory,
    ApplicationFactory,
    ApprovedApplicationFactory,
    BarePreparationApplicationFactory,
    ChangesRequestedEvidenceFactory,
    EvidenceFactory,
    ReadinessApplicationFactory,
    S396ApprovalFactory,
    requirement,
)

pytestmark = pytest.mark.django_db

PATHWAY_STAFF = ["pfo", "hub", "delegate", "supervisor", "admin_user"]
PARTNER_USERS = ["partner_admin", "partner_staff"]


@pytest.fixture
def application(partner_org):
    application = ReadinessApplicationFactory(organisation=partner_org)
    EvidenceFactory(application=application, requirement=requirement("governance"))
    ChangesRequestedEvidenceFactory(
        application=application,
        requirement=requirement("complaints"),
        reviewer_reason="Name the complaints officer.",
    )
    return application


# --- pages per role ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", PATHWAY_STAFF)
def test_pipeline_renders_for_pathway_staff(request, portal_as, application, role):
    html = portal_as(request.getfixturevalue(role)).get(reverse("partners:pipeline")).content.decode()
    assert "<h1>Care partner applications</h1>" in html
    assert "Kāinga Care Trust" in html and 'id="phase-readiness"' in html


@pytest.mark.parametrize("role", ["worker", "coordinator", "partner_admin", "provider_user"])
def test_pipeline_is_refused_to_others(request, portal_as, role):
    assert portal_as(request.getfixturevalue(role)).get(reverse("partners:pipeline")).status_code == 403


def test_pipeline_shows_days_in_each_phase_and_the_median(portal_as, pfo):
    now = timezone.now()
    for days in (4, 6, 20):
        a = ReadinessApplicationFactory()
        Application.objects.filter(pk=a.pk).update(
            created_at=now - timedelta(days=days + 10), readiness_started_at=now - timedelta(days=10)
        )
    html = portal_as(pfo).get(reverse("partners:pipeline")).content.decode()
    assert "Median time in this phase: 6 days." in html  # preparation took 4, 6 and 20 days
    assert "Care partner readiness: 10 (so far)" in html


@pytest.mark.parametrize("role", [*PATHWAY_STAFF, *PARTNER_USERS])
def test_detail_renders_with_progress_bar_checklist_and_history(request, portal_as, application, role):
    response = portal_as(request.getfixturevalue(role)).get(reverse("partners:detail", args=[application.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    progress = re.search(r'<ol class="progress".*?</ol>', html, re.S).group(0)
    assert progress.count("<li") == 4
    assert re.search(r'<li class="done">.*?Preparation</li>', progress)
    assert re.search(r'<li aria-current="step">Care partner readiness</li>', progress)
    assert "Evidence checklist" in html and "Name the complaints officer." in html
    assert 'id="history-heading"' in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("role", ["outsider", "worker", "provider_user"])
def test_detail_is_404_for_those_who_may_not_see_it(request, portal_as, application, role):
    response = portal_as(request.getfixturevalue(role)).get(reverse("partners:detail", args=[application.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", PARTNER_USERS)
def test_mine_shows_what_is_needed_and_reviewers_messages(request, portal_as, application, role):
    html = portal_as(request.getfixturevalue(role)).get(reverse("partners:mine")).content.decode()
    assert "Our care partner application" in html
    needed = html[html.index('id="needed-heading"') : html.index('id="messages-heading"')]
    assert "Complaints process</strong> — changes requested" in needed
    assert "Governance and legal structure</strong> — uploaded, awaiting review" in needed
    assert "Incident reporting</strong> — nothing uploaded yet" in needed
    assert "Name the complaints officer." in html[html.index('id="messages-heading"') :]
    assert 'enctype="multipart/form-data"' in html


def test_mine_without_an_application(portal_as, applicant_admin):
    html = portal_as(applicant_admin).get(reverse("partners:mine")).content.decode()
    assert "no application yet" in html


@pytest.mark.parametrize("role", ["pfo", "worker", "provider_user"])
def test_mine_is_for_partner_users_only(request, portal_as, role):
    assert portal_as(request.getfixturevalue(role)).get(reverse("partners:mine")).status_code == 403


@pytest.mark.parametrize("role", [*PATHWAY_STAFF, "worker", *PARTNER_USERS])
def test_organisation_and_approval_pages_render(request, portal_as, partner_org, role):
    approval = S396ApprovalFactory(organisation=partner_org)
    AccreditationFactory(organisation=partner_org)
    client = portal_as(request.getfixturevalue(role))
    assert client.get(reverse("partners:organisation", args=[partner_org.pk])).status_code == 200
    assert client.get(reverse("partners:approval", args=[approval.pk])).status_code == 200


def test_organisation_and_approval_pages_are_404_for_another_organisation(portal_as, outsider, partner_org):
    approval = S396ApprovalFactory(organisation=partner_org)
    client = portal_as(outsider)
    assert client.get(reverse("partners:organisation", args=[partner_org.pk])).status_code == 404
    assert client.get(reverse("partners:approval", args=[approval.pk])).status_code == 404


# --- forms and actions ------------------------------------------------------------------------------


def test_upload_from_the_portal_creates_a_version(portal_as, partner_staff, application, files):
    url = reverse("partners:evidence_upload", args=[application.pk])
    assert portal_as(partner_staff).get(url).status_code == 200
    data = {"requirement": requirement("privacy").pk, "file": SimpleUploadedFile("privacy.pdf", files["pdf"])}
    response = portal_as(partner_staff).post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("partners:mine")
    assert Evidence.objects.get(requirement_code="privacy").file_name == "privacy.pdf"


def test_a_lying_upload_shows_a_clear_error_beside_the_field(
    portal_as, partner_staff, application, files, stored_files
):
    url = reverse("partners:evidence_upload", args=[application.pk])
    data = {"requirement": requirement("privacy").pk, "file": SimpleUploadedFile("privacy.pdf", files["png"])}
    response = portal_as(partner_staff).post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html and "its content is a PNG image" in html
    assert 'id="id_file_error"' in html
    assert not Evidence.objects.filter(requirement_code="privacy").exists() and stored_files() == set()


@pytest.mark.parametrize("role", ["pfo", "outsider"])
def test_only_the_organisation_uploads(request, portal_as, application, role):
    response = portal_as(request.getfixturevalue(role)).get(
        reverse("partners:evidence_upload", args=[application.pk])
    )
    assert response.status_code == (403 if role == "pfo" else 404)


def test_a_transition_from_the_portal_and_its_rule_message(portal_as, pfo, partner_org):
    application = BarePreparationApplicationFactory(organisation=partner_org)
    url = reverse("partners:transition", args=[application.pk, "begin_readiness"])
    refused = portal_as(pfo).post(url, {})
    assert refused.status_code == 400 and "R-396-2" in refused.content.decode()
    edit = reverse("partners:edit", args=[application.pk])
    assert portal_as(pfo).get(edit).status_code == 200
    portal_as(pfo).post(edit, {"local_provision_notes": "Respite only.", "stakeholders_consulted": "Iwi."})
    done = portal_as(pfo).post(url, {})
    assert done.status_code == 302 and Application.objects.get(pk=application.pk).status == "readiness"


def test_a_transition_the_role_may_not_take_is_403(portal_as, partner_admin, partner_org):
    application = ApplicationFactory(organisation=partner_org)
    url = reverse("partners:transition", args=[application.pk, "begin_readiness"])
    assert portal_as(partner_admin).post(url, {}).status_code == 403
    assert Application.objects.get(pk=application.pk).status == "preparation"


def test_the_organisation_responds_from_its_own_page(portal_as, pfo, partner_admin, partner_org):
    application = ApplicationFactory(organisation=partner_org, state="readiness")
    portal_as(pfo).post(reverse("partners:transition", args=[application.pk, "propose_decline"]),
                        {"propose_decline-reason": "Gaps in safeguarding.", "confirmed": "yes"})  # fmt: skip
    html = portal_as(partner_admin).get(reverse("partners:mine")).content.decode()
    assert (
        "<h2>Proposed decline</h2>" in html
        and "<code>R-396-4</code>" in html
        and "Gaps in safeguarding." in html
    )
    url = reverse("partners:transition", args=[application.pk, "respond"])
    assert portal_as(partner_admin).post(url, {"respond-response": ""}).status_code == 400
    response = portal_as(partner_admin).post(url, {"respond-response": "We have a plan."})
    assert response.status_code == 302 and response["Location"] == reverse("partners:mine")
    assert Application.objects.get(pk=application.pk).organisation_response == "We have a plan."


def test_reviewing_evidence_from_the_portal(portal_as, hub, application):
    evidence = application.evidence.get(requirement_code="governance")
    page = portal_as(hub).get(reverse("partners:evidence", args=[evidence.pk])).content.decode()
    assert "Request changes" in page and "Accept" in page
    change = reverse("partners:evidence_review", args=[evidence.pk, "request_changes"])
    assert portal_as(hub).post(change, {"request_changes-reason": ""}).status_code == 400
    accept = reverse("partners:evidence_review", args=[evidence.pk, "accept"])
    assert portal_as(hub).post(accept, {}).status_code == 302
    assert Evidence.objects.get(pk=evidence.pk).status == "accepted"


def test_recording_an_accreditation_from_the_portal(portal_as, pfo, partner_admin, applicant_org):
    url = reverse("partners:accreditation_create", args=[applicant_org.pk])
    assert portal_as(partner_admin).get(url).status_code == 404  # not their organisation
    assert portal_as(pfo).get(url).status_code == 200
    response = portal_as(pfo).post(url, {"level": 1, "status": "accredited", "granted_on": "2026-04-01"})
    assert response.status_code == 302
    assert Accreditation.objects.get(organisation=applicant_org).review_due_on.isoformat() == "2028-04-01"


def test_approval_actions_from_the_portal(portal_as, pfo, delegate, partner_org):
    approval = S396ApprovalFactory(organisation=partner_org)
    page = portal_as(delegate).get(reverse("partners:approval", args=[approval.pk])).content.decode()
    assert "Give notice of a proposed suspension" in page and "Suspend the approval" not in page
    url = reverse("partners:approval_action", args=[approval.pk, "suspend"])
    refused = portal_as(delegate).post(
        url, {"suspend-gazette_notice_reference": "2026-go1", "confirmed": "yes"}
    )
    assert refused.status_code == 400 and "R-396-4" in refused.content.decode()
    notice = reverse("partners:approval_action", args=[approval.pk, "propose_suspension"])
    proposed = portal_as(pfo).post(notice, {"propose_suspension-reason": "Concerns.", "confirmed": "yes"})
    assert proposed.status_code == 302
    page = portal_as(delegate).get(reverse("partners:approval", args=[approval.pk])).content.decode()
    assert "<h2>Notice of proposed suspension</h2>" in page and "Suspend the approval" in page


def test_start_is_for_pfo(portal_as, pfo, hub, applicant_org):
    assert portal_as(hub).get(reverse("partners:start")).status_code == 403
    response = portal_as(pfo).post(reverse("partners:start"), {"organisation": applicant_org.pk})
    assert response.status_code == 302
    assert Application.objects.get(organisation=applicant_org).status == "preparation"


# --- query counts and the home page -------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_pipeline_runs_the_same_number_of_queries_for_3_and_30_applications(portal_as, pfo):
    client = portal_as(pfo)
    for _ in range(3):
        EvidenceFactory()
    few = _queries(client, reverse("partners:pipeline"))
    for _ in range(27):
        EvidenceFactory()
    assert _queries(client, reverse("partners:pipeline")) == few


def test_detail_runs_the_same_number_of_queries_for_3_and_30_evidence_versions(portal_as, hub, application):
    client = portal_as(hub)
    url = reverse("partners:detail", args=[application.pk])
    few = _queries(client, url)
    for version in range(2, 30):
        EvidenceFactory(
            application=application, requirement=requirement("privacy"), version=version, state="superseded"
        )
    assert _queries(client, url) == few


@pytest.mark.parametrize(
    ("role", "title"),
    [
        ("pfo", "Evidence awaiting review"),
        ("hub", "Care partner applications by phase"),
        ("delegate", "Awaiting confirmation of partner"),
        ("partner_admin", "Still needed for our application"),
        ("partner_staff", "Changes requested by reviewers"),
        ("delegate", "Accreditation alerts"),
    ],
)
def test_home_page_work_queue_per_role(request, portal_as, application, role, title):
    user = request.getfixturevalue(role)
    ApplicationFactory(state="confirmation")
    html = portal_as(user).get(reverse("home")).content.decode()
    assert title in html
    assert [s.title for s in work_queue(user)]


@pytest.mark.parametrize("role", ["pfo", "delegate", "partner_admin"])
def test_work_queue_runs_a_constant_number_of_queries(request, application, role):
    user = request.getfixturevalue(role)
    for _ in range(3):
        EvidenceFactory(application=ApplicationFactory(state="confirmation"))
    with CaptureQueriesContext(connection) as few:
        work_queue(user)
    for _ in range(27):
        EvidenceFactory(application=ApplicationFactory(state="confirmation"))
    with CaptureQueriesContext(connection) as many:
        work_queue(user)
    assert len(many) == len(few)


@pytest.mark.parametrize("role", [*PATHWAY_STAFF, *PARTNER_USERS])
def test_evidence_page_renders_for_those_who_may_see_it(request, portal_as, application, role):
    evidence = application.evidence.get(requirement_code="complaints")
    response = portal_as(request.getfixturevalue(role)).get(reverse("partners:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Complaints process, version 1" in html and "Name the complaints officer." in html


def test_r396_5_the_portal_warns_before_an_accreditation_review_is_due(portal_as, partner_admin, partner_org):
    AccreditationFactory(organisation=partner_org, review_due_on=timezone.localdate() + timedelta(days=60))
    html = (
        portal_as(partner_admin).get(reverse("partners:organisation", args=[partner_org.pk])).content.decode()
    )
    assert "Review due within 3 months" in html
    Accreditation.objects.update(review_due_on=timezone.localdate() + timedelta(days=200))
    html = (
        portal_as(partner_admin).get(reverse("partners:organisation", args=[partner_org.pk])).content.decode()
    )
    assert "Review due within 3 months" not in html


def test_a_closed_phase_lists_its_most_recent_ten_and_links_to_all_of_them(portal_as, pfo):
    now = timezone.now()
    approved = [ApprovedApplicationFactory() for _ in range(12)]
    for i, application in enumerate(approved):  # the 12th approved most recently
        Application.objects.filter(pk=application.pk).update(approved_at=now - timedelta(days=20 - i))
    html = portal_as(pfo).get(reverse("partners:pipeline")).content.decode()
    section = html.split('id="phase-approved"')[1].split("</section>")[0]
    assert section.count('<th scope="row">') == 10
    assert str(approved[-1].organisation) in section and str(approved[0].organisation) not in section
    assert 'href="?status=approved">All 12 applications: Approved partner in the QA cycle</a>' in section

    only = portal_as(pfo).get(reverse("partners:pipeline"), {"status": "approved"}).content.decode()
    assert only.count('<th scope="row">') == 12 and 'id="phase-readiness"' not in only
    assert "status=approved&amp;format=csv" in only
