"""QA-D5: a review is not finalised before the first day of the period it reviews (an NZ date), through
the service, the API and the portal; finalising on that very day is allowed."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from careportal.exceptions import ConditionUnmet
from careportal.lib.dates import nz_today
from quality import services
from quality.models import QAReview

pytestmark = pytest.mark.django_db

NZ = ZoneInfo("Pacific/Auckland")
PERIOD_START = date(2027, 3, 1)


def _at_nz(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=NZ)


@pytest.fixture
def future_period_review(make_review):
    """With the partner, responded, its period starting on 1 March 2027."""
    return make_review(
        "partner_response",
        partner_response="We accept the findings.",
        period_start=PERIOD_START,
        period_end=date(2027, 8, 31),
    )


def test_the_day_before_the_period_starts_in_nz_finalising_is_refused(future_period_review, hub):
    # 23:30 on 28 Feb in New Zealand is 10:30 UTC: the NZ date decides.
    with time_machine.travel(_at_nz(PERIOD_START - timedelta(days=1), 23, 30), tick=False):
        assert nz_today() == PERIOD_START - timedelta(days=1)
        with pytest.raises(ConditionUnmet) as refused:
            services.review_finalise(review=future_period_review, by=hub)
    assert refused.value.rule == "QA-D5"
    assert "has not started yet" in refused.value.message
    assert QAReview.objects.get(pk=future_period_review.pk).status == "partner_response"


def test_on_the_first_day_of_the_period_in_nz_the_review_is_finalised(future_period_review, hub):
    # 00:30 on 1 March in New Zealand is still 28 February in UTC.
    with time_machine.travel(_at_nz(PERIOD_START, 0, 30), tick=False):
        assert datetime.now(ZoneInfo("UTC")).date() == PERIOD_START - timedelta(days=1)
        review = services.review_finalise(review=future_period_review, by=hub)
    assert review.status == "final" and review.finalised_on == PERIOD_START


def test_the_api_answers_409_naming_the_rule_and_does_not_offer_finalise(api_as, hub, make_review):
    review = make_review(
        "partner_response", partner_response="Accepted.", period_start=nz_today() + timedelta(days=1)
    )
    client = api_as(hub)
    assert "finalise" not in client.get(f"/api/v1/qa-reviews/{review.pk}/").json()["allowed_transitions"]
    response = client.post(f"/api/v1/qa-reviews/{review.pk}/finalise/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["rule"] == "QA-D5"


def test_the_portal_says_when_finalising_opens_and_refuses_a_post(portal_as, hub, make_review):
    start = nz_today() + timedelta(days=1)
    review = make_review("partner_response", partner_response="Accepted.", period_start=start)
    client = portal_as(hub)
    html = client.get(reverse("quality:review_detail", args=[review.pk])).content.decode()
    assert "Finalise and issue the report</button>" not in html
    assert "can be finalised from" in html
    response = client.post(reverse("quality:review_transition", args=[review.pk, "finalise"]))
    assert response.status_code == 400
    assert "has not started yet" in response.content.decode()
    assert QAReview.objects.get(pk=review.pk).status == "partner_response"


def test_a_review_without_a_recorded_period_is_not_held_back(hub, make_review):
    review = make_review("partner_response", partner_response="Accepted.", period_start=None, period_end=None)
    assert services.review_finalise(review=review, by=hub).status == "final"
