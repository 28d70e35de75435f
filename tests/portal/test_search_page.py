"""The portal's search page (`/search/?q=`) and the search box on every staff page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.choices import AgreementStatus as S
from careportal.audit.models import AuditEntry
from tests.agreements.factories import AgreementFactory, ChildFactory, agreement_in
from tests.referrals.factories import ReferralFactory

pytestmark = pytest.mark.django_db
BOX = 'id="site-search-q"'


def test_every_staff_page_has_the_search_box(portal_as, worker, drc, hub):
    for user, page in ((worker, "/"), (worker, "/agreements/"), (drc, "/referrals/"), (hub, "/")):
        html = portal_as(user).get(page).content.decode()
        assert 'role="search" aria-label="Site"' in html and BOX in html, (user, page)
        assert '<label for="site-search-q">Search</label>' in html


def test_organisation_users_get_no_search_box(portal_as, partner_admin, provider_user):
    for user in (partner_admin, provider_user):
        assert BOX not in portal_as(user).get("/").content.decode()


def test_results_are_grouped_by_kind_and_link_to_the_records(portal_as, worker, partner_org):
    child = ChildFactory(name="Tāwhiri Ngata", case_reference="CYRAS-555")
    agreement = AgreementFactory(child=child, reference="CA-2032-00001")
    partner_org.legal_name = "Tāwhiri Care Trust"
    partner_org.save()
    response = portal_as(worker).get("/search/", {"q": "tawhiri"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 results for “tawhiri”" in html
    tamariki, agreements, organisations = (
        html.index(h) for h in (">Tamariki <", ">Agreements <", ">Organisations <")
    )
    assert tamariki < agreements < organisations
    assert f'href="/agreements/tamariki/{child.pk}/">Tāwhiri Ngata (CYRAS-555)</a>' in html
    assert f'href="/agreements/{agreement.pk}/">CA-2032-00001: Tāwhiri Ngata' in html
    assert f'href="/partners/organisations/{partner_org.pk}/">Tāwhiri Care Trust</a>' in html
    # The typed text stays in the box of the results page and of the header.
    assert 'id="search-page-q" value="tawhiri"' in html
    assert 'id="site-search-q" value="tawhiri"' in html
    assert AuditEntry.objects.filter(action="search", actor=worker).count() == 2  # R-PRIV-3


@pytest.mark.parametrize("q", ["a", " b "])
def test_a_short_query_says_so_and_searches_nothing(portal_as, worker, q):
    ChildFactory(name="Aroha")
    response = portal_as(worker).get("/search/", {"q": q})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Type at least 2 characters to search." in html
    assert 'aria-invalid="true"' in html and "search-page-error" in html
    assert "result" not in html.split("<h1>Search</h1>")[1].split("</form>")[1]


def test_no_query_asks_for_one(portal_as, worker):
    response = portal_as(worker).get("/search/")
    assert response.status_code == 200
    assert "Type a name or a reference, then choose Search." in response.content.decode()


def test_nothing_found_is_said_plainly(portal_as, worker):
    html = portal_as(worker).get("/search/", {"q": "zzqq"}).content.decode()
    assert "Nothing found for “zzqq”" in html


def test_a_care_partner_sees_only_its_own_on_the_page(
    portal_as, partner_admin, partner_org, other_partner_org
):
    agreement_in(S.ACTIVE, caregiver_organisation=partner_org, child=ChildFactory(name="Rāwiri Mine"))
    agreement_in(S.ACTIVE, caregiver_organisation=other_partner_org, child=ChildFactory(name="Rāwiri Theirs"))
    ReferralFactory(reference="PR-2060-00001")
    html = portal_as(partner_admin).get("/search/", {"q": "rawiri"}).content.decode()
    assert "Rāwiri Mine" in html and "Rāwiri Theirs" not in html
    assert "Other Care Trust" not in portal_as(partner_admin).get("/search/", {"q": "care"}).content.decode()


def _queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/search/", {"q": "hemi"}).status_code == 200
    return len(captured)


def test_the_page_s_queries_do_not_grow_with_the_rows(portal_as, worker):
    client = portal_as(worker)
    for n in range(3):
        AgreementFactory(child=ChildFactory(name=f"Hemi Few{n}"))
    few = _queries(client)
    for n in range(15):
        AgreementFactory(child=ChildFactory(name=f"Hemi Many{n}"))
    assert _queries(client) == few
