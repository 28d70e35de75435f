"""Sign-in, throttling and API token authentication."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_correct_login_signs_in_and_lands_on_my_work(client, worker):
    response = _login(client, "worker", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_wrong_login_is_refused_with_a_message(client, worker):
    response = _login(client, "worker", "wrong-password")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failed_logins_are_throttled_even_with_the_right_password(client, worker, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "worker", "wrong-password")
    response = _login(client, "worker", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username(client, worker, supervisor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "worker", "wrong-password")
    assert _login(client, "supervisor", PASSWORD).status_code == 302


def test_anonymous_portal_page_redirects_to_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_logout_needs_post_and_ends_the_session(portal_as, worker):
    client = portal_as(worker)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change_and_reset_pages(portal_as, client, worker):
    assert portal_as(worker).get(reverse("password_change")).status_code == 200
    response = client.post(reverse("password_reset"), {"email": worker.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_token_can_be_obtained_and_used(api, worker):
    response = api.post("/api/v1/auth/token/", {"username": "worker", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json() == {
        "username": "worker",
        "roles": ["social_worker"],
        "organisation": None,
        "site": "Manukau",
    }


def test_wrong_token_credentials_are_a_400_with_a_message(api, worker):
    response = api.post("/api/v1/auth/token/", {"username": "worker", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert "Unable to log in" in str(response.json())


def test_token_endpoint_is_throttled(api, worker, settings):
    codes = [
        api.post("/api/v1/auth/token/", {"username": "worker", "password": "nope"}, format="json").status_code
        for _ in range(12)
    ]
    assert codes[:10] == [400] * 10
    assert 429 in codes[10:]


def test_anonymous_api_call_is_401(api):
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert response["WWW-Authenticate"] == "Token"


def test_bad_token_is_401(api):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/v1/me/").status_code == 401


def test_partner_user_me_names_the_organisation(api_as, partner_admin):
    body = api_as(partner_admin).get("/api/v1/me/").json()
    assert body["organisation"] == str(partner_admin.organisation_id)
    assert body["roles"] == ["partner_admin"]
