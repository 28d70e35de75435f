"""Review transitions through the API: each allowed from its source state only (409 otherwise), for the
roles that may (403 otherwise), audited; QA-D1 and QA-D2 guards; the partner responds once."""

from datetime import timedelta

import pytest

from careportal.audit.models import AuditEntry
from careportal.notifications.models import Notification
from quality.choices import ReviewStatus
from quality.models import QAReview
from quality.services import nz_today
from tests.quality.conftest import rate_every_standard

pytestmark = pytest.mark.django_db

STATUSES = [s.value for s in ReviewStatus]
# transition: (source, target, body)
HUB_TRANSITIONS = {
    "start": ("planned", "in_progress", {}),
    "submit_draft_report": ("in_progress", "draft_report", {}),
    "send_to_partner": ("draft_report", "partner_response", {}),
    "finalise": ("partner_response", "final", {}),
}
READ_ONLY_STAFF = ["pfo", "delegate", "supervisor", "admin_user"]


def _ready(make_review, status, **fields):
    """A review in `status` that meets every condition of the transition out of it."""
    if status == "partner_response":
        fields.setdefault("partner_response", "We accept the findings.")
    review = make_review(status, **fields)
    if status == "in_progress":
        rate_every_standard(review)
    return review


def _url(review, name):
    return f"/api/v1/qa-reviews/{review.pk}/{name}/"


