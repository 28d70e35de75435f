from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from . import two_factor
from .security import sign_in_failed

CODE_WIDGET = forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"})


class PortalAuthenticationForm(AuthenticationForm):
    """Username and password, plus the authenticator code for users who turned two-step sign-in on."""

    otp_token = forms.CharField(
        label="Authenticator code",
        required=False,
        max_length=8,
        help_text="Only if you have set up two-step sign-in: the 6-digit code from your authenticator app.",
        widget=CODE_WIDGET,
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        device = two_factor.confirmed_device(user) if user is not None else None
        if device is not None:
            problem = two_factor.check_code(device, cleaned.get("otp_token") or "")
            if problem is not None:
                sign_in_failed(user.get_username(), "second_step")
                raise forms.ValidationError(problem, code="otp_invalid")
        self.otp_device = device
        return cleaned


class TokenForm(forms.Form):
    token = forms.CharField(label="Code from your authenticator app", max_length=8, widget=CODE_WIDGET)


class TwoFactorOffForm(forms.Form):
    """Turning the second step off needs both: a stolen session alone cannot weaken the account."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    token = forms.CharField(label="Code from your authenticator app", max_length=8, widget=CODE_WIDGET)

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password.", code="password_incorrect")
        return password

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        device = two_factor.confirmed_device(self.user)
        problem = two_factor.check_code(device, token) if device is not None else None
        if problem is not None:
            raise forms.ValidationError(problem, code="otp_invalid")
        return token
