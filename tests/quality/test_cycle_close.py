"""Closing a QA cycle (QA-D6): final, only once every review is final and every action verified and
closed; the Hub only; audited; through the service, the API and the portal."""

import pytest
from django.urls import reverse

from careportal.audit.models import AuditEntry
from careportal.exceptions import NotPermitted, RuleViolation, TransitionNotAllowed
from quality import services
from quality.models import QACycle, QAReview
from quality.services import nz_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_cycle(cycle, make_review, make_action):
    review = make_review("final")
    make_action("verified_closed", review=review)
    return cycle


def test_a_finished_cycle_closes_for_good_and_is_audited(finished_cycle, hub):
    cycle = services.qa_cycle_close(cycle=finished_cycle, by=hub)
    assert (cycle.status, cycle.closed_on) == ("closed", nz_today())
    entry = AuditEntry.objects.for_object(cycle).history().last()
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == ("close", "open", "closed", hub)
    with pytest.raises(TransitionNotAllowed):  # irreversible: a closed cycle has no transition back
        services.qa_cycle_close(cycle=cycle, by=hub)


def test_a_cycle_with_a_review_not_final_is_refused_naming_it(cycle, hub, make_review):
    make_review("final")
    open_review = make_review("partner_response")
    with pytest.raises(TransitionNotAllowed) as refused:
        services.qa_cycle_close(cycle=cycle, by=hub)
    assert refused.value.rule == "QA-D6"
    assert f"review {open_review.reference} (with the partner for response)" in refused.value.message
    assert QACycle.objects.get(pk=cycle.pk).status == "open"
    assert not AuditEntry.objects.for_object(cycle).filter(action="close").exists()


@pytest.mark.parametrize("status", ["open", "in_progress", "evidence_submitted"])
def test_a_cycle_with_an_action_not_verified_and_closed_is_refused(finished_cycle, hub, make_action, status):
    make_action(status)
    with pytest.raises(TransitionNotAllowed, match="1 improvement action not verified and closed"):
        services.qa_cycle_close(cycle=finished_cycle, by=hub)


@pytest.mark.parametrize("persona", ["pfo", "delegate", "supervisor", "admin_user", "partner_admin"])
def test_only_a_hub_reviewer_closes_a_cycle(request, finished_cycle, persona):
    with pytest.raises(NotPermitted):
        services.qa_cycle_close(cycle=finished_cycle, by=request.getfixturevalue(persona))
    assert QACycle.objects.get(pk=finished_cycle.pk).status == "open"


def test_a_closed_cycle_takes_no_new_reviews_or_actions(finished_cycle, hub, make_review):
    review = finished_cycle.reviews.get()
    services.qa_cycle_close(cycle=finished_cycle, by=hub)
    with pytest.raises(TransitionNotAllowed, match="QA cycle is closed"):
        services.action_create(review=review, title="Late action", due_on=nz_today(), by=hub)
    with pytest.raises(RuleViolation, match="open QA cycle"):
        services.review_schedule(
            cycle=QACycle.objects.get(pk=finished_cycle.pk), planned_for=nz_today(), by=hub
        )


def test_the_api_closes_a_cycle_and_refuses_409_with_the_rule(api_as, hub, cycle, make_review):
    client = api_as(hub)
    review = make_review("in_progress")
    assert client.get(f"/api/v1/qa-cycles/{cycle.pk}/").json()["allowed_transitions"] == ["close"]
    refused = client.post(f"/api/v1/qa-cycles/{cycle.pk}/close/", {}, format="json")
    assert refused.status_code == 409 and refused.json()["rule"] == "QA-D6"
    QAReview.objects.filter(pk=review.pk).update(status="final")
    closed = client.post(f"/api/v1/qa-cycles/{cycle.pk}/close/", {}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert closed.json()["closed_on"] == nz_today().isoformat()


def test_the_api_refuses_403_for_a_partner(api_as, partner_admin, finished_cycle):
    response = api_as(partner_admin).post(f"/api/v1/qa-cycles/{finished_cycle.pk}/close/", {}, format="json")
    assert response.status_code == 403


def test_the_portal_offers_close_to_the_hub_last_and_marked_irreversible(portal_as, hub, finished_cycle):
    html = portal_as(hub).get(reverse("quality:cycle_detail", args=[finished_cycle.pk])).content.decode()
    assert "Close the QA cycle</button>" in html and "button--danger" in html


@pytest.mark.parametrize("persona", ["pfo", "partner_admin"])
def test_the_portal_does_not_offer_close_to_others(request, portal_as, finished_cycle, persona):
    client = portal_as(request.getfixturevalue(persona))
    html = client.get(reverse("quality:cycle_detail", args=[finished_cycle.pk])).content.decode()
    assert "Close the QA cycle</button>" not in html
    url = reverse("quality:cycle_transition", args=[finished_cycle.pk, "close"])
    assert client.post(url).status_code == 403


def test_the_portal_closes_a_finished_cycle(portal_as, hub, finished_cycle):
    client = portal_as(hub)
    response = client.post(
        reverse("quality:cycle_transition", args=[finished_cycle.pk, "close"]),
        {"confirmed": "yes"},
        follow=True,
    )
    assert QACycle.objects.get(pk=finished_cycle.pk).status == "closed"
    html = response.content.decode()
    assert "The QA cycle is closed for good" in html and "Close the QA cycle</button>" not in html


def test_the_portal_shows_why_a_cycle_cannot_close_before_asking_to_confirm(
    portal_as, hub, cycle, make_review
):
    review = make_review("draft_report")
    url = reverse("quality:cycle_transition", args=[cycle.pk, "close"])
    response = portal_as(hub).post(url)  # the button, not yet "Yes": QA-D6 is the gate's
    html = response.content.decode()
    assert response.status_code == 400
    assert "every review is final" in html and f"review {review.reference} (draft report)" in html
    assert "please confirm" not in html and 'name="confirmed"' not in html
    assert "<code>QA-D6</code>" in html and "(QA-D6)" not in html  # the rule behind "Why?"
    assert QACycle.objects.get(pk=cycle.pk).status == "open"


def test_the_cycle_page_still_offers_close_when_it_cannot_close_yet(portal_as, hub, cycle, make_review):
    make_review("in_progress")  # QA-D6 unmet: the button stays, a press says why
    html = portal_as(hub).get(reverse("quality:cycle_detail", args=[cycle.pk])).content.decode()
    assert "Close the QA cycle</button>" in html


def test_another_organisations_cycle_answers_404_to_a_partner(portal_as, outsider, finished_cycle):
    url = reverse("quality:cycle_transition", args=[finished_cycle.pk, "close"])
    assert portal_as(outsider).post(url).status_code == 404
