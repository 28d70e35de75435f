"""The portal shell in a real browser: sign in, skip link, keyboard focus, accessibility (foundation)."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_and_home_are_accessible(portal, worker):
    portal.go("/accounts/login/")
    portal.check_accessibility("login")
    portal.sign_in("worker")
    assert portal.page.get_by_role("heading", level=1).inner_text().startswith("Kia ora")
    portal.check_accessibility("home")
    portal.screenshot("home-worker")


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(portal, worker):
    portal.sign_in("worker")
    page = portal.page
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_wrong_password_shows_the_error_summary(portal, worker):
    portal.go("/accounts/login/")
    portal.page.get_by_label("Username").fill("worker")
    portal.page.get_by_label("Password").fill("wrong")
    portal.page.get_by_role("button", name="Sign in").click()
    assert portal.page.get_by_role("alert").is_visible()
    portal.check_accessibility("login error")
