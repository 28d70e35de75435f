"""The portal's search page (POST /search/, then GET /search/) and the search box on every staff page.

R-PRIV-2: what is typed never goes in a URL: POSTed, kept in the session, shown after a 303."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.choices import AgreementStatus as S
from careportal.audit.models import AuditEntry
from tests.agreements.factories import AgreementFactory, ChildFactory, agreement_in
from tests.referrals.factories import ReferralFactory

pytestmark = pytest.mark.django_db
BOX = 'id="site-search-q"'


def searched(client, q):
    """POST the search as the form does, then follow the 303 to the results page."""
    posted = client.post("/search/", {"q": q})
    assert posted.status_code == 303 and posted["Location"] == "/search/"
    return client.get(posted["Location"])


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
    response = searched(portal_as(worker), "tawhiri")
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
    response = searched(portal_as(worker), q)
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
    html = searched(portal_as(worker), "zzqq").content.decode()
    assert "Nothing found for “zzqq”" in html


def test_a_care_partner_sees_only_its_own_on_the_page(
    portal_as, partner_admin, partner_org, other_partner_org
):
    agreement_in(S.ACTIVE, caregiver_organisation=partner_org, child=ChildFactory(name="Rāwiri Mine"))
    agreement_in(S.ACTIVE, caregiver_organisation=other_partner_org, child=ChildFactory(name="Rāwiri Theirs"))
    ReferralFactory(reference="PR-2060-00001")
    html = searched(portal_as(partner_admin), "rawiri").content.decode()
    assert "Rāwiri Mine" in html and "Rāwiri Theirs" not in html
    assert "Other Care Trust" not in searched(portal_as(partner_admin), "care").content.decode()


def _queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/search/").status_code == 200
    return len(captured)


def test_the_page_s_queries_do_not_grow_with_the_rows(portal_as, worker):
    client = portal_as(worker)
    client.post("/search/", {"q": "hemi"})
    for n in range(3):
        AgreementFactory(child=ChildFactory(name=f"Hemi Few{n}"))
    few = _queries(client)
    for n in range(15):
        AgreementFactory(child=ChildFactory(name=f"Hemi Many{n}"))
    assert _queries(client) == few


def test_the_forms_post_with_a_csrf_token_and_the_url_never_holds_the_text(portal_as, worker):
    ChildFactory(name="Tāwhiri Ngata")
    client = portal_as(worker)
    home = client.get("/").content.decode()
    header = home.split('aria-label="Site"')[0].rsplit("<form", 1)[1]
    assert 'method="post"' in header and 'action="/search/"' in home
    assert "csrfmiddlewaretoken" in home.split('aria-label="Site"')[1].split("</form>")[0]
    response = client.post("/search/", {"q": "Tāwhiri"}, follow=True)
    assert response.redirect_chain == [("/search/", 303)]
    assert response.request["PATH_INFO"] == "/search/" and not response.request.get("QUERY_STRING")
    html = response.content.decode()
    assert "1 result for “Tāwhiri”" in html
    assert "<title>Search results" in html and "Tāwhiri" not in html.split("</title>")[0]
    # The results heading takes the focus (static/js/portal.js), for a screen reader to read out.
    assert 'id="search-summary" tabindex="-1" data-focus-on-load' in html


def test_a_search_in_the_url_is_ignored(portal_as, worker):
    """A bookmarked or typed `/search/?q=` searches nothing: the page is the session's last search."""
    ChildFactory(name="Aroha Ngata")
    client = portal_as(worker)
    html = client.get("/search/", {"q": "aroha"}).content.decode()
    assert "Aroha Ngata" not in html and "Type a name or a reference, then choose Search." in html
    assert not AuditEntry.objects.filter(action="search").exists()
    searched(client, "ngata")
    html = client.get("/search/", {"q": "zzqq"}).content.decode()
    assert "1 result for “ngata”" in html and "zzqq" not in html


def test_the_session_keeps_the_last_search_and_the_audit_counts_each_showing(portal_as, worker):
    ChildFactory(name="Hōhepa Ngata")
    client = portal_as(worker)
    searched(client, "hohepa")
    again = client.get("/search/").content.decode()
    assert "1 result for “hohepa”" in again and 'id="search-page-q" value="hohepa"' in again
    assert AuditEntry.objects.filter(action="search", actor=worker).count() == 2  # each showing a view


def test_a_short_query_has_an_error_summary_that_takes_the_focus(portal_as, worker):
    html = searched(portal_as(worker), "a").content.decode()
    assert 'class="error-summary" role="alert" tabindex="-1"' in html
    assert 'href="#search-page-q">Name or reference: Type at least 2 characters to search.' in html


def test_searching_needs_a_csrf_token(worker):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post("/search/", {"q": "tawhiri"}).status_code == 403
