"""Staff sign-in through a real OpenID provider (tests/tools/oidc_provider.mjs), the portal's side driven
with Django's test client: who is created, with what role and site, who is refused, and the audit trail."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.forms import PasswordResetForm
from django.core import mail

from careportal.accounts.models import ProviderIdentity, User
from careportal.audit.models import AuditEntry
from tests.oidc_provider import (
    GROUP_PFO,
    GROUP_SOCIAL_WORKERS,
    GROUP_SUPERVISORS,
    ROLE_MAP,
    configure_portal,
    provider_env,
    sign_in_through_provider,
)

pytestmark = pytest.mark.django_db


def actions(reason: str | None = None) -> list[str]:
    rows = AuditEntry.objects.filter(kind="security").order_by("id")
    return [r.action + (f":{r.data.get('reason')}" if r.action == "sign_in_failed" else "") for r in rows]


def test_first_sign_in_creates_the_staff_user_with_the_mapped_role_and_site(client, provider_sign_in):
    answer = sign_in_through_provider(client, "aroha")
    assert answer.status_code == 302 and answer["Location"] == "/"
    user = User.objects.get()
    identity = ProviderIdentity.objects.get()
    # Matched by the configured subject claim (Entra ID's oid), never the e-mail.
    assert (identity.issuer, identity.subject) == (
        provider_sign_in.issuer,
        "00000000-0000-0000-0000-00000000a10a",
    )
    assert identity.user == user
    # Supervisors come before social workers in the map: the first one held wins.
    assert (user.role, user.site, user.organisation_id) == ("supervisor", "Ōtautahi", None)
    assert (user.first_name, user.last_name, user.username) == ("Aroha", "Ngata", "aroha.ngata@ot.example")
    assert not user.has_usable_password() and not user.is_staff
    assert actions() == ["provider_account_created", "sign_in"]
    assert client.get("/").status_code == 200


def test_the_provider_session_has_done_the_second_step(client, provider_sign_in, settings):
    settings.REQUIRE_TWO_FACTOR_FOR_STAFF = True
    sign_in_through_provider(client, "aroha")
    assert client.get("/").status_code == 200  # not sent to set up a local authenticator
    assert client.get("/api/v1/me/").status_code == 200  # the API's session authentication agrees
    assert client.get("/accounts/two-step/").status_code == 302  # no local authenticator to set up


def test_a_user_in_no_mapped_group_is_refused_and_no_account_is_made(client, provider_sign_in):
    answer = sign_in_through_provider(client, "nobody")
    assert answer.status_code == 403
    assert "You do not have access to careportal" in answer.content.decode()
    assert "not in a group that gives access" in answer.content.decode()
    assert not User.objects.exists() and not ProviderIdentity.objects.exists()
    failed = AuditEntry.objects.get(action="sign_in_failed")
    assert failed.data == {"username": "nobody@ot.example", "reason": "no_role"} and failed.actor is None
    assert client.get("/").status_code == 302  # not signed in


def test_role_and_site_follow_the_claims_at_each_sign_in_audited(
    client, provider_sign_in, settings, monkeypatch
):
    sign_in_through_provider(client, "aroha")
    client.logout()
    remapped = {GROUP_PFO: "pfo", GROUP_SOCIAL_WORKERS: "social_worker", GROUP_SUPERVISORS: "supervisor"}
    configure_portal(
        settings,
        monkeypatch,
        provider_env(provider_sign_in, OIDC_ROLE_MAP=json.dumps(remapped), OIDC_SITE_CLAIM=""),
    )
    sign_in_through_provider(client, "aroha")
    user = User.objects.get()
    assert user.role == "social_worker" and user.site == "Ōtautahi"  # no site claim now: the site is kept
    change = AuditEntry.objects.get(action="provider_role_changed")
    assert change.data == {
        "before": {"role": "supervisor", "site": "Ōtautahi"},
        "after": {"role": "social_worker", "site": "Ōtautahi"},
    }
    assert User.objects.count() == 1  # the same account: found again by its subject


def test_losing_every_mapped_group_turns_the_account_off_until_a_role_comes_back(
    client, provider_sign_in, settings, monkeypatch
):
    sign_in_through_provider(client, "aroha")
    other = client.__class__()
    sign_in_through_provider(other, "aroha")  # a second session, elsewhere
    configure_portal(
        settings, monkeypatch, provider_env(provider_sign_in, OIDC_ROLE_MAP=json.dumps({GROUP_PFO: "pfo"}))
    )
    assert sign_in_through_provider(client, "aroha").status_code == 403
    user = User.objects.get()
    assert not user.is_active
    assert other.get("/").status_code == 302  # the other session ends too
    assert "provider_access_removed" in actions()
    configure_portal(
        settings, monkeypatch, provider_env(provider_sign_in, OIDC_ROLE_MAP=json.dumps(ROLE_MAP))
    )
    assert sign_in_through_provider(client, "aroha").status_code == 302
    user.refresh_from_db()
    assert user.is_active and "provider_access_restored" in actions()


def test_an_account_support_turned_off_stays_off(client, provider_sign_in):
    sign_in_through_provider(client, "aroha")
    User.objects.update(is_active=False)
    answer = sign_in_through_provider(client, "aroha")
    assert answer.status_code == 403 and "turned off" in answer.content.decode()
    assert actions()[-1] == "sign_in_failed:account_disabled"


def test_no_local_password_sign_in_or_reset_for_a_provider_user(client, provider_sign_in):
    sign_in_through_provider(client, "aroha")
    client.logout()
    user = User.objects.get()
    user.set_password("a-password-set-in-the-admin")
    user.save()
    answer = client.post(
        "/accounts/login/", {"username": user.username, "password": "a-password-set-in-the-admin"}
    )
    assert answer.status_code == 200 and "_auth_user_id" not in client.session
    assert actions()[-1] == "sign_in_failed:password"
    token = client.post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": "a-password-set-in-the-admin"},
        content_type="application/json",
    )
    assert token.status_code == 400  # nor an API token for that password
    sign_in_through_provider(client, "aroha")
    user.refresh_from_db()
    assert not user.has_usable_password()  # the provider sign-in takes it away again
    form = PasswordResetForm({"email": user.email})
    assert form.is_valid()
    form.save(domain_override="testserver")
    assert mail.outbox == []


def test_a_required_second_step_the_token_does_not_show_is_refused(
    client, provider_sign_in, settings, monkeypatch
):
    configure_portal(settings, monkeypatch, provider_env(provider_sign_in, OIDC_MFA_AMR="hwk"))
    answer = sign_in_through_provider(client, "aroha")
    assert answer.status_code == 403 and "second sign-in step" in answer.content.decode()
    assert not User.objects.exists()
    configure_portal(settings, monkeypatch, provider_env(provider_sign_in, OIDC_MFA_AMR="mfa"))
    assert sign_in_through_provider(client, "aroha").status_code == 302


def test_sign_out_goes_to_the_providers_end_session_with_the_id_token(client, provider_sign_in):
    sign_in_through_provider(client, "aroha")
    id_token = client.session["oidc_id_token"]
    answer = client.post("/accounts/logout/")
    assert answer.status_code == 302
    target = urlsplit(answer["Location"])
    assert (
        f"{target.scheme}://{target.netloc}{target.path}"
        == provider_sign_in.discovery()["end_session_endpoint"]
    )
    query = parse_qs(target.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/login/"]
    assert "_auth_user_id" not in client.session


def test_a_password_session_signs_out_here_only(client, provider_sign_in, partner_admin):
    client.force_login(partner_admin, backend="django.contrib.auth.backends.ModelBackend")
    answer = client.post("/accounts/logout/")
    assert answer.status_code == 302 and answer["Location"] == "/accounts/login/"


def test_a_replayed_callback_is_a_page_not_an_error(client, provider_sign_in):
    answer = client.get("/accounts/provider/callback/?code=abc&state=never-issued")
    assert answer.status_code == 400 and "Sign-in could not be completed" in answer.content.decode()


def test_a_provider_that_cannot_be_reached_is_a_page(client, provider_sign_in, settings, monkeypatch):
    configure_portal(
        settings, monkeypatch, provider_env(provider_sign_in, OIDC_OP_ISSUER="http://127.0.0.1:9")
    )
    answer = client.get("/accounts/provider/start/")
    assert answer.status_code == 503 and "cannot be reached" in answer.content.decode()


def test_off_by_default(client, db):
    assert client.get("/accounts/provider/start/").status_code == 404
    assert client.get("/accounts/provider/callback/?code=a&state=b").status_code == 404
    page = client.get("/accounts/login/").content.decode()
    assert "/accounts/provider/start/" not in page and "Oranga Tamariki kaimahi" not in page


def test_the_sign_in_page_offers_the_provider_to_staff(client, provider_sign_in):
    page = client.get("/accounts/login/?next=/referrals/").content.decode()
    assert (
        '<a class="button" href="/accounts/provider/start/?next=/referrals/">Sign in with Te Whare test sign-in</a>'
        in page
    )
    assert 'name="password"' in page  # partners and providers keep the form


def test_an_id_token_from_another_issuer_is_refused(client, provider_sign_in, settings, monkeypatch):
    """Explicit endpoints (no discovery) at the real provider, but another issuer configured: the ID
    token's `iss` does not match, which mozilla-django-oidc alone would not check."""
    found = provider_sign_in.discovery()
    configure_portal(
        settings,
        monkeypatch,
        provider_env(
            provider_sign_in,
            OIDC_OP_ISSUER=provider_sign_in.issuer + "/another",
            OIDC_OP_AUTHORIZATION_ENDPOINT=found["authorization_endpoint"],
            OIDC_OP_TOKEN_ENDPOINT=found["token_endpoint"],
            OIDC_OP_JWKS_ENDPOINT=found["jwks_uri"],
        ),
    )
    answer = sign_in_through_provider(client, "aroha")
    assert answer.status_code == 400 and "could not be checked" in answer.content.decode()
    assert not User.objects.exists()
    assert actions()[-1] == "sign_in_failed:provider_response_invalid"


def test_the_start_sends_pkce_state_and_nonce(client, provider_sign_in):
    answer = client.get("/accounts/provider/start/")
    target = urlsplit(answer["Location"])
    query = parse_qs(target.query)
    assert (
        f"{target.scheme}://{target.netloc}{target.path}"
        == provider_sign_in.discovery()["authorization_endpoint"]
    )
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert query["response_type"] == ["code"] and query["client_id"] == ["careportal-test"]
    assert query["state"] and query["nonce"]
    assert query["redirect_uri"] == ["http://testserver/accounts/provider/callback/"]
