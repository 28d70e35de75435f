"""Find anyone fast: the search box in the header finds Tāwhiri by "tawhiri", and the agreements filter
takes a name. Keyboard only, accessible, no script needed."""

from __future__ import annotations

import pytest

from tests.agreements.factories import AgreementFactory, ChildFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tawhiri(worker):
    child = ChildFactory(name="Tāwhiri Ngata", case_reference="CYRAS-300001")
    AgreementFactory(child=child, reference="CA-2034-00001", drafted_by=worker)
    AgreementFactory(child=ChildFactory(name="Mere Tipene"), reference="CA-2034-00002", drafted_by=worker)
    return child


def test_the_header_search_finds_tawhiri_and_follows_a_result(portal, tawhiri):
    portal.sign_in("worker")
    page = portal.go("/")
    box = page.get_by_role("search", name="Site").get_by_label("Search")
    box.focus()
    page.keyboard.type("tawhiri")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=tawhiri")
    assert page.get_by_role("heading", level=2).first.inner_text() == "2 results for “tawhiri”"
    tamariki = page.get_by_role("region", name="Tamariki (1)")
    assert tamariki.get_by_role("link").inner_text() == "Tāwhiri Ngata (CYRAS-300001)"
    assert page.get_by_role("region", name="Agreements (1)").get_by_role("link").count() == 1
    assert "Mere Tipene" not in page.content()
    portal.checkpoint("search")
    link = tamariki.get_by_role("link", name="Tāwhiri Ngata (CYRAS-300001)")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/agreements/tamariki/{tawhiri.pk}/")
    assert "Tāwhiri Ngata" in portal.heading()
    portal.check_accessibility("te tamaiti found")


def test_a_short_search_says_what_to_type(portal, tawhiri):
    portal.sign_in("worker")
    page = portal.go("/search/?q=t")
    assert page.get_by_text("Type at least 2 characters to search.").is_visible()
    assert page.get_by_label("Name or reference").get_attribute("aria-invalid") == "true"
    portal.check_accessibility("a short search")


def test_the_agreements_filter_takes_a_name(portal, tawhiri):
    portal.sign_in("worker")
    page = portal.go("/agreements/")
    page.get_by_label("Te tamaiti").fill("TAWHIRI")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/agreements/?*child=TAWHIRI*")
    assert page.get_by_role("link", name="CA-2034-00001").count() == 1
    assert page.get_by_role("link", name="CA-2034-00002").count() == 0
    portal.checkpoint("agreements-filtered-by-name")
    page = portal.go("/agreements/?child=t")
    assert (
        page.get_by_role("alert").inner_text().startswith("Nothing is listed until the filters are corrected")
    )
    assert page.get_by_role("link", name="CA-2034-00001").count() == 0
    portal.check_accessibility("an invalid filter")
