"""Findings against the National Care Standards and review activities: who, when, and input checks (QA-D3)."""

from datetime import timedelta

import pytest

from careportal.audit.models import AuditEntry
from quality.models import Finding, NationalCareStandard, ReviewActivity
from quality.services import nz_today
from tests.quality.factories import FindingFactory, standard

pytestmark = pytest.mark.django_db


def _findings(review):
    return f"/api/v1/qa-reviews/{review.pk}/findings/"


def _body(part=2, **extra):
    return {
        "standard": str(standard(part).pk),
        "rating": "partially_met",
        "narrative": "Case 1234567: the plan was not reviewed after the placement changed.",
        **extra,
    }


def test_the_six_national_care_standards_parts_are_reference_data(api_as, hub):
    rows = api_as(hub).get("/api/v1/care-standards/").json()["results"]
    assert [(r["part"], r["title"]) for r in rows] == [
        (1, "Needs assessments, plans and visits"),
        (2, "Support to address needs"),
        (3, "Caregiver and placement support"),
        (4, "Children's views"),
        (5, "Transitions"),
        (6, "Monitoring and compliance"),
    ]


@pytest.mark.parametrize("status", ["in_progress", "draft_report"])
def test_hub_records_a_finding_while_the_review_is_open(api_as, hub, make_review, status):
    review = make_review(status)
    response = api_as(hub).post(_findings(review), _body(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["standard_part"], body["rating"], body["recorded_by"]) == (2, "partially_met", "hub")
    assert AuditEntry.objects.filter(object_id=body["id"], action="finding").exists()
    listed = api_as(hub).get(_findings(review)).json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == body["id"]


@pytest.mark.parametrize("status", ["planned", "partner_response", "final"])
def test_no_finding_outside_in_progress_or_draft_report_409(api_as, hub, make_review, status):
    review = make_review(status)
    response = api_as(hub).post(_findings(review), _body(), format="json")
    assert response.status_code == 409 and response.json()["status"] == status
    assert not Finding.objects.exists()


@pytest.mark.parametrize("persona", ["pfo", "delegate", "supervisor", "admin_user"])
def test_only_the_hub_records_findings_403(request, api_as, make_review, persona):
    review = make_review("in_progress")
    assert (
        api_as(request.getfixturevalue(persona)).post(_findings(review), _body(), format="json").status_code
        == 403
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rating": "excellent"}, "rating"),
        ({"narrative": ""}, "narrative"),
        ({"narrative": "   "}, "narrative"),
        ({"standard": "00000000-0000-0000-0000-000000000000"}, "standard"),
        ({"narrative": "Tamaiti in case 1234567, DOB 3/4/2015, was not visited."}, "narrative"),
        ({"narrative": "The child's date of birth was wrong on file 1234567."}, "narrative"),
    ],
)
def test_finding_input_errors_are_400_on_the_field(api_as, hub, make_review, body, field):
    review = make_review("in_progress")
    response = api_as(hub).post(_findings(review), _body(**body), format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not Finding.objects.exists()


def test_qa_d3_narrative_refusal_names_the_decision(api_as, hub, make_review):
    review = make_review("in_progress")
    response = api_as(hub).post(_findings(review), _body(narrative="Born 2015, case 1234567."), format="json")
    assert "QA-D3" in response.json()["narrative"][0]


def test_one_finding_per_standard_per_review_400(api_as, hub, make_review):
    review = make_review("in_progress")
    FindingFactory(review=review, standard=standard(2))
    response = api_as(hub).post(_findings(review), _body(part=2), format="json")
    assert (
        response.status_code == 400 and "already has a finding for part 2" in response.json()["standard"][0]
    )


def test_an_inactive_standard_takes_no_new_findings_400(api_as, hub, make_review):
    NationalCareStandard.objects.filter(part=6).update(active=False)
    response = api_as(hub).post(_findings(make_review("in_progress")), _body(part=6), format="json")
    assert response.status_code == 400 and "standard" in response.json()


def test_hub_changes_a_finding_while_the_review_is_open(api_as, hub, make_review):
    review = make_review("draft_report")
    finding = FindingFactory(review=review)
    url = f"{_findings(review)}{finding.pk}/"
    response = api_as(hub).patch(url, {"rating": "not_met"}, format="json")
    assert response.status_code == 200 and response.json()["rating"] == "not_met"
    review_final = make_review("final")
    locked = FindingFactory(review=review_final)
    assert (
        api_as(hub)
        .patch(f"{_findings(review_final)}{locked.pk}/", {"rating": "met"}, format="json")
        .status_code
        == 409
    )


def test_partner_reads_findings_of_its_visible_review_but_not_internal_ones(
    api_as, partner_staff, make_review
):
    visible = make_review("partner_response")
    FindingFactory(review=visible)
    internal = make_review("draft_report")
    assert api_as(partner_staff).get(_findings(visible)).json()["count"] == 1
    assert api_as(partner_staff).get(_findings(internal)).status_code == 404
    assert api_as(partner_staff).post(_findings(visible), _body(), format="json").status_code == 403


# --- activities ----------------------------------------------------------------------------------------


def _activities(review):
    return f"/api/v1/qa-reviews/{review.pk}/activities/"


def test_hub_records_a_korero_with_rangatahi(api_as, hub, make_review):
    review = make_review("in_progress")
    body = {"kind": "korero_rangatahi", "held_on": str(nz_today()), "summary": "Hui with three rangatahi."}
    response = api_as(hub).post(_activities(review), body, format="json")
    assert response.status_code == 201, response.json()
    assert api_as(hub).get(_activities(review)).json()["results"][0]["kind"] == "korero_rangatahi"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"kind": "picnic"}, "kind"),
        ({"held_on": str(nz_today() + timedelta(days=1))}, "held_on"),
        ({"summary": ""}, "summary"),
    ],
)
def test_activity_input_errors_are_400(api_as, hub, make_review, extra, field):
    body = {"kind": "file_review", "held_on": str(nz_today()), "summary": "Files 1234567, 7654321.", **extra}
    response = api_as(hub).post(_activities(make_review("in_progress")), body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not ReviewActivity.objects.exists()


def test_activity_on_a_planned_review_409_and_by_pfo_403(api_as, hub, pfo, make_review):
    body = {"kind": "file_review", "held_on": str(nz_today()), "summary": "Files."}
    assert api_as(hub).post(_activities(make_review("planned")), body, format="json").status_code == 409
    assert api_as(pfo).post(_activities(make_review("in_progress")), body, format="json").status_code == 403
