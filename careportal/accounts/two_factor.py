"""TOTP two-step sign-in (django-otp): set up, confirm, verify at sign-in, turn off."""

from __future__ import annotations

import io
from typing import Any

from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: Any) -> TOTPDevice:
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
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return True


def turn_off(user: Any) -> None:
    TOTPDevice.objects.filter(user=user).delete()
