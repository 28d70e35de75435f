"""QA cycles through the API: listing by role, idempotent start by the Hub, the joint review flag (R-396-6)."""

import pytest

from quality.models import QACycle
from tests.quality.factories import QACycleFactory

pytestmark = pytest.mark.django_db


def test_hub_starts_a_cycle_idempotently(api_as, hub, partner_org):
    body = {"organisation": str(partner_org.pk), "started_on": "2026-05-01"}
    first = api_as(hub).post("/api/v1/qa-cycles/", body, format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["next_review_on"] == "2027-05-01" and first.json()["reviews_count"] == 1
    again = api_as(hub).post("/api/v1/qa-cycles/", body, format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert QACycle.objects.count() == 1


@pytest.mark.parametrize("persona", ["pfo", "delegate", "partner_admin"])
def test_only_the_hub_starts_a_cycle_through_the_api_403(request, api_as, partner_org, persona):
    body = {"organisation": str(partner_org.pk), "started_on": "2026-05-01"}
    assert (
        api_as(request.getfixturevalue(persona)).post("/api/v1/qa-cycles/", body, format="json").status_code
        == 403
    )


def test_start_a_cycle_for_an_unapproved_organisation_400(api_as, hub, applicant_org):
    body = {"organisation": str(applicant_org.pk), "started_on": "2026-05-01"}
    response = api_as(hub).post("/api/v1/qa-cycles/", body, format="json")
    assert response.status_code == 400 and "organisation" in response.json()


def test_partner_sees_only_its_own_cycle(api_as, partner_admin, cycle, other_cycle):
    rows = api_as(partner_admin).get("/api/v1/qa-cycles/").json()["results"]
    assert [r["id"] for r in rows] == [str(cycle.pk)]
    assert api_as(partner_admin).get(f"/api/v1/qa-cycles/{other_cycle.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["hub", "partner_admin"])
def test_r_396_6_joint_review_request_recorded_by_hub_or_partner_admin(request, api_as, cycle, persona):
    client = api_as(request.getfixturevalue(persona))
    response = client.post(
        f"/api/v1/qa-cycles/{cycle.pk}/request_joint_review/", {"requested": True}, format="json"
    )
    assert response.status_code == 200 and response.json()["joint_review_requested"] is True
    assert response.json()["joint_review_requested_on"] is not None


@pytest.mark.parametrize("persona", ["partner_staff", "pfo", "delegate"])
def test_r_396_6_joint_review_request_refused_for_others_403(request, api_as, cycle, persona):
    client = api_as(request.getfixturevalue(persona))
    url = f"/api/v1/qa-cycles/{cycle.pk}/request_joint_review/"
    assert client.post(url, {"requested": True}, format="json").status_code == 403
    assert QACycle.objects.get(pk=cycle.pk).joint_review_requested is False


def test_r_396_6_another_partner_cannot_touch_the_flag_404(api_as, outsider, cycle):
    url = f"/api/v1/qa-cycles/{cycle.pk}/request_joint_review/"
    assert api_as(outsider).post(url, {"requested": True}, format="json").status_code == 404


def test_hub_schedules_a_further_review_and_input_errors_are_400(api_as, hub, cycle):
    body = {
        "cycle": str(cycle.pk),
        "planned_for": str(cycle.started_on.replace(year=cycle.started_on.year + 2)),
    }
    response = api_as(hub).post("/api/v1/qa-reviews/", body, format="json")
    assert response.status_code == 201 and response.json()["status"] == "planned"
    early = api_as(hub).post("/api/v1/qa-reviews/", {**body, "planned_for": "2000-01-01"}, format="json")
    assert early.status_code == 400 and "planned_for" in early.json()
    backwards = {**body, "period_start": "2026-06-01", "period_end": "2026-05-01"}
    assert "period_end" in api_as(hub).post("/api/v1/qa-reviews/", backwards, format="json").json()
    assert api_as(hub).post("/api/v1/qa-reviews/", {"cycle": "nope"}, format="json").status_code == 400


def test_hub_reschedules_a_planned_review_and_writes_the_summary(api_as, hub, make_review):
    review = make_review("planned")
    url = f"/api/v1/qa-reviews/{review.pk}/"
    new_date = str(review.planned_for.replace(day=1))
    response = api_as(hub).patch(url, {"planned_for": new_date, "lead_reviewer": "hub"}, format="json")
    assert response.status_code == 200 and response.json()["planned_for"] == new_date
    started = make_review("in_progress")
    moved = api_as(hub).patch(f"/api/v1/qa-reviews/{started.pk}/", {"planned_for": new_date}, format="json")
    assert moved.status_code == 400 and "planned_for" in moved.json()
    summary = api_as(hub).patch(
        f"/api/v1/qa-reviews/{started.pk}/", {"summary": "Strong practice overall."}, format="json"
    )
    assert summary.json()["summary"] == "Strong practice overall."
    final = make_review("final")
    assert (
        api_as(hub).patch(f"/api/v1/qa-reviews/{final.pk}/", {"summary": "x"}, format="json").status_code
        == 409
    )


def test_partner_cannot_change_a_review_403(api_as, partner_admin, make_review):
    review = make_review("partner_response")
    assert (
        api_as(partner_admin)
        .patch(f"/api/v1/qa-reviews/{review.pk}/", {"summary": "x"}, format="json")
        .status_code
        == 403
    )


def test_cycle_filters(api_as, hub, cycle, other_cycle):
    QACycleFactory(organisation=other_cycle.organisation, status="closed")
    rows = (
        api_as(hub).get(f"/api/v1/qa-cycles/?organisation={other_cycle.organisation.pk}&status=open").json()
    )
    assert [r["id"] for r in rows["results"]] == [str(other_cycle.pk)]
