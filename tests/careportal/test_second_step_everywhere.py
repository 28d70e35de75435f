"""The second sign-in step cannot be skipped: not by the token endpoint, an API session or the admin.

Each path runs with REQUIRE_TWO_FACTOR_FOR_STAFF on (production's default) and off (local settings).
"""

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from careportal.accounts.choices import Role
from tests.careportal.test_two_factor import code_for, sign_in
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PRODUCTION_LIKE = override_settings(REQUIRE_TWO_FACTOR_FOR_STAFF=True)
LOCAL = override_settings(REQUIRE_TWO_FACTOR_FOR_STAFF=False)
BOTH = pytest.mark.parametrize("mode", [PRODUCTION_LIKE, LOCAL], ids=["production", "local"])


def device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def ask_token(username, **extra):
    return APIClient().post("/api/v1/auth/token/", {"username": username, "password": PASSWORD, **extra})


# --- POST /api/v1/auth/token/ -------------------------------------------------------------------------


@BOTH
def test_token_for_a_user_with_a_device_needs_the_current_code(mode, worker):
    device = device_for(worker)
    with mode:
        missing = ask_token("worker")
        assert missing.status_code == 400 and "otp" in missing.json()
        assert "Enter the 6-digit code" in missing.json()["otp"][0]
        wrong = ask_token("worker", otp="000000" if code_for(device) != "000000" else "111111")
        assert wrong.status_code == 400 and "not right" in wrong.json()["otp"][0]
        device.refresh_from_db()
        device.throttle_reset()
        right = ask_token("worker", otp=code_for(device))
        assert right.status_code == 200 and set(right.json()) == {"token"}
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {right.json()['token']}")
        assert api.get("/api/v1/me/").status_code == 200


def test_staff_required_to_have_a_device_but_without_one_is_told_to_set_it_up(worker, partner_admin):
    with PRODUCTION_LIKE:
        response = ask_token("worker")
        assert response.status_code == 400
        assert "set it up in the portal" in response.json()["otp"][0]
        # Partner users are not staff: the password is enough for them.
        assert ask_token("partner_admin").status_code == 200
    with LOCAL:
        assert ask_token("worker").status_code == 200


def test_a_wrong_password_is_still_a_plain_400_without_naming_the_code(worker):
    device_for(worker)
    with PRODUCTION_LIKE:
        response = APIClient().post("/api/v1/auth/token/", {"username": "worker", "password": "nope"})
    assert response.status_code == 400
    assert "otp" not in response.json() and "Unable to log in" in str(response.json())


# --- a session that signed in with the password alone ----------------------------------------------------


def test_a_staff_session_without_the_second_step_cannot_read_the_api_when_required(client, worker):
    with PRODUCTION_LIKE:
        assert sign_in(client, "worker").status_code == 302  # the password alone signs in …
        assert client.get(reverse("home")).status_code == 302  # … the portal sends it to set up …
        response = client.get("/api/v1/me/")  # … and the API refuses it too
        assert response.status_code in (401, 403)
        assert client.get("/api/v1/agreements/").status_code in (401, 403)


@BOTH
def test_a_password_only_session_of_a_user_with_a_device_cannot_read_the_api(mode, worker):
    device_for(worker)
    client = Client()
    client.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")  # no second step
    with mode:
        assert client.get("/api/v1/me/").status_code in (401, 403)


@BOTH
def test_a_session_that_passed_the_second_step_reads_the_api(mode, client, worker):
    device = device_for(worker)
    with mode:
        assert sign_in(client, "worker", code_for(device)).status_code == 302
        assert client.get("/api/v1/me/").status_code == 200


def test_without_a_device_or_a_requirement_a_session_reads_the_api(portal_as, worker, partner_admin):
    with LOCAL:
        assert portal_as(worker).get("/api/v1/me/").status_code == 200
    with PRODUCTION_LIKE:
        assert portal_as(partner_admin).get("/api/v1/me/").status_code == 200


# --- the admin at /support/ ------------------------------------------------------------------------------


@BOTH
def test_the_admin_sign_in_is_the_portals(mode, client, admin_user):
    with mode:
        page = client.get("/support/login/?next=/support/")
        assert page.status_code == 302 and page.url.startswith(reverse("login"))
        # The admin's own password-only form no longer signs anybody in.
        client.post("/support/login/", {"username": "admin", "password": PASSWORD, "next": "/support/"})
        assert "_auth_user_id" not in client.session
        assert client.get("/support/").status_code == 302


@BOTH
def test_the_admin_needs_the_second_step_of_a_user_with_a_device(mode, client, admin_user):
    device = device_for(admin_user)
    with mode:
        unverified = Client()
        unverified.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
        response = unverified.get("/support/")
        # To the admin login, which is the portal's (above), or first to the second step itself.
        assert response.status_code == 302 and response.url.startswith(
            ("/support/login/", "/accounts/two-step/")
        )
        assert sign_in(client, "admin", code_for(device)).status_code == 302
        assert client.get("/support/").status_code == 200
        assert client.get("/support/login/").url == "/support/"


def test_the_admin_needs_the_second_step_of_everyone_when_required(portal_as, admin_user, partner_org):
    # Whatever the role: a superuser who is not staff is not sent to the second step by the portal.
    outside_superuser = UserFactory(
        username="root", role=Role.PARTNER_ADMIN, organisation=partner_org, is_staff=True, is_superuser=True
    )
    with PRODUCTION_LIKE:
        assert portal_as(admin_user).get("/support/").status_code == 302
        assert portal_as(outside_superuser).get("/support/").status_code == 302
    with LOCAL:
        assert portal_as(admin_user).get("/support/").status_code == 200
