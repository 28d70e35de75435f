"""The account pages' buttons that cannot be undone ask in a modal <dialog> (static/js/portal.js `ask`), by
keyboard: the question labels it, "No" has the focus, Escape and "No" keep everything as it was and give
the focus back to the button, "Yes" does it. Checked on the calendar link's "Turn the link off"."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION = "Turn the calendar link off?"


def _token(user) -> str:
    user.refresh_from_db(fields=["calendar_token"])
    return user.calendar_token


def _focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent").strip()


def test_turning_the_calendar_link_off_asks_in_a_dialog_by_keyboard(portal, worker):
    worker.calendar_token = "a-secret-calendar-token-for-the-test"
    worker.save(update_fields=["calendar_token"])
    portal.sign_in("worker")
    page = portal.go("/calendar/")
    button = page.get_by_role("button", name="Turn the link off")
    dialog = page.get_by_role("dialog", name=QUESTION)

    button.focus()
    page.keyboard.press("Enter")
    assert dialog.is_visible()  # named by its question (aria-labelledby)
    assert _focused_text(page) == "No, go back"
    portal.check_accessibility("calendar link: the dialog open")
    portal.screenshot("confirm-dialog-calendar-link")

    page.keyboard.press("Escape")  # Escape is "No"
    assert dialog.count() == 0 and _focused_text(page) == "Turn the link off"
    assert _token(worker) == "a-secret-calendar-token-for-the-test"

    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # on "No, go back", which has the focus
    assert dialog.count() == 0 and _focused_text(page) == "Turn the link off"
    assert page.get_by_label("Your calendar link (keep it secret)").is_visible()
    assert _token(worker) == "a-secret-calendar-token-for-the-test"

    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")  # "Yes" comes before "No"
    assert _focused_text(page) == "Yes, turn the link off"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Your calendar link has been turned off.").is_visible()
    assert page.get_by_role("button", name="Create my calendar link").is_visible()
    assert _token(worker) == ""
    portal.check_accessibility("calendar link: turned off")
