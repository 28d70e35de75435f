"""The drafting journey in a real browser (Debian Chromium via Playwright): the legal maximum appears as
the dates are entered (static/agreements/legal-maximum.js), and the pages pass axe-core checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from agreements.models import Agreement
from tests.agreements.factories import ChildFactory, years_ago
from tests.e2e.conftest import CHROMIUM, Portal, browser_context_args, browser_type_launch_args  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]


@pytest.fixture
def portal(page, live_server):
    return Portal(page, live_server.url)


def test_the_form_shows_the_legal_maximum_as_dates_are_entered(portal, worker, today):
    child = ChildFactory(date_of_birth=years_ago(5), case_reference="CYRAS-5501")
    portal.sign_in("worker")
    page = portal.go("/agreements/new/")
    page.get_by_role("combobox", name="Te tamaiti").fill("CYRAS-55")
    page.get_by_role("option").filter(has_text="CYRAS-5501").click()
    assert page.locator("input[type=hidden][name=child]").input_value() == str(child.pk)
    page.get_by_label("Extended care (s140)").check()
    page.get_by_label("Paragraph of s140(1)").select_option("a")
    page.get_by_label("Start date").fill(today.isoformat())
    page.get_by_label("Start date").dispatch_event("change")
    output = page.locator("#legal-maximum")
    output.get_by_text("R-140-2").wait_for()
    assert "under 7" in output.inner_text()
    portal.check_accessibility("agreement form")
    portal.screenshot("agreements-form-legal-maximum")
    assert not Agreement.objects.exists()


def test_agreement_detail_is_accessible(portal, worker, supervisor):
    from tests.agreements.factories import agreement_in

    agreement = agreement_in("awaiting_supervisor", drafted_by=worker)
    portal.sign_in("supervisor")
    page = portal.go(f"/agreements/{agreement.pk}/")
    assert (
        page.get_by_role("heading", level=1).inner_text().startswith(f"Care agreement {agreement.reference}")
    )
    portal.check_accessibility("agreement detail")
    portal.go("/agreements/")
    portal.check_accessibility("agreement list")
