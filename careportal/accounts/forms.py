from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .two_factor import confirmed_device


class PortalAuthenticationForm(AuthenticationForm):
    """Username and password, plus the authenticator code for users who turned two-step sign-in on."""

    otp_token = forms.CharField(
        label="Authenticator code",
        required=False,
        max_length=8,
        help_text="Only if you have set up two-step sign-in: the 6-digit code from your authenticator app.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        device = confirmed_device(user) if user is not None else None
        if device is not None:
            token = (cleaned.get("otp_token") or "").strip()
            if not token:
                raise forms.ValidationError(
                    "Enter the 6-digit code from your authenticator app.", code="otp_required"
                )
            if not device.verify_is_allowed()[0]:
                raise forms.ValidationError(
                    "Too many wrong codes: wait a few seconds, then try the newest code."
                )
            if not device.verify_token(token):
                raise forms.ValidationError(
                    "That authenticator code is not right or has expired.", code="otp_invalid"
                )
        self.otp_device = device
        return cleaned


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
