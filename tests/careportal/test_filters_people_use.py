"""Filters people can use: te tamaiti chosen by name or reference (in the portal with a look-up, whose URL
carries only the chosen id: R-PRIV-2; in the API by `?child=` name, reference or id), and an invalid
filter lists nothing."""

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


def test_the_portal_list_filters_by_the_chosen_tamaiti_s_id(portal_as, worker, two_agreements):
    tawhiri, _ = two_agreements
    response = portal_as(worker).get("/agreements/", {"child": str(tawhiri.child_id)})
    html = response.content.decode()
    assert response.status_code == 200
    assert listed(html) == {"CA-2033-00001"}
    assert NOTHING_LISTED not in html
    # The chosen one is shown in the box, and the CSV and page links carry only the id (R-PRIV-2).
    assert 'value="Tāwhiri Ngata · CYRAS-910001' in html
    assert f'href="?child={tawhiri.child_id}&amp;format=csv"' in html
    assert response.context["query"] == f"child={tawhiri.child_id}"


def test_the_portal_list_takes_no_name_in_the_url(portal_as, worker, two_agreements):
    """R-PRIV-2: `?child=<name>` is no filter in the portal (the API's stays, api.md): refused, nothing."""
    html = portal_as(worker).get("/agreements/", {"child": "tawhiri"}).content.decode()
    assert listed(html) == set() and NOTHING_LISTED in html
    assert "type a name or reference, then choose from the matches" in html


def test_the_child_filter_says_what_it_takes(portal_as, worker):
    html = portal_as(worker).get("/agreements/").content.decode()
    assert "type part of the name (macrons and capitals optional) or the start of the case reference" in html


def test_the_filter_look_ups_keep_typed_text_out_of_the_get_form(portal_as, worker):
    """The text boxes and Find buttons belong to their own POST forms (with a CSRF token): "Filter" can
    send only the chosen ids, and Find POSTs the text."""
    html = portal_as(worker).get("/agreements/").content.decode()
    for name in ("child", "caregiver_organisation"):
        assert f'name="{name}__q" form="id_{name}_find"' in html
        assert f'name="{name}__find" value="1" form="id_{name}_find" formmethod="post"' in html
        form = html.split(f'<form method="post" id="id_{name}_find" hidden>')[1].split("</form>")[0]
        assert "csrfmiddlewaretoken" in form
    get_form = html.split('<form method="get" class="filters"')[1].split("</form>")[0]
    assert "csrfmiddlewaretoken" not in get_form  # a token never goes in a URL either


def test_find_without_javascript_posts_and_shows_the_matches(portal_as, worker, two_agreements):
    tawhiri, _ = two_agreements
    client = portal_as(worker)
    response = client.post("/agreements/?status=", {"child__q": "TAWHIRI", "child__find": "1"})
    html = response.content.decode()
    assert response.status_code == 200  # answered in place: no redirect, the URL stays as it was
    assert "1 tamariki match “TAWHIRI”: choose one from the list below." in html
    choice = html.split('<select id="id_child_choice" name="child"')[1].split("</select>")[0]
    assert f'<option value="{tawhiri.child_id}">Tāwhiri Ngata · CYRAS-910001' in choice
    assert "Mere" not in choice
    assert listed(html) == {"CA-2033-00001", "CA-2033-00002"}  # the list itself unchanged
    assert NOTHING_LISTED not in html and 'class="field-error"' not in html
    assert "TAWHIRI" not in response.context["query"]
    # The match chosen, "Filter" sends its id: the list is te tamaiti's.
    assert listed(client.get("/agreements/", {"child": str(tawhiri.child_id)}).content.decode()) == {
        "CA-2033-00001"
    }


def test_find_keeps_the_url_s_filters_and_the_caregiver_look_up_works_alike(
    portal_as, worker, partner_org, two_agreements
):
    tawhiri, mere = two_agreements
    mere.caregiver_organisation = partner_org
    mere.save()
    client = portal_as(worker)
    url = f"/agreements/?child={mere.child_id}"
    response = client.post(url, {"caregiver_organisation__q": "kainga", "caregiver_organisation__find": "1"})
    html = response.content.decode()
    assert f'<option value="{partner_org.pk}">Kāinga Care Trust' in html
    assert 'value="Mere Tipene · CYRAS-920002' in html  # te tamaiti chosen in the URL is kept
    assert listed(html) == {"CA-2033-00002"}
    by_caregiver = client.get("/agreements/", {"caregiver_organisation": str(partner_org.pk)})
    assert listed(by_caregiver.content.decode()) == {"CA-2033-00002"}


def test_a_care_partner_finds_only_its_own_tamariki(portal_as, partner_admin, partner_org, other_partner_org):
    from agreements.choices import AgreementStatus as S
    from tests.agreements.factories import agreement_in

    agreement_in(S.ACTIVE, caregiver_organisation=partner_org, child=ChildFactory(name="Rāwiri Mine"))
    theirs = agreement_in(
        S.ACTIVE, caregiver_organisation=other_partner_org, child=ChildFactory(name="Rāwiri Theirs")
    )
    client = portal_as(partner_admin)
    html = client.post("/agreements/", {"child__q": "rawiri", "child__find": "1"}).content.decode()
    assert "Rāwiri Mine" in html and "Rāwiri Theirs" not in html  # R-PRIV-1, R-PRIV-4
    refused = client.get("/agreements/", {"child": str(theirs.child_id)}).content.decode()
    assert NOTHING_LISTED in refused


def test_find_needs_a_csrf_token(worker, two_agreements):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post("/agreements/", {"child__q": "tawhiri", "child__find": "1"}).status_code == 403


def test_the_referral_filter_s_provider_find_posts_too(portal_as, drc, provider_org):
    ReferralFactory(reference="PR-2033-00001")
    client = portal_as(drc)
    html = client.get("/referrals/").content.decode()
    assert 'name="provider__find" value="1" form="id_provider_find" formmethod="post"' in html
    assert 'name="provider__q" form="id_provider_find"' in html
    response = client.post("/referrals/", {"provider__q": "whanau", "provider__find": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{provider_org.pk}">Whānau Ora Connect' in html
    assert "PR-2033-00001" in html and NOTHING_LISTED not in html


@pytest.mark.parametrize("query", [{"child": "t"}, {"status": "bogus"}, {"ends_within": "soon"}])
def test_an_invalid_portal_filter_lists_nothing(portal_as, worker, two_agreements, query):
    response = portal_as(worker).get("/agreements/", query)
    html = response.content.decode()
    assert response.status_code == 200
    assert listed(html) == set()
    assert NOTHING_LISTED in html
    assert 'class="field-error"' in html  # the message sits beside the filter


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
