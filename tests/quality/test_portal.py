"""Portal pages: each renders for every role that may see it; forms run the services and show errors."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quality.models import Finding, ImprovementAction, QACycle, QAReview, ReviewActivity
from quality.services import nz_today
from tests.quality.conftest import rate_every_standard
from tests.quality.factories import ActivityFactory, FindingFactory, standard
from tests.security.upload_corpus import page_pdf

PLANS_PDF = page_pdf()
pytestmark = pytest.mark.django_db

STAFF = ["hub", "pfo", "delegate", "supervisor", "admin_user"]
PARTNERS = ["partner_admin", "partner_staff"]
NO_ACCESS = ["worker", "senior", "coordinator", "drc", "provider_user"]


@pytest.fixture
def records(make_review, make_action, cycle):
    review = make_review("final")
    FindingFactory(review=review, standard=standard(3))
    ActivityFactory(review=review)
    action = make_action("in_progress", review=review, due_on=nz_today() - timedelta(days=1))
    return {"review": review, "action": action, "cycle": cycle}


def _pages(records):
    return [
        reverse("quality:dashboard"),
        reverse("quality:reviews"),
        reverse("quality:actions"),
        reverse("quality:cycles"),
        reverse("quality:cycle_detail", args=[records["cycle"].pk]),
        reverse("quality:review_detail", args=[records["review"].pk]),
        reverse("quality:action_detail", args=[records["action"].pk]),
    ]


@pytest.mark.parametrize("persona", STAFF + PARTNERS)
def test_every_quality_page_renders_for_each_role_that_may_see_it(request, portal_as, records, persona):
    client = portal_as(request.getfixturevalue(persona))
    for url in _pages(records):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert html.count("<h1") == 1, url
    assert "Quality assurance" in client.get("/").content.decode()  # the main navigation entry


@pytest.mark.parametrize("persona", STAFF)
def test_watch_renders_for_staff(request, portal_as, persona):
    assert portal_as(request.getfixturevalue(persona)).get(reverse("quality:watch")).status_code == 200


@pytest.mark.parametrize("persona", PARTNERS)
def test_watch_is_staff_only(request, portal_as, persona):
    assert portal_as(request.getfixturevalue(persona)).get(reverse("quality:watch")).status_code == 403


@pytest.mark.parametrize("persona", NO_ACCESS)
def test_roles_without_quality_access_get_403(request, portal_as, records, persona):
    client = portal_as(request.getfixturevalue(persona))
    for url in [reverse("quality:dashboard"), reverse("quality:reviews"), reverse("quality:watch")]:
        assert client.get(url).status_code == 403, url


def test_staff_dashboard_shows_due_reviews_overdue_actions_and_the_chart(
    portal_as, hub, records, make_review
):
    make_review("planned", planned_for=nz_today() + timedelta(days=10))
    html = portal_as(hub).get(reverse("quality:dashboard")).content.decode()
    assert "Reviews due" in html and "Overdue" in html
    assert (
        '<svg width="' in html and 'role="img"' in html and "Part 3: Caregiver and placement support" in html
    )
    assert "<script" not in html.split("<main")[1]  # the chart needs no script (CSP)


def test_partner_dashboard_is_its_own_view(portal_as, partner_admin, records, other_cycle, make_review):
    make_review("final", cycle=other_cycle, reference="QA-2099-9999")
    html = portal_as(partner_admin).get(reverse("quality:dashboard")).content.decode()
    assert "Kāinga Care Trust" in html and records["review"].reference in html
    assert "QA-2099-9999" not in html and "Other Care Trust" not in html
    assert "Ask for a joint review with Te Kāhui Kāhu" in html


def test_partner_lists_show_only_its_own_records(
    portal_as, partner_staff, records, other_cycle, make_review, make_action
):
    other = make_review("final", cycle=other_cycle, reference="QA-2099-8888")
    make_action("open", review=other, title="Another organisation's action")
    client = portal_as(partner_staff)
    assert "QA-2099-8888" not in client.get(reverse("quality:reviews")).content.decode()
    assert "Another organisation" not in client.get(reverse("quality:actions")).content.decode()
    assert client.get(reverse("quality:cycle_detail", args=[other_cycle.pk])).status_code == 404


# --- the review page's forms ---------------------------------------------------------------------------


def test_hub_runs_a_review_through_the_portal(
    portal_as, hub, partner_admin, make_review, django_capture_on_commit_callbacks
):
    review = make_review("planned")
    client = portal_as(hub)
    page = reverse("quality:review_detail", args=[review.pk])
    assert "Start the review" in client.get(page).content.decode()
    client.post(reverse("quality:review_transition", args=[review.pk, "start"]))
    assert QAReview.objects.get(pk=review.pk).status == "in_progress"
    client.post(
        reverse("quality:activity_add", args=[review.pk]),
        {"kind": "korero_whanau", "held_on": nz_today().isoformat(), "summary": "Kōrero with two whānau."},
    )
    assert ReviewActivity.objects.filter(review=review).count() == 1
    rate_every_standard(review)
    client.post(reverse("quality:review_transition", args=[review.pk, "submit_draft_report"]))
    client.post(reverse("quality:review_transition", args=[review.pk, "send_to_partner"]))
    assert QAReview.objects.get(pk=review.pk).status == "partner_response"
    partner = portal_as(partner_admin)
    assert "Send our response" in partner.get(page).content.decode()
    response = partner.post(
        reverse("quality:review_transition", args=[review.pk, "respond"]), {"response": "Agreed."}
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):  # the report's task runs once it commits
        client.post(reverse("quality:review_transition", args=[review.pk, "finalise"]), {"confirmed": "yes"})
    final = QAReview.objects.get(pk=review.pk)
    assert final.status == "final" and final.final_report
    assert "Download the final report (PDF)" in partner.get(page).content.decode()


def test_a_refused_transition_shows_the_rule_as_a_message(portal_as, hub, make_review):
    review = make_review("in_progress")
    response = portal_as(hub).post(
        reverse("quality:review_transition", args=[review.pk, "submit_draft_report"]), follow=True
    )
    assert "QA-D1" in response.content.decode()
    assert QAReview.objects.get(pk=review.pk).status == "in_progress"


def test_finding_form_errors_show_beside_the_field_and_help_says_case_references(portal_as, hub, make_review):
    review = make_review("in_progress")
    client = portal_as(hub)
    page = client.get(reverse("quality:review_detail", args=[review.pk])).content.decode()
    assert "Refer to tamariki by case reference only" in page
    assert "Still to rate before the draft report: part 1, part 2, part 3, part 4, part 5, part 6" in page
    assert "<code>QA-D1</code>" in page  # the rule behind "Why?"
    html = client.post(
        reverse("quality:finding_add", args=[review.pk]),
        {"standard": standard(1).pk, "rating": "met", "narrative": "Tamaiti DOB 1/2/2015 in case 1234567."},
    ).content.decode()
    assert 'class="error-summary"' in html and "QA-D3" in html
    assert not Finding.objects.exists()
    client.post(
        reverse("quality:finding_add", args=[review.pk]),
        {"standard": standard(1).pk, "rating": "met", "narrative": "Plans current in case 1234567."},
    )
    assert Finding.objects.filter(review=review).count() == 1


def test_partner_respond_with_an_empty_response_shows_the_error(portal_as, partner_admin, make_review):
    review = make_review("partner_response")
    html = (
        portal_as(partner_admin)
        .post(reverse("quality:review_transition", args=[review.pk, "respond"]), {"response": ""})
        .content.decode()
    )
    assert 'class="error-summary"' in html
    assert QAReview.objects.get(pk=review.pk).partner_response == ""


def test_hub_adds_an_action_from_a_finding_in_the_portal(portal_as, hub, make_review):
    review = make_review("draft_report")
    finding = FindingFactory(review=review, standard=standard(5))
    response = portal_as(hub).post(
        reverse("quality:action_add", args=[review.pk]),
        {"title": "Transition plans", "due_on": (nz_today() + timedelta(days=30)).isoformat(), "finding": finding.pk,
         "owner": "organisation"},
    )  # fmt: skip
    assert response.status_code == 302
    assert ImprovementAction.objects.get().finding == finding
    past = portal_as(hub).post(
        reverse("quality:action_add", args=[review.pk]),
        {"title": "Late", "due_on": "2020-01-01", "owner": "oranga_tamariki"},
    )
    assert "The due date cannot be in the past" in past.content.decode()


def test_hub_edits_the_plan_and_summary(portal_as, hub, make_review):
    review = make_review("in_progress")
    portal_as(hub).post(reverse("quality:review_edit", args=[review.pk]), {"summary": "Good practice."})
    assert QAReview.objects.get(pk=review.pk).summary == "Good practice."


# --- the action page -----------------------------------------------------------------------------------


def test_partner_submits_evidence_with_a_file_and_the_hub_verifies(
    portal_as, partner_staff, hub, make_action
):
    action = make_action("open")
    client = portal_as(partner_staff)
    page = reverse("quality:action_detail", args=[action.pk])
    client.post(reverse("quality:action_transition", args=[action.pk, "start"]))
    assert ImprovementAction.objects.get(pk=action.pk).status == "in_progress"
    upload = SimpleUploadedFile("plans.pdf", PLANS_PDF, content_type="application/pdf")
    client.post(
        reverse("quality:action_transition", args=[action.pk, "submit_evidence"]),
        {"evidence_note": "Plans attached.", "evidence_file": upload},
    )
    assert ImprovementAction.objects.get(pk=action.pk).status == "evidence_submitted"
    hub_client = portal_as(hub)
    assert "Download the evidence file" in hub_client.get(page).content.decode()
    download = hub_client.get(reverse("quality:action_evidence", args=[action.pk]))
    assert b"".join(download.streaming_content) == PLANS_PDF
    hub_client.post(
        reverse("quality:action_transition", args=[action.pk, "verify_close"]), {"confirmed": "yes"}
    )
    assert ImprovementAction.objects.get(pk=action.pk).status == "verified_closed"


def test_hub_reopen_needs_a_reason(portal_as, hub, make_action):
    action = make_action("evidence_submitted")
    html = (
        portal_as(hub)
        .post(reverse("quality:action_transition", args=[action.pk, "reopen"]), {"reason": ""})
        .content.decode()
    )
    assert 'class="error-summary"' in html
    portal_as(hub).post(
        reverse("quality:action_transition", args=[action.pk, "reopen"]), {"reason": "More please."}
    )
    assert ImprovementAction.objects.get(pk=action.pk).status == "in_progress"


def test_unknown_transition_names_are_404(portal_as, hub, make_action, make_review):
    assert (
        portal_as(hub)
        .post(reverse("quality:action_transition", args=[make_action("open").pk, "delete"]))
        .status_code
        == 404
    )
    assert (
        portal_as(hub)
        .post(reverse("quality:review_transition", args=[make_review("planned").pk, "delete"]))
        .status_code
        == 404
    )


# --- cycles ----------------------------------------------------------------------------------------------


def test_hub_starts_a_cycle_and_plans_a_review_in_the_portal(portal_as, hub, partner_org):
    client = portal_as(hub)
    response = client.post(
        reverse("quality:cycle_start"), {"organisation": partner_org.pk, "started_on": "2026-04-01"}
    )
    cycle = QACycle.objects.get()
    assert response.status_code == 302 and cycle.reviews.get().planned_for.isoformat() == "2027-04-01"
    client.post(reverse("quality:review_schedule", args=[cycle.pk]), {"planned_for": "2028-04-01"})
    assert cycle.reviews.count() == 2
    client.post(reverse("quality:joint_review", args=[cycle.pk]), {"requested": "1"})
    assert QACycle.objects.get().joint_review_requested is True


def test_partner_admin_asks_for_a_joint_review_from_its_dashboard(
    portal_as, partner_admin, partner_staff, cycle
):
    response = portal_as(partner_admin).post(
        reverse("quality:joint_review", args=[cycle.pk]), {"requested": "1", "next": "dashboard"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("quality:dashboard")
    assert QACycle.objects.get(pk=cycle.pk).joint_review_requested is True
    portal_as(partner_staff).post(reverse("quality:joint_review", args=[cycle.pk]), {"requested": "0"})
    assert QACycle.objects.get(pk=cycle.pk).joint_review_requested is True  # staff may not (message shown)
