"""Find anyone fast, and never put the name in a URL (R-PRIV-2, decision 0019): the header search finds
Tāwhiri by "Tāwhiri", and the agreements list is filtered by te tamaiti chosen in the combobox (or, without
JavaScript, with Find and a short list). Through the whole journey no URL the browser opens or asks for
holds the typed name. Keyboard only, accessible; the fallback needs no script."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from tests.agreements.factories import AgreementFactory, ChildFactory

pytestmark = pytest.mark.django_db(transaction=True)
NAMES = re.compile(r"t[aā]whiri|ngata", re.IGNORECASE)


@pytest.fixture
def tawhiri(worker):
    child = ChildFactory(name="Tāwhiri Ngata", case_reference="CYRAS-300001")
    AgreementFactory(child=child, reference="CA-2034-00001", drafted_by=worker)
    AgreementFactory(child=ChildFactory(name="Mere Tipene"), reference="CA-2034-00002", drafted_by=worker)
    return child


def watch_urls(page) -> list[str]:
    """Every URL the page navigates to or requests (documents, scripts, look-ups), as they are sent."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.on("framenavigated", lambda frame: seen.append(frame.url))
    return seen


def assert_no_name(seen: list[str]) -> None:
    leaked = [url for url in seen if NAMES.search(unquote(url))]
    assert seen and leaked == [], leaked


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_the_header_search_finds_tawhiri_and_follows_a_result(portal, tawhiri):
    seen = watch_urls(portal.page)
    portal.sign_in("worker")
    page = portal.go("/")
    box = page.get_by_role("search", name="Site").get_by_label("Search")
    box.focus()
    page.keyboard.type("Tāwhiri")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/$"))  # POST, then 303 to a URL without the text
    summary = page.get_by_role("heading", level=2).first
    assert summary.inner_text() == "2 results for “Tāwhiri”"
    assert focused_id(page) == "search-summary"  # a screen reader starts at the results
    tamariki = page.get_by_role("region", name="Tamariki (1)")
    assert tamariki.get_by_role("link").inner_text() == "Tāwhiri Ngata (CYRAS-300001)"
    assert page.get_by_role("region", name="Agreements (1)").get_by_role("link").count() == 1
    assert "Mere Tipene" not in page.content()
    assert page.get_by_label("Name or reference").input_value() == "Tāwhiri"
    portal.checkpoint("search")
    page.reload()  # the session's last search, again without the text in the URL
    assert page.get_by_role("heading", level=2).first.inner_text() == "2 results for “Tāwhiri”"
    link = page.get_by_role("region", name="Tamariki (1)").get_by_role("link")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/agreements/tamariki/{tawhiri.pk}/")
    assert "Tāwhiri Ngata" in portal.heading()
    portal.check_accessibility("te tamaiti found")
    assert_no_name(seen)


def test_a_short_search_says_what_to_type(portal, tawhiri):
    portal.sign_in("worker")
    page = portal.go("/search/")
    page.get_by_label("Name or reference").fill("t")
    page.get_by_label("Name or reference").press("Enter")
    page.wait_for_selector(".error-summary")
    assert page.url.endswith("/search/")
    assert page.get_by_role("alert").inner_text().startswith("There is a problem")
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert page.get_by_label("Name or reference").get_attribute("aria-invalid") == "true"
    portal.check_accessibility("a short search")


def test_filter_the_agreements_by_a_tamaiti_chosen_in_the_combobox(portal, tawhiri):
    seen = watch_urls(portal.page)
    portal.sign_in("worker")
    page = portal.go("/agreements/")
    box = page.get_by_role("combobox", name="Te tamaiti")
    box.focus()
    page.keyboard.type("Tāwhiri")
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    listbox.get_by_role("option").first.wait_for()
    assert listbox.get_by_role("option").count() == 1
    portal.check_accessibility("agreements filter, combobox open")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # chooses
    assert box.input_value().startswith("Tāwhiri Ngata · CYRAS-300001")
    page.keyboard.press("Enter")  # filters: the GET form, with the chosen id only
    page.wait_for_url(re.compile(rf"/agreements/\?.*child={tawhiri.pk}"))
    assert page.get_by_role("link", name="CA-2034-00001").count() == 1
    assert page.get_by_role("link", name="CA-2034-00002").count() == 0
    assert page.get_by_role("combobox", name="Te tamaiti").input_value().startswith("Tāwhiri Ngata")
    csv = page.get_by_role("link", name=re.compile("Download CSV")).get_attribute("href")
    assert f"child={tawhiri.pk}" in csv
    portal.checkpoint("agreements-filtered-by-a-chosen-tamaiti")
    page = portal.go("/agreements/?child=not-an-id")
    assert (
        page.get_by_role("alert").inner_text().startswith("Nothing is listed until the filters are corrected")
    )
    assert page.get_by_role("link", name="CA-2034-00001").count() == 0
    portal.check_accessibility("an invalid filter")
    assert_no_name(seen)


def test_without_javascript_find_posts_the_name_and_filter_sends_the_id(portal, tawhiri):
    # The portal's scripts are not loaded (no inline script either): the page as without JavaScript, while
    # axe, injected by Playwright, can still check it.
    portal.page.context.route("**/*.js", lambda route: route.abort())
    seen = watch_urls(portal.page)
    portal.sign_in("worker")
    page = portal.go("/agreements/?status=")
    assert page.locator("[data-lookup-find]").count() == 2  # the fallback: text boxes with Find
    page.get_by_label("Te tamaiti").fill("Tāwhiri")
    page.locator("button[name=child__find]").click()  # formmethod="post": the text goes in the body
    page.get_by_text("1 tamariki match “Tāwhiri”: choose one from the list below.").wait_for()
    assert page.url == f"{portal.base_url}/agreements/?status="  # the URL as it was
    assert page.get_by_role("link", name="CA-2034-00002").count() == 1  # the list unchanged
    portal.checkpoint("agreements-filter-find-without-javascript")
    page.get_by_label("Choose from the matches").select_option(str(tawhiri.pk))
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(rf"/agreements/\?.*child={tawhiri.pk}"))
    assert page.get_by_role("link", name="CA-2034-00001").count() == 1
    assert page.get_by_role("link", name="CA-2034-00002").count() == 0
    portal.check_accessibility("agreements filtered without javascript")
    assert_no_name(seen)
