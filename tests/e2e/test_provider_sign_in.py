"""Staff sign in through a real OpenID provider in Chromium: the portal's button (by keyboard), the
provider's password form, back on the portal with the mapped role and site; a person in no mapped group is
refused; signing out ends the provider's session too, so the next sign-in asks for the password again."""

from __future__ import annotations

import re

import pytest

from careportal.accounts.models import User
from tests.oidc_provider import PASSWORD, configure_portal, provider_env

BUTTON = "Sign in with Te Whare test sign-in"
# Nothing leaves this machine: any request to another host fails the page instead.
OFF_MACHINE = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/]).*")


@pytest.fixture
def staff_portal(portal, live_oidc_provider, settings, monkeypatch):
    configure_portal(settings, monkeypatch, provider_env(live_oidc_provider))
    portal.page.context.route(OFF_MACHINE, lambda route: route.abort())
    return portal


def start_with_keyboard(portal):
    portal.go("/accounts/login/")
    button = portal.page.get_by_role("link", name=BUTTON)
    button.focus()
    portal.page.keyboard.press("Enter")


def provider_password(portal, login: str):
    page = portal.page
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/interaction/"))
    page.get_by_label("Username").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in to the test provider").click()


def test_staff_sign_in_lands_on_the_portal_with_the_mapped_role_and_site(staff_portal):
    staff_portal.go("/accounts/login/")
    staff_portal.checkpoint("provider-sign-in-page")
    start_with_keyboard(staff_portal)
    provider_password(staff_portal, "aroha")
    staff_portal.page.wait_for_url(staff_portal.base_url + "/")
    who = staff_portal.page.locator(".account__who").inner_text()
    assert "Aroha Ngata" in who and "Supervisor" in who
    assert staff_portal.page.get_by_role("link", name="Change password").count() == 0
    staff_portal.checkpoint("provider-signed-in-home")
    me = staff_portal.page.request.get(staff_portal.base_url + "/api/v1/me/").json()
    assert me["roles"] == ["supervisor"] and me["site"] == "Ōtautahi"


def test_a_person_in_no_mapped_group_is_refused(staff_portal):
    start_with_keyboard(staff_portal)
    provider_password(staff_portal, "nobody")
    staff_portal.page.wait_for_url(re.compile(r"/accounts/provider/callback/"))
    assert staff_portal.heading() == "You do not have access to careportal"
    staff_portal.checkpoint("provider-sign-in-refused")
    assert not User.objects.exists()


def test_sign_out_ends_the_provider_session_too(staff_portal):
    page = staff_portal.page
    start_with_keyboard(staff_portal)
    provider_password(staff_portal, "aroha")
    page.wait_for_url(staff_portal.base_url + "/")
    # Only the portal's cookie gone: the provider still knows the person and asks for nothing.
    page.context.clear_cookies(domain="localhost")
    start_with_keyboard(staff_portal)
    page.wait_for_url(staff_portal.base_url + "/")
    # Signing out in the portal signs out at the provider (RP-initiated logout) and comes back.
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(staff_portal.base_url + "/accounts/login/")
    start_with_keyboard(staff_portal)
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/interaction/"))
    assert page.get_by_label("Password").is_visible()  # asked for the password again
