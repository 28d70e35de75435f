"""Security events on the audit trail: sign-in, tokens, the second step, passwords, calendar links."""

import json

import pytest
from django.core import serializers
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from careportal.audit.models import AuditEntry
from tests.careportal.test_two_factor import code_for, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def events(action):
    return list(AuditEntry.objects.filter(kind="security", action=action).order_by("id"))


def test_a_portal_sign_in_is_audited(client, worker):
    sign_in(client, "worker")
    [row] = events("sign_in")
    assert row.actor == worker and row.object_id == str(worker.pk)


def test_a_failed_sign_in_names_the_username_tried_and_never_the_password(client, worker):
    client.post(reverse("login"), {"username": "worker", "password": "guessed-secret-1"})
    APIClient().post("/api/v1/auth/token/", {"username": "nobody", "password": "guessed-secret-2"})
    rows = events("sign_in_failed")
    assert [(r.actor, r.data["username"]) for r in rows] == [(None, "worker"), (None, "nobody")]
    stored = serializers.serialize("json", rows)
    assert "guessed-secret" not in stored


def test_a_wrong_second_step_code_is_a_failed_sign_in(client, worker):
    device = TOTPDevice.objects.create(user=worker, name="phone", confirmed=True)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    sign_in(client, "worker", wrong)
    device.throttle_reset()
    APIClient().post("/api/v1/auth/token/", {"username": "worker", "password": PASSWORD, "otp": wrong})
    assert [r.data for r in events("sign_in_failed")] == [{"username": "worker", "reason": "second_step"}] * 2
    assert events("sign_in") == []


def test_token_issued_and_revoked_are_audited(worker):
    token = (
        APIClient().post("/api/v1/auth/token/", {"username": "worker", "password": PASSWORD}).json()["token"]
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    api.post("/api/v1/auth/token/revoke/")
    [issued], [revoked] = events("token_issued"), events("token_revoked")
    assert issued.actor == revoked.actor == worker
    assert issued.data["token"] == revoked.data["token"] and token not in json.dumps(issued.data)


def test_second_step_on_and_off_are_audited_and_off_needs_the_password_and_a_code(portal_as, worker):
    client = portal_as(worker)
    client.get(reverse("two_factor"))
    pending = TOTPDevice.objects.get(user=worker, confirmed=False)
    client.post(reverse("two_factor"), {"token": code_for(pending)})
    assert [r.actor for r in events("second_step_on")] == [worker]
    device = TOTPDevice.objects.get(user=worker, confirmed=True)
    device.last_t = -1  # the set-up code may be given once more here
    device.save()

    wrong_password = client.post(reverse("two_factor_off"), {"password": "nope", "token": code_for(device)})
    assert wrong_password.status_code == 400
    assert "That is not your current password" in wrong_password.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    missing_code = client.post(reverse("two_factor_off"), {"password": PASSWORD, "token": ""})
    assert "This field is required" in missing_code.content.decode()
    wrong_code = "000000" if code_for(device) != "000000" else "111111"
    wrong = client.post(reverse("two_factor_off"), {"password": PASSWORD, "token": wrong_code})
    assert "not right or has expired" in wrong.content.decode()
    assert TOTPDevice.objects.filter(user=worker, confirmed=True).exists() and events("second_step_off") == []

    device.refresh_from_db()
    device.last_t = -1  # the code given with the wrong password was used up; the next is the same one
    device.throttle_reset()
    done = client.post(reverse("two_factor_off"), {"password": PASSWORD, "token": code_for(device)})
    assert done.status_code == 302 and not TOTPDevice.objects.filter(user=worker).exists()
    assert [r.actor for r in events("second_step_off")] == [worker]


def test_the_off_form_is_on_the_page_with_labelled_fields(client, worker):
    device = TOTPDevice.objects.create(user=worker, name="phone", confirmed=True)
    sign_in(client, "worker", code_for(device))
    page = client.get(reverse("two_factor")).content.decode()
    assert "Your password" in page and "Code from your authenticator app" in page


def test_a_password_change_is_audited(portal_as, worker):
    portal_as(worker).post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    [row] = events("password_changed")
    assert row.actor == worker and "a-new-long-passphrase" not in json.dumps(row.data)


def test_new_users_do_not_count_as_a_password_change(worker, partner_admin):
    assert events("password_changed") == []


def test_calendar_link_renewed_and_revoked_are_audited(portal_as, worker):
    client = portal_as(worker)
    client.post(reverse("calendar_subscription_renew"))
    client.post(reverse("calendar_subscription_revoke"))
    assert [r.actor for r in events("calendar_link_renewed")] == [worker]
    assert [r.actor for r in events("calendar_link_revoked")] == [worker]
