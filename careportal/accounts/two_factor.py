"""TOTP two-step sign-in (django-otp): set up, confirm, verify at sign-in, turn off.

The second step is needed by anyone who turned it on, and by every Oranga Tamariki staff user when
REQUIRE_TWO_FACTOR_FOR_STAFF is on (production). A session that signed in with the password alone is
not enough for the portal, the API or the admin until it has passed the second step.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from careportal.lib.actor import Actor

from . import tokens
from .security import security_event

TOO_MANY_TRIES = "Too many wrong codes: wait a few seconds, then try the newest code."


def confirmed_device(user: Actor) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def required_for(user: Actor) -> bool:
    """Whether `user` must pass the second step to be signed in."""
    if settings.REQUIRE_TWO_FACTOR_FOR_STAFF and user.is_ot_staff:
        return True
    return confirmed_device(user) is not None


def second_step_missing(user: Actor) -> bool:
    """A signed-in session (django-otp's `is_verified`) that still owes its second step."""
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return False
    return required_for(user)


def check_code(device: TOTPDevice, token: str) -> str | None:
    """None if `token` is a current code of `device`, else the message to show."""
    token = (token or "").strip()
    if not token:
        return "Enter the 6-digit code from your authenticator app."
    if not device.verify_is_allowed()[0]:
        return TOO_MANY_TRIES
    if not device.verify_token(token):
        return "That authenticator code is not right or has expired."
    return None


def pending_device(user: Actor) -> TOTPDevice:
    """The unconfirmed device being set up (one at a time), created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def qr_code_svg(device: TOTPDevice) -> str:
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return out.getvalue().decode()


def confirm_device(request: Any, device: TOTPDevice, token: str) -> bool:
    """Confirm a new device with a first code; the session then counts as verified."""
    if not device.verify_token(token.strip()):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        security_event(device.user, "second_step_on", device=device.name)
        # A token issued before the new device was not protected by it.
        tokens.revoke_all(device.user, "second_step_changed")
    otp_login(request, device)
    return True


@transaction.atomic
def turn_off(user: Actor) -> None:
    """Remove every device; the post_delete receiver in `tokens` revokes the user's API tokens."""
    TOTPDevice.objects.filter(user=user).delete()
    security_event(user, "second_step_off")
