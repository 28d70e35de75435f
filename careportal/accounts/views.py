from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import tokens, two_factor
from .forms import PortalAuthenticationForm, TokenForm, TwoFactorOffForm
from .models import ProviderIdentity


class PortalLoginView(LoginView):
    """Sign-in; a user with two-step sign-in on must also give a valid authenticator code."""

    form_class = PortalAuthenticationForm

    def get_context_data(self, **kwargs):
        # Staff sign in through the OpenID provider when it is set up (decision 0021).
        provider = settings.OIDC
        return super().get_context_data(**kwargs, provider_name=provider.name if provider.enabled else "")

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)
        return response


def second_step_done(view):
    """Pages under /accounts/ are open to a session still owing its second step (so it can set one up);
    managing API tokens is not."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if two_factor.second_step_missing(request.user):
            return redirect("two_factor")
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _two_factor_page(request, off_form=None, status=200):
    return render(
        request,
        "registration/two_factor.html",
        {
            "enabled": True,
            "off_form": off_form or TwoFactorOffForm(request.user),
            "required": _required(request),
        },
        status=status,
    )


def _required(request) -> bool:
    return settings.REQUIRE_TWO_FACTOR_FOR_STAFF and request.user.is_ot_staff


@login_required
def two_factor_setup(request):
    """Show the QR code of a new authenticator and confirm it with a first code."""
    if isinstance(getattr(request.user, "otp_device", None), ProviderIdentity):
        messages.info(
            request, f"Your second sign-in step is done when you sign in with {settings.OIDC.name}."
        )
        return redirect("home")  # decision 0021: no local authenticator for provider accounts
    device = two_factor.confirmed_device(request.user)
    if device is not None:
        return _two_factor_page(request)
    pending = two_factor.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = pending.verify_is_allowed()
        if not allowed:
            form.add_error("token", two_factor.TOO_MANY_TRIES)
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
    """Needs the current password and a current code (a session alone cannot weaken the account)."""
    if _required(request):
        messages.error(
            request, "Two-step sign-in is required for Oranga Tamariki staff and cannot be turned off."
        )
        return redirect("two_factor")
    if two_factor.confirmed_device(request.user) is None:
        return redirect("two_factor")
    form = TwoFactorOffForm(request.user, request.POST)
    if not form.is_valid():
        return _two_factor_page(request, off_form=form, status=400)
    two_factor.turn_off(request.user)
    messages.success(request, "Two-step sign-in is off. Your API tokens have been revoked.")
    return redirect("two_factor")


@second_step_done
def api_tokens(request):
    """The user's API tokens: when each was issued and when it expires (never the secret)."""
    return render(request, "registration/api_tokens.html", {"tokens": tokens.live_tokens(request.user)})


@second_step_done
@require_POST
def api_token_revoke(request):
    """Revoke one of the user's own tokens (`token` names it), or all of them (`all`)."""
    mine = tokens.live_tokens(request.user)
    if request.POST.get("all"):
        count = tokens.revoke_all(request.user, "revoked_in_portal", actor=request.user)
        messages.success(request, f"{count} token{'s' if count != 1 else ''} revoked.")
        return redirect("api_tokens")
    token = mine.filter(digest=request.POST.get("token", "")[:128]).first()
    if token is None:
        messages.error(request, "That token was not found: it may have expired or been revoked already.")
    else:
        tokens.revoke(token, actor=request.user)
        messages.success(request, "Token revoked. Any program using it must sign in again.")
    return redirect("api_tokens")
