"""R-PRIV-1: a partner sees only its own organisation's reviews and actions (404 otherwise, API and portal);
and of its own only what has been sent to it (the decision in quality/permissions.py)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviews(make_review, other_cycle):
    ours = {
        s: make_review(s) for s in ["planned", "in_progress", "draft_report", "partner_response", "final"]
    }
    theirs = make_review("final", cycle=other_cycle)
    return ours, theirs


def test_partner_lists_only_its_reviews_sent_for_response_or_final(api_as, partner_staff, reviews):
    ours, _ = reviews
    rows = api_as(partner_staff).get("/api/v1/qa-reviews/").json()["results"]
    assert {r["id"] for r in rows} == {str(ours["partner_response"].pk), str(ours["final"].pk)}


def test_staff_readers_see_every_review(api_as, pfo, reviews):
    assert api_as(pfo).get("/api/v1/qa-reviews/").json()["count"] == 6


@pytest.mark.parametrize("status", ["planned", "in_progress", "draft_report"])
def test_partner_gets_404_for_its_internal_reviews(api_as, partner_admin, portal_as, reviews, status):
    review = reviews[0][status]
    assert api_as(partner_admin).get(f"/api/v1/qa-reviews/{review.pk}/").status_code == 404
    assert portal_as(partner_admin).get(reverse("quality:review_detail", args=[review.pk])).status_code == 404


def test_another_organisations_review_is_404_in_api_and_portal(api_as, portal_as, outsider, reviews):
    ours, _ = reviews
    review = ours["final"]
    assert api_as(outsider).get(f"/api/v1/qa-reviews/{review.pk}/").status_code == 404
    assert api_as(outsider).get(f"/api/v1/qa-reviews/{review.pk}/findings/").status_code == 404
    assert api_as(outsider).get(f"/api/v1/qa-reviews/{review.pk}/history/").status_code == 404
    assert api_as(outsider).get(f"/api/v1/qa-reviews/{review.pk}/pdf/").status_code == 404
    assert portal_as(outsider).get(reverse("quality:review_detail", args=[review.pk])).status_code == 404
    assert portal_as(outsider).get(reverse("quality:review_pdf", args=[review.pk])).status_code == 404


def test_another_organisations_action_is_404_in_api_and_portal(api_as, portal_as, outsider, make_action):
    action = make_action("open")
    assert api_as(outsider).get(f"/api/v1/improvement-actions/{action.pk}/").status_code == 404
    assert api_as(outsider).get("/api/v1/improvement-actions/").json()["count"] == 0
    assert portal_as(outsider).get(reverse("quality:action_detail", args=[action.pk])).status_code == 404


def test_partner_does_not_see_actions_of_internal_reviews(api_as, partner_admin, make_review, make_action):
    hidden = make_action("open", review=make_review("draft_report"))
    shown = make_action("open")
    rows = api_as(partner_admin).get("/api/v1/improvement-actions/").json()["results"]
    assert [r["id"] for r in rows] == [str(shown.pk)]
    assert api_as(partner_admin).get(f"/api/v1/improvement-actions/{hidden.pk}/").status_code == 404


def test_provider_users_have_no_quality_access(api_as, portal_as, provider_user, make_action):
    assert api_as(provider_user).get("/api/v1/improvement-actions/").status_code == 403
    assert portal_as(provider_user).get(reverse("quality:dashboard")).status_code == 403
