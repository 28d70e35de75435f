"""Findings in the portal: the Hub changes a finding on the review page while the review is open
(services.finding_update, audited, Hub only); the partner answers each finding beside it, with its
overall response, once (services.review_respond; QA-D3 applies to every answer)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careportal.audit.models import AuditEntry
from careportal.exceptions import RuleViolation
from quality import services
from quality.models import Finding, QAReview
from tests.quality.factories import FindingFactory, standard

pytestmark = pytest.mark.django_db


def _edit_url(finding):
    return reverse("quality:finding_edit", args=[finding.review_id, finding.pk])


def _edit(finding, **values):
    return {f"finding-{finding.pk}-{name}": value for name, value in values.items()}


def _detail(review):
    return reverse("quality:review_detail", args=[review.pk])


# --- the Hub changes a finding -------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["in_progress", "draft_report"])
def test_the_hub_changes_a_finding_on_the_review_page_and_it_is_audited(portal_as, hub, make_review, status):
    finding = FindingFactory(review=make_review(status), standard=standard(2))
    client = portal_as(hub)
    assert f'action="{_edit_url(finding)}"' in client.get(_detail(finding.review)).content.decode()
    response = client.post(
        _edit_url(finding), _edit(finding, rating="not_met", narrative="Plans in 1234567 late.")
    )
    assert response.status_code == 302 and response.url.endswith(f"#finding-{finding.pk}")
    finding.refresh_from_db()
    assert (finding.rating, finding.narrative) == ("not_met", "Plans in 1234567 late.")
    entry = AuditEntry.objects.for_object(finding).get(action="finding")
    assert (entry.kind, entry.actor, entry.data) == ("change", hub, {"from": "met", "to": "not_met"})


def test_a_refused_change_comes_back_beside_that_finding(portal_as, hub, make_review):
    finding = FindingFactory(review=make_review("in_progress"))
    response = portal_as(hub).post(
        _edit_url(finding), _edit(finding, rating="met", narrative="Case 1234567, DOB 1/2/2015.")
    )
    html = response.content.decode()
    assert response.status_code == 400 and "QA-D3" in html and "remove the date of birth" in html
    assert f'id="id_finding-{finding.pk}-narrative"' in html
    assert Finding.objects.get(pk=finding.pk).narrative == FindingFactory._meta.declarations["narrative"]


@pytest.mark.parametrize("status", ["planned", "partner_response", "final"])
def test_a_finding_is_not_changed_once_the_review_has_moved_on(portal_as, hub, make_review, status):
    finding = FindingFactory(review=make_review(status))
    client = portal_as(hub)
    assert f'action="{_edit_url(finding)}"' not in client.get(_detail(finding.review)).content.decode()
    response = client.post(_edit_url(finding), _edit(finding, rating="not_met", narrative="Changed."))
    assert (
        "Findings are recorded while the review is in progress or draft report" in response.content.decode()
    )
    assert Finding.objects.get(pk=finding.pk).rating == "met"


@pytest.mark.parametrize("persona", ["pfo", "delegate", "supervisor", "admin_user"])
def test_only_the_hub_changes_a_finding_403(request, portal_as, make_review, persona):
    finding = FindingFactory(review=make_review("in_progress"))
    client = portal_as(request.getfixturevalue(persona))
    assert f'action="{_edit_url(finding)}"' not in client.get(_detail(finding.review)).content.decode()
    assert client.post(_edit_url(finding), _edit(finding, rating="not_met", narrative="x")).status_code == 403
    assert Finding.objects.get(pk=finding.pk).rating == "met"


def test_a_finding_of_another_review_answers_404(portal_as, hub, make_review):
    finding = FindingFactory(review=make_review("in_progress"))
    other = make_review("in_progress")
    url = reverse("quality:finding_edit", args=[other.pk, finding.pk])
    assert portal_as(hub).post(url, _edit(finding, rating="met", narrative="x")).status_code == 404


def test_the_review_page_does_not_grow_queries_with_findings(portal_as, hub, make_review):
    review = make_review("in_progress")
    client = portal_as(hub)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_detail(review)).status_code == 200
        return len(ctx)

    FindingFactory(review=review, standard=standard(1))
    one = count()
    for part in range(2, 7):
        FindingFactory(review=review, standard=standard(part))
    assert count() == one


# --- the partner answers each finding ------------------------------------------------------------------


@pytest.fixture
def sent_review(make_review, hub):
    review = make_review("partner_response", lead_reviewer=hub)
    first = FindingFactory(review=review, standard=standard(1), rating="not_met")
    second = FindingFactory(review=review, standard=standard(2))
    return review, first, second


def test_the_response_box_of_each_finding_sits_under_that_finding(portal_as, partner_admin, sent_review):
    review, first, second = sent_review
    html = portal_as(partner_admin).get(_detail(review)).content.decode()
    first_at, second_at = html.index(f'id="finding-{first.pk}"'), html.index(f'id="finding-{second.pk}"')
    box_at = html.index(f'name="finding_{first.pk}"')
    assert first_at < box_at < second_at  # under the first finding, before the next
    assert html.index(f'name="finding_{second.pk}"') > second_at
    assert html.index('name="response"') > html.index(f'name="finding_{second.pk}"')  # the overall one last
    assert "Your response to part 1:" in html


def test_the_partner_answers_findings_in_the_portal_and_sees_them_beside_each(
    portal_as, partner_admin, sent_review
):
    review, first, second = sent_review
    client = portal_as(partner_admin)
    url = reverse("quality:review_transition", args=[review.pk, "respond"])
    body = {
        f"finding_{first.pk}": "We accept this; plans for 1234567 are now current.",
        f"finding_{second.pk}": "",
        "response": "Our plan is attached.",
    }
    response = client.post(url, body, follow=True)
    html = response.content.decode()
    assert "Your response has been recorded." in html
    assert (
        Finding.objects.get(pk=first.pk).partner_response
        == "We accept this; plans for 1234567 are now current."
    )
    assert Finding.objects.get(pk=second.pk).partner_response == ""
    assert QAReview.objects.get(pk=review.pk).partner_response == "Our plan is attached."
    answer_at = html.index("We accept this; plans for 1234567 are now current.")
    assert html.index(f'id="finding-{first.pk}"') < answer_at < html.index(f'id="finding-{second.pk}"')
    assert 'name="response"' not in html  # once
    entry = AuditEntry.objects.for_object(review).get(action="respond")
    assert entry.data == {"findings_answered": 1}


def test_a_personal_detail_in_an_answer_is_refused_beside_that_finding(portal_as, partner_admin, sent_review):
    review, first, _ = sent_review
    url = reverse("quality:review_transition", args=[review.pk, "respond"])
    body = {f"finding_{first.pk}": "Tamaiti DOB 1/2/2015 was seen.", "response": "Our plan."}
    response = portal_as(partner_admin).post(url, body)
    html = response.content.decode()
    assert response.status_code == 400 and "remove the date of birth" in html
    assert f'href="#id_finding_{first.pk}"' in html  # the error summary links to that finding's box
    assert QAReview.objects.get(pk=review.pk).partner_response == ""  # nothing half-saved
    assert Finding.objects.get(pk=first.pk).partner_response == ""


def test_the_api_takes_answers_by_finding_and_refuses_another_reviews_finding(
    api_as, partner_admin, sent_review, make_review
):
    review, first, _ = sent_review
    stranger = FindingFactory(review=make_review("partner_response"))
    client = api_as(partner_admin)
    url = f"/api/v1/qa-reviews/{review.pk}/respond/"
    refused = client.post(
        url, {"response": "Ok.", "finding_responses": {str(stranger.pk): "Accepted."}}, format="json"
    )
    assert refused.status_code == 400 and "finding_responses" in refused.json()
    done = client.post(
        url, {"response": "Ok.", "finding_responses": {str(first.pk): "Accepted."}}, format="json"
    )
    assert done.status_code == 200, done.json()
    findings = client.get(f"/api/v1/qa-reviews/{review.pk}/findings/").json()["results"]
    assert {f["id"]: f["partner_response"] for f in findings}[str(first.pk)] == "Accepted."


def test_the_service_refuses_an_answer_for_another_review(partner_admin, sent_review, make_review):
    review, _, _ = sent_review
    stranger = FindingFactory(review=make_review("partner_response"))
    with pytest.raises(RuleViolation, match="finding of another review"):
        services.review_respond(
            review=review, by=partner_admin, response="Ok.", finding_responses={str(stranger.pk): "x"}
        )
    assert QAReview.objects.get(pk=review.pk).partner_response == ""
