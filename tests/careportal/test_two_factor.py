"""Optional TOTP two-step sign-in that production can require for staff (decision 0012)."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def sign_in(client, username, token=""):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD, "otp_token": token})


@pytest.fixture
def worker_with_device(worker):
    return TOTPDevice.objects.create(user=worker, name="phone", confirmed=True)


def test_without_a_device_the_password_is_enough(client, worker):
    assert sign_in(client, "worker").status_code == 302


def test_setting_up_shows_a_qr_code_and_a_right_code_turns_it_on(portal_as, worker):
    client = portal_as(worker)
    page = client.get(reverse("two_factor")).content.decode()
    assert "<svg" in page and "Turn on two-step sign-in" in page
    device = TOTPDevice.objects.get(user=worker, confirmed=False)
    assert client.post(reverse("two_factor"), {"token": code_for(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_setup_code_leaves_it_off_and_slows_further_tries(portal_as, worker):
    client = portal_as(worker)
    client.get(reverse("two_factor"))
    device = TOTPDevice.objects.get(user=worker, confirmed=False)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    assert "That code is not right" in client.post(reverse("two_factor"), {"token": wrong}).content.decode()
    # django-otp throttles after a failure: even the right code is refused for a moment.
    assert (
        "wait a few seconds"
        in client.post(reverse("two_factor"), {"token": code_for(device)}).content.decode()
    )
    device.refresh_from_db()
    assert not device.confirmed


def test_with_a_device_sign_in_needs_the_right_code(client, worker_with_device):
    missing = sign_in(client, "worker")
    assert "Enter the 6-digit code" in missing.content.decode()
    wrong = sign_in(client, "worker", "12345x")
    assert "not right or has expired" in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    worker_with_device.throttle_reset()
    assert sign_in(client, "worker", code_for(worker_with_device)).status_code == 302


def test_required_for_staff_sends_staff_without_two_steps_to_set_it_up(
    settings, portal_as, worker, partner_admin
):
    settings.REQUIRE_TWO_FACTOR_FOR_STAFF = True
    response = portal_as(worker).get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("two_factor")
    assert portal_as(partner_admin).get(reverse("home")).status_code == 200


def test_required_for_staff_lets_a_verified_session_through(settings, client, worker_with_device):
    settings.REQUIRE_TWO_FACTOR_FOR_STAFF = True
    sign_in(client, "worker", code_for(worker_with_device))
    assert client.get(reverse("home")).status_code == 200


def test_staff_cannot_turn_it_off_when_required(settings, client, worker_with_device):
    settings.REQUIRE_TWO_FACTOR_FOR_STAFF = True
    sign_in(client, "worker", code_for(worker_with_device))
    client.post(reverse("two_factor_off"))
    assert TOTPDevice.objects.filter(user=worker_with_device.user).exists()


def test_production_requires_two_steps_for_staff_by_default():
    import subprocess
    import sys

    from tests.careportal.test_settings import PRODUCTION_ENV, ROOT

    code = "from django.conf import settings; print(settings.REQUIRE_TWO_FACTOR_FOR_STAFF)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**PRODUCTION_ENV, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr
