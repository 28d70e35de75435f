"""Journey (b): a social worker drafts an s140 agreement (the form shows the legal maximum as the dates
are typed), the coordinator records the FGC approval (R-140-1), the supervisor approves (R-ALL-4), the
worker records the signatures (R-ALL-6), activates the agreement and downloads the PDF for signing.

Run twice: with the mouse, and with the keyboard alone (no clicks: Tab, typing, Space, arrows, Enter).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from agreements.choices import S146_PROVISIONS
from agreements.models import Agreement
from agreements.selectors import latest_document
from careportal.lib.dates import nz_today
from tests.agreements.factories import ChildFactory, years_ago
from tests.e2e.actors import KeyboardActor, MouseActor

pytestmark = pytest.mark.django_db(transaction=True)

PROVISION = "Kōrero with the whānau each week; tamaiti stays at the same kura."


def _draft(portal, act, child, today):
    page = portal.go("/agreements/new/")
    portal.check_accessibility("agreement form")
    act.choose(page.get_by_label("Te tamaiti (case reference)"), str(child.pk))
    act.check(page.get_by_label("Extended care (s140)"))
    act.choose(page.get_by_label("Paragraph of s140(1)"), "a")
    act.fill_date(page.get_by_label("Start date"), today)
    # The legal maximum appears while the form is filled in (static/agreements/legal-maximum.js).
    page.locator("#legal-maximum").get_by_text("R-140-2").wait_for()
    assert "under 7" in page.locator("#legal-maximum").inner_text()
    act.fill_date(page.get_by_label("End date (the last day of care)"), today + timedelta(days=60))
    act.fill(page.get_by_label("Contact person"), "Mere Tipene, by phone every week")
    for name in S146_PROVISIONS:
        act.fill(page.locator(f"#id_{name}"), PROVISION)
    act.fill(page.locator("#id_parties-0-name"), "Mere Tipene")
    act.check(page.locator("#id_parties-0-has_custody_right"))
    portal.checkpoint("agreement-form-legal-maximum")
    act.press(page.get_by_role("button", name="Save the draft"))
    page.wait_for_url(re.compile(r"/agreements/[0-9a-f-]{36}/$"))
    return Agreement.objects.get(child=child)


def _act(portal, act, heading: str, fields=()):
    """Fill and submit the action form titled `heading` on the agreement page."""
    page = portal.page
    form = page.locator("form").filter(has=page.get_by_role("heading", name=heading, exact=True))
    for kind, label, value in fields:
        locator = form.get_by_label(label)
        {"date": act.fill_date, "choose": act.choose, "check": lambda loc, _: act.check(loc)}[kind](
            locator, value
        )
    with page.expect_navigation():
        act.press(form.get_by_role("button", name=heading, exact=True))


def _status(portal) -> str:
    return portal.page.locator(".status").first.inner_text()


def agreement_journey(portal, act, child):
    today = nz_today()
    portal.sign_in("worker", actor=act)
    agreement = _draft(portal, act, child, today)
    assert portal.heading().startswith(f"Care agreement {agreement.reference}")
    portal.checkpoint("agreement-draft")
    _act(portal, act, "Submit for approval")
    assert _status(portal) == "Awaiting FGC approval"

    portal.sign_in("coordinator", actor=act)
    portal.go(agreement.get_absolute_url())
    portal.check_accessibility("agreement awaiting FGC")
    _act(portal, act, "Record FGC approval", [
        ("date", "Date of the family group conference", today),
        ("check", "I certify, as care and protection coordinator", None),
    ])  # fmt: skip
    assert _status(portal) == "Awaiting supervisor approval"

    portal.sign_in("supervisor", actor=act)
    portal.go(agreement.get_absolute_url())
    portal.check_accessibility("agreement awaiting supervisor")
    _act(portal, act, "Approve")
    assert _status(portal) == "Awaiting signatures"

    portal.sign_in("worker", actor=act)
    portal.go(agreement.get_absolute_url())
    portal.check_accessibility("agreement awaiting signatures")
    signature_party = str(agreement.parties.get(name="Mere Tipene").pk)
    _act(
        portal,
        act,
        "Record signature",
        [("choose", "Who signed", signature_party), ("date", "Signed on", today)],
    )
    _act(portal, act, "Activate the agreement")
    assert _status(portal) == "Active"
    portal.checkpoint("agreement-active")
    portal.screenshot("docs-agreement", full_page=False)

    page = portal.page
    with page.expect_download() as info:
        act.press(page.get_by_role("link", name=re.compile("^Download the PDF")))
    download = info.value
    version = latest_document(agreement).version  # a new version whenever the content changed
    assert download.suggested_filename == f"{agreement.reference}-v{version}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    agreement.refresh_from_db()
    assert agreement.status == "active"


def test_agreement_journey_with_the_mouse(portal, worker, coordinator, supervisor):
    agreement_journey(portal, MouseActor(portal.page), ChildFactory(date_of_birth=years_ago(5)))


def test_agreement_journey_with_the_keyboard_alone(portal, worker, coordinator, supervisor):
    agreement_journey(portal, KeyboardActor(portal.page), ChildFactory(date_of_birth=years_ago(5)))
