"""Filters people can use: te tamaiti by name or reference, and an invalid filter lists nothing."""

import pytest

from tests.agreements.factories import AgreementFactory, ChildFactory
from tests.quality.factories import PlannedReviewFactory
from tests.referrals.factories import ReferralFactory

pytestmark = pytest.mark.django_db
NOTHING_LISTED = "Nothing is listed until the filters are corrected"


@pytest.fixture
def two_agreements(db):
    tawhiri = AgreementFactory(
        reference="CA-2033-00001", child=ChildFactory(name="Tāwhiri Ngata", case_reference="CYRAS-910001")
    )
    mere = AgreementFactory(
        reference="CA-2033-00002", child=ChildFactory(name="Mere Tipene", case_reference="CYRAS-920002")
    )
    return tawhiri, mere


def listed(html):
    return {ref for ref in ("CA-2033-00001", "CA-2033-00002") if ref in html}


@pytest.mark.parametrize(
    "value", ["tawhiri", "TĀWHIRI NGATA", "ngata", "cyras-91", "{tawhiri_child_id}"], ids=str
)
def test_the_portal_list_takes_a_name_or_a_reference(portal_as, worker, two_agreements, value):
    tawhiri, _ = two_agreements
    value = value.format(tawhiri_child_id=tawhiri.child_id)
    response = portal_as(worker).get("/agreements/", {"child": value})
    html = response.content.decode()
    assert response.status_code == 200
    assert listed(html) == {"CA-2033-00001"}
    assert "Enter a valid UUID" not in html and NOTHING_LISTED not in html


def test_the_child_filter_says_what_it_takes(portal_as, worker):
    html = portal_as(worker).get("/agreements/").content.decode()
    assert "A name (macrons and capitals optional) or the start of a case reference." in html


@pytest.mark.parametrize("query", [{"child": "t"}, {"status": "bogus"}, {"ends_within": "soon"}])
def test_an_invalid_portal_filter_lists_nothing(portal_as, worker, two_agreements, query):
    response = portal_as(worker).get("/agreements/", query)
    html = response.content.decode()
    assert response.status_code == 200
    assert listed(html) == set()
    assert NOTHING_LISTED in html
    assert 'class="field-error"' in html  # the message sits beside the filter


def test_a_short_child_filter_says_how_long_it_must_be(portal_as, worker):
    html = portal_as(worker).get("/agreements/", {"child": "t"}).content.decode()
    assert "Type at least 2 characters to search." in html


def test_the_api_child_filter_takes_a_name_a_reference_or_an_id(api_as, worker, two_agreements):
    tawhiri, _ = two_agreements
    client = api_as(worker)
    for value in ("tawhiri", "CYRAS-9100", str(tawhiri.child_id)):
        response = client.get("/api/v1/agreements/", {"child": value})
        assert response.status_code == 200, response.content
        assert [row["reference"] for row in response.json()["results"]] == ["CA-2033-00001"], value


def test_an_invalid_api_filter_answers_400_on_the_field(api_as, worker, two_agreements):
    response = api_as(worker).get("/api/v1/agreements/", {"child": "t"})
    assert response.status_code == 400
    assert "child" in response.json()


def test_an_invalid_referral_filter_lists_nothing(portal_as, drc):
    ReferralFactory(reference="PR-2033-00001")
    html = portal_as(drc).get("/referrals/", {"status": "bogus"}).content.decode()
    assert "PR-2033-00001" not in html and NOTHING_LISTED in html
    assert "PR-2033-00001" in portal_as(drc).get("/referrals/").content.decode()


def test_an_unknown_quality_status_lists_nothing(portal_as, hub):
    PlannedReviewFactory()
    assert portal_as(hub).get("/quality/reviews/").context["page"].paginator.count == 1
    response = portal_as(hub).get("/quality/reviews/", {"status": "bogus"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
