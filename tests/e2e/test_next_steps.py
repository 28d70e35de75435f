"""In Chromium: the next step is the first action offered and the irreversible
ones come last, set apart; an irreversible step is confirmed on a page of its own, by keyboard alone (No
goes back and changes nothing, Yes does it and says who acts next); the history shows status names; an
error names fields as the form does, its rule behind "Why?"."""

from __future__ import annotations

import pytest

from agreements.models import Agreement
from referrals.choices import ReferralStatus
from tests.agreements.factories import agreement_in
from tests.e2e.actors import KeyboardActor, MouseActor
from tests.referrals.factories import ConsentedReferralFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _status(agreement) -> str:
    return Agreement.objects.values_list("status", flat=True).get(pk=agreement.pk)


def test_the_next_step_comes_first_and_irreversible_ones_last(portal, worker):
    agreement = agreement_in("draft", drafted_by=worker)
    portal.sign_in("worker")
    page = portal.go(agreement.get_absolute_url())
    portal.check_accessibility("draft agreement")
    actions = page.locator("section[aria-labelledby='actions-heading'] form h3, "
                           "section[aria-labelledby='actions-heading'] form h4")  # fmt: skip
    assert actions.all_inner_texts() == ["Submit for approval", "Cancel the agreement"]
    final = page.get_by_role("group", name="Steps that cannot be undone")
    assert final.get_by_role("button", name="Cancel the agreement").is_visible()
    assert final.get_by_role("button", name="Submit for approval").count() == 0


def test_an_irreversible_step_is_confirmed_by_keyboard(portal, worker):
    agreement = agreement_in("draft", drafted_by=worker)
    act = KeyboardActor(portal.page)
    portal.sign_in("worker", actor=act)
    page = portal.go(agreement.get_absolute_url())
    form = page.get_by_role("form", name="Cancel the agreement")
    act.fill(form.get_by_label("Reason"), "The whānau found another option.")
    with page.expect_navigation():
        act.press(form.get_by_role("button", name="Cancel the agreement"))

    # The confirmation page: its question has the focus, it restates what will happen and what was entered.
    heading = page.get_by_role("heading", level=1, name="Cancel the agreement?")
    heading.wait_for()
    assert page.evaluate("document.activeElement.id") == "confirm-heading"
    assert "This cannot be undone." in page.locator("#confirm-consequence").inner_text()
    assert "The whānau found another option." in page.locator(".summary-list").inner_text()
    portal.checkpoint("confirmation")
    assert _status(agreement) == "draft"

    with page.expect_navigation():
        act.press(page.get_by_role("link", name="No, go back"))
    assert agreement.reference in portal.heading() and _status(agreement) == "draft"

    form = page.get_by_role("form", name="Cancel the agreement")
    act.fill(form.get_by_label("Reason"), "The whānau found another option.")
    with page.expect_navigation():
        act.press(form.get_by_role("button", name="Cancel the agreement"))
    with page.expect_navigation():
        act.press(page.get_by_role("button", name="Yes, cancel the agreement"))
    assert _status(agreement) == "cancelled"
    page.get_by_role("status").get_by_text("it never came into force. Nothing more is needed.").wait_for()
    portal.check_accessibility("agreement cancelled")


def test_the_history_shows_status_names(portal, worker):
    agreement = agreement_in("draft", drafted_by=worker)
    portal.sign_in("worker")
    page = portal.go(agreement.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("button", name="Submit for approval", exact=True).click()
    page.get_by_text("Submitted for approval. A supervisor approves it next.").wait_for()
    history = page.locator("section[aria-labelledby='history-heading']")
    assert "Draft → Awaiting supervisor" in history.inner_text()
    assert "awaiting_supervisor" not in history.inner_text()
    portal.checkpoint("history-status-names")


def test_an_error_uses_the_forms_words_and_puts_the_rule_behind_why(portal, drc, provider_org):
    referral = ConsentedReferralFactory(managed_by=drc, concerns="", strengths="")
    portal.sign_in("drc")
    page = portal.go(f"/referrals/{referral.pk}/")
    form = page.get_by_role("form", name="Refer to this provider")
    MouseActor(page).pick(form.get_by_label("Community service provider"), "whanau", provider_org.legal_name)
    with page.expect_navigation():
        form.get_by_role("button", name="Refer to this provider").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    text = summary.inner_text()
    assert "Missing 2 of 8: concerns, strengths." in text
    assert "(concerns)" not in text and "R-PR-3" not in text.split("Why?")[0]
    why = summary.locator("details.why")
    assert why.get_attribute("open") is None and not why.get_by_text("R-PR-3").is_visible()
    KeyboardActor(page).press(why.locator("summary"))  # Enter opens the disclosure
    why.get_by_text("R-PR-3").wait_for()
    portal.checkpoint("error-plain-words")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CONSENTED
