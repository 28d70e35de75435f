"""Journey (b): a social worker drafts an s140 agreement (the form shows the legal maximum as the dates
are typed), the coordinator records the FGC approval (R-140-1), the supervisor approves (R-ALL-4), the
worker records the signature on the version issued for signing (R-ALL-6), activates the agreement and
downloads the executed copy from the documents section.

Run twice: with the mouse (the signature drawn on the canvas), and with the keyboard alone (no clicks: Tab,
typing, Space, arrows, Enter; the signature a typed name with consent, since the canvas takes no keys).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from agreements.choices import S146_PROVISIONS
from agreements.models import Agreement
from agreements.versions import executed_copy
from careportal.lib.dates import nz_today
from tests.agreements.factories import ChildFactory, years_ago
from tests.e2e.actors import KeyboardActor, MouseActor
from tests.e2e.agreement_steps import EXECUTED, act_on, document_row, download_document, sign

pytestmark = pytest.mark.django_db(transaction=True)

PROVISION = "Kōrero with the whānau each week; tamaiti stays at the same kura."


def _draft(portal, act, child, today):
    page = portal.go("/agreements/new/")
    portal.check_accessibility("agreement form")
    act.pick(page.get_by_role("combobox", name="Te tamaiti"), child.case_reference, child.name)
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


_act = act_on


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
    way = "drawn" if isinstance(act, MouseActor) else "typed"
    sign(portal, act, party=signature_party, on=today, way=way, name="Mere Tipene")
    # The last signature queues the executed copy (eager in these tests): listed once the page is back.
    executed = document_row(portal.page, EXECUTED)
    executed.wait_for()
    portal.check_accessibility("agreement signed")
    _act(portal, act, "Activate the agreement")
    assert _status(portal) == "Active"
    portal.checkpoint("agreement-active")
    portal.screenshot("docs-agreement", full_page=False)

    agreement.refresh_from_db()
    assert agreement.status == "active"
    copy = executed_copy(agreement)
    assert copy is not None and copy.executes_id == agreement.signing_version_id
    download_document(portal.page, act, executed, file_name=f"{agreement.reference}-v{copy.version}.pdf")


def test_agreement_journey_with_the_mouse(portal, worker, coordinator, supervisor):
    agreement_journey(portal, MouseActor(portal.page), ChildFactory(date_of_birth=years_ago(5)))


def test_agreement_journey_with_the_keyboard_alone(portal, worker, coordinator, supervisor):
    agreement_journey(portal, KeyboardActor(portal.page), ChildFactory(date_of_birth=years_ago(5)))