@pytest.mark.parametrize("name", HUB_TRANSITIONS)
def test_hub_transition_moves_the_review_and_is_audited(api_as, hub, make_review, name):
    source, target, body = HUB_TRANSITIONS[name]
    review = _ready(make_review, source)
    response = api_as(hub).post(_url(review, name), body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == target
    entry = AuditEntry.objects.for_object(review).history().last()
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == (name, source, target, hub)


@pytest.mark.parametrize(
    ("name", "status"),
    [(n, s) for n, (source, _, _) in HUB_TRANSITIONS.items() for s in STATUSES if s != source],
)
def test_hub_transition_is_refused_409_from_every_other_state(api_as, hub, make_review, name, status):
    review = _ready(make_review, status)
    response = api_as(hub).post(_url(review, name), {}, format="json")
    assert response.status_code == 409
    assert response.json()["status"] == status
    assert QAReview.objects.get(pk=review.pk).status == status


@pytest.mark.parametrize("persona", READ_ONLY_STAFF)
@pytest.mark.parametrize("name", HUB_TRANSITIONS)
def test_hub_transitions_are_refused_403_for_read_only_staff(request, api_as, make_review, name, persona):
    source, _, body = HUB_TRANSITIONS[name]
    review = _ready(make_review, source)
    response = api_as(request.getfixturevalue(persona)).post(_url(review, name), body, format="json")
    assert response.status_code == 403
    assert QAReview.objects.get(pk=review.pk).status == source


@pytest.mark.parametrize("persona", ["worker", "coordinator", "provider_user"])
def test_roles_without_quality_access_are_refused_403(request, api_as, make_review, persona):
    review = _ready(make_review, "planned")
    client = api_as(request.getfixturevalue(persona))
    assert client.get("/api/v1/qa-reviews/").status_code == 403
    assert client.post(_url(review, "start"), {}, format="json").status_code == 403


def test_partner_may_not_finalise_its_own_review_403(api_as, partner_admin, make_review):
    review = _ready(make_review, "partner_response")
    assert api_as(partner_admin).post(_url(review, "finalise"), {}, format="json").status_code == 403


@pytest.mark.parametrize("name", ["start", "submit_draft_report", "send_to_partner"])
def test_partner_cannot_see_internal_review_states_404(api_as, partner_admin, make_review, name):
    review = _ready(make_review, HUB_TRANSITIONS[name][0])
    assert api_as(partner_admin).post(_url(review, name), {}, format="json").status_code == 404


# --- respond (the partner) ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["partner_admin", "partner_staff"])
def test_partner_responds_to_the_draft_report_once(
    request, api_as, hub, make_review, persona, django_capture_on_commit_callbacks
):
    user = request.getfixturevalue(persona)
    review = make_review("partner_response", lead_reviewer=hub)
    client = api_as(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(review, "respond"), {"response": "We accept parts 1–5; see our plan."}, format="json"
        )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "partner_response"
    assert body["partner_response"] == "We accept parts 1–5; see our plan."
    assert body["responded_by"] == user.username and body["responded_on"] == nz_today().isoformat()
    assert "respond" not in body["allowed_transitions"]
    assert Notification.objects.filter(recipient=hub, kind="qa_response").count() == 1
    again = client.post(_url(review, "respond"), {"response": "Second thoughts."}, format="json")
    assert again.status_code == 409 and again.json()["status"] == "partner_response"
    assert QAReview.objects.get(pk=review.pk).partner_response == "We accept parts 1–5; see our plan."


def test_respond_needs_a_response_400(api_as, partner_admin, make_review):
    review = make_review("partner_response")
    response = api_as(partner_admin).post(_url(review, "respond"), {"response": "   "}, format="json")
    assert response.status_code == 400 and "response" in response.json()


@pytest.mark.parametrize("persona", ["hub", "pfo", "delegate"])
def test_staff_may_not_respond_for_the_partner_403(request, api_as, make_review, persona):
    review = make_review("partner_response")
    client = api_as(request.getfixturevalue(persona))
    assert client.post(_url(review, "respond"), {"response": "x"}, format="json").status_code == 403


@pytest.mark.parametrize("status", ["planned", "in_progress", "draft_report", "final"])
def test_respond_is_refused_409_outside_partner_response(api_as, hub, make_review, status):
    review = make_review(status)
    response = api_as(hub).post(_url(review, "respond"), {"response": "x"}, format="json")
    assert response.status_code == 409 and response.json()["status"] == status


def test_partner_respond_to_a_final_review_409(api_as, partner_admin, make_review):
    review = make_review("final")
    assert (
        api_as(partner_admin).post(_url(review, "respond"), {"response": "x"}, format="json").status_code
        == 409
    )


def test_another_organisation_cannot_respond_404(api_as, outsider, make_review):
    review = make_review("partner_response")
    assert api_as(outsider).post(_url(review, "respond"), {"response": "x"}, format="json").status_code == 404


# --- guards --------------------------------------------------------------------------------------------


def test_qa_d1_draft_report_needs_a_finding_for_every_standard(api_as, hub, make_review):
    review = make_review("in_progress")
    response = api_as(hub).post(_url(review, "submit_draft_report"), {}, format="json")
    assert response.status_code == 409
    assert response.json()["rule"] == "QA-D1" and "part 1, 2, 3, 4, 5, 6" in response.json()["detail"]
    assert QAReview.objects.get(pk=review.pk).status == "in_progress"


def test_qa_d2_finalise_waits_for_the_response_until_the_window_closes(api_as, hub, make_review):
    review = make_review("partner_response", response_due_on=nz_today())
    response = api_as(hub).post(_url(review, "finalise"), {}, format="json")
    assert response.status_code == 409 and response.json()["rule"] == "QA-D2"
    QAReview.objects.filter(pk=review.pk).update(response_due_on=nz_today() - timedelta(days=1))
    assert api_as(hub).post(_url(review, "finalise"), {}, format="json").json()["status"] == "final"


def test_send_to_partner_sets_the_response_window_and_notifies_the_partner(
    api_as, hub, make_review, partner_admin, partner_staff, outsider, django_capture_on_commit_callbacks
):
    review = make_review("draft_report")
    with django_capture_on_commit_callbacks(execute=True):
        body = api_as(hub).post(_url(review, "send_to_partner"), {}, format="json").json()
    assert body["sent_to_partner_on"] == nz_today().isoformat()
    assert body["response_due_on"] > nz_today().isoformat()
    notified = set(
        Notification.objects.filter(kind="qa_draft_report").values_list("recipient__username", flat=True)
    )
    assert notified == {"partner_admin", "partner_staff"}


def test_start_makes_the_starter_the_lead_reviewer(api_as, hub, make_review):
    review = make_review("planned")
    body = api_as(hub).post(_url(review, "start"), {}, format="json").json()
    assert body["lead_reviewer"] == "hub" and body["started_on"] == nz_today().isoformat()


def test_history_lists_the_transitions_oldest_first(api_as, hub, make_review):
    review = _ready(make_review, "in_progress")
    api_as(hub).post(_url(review, "submit_draft_report"), {}, format="json")
    api_as(hub).post(_url(review, "send_to_partner"), {}, format="json")
    history = api_as(hub).get(f"/api/v1/qa-reviews/{review.pk}/history/").json()
    assert [h["transition"] for h in history] == ["submit_draft_report", "send_to_partner"]
    assert history[0]["actor"] == "hub"


def test_allowed_transitions_follow_state_and_role(api_as, hub, pfo, partner_admin, make_review):
    review = make_review("partner_response")
    assert api_as(hub).get(f"/api/v1/qa-reviews/{review.pk}/").json()["allowed_transitions"] == ["finalise"]
    assert api_as(pfo).get(f"/api/v1/qa-reviews/{review.pk}/").json()["allowed_transitions"] == []
    assert api_as(partner_admin).get(f"/api/v1/qa-reviews/{review.pk}/").json()["allowed_transitions"] == [
        "respond"
    ]
