from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import two_factor
from .forms import PortalAuthenticationForm, TokenForm


class PortalLoginView(LoginView):
    """Sign-in; a user with two-step sign-in on must also give a valid authenticator code."""

    form_class = PortalAuthenticationForm

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)
        return response


@login_required
def two_factor_setup(request):
    """Show the QR code of a new authenticator and confirm it with a first code."""
    device = two_factor.confirmed_device(request.user)
    if device is not None:
        return render(request, "registration/two_factor.html", {"enabled": True})
    pending = two_factor.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = pending.verify_is_allowed()
        if not allowed:
            form.add_error("token", "Too many wrong codes: wait a few seconds, then try the newest code.")
        elif two_factor.confirm_device(request, pending, form.cleaned_data["token"]):
            messages.success(
                request, "Two-step sign-in is on. You will need your authenticator app to sign in."
            )
            return redirect("home")
        else:
            form.add_error(
                "token", "That code is not right. Check the time on your phone and try the newest code."
            )
    context = {"form": form, "qr_svg": two_factor.qr_code_svg(pending), "secret": pending.bin_key.hex()}
    return render(request, "registration/two_factor.html", context)


@login_required
@require_POST
def two_factor_off(request):
    from django.conf import settings

    if settings.REQUIRE_TWO_FACTOR_FOR_STAFF and request.user.is_ot_staff:
        messages.error(
            request, "Two-step sign-in is required for Oranga Tamariki staff and cannot be turned off."
        )
    else:
        two_factor.turn_off(request.user)
        messages.success(request, "Two-step sign-in is off.")
    return redirect("two_factor")
