"""The agreement form's child picker (static/js/lookup.js, the WAI-ARIA 1.2 combobox): a social worker
types a name without its macrons, moves through the matches with the arrow keys, chooses with Enter and
saves the draft; the page passes axe with the list open and after choosing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from agreements.choices import S146_PROVISIONS
from agreements.models import Agreement
from careportal.lib.dates import nz_today
from tests.agreements.factories import ChildFactory, years_ago

pytestmark = pytest.mark.django_db(transaction=True)


def test_type_a_name_without_macrons_choose_with_the_keys_and_save(portal, worker):
    wanted = ChildFactory(name="Tāwhiri Ngata", date_of_birth=years_ago(5), case_reference="CR-PICK-02")
    ChildFactory(name="Tāwhiri Smith", date_of_birth=years_ago(9), case_reference="CR-PICK-01")
    ChildFactory(name="Aroha Wiremu", date_of_birth=years_ago(6))
    today = nz_today()
    portal.sign_in("worker")
    page = portal.go("/agreements/new/")
    box = page.get_by_role("combobox", name="Te tamaiti")
    assert box.get_attribute("aria-expanded") == "false" and box.get_attribute("aria-autocomplete") == "list"
    assert page.locator("[data-lookup-find]").count() == 0  # with JavaScript the fallback's button is gone
    box.focus()
    page.keyboard.type("tawhiri")
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    assert listbox.get_attribute("role") == "listbox"
    listbox.get_by_role("option").nth(1).wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert listbox.get_by_role("option").count() == 2  # not Aroha
    assert "2 tamariki found" in page.locator("#id_child_status").inner_text()  # the polite live region
    options = listbox.get_by_role("option")
    assert (
        "Tāwhiri Ngata" in options.first.inner_text() and "CR-PICK-02 · born " in options.first.inner_text()
    )
    page.keyboard.press("ArrowDown")
    first = box.get_attribute("aria-activedescendant")
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") not in (None, first)
    page.keyboard.press("Home")
    assert box.get_attribute("aria-activedescendant") == first
    page.keyboard.press("End")
    assert box.get_attribute("aria-activedescendant") != first
    portal.check_accessibility("child picker open")
    portal.screenshot("child-picker")
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowDown")  # opens the list again on its first match
    assert box.get_attribute("aria-activedescendant") == first
    page.keyboard.press("Enter")
    assert box.input_value().startswith("Tāwhiri Ngata · CR-PICK-02")
    assert page.locator("input[type=hidden][name=child]").input_value() == str(wanted.pk)
    assert "Chosen: Tāwhiri Ngata" in page.locator("#id_child_status").inner_text()
    page.get_by_label("Temporary care (s139)").check()
    page.get_by_label("Start date").fill(today.isoformat())
    page.get_by_label("End date (the last day of care)").fill((today + timedelta(days=20)).isoformat())
    page.get_by_label("s139: I confirm there are no serious care or protection concerns").check()
    for name in S146_PROVISIONS:
        page.locator(f"#id_{name}").fill("Kōrero with the whānau each week.")
    page.locator("#id_parties-0-name").fill("Mere Tipene")
    page.locator("#id_parties-0-has_custody_right").check()
    portal.check_accessibility("child picker chosen")
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_url(re.compile(r"/agreements/[0-9a-f-]{36}/$"))
    assert Agreement.objects.get().child == wanted
