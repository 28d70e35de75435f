"""The provider sign-in's pages: start (to the provider, with PKCE), callback, sign-out (at the provider
too), and the page that says why a sign-in was refused. Every failure is a page, never a 500."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.urls import path
from django.views.generic import View
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from careportal.accounts.security import sign_in_failed

from .provider import ProviderUnavailable, endpoints
from .services import Refusal
from .settings import mozilla_setting

log = logging.getLogger(__name__)

UNAVAILABLE = Refusal(
    "provider_unavailable",
    "The sign-in service cannot be reached",
    "careportal could not reach your organisation's sign-in service. Try again in a few minutes.",
)
START_AGAIN = Refusal(
    "provider_response_invalid",
    "Sign-in could not be completed",
    "The answer from the sign-in service could not be checked, or the sign-in took too long. Start again.",
)
PROVIDER_SAID_NO = Refusal(
    "provider_refused",
    "Sign-in was cancelled",
    "The sign-in service did not sign you in (it was cancelled or refused there). Start again if you meant to.",
)


def _enabled() -> None:
    if not settings.OIDC.enabled:
        raise Http404("Sign-in through a provider is not set up.")


def refused_page(request: HttpRequest, refusal: Refusal, status: int = 403) -> HttpResponse:
    context = {"refusal": refusal, "provider_name": settings.OIDC.name}
    return render(request, "registration/provider_refused.html", context, status=status)


class ProviderSignInView(OIDCAuthenticationRequestView):
    """GET: off to the provider's authorisation endpoint (state, nonce, PKCE S256)."""

    get_settings = staticmethod(mozilla_setting)

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)  # the endpoints are looked up per request, not when the view is made

    def get(self, request: HttpRequest) -> HttpResponse:
        _enabled()
        try:
            self.OIDC_OP_AUTH_ENDPOINT = endpoints(settings.OIDC).authorization
        except ProviderUnavailable:
            return refused_page(request, UNAVAILABLE, status=503)
        self.OIDC_RP_CLIENT_ID = settings.OIDC.client_id
        return super().get(request)


class ProviderCallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code; the backend turns it into a user."""

    get_settings = staticmethod(mozilla_setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        _enabled()
        try:
            return super().get(request)
        except (ProviderUnavailable, requests.RequestException) as exc:
            log.warning("Sign-in through the provider failed: %s", exc)
            sign_in_failed("", UNAVAILABLE.reason)
            return refused_page(request, UNAVAILABLE, status=502)
        except (SuspiciousOperation, jwt.PyJWTError) as exc:
            # An unknown state (a replayed or very old link), a bad signature, another issuer or audience.
            log.warning("Sign-in through the provider refused: %s", exc)
            sign_in_failed("", START_AGAIN.reason)
            return refused_page(request, START_AGAIN, status=400)

    def login_failure(self) -> HttpResponse:
        refusal = getattr(self.request, "careportal_oidc_refusal", None)
        if refusal is not None:
            return refused_page(self.request, refusal)  # the backend audited it, with the person's name
        refusal = PROVIDER_SAID_NO if self.request.GET.get("error") else START_AGAIN
        sign_in_failed("", refusal.reason)
        return refused_page(self.request, refusal, status=403 if refusal is PROVIDER_SAID_NO else 400)


class PortalLogoutView(OIDCLogoutView):
    """POST: sign out here, and at the provider too for a session that signed in there."""

    get_settings = staticmethod(mozilla_setting)


def provider_logout_url(request: HttpRequest) -> str:
    """RP-initiated logout: the provider's end_session_endpoint with id_token_hint and the way back."""
    local = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get("oidc_id_token")
    if not id_token:
        return local  # a password session: nothing to end at the provider
    try:
        end_session = endpoints(settings.OIDC).end_session
    except ProviderUnavailable:
        return local
    if not end_session:
        return local
    query = {
        "id_token_hint": id_token,
        "post_logout_redirect_uri": request.build_absolute_uri(local),
        "client_id": settings.OIDC.client_id,
    }
    return f"{end_session}?{urlencode(query)}"


def routes() -> list:
    """careportal/urls.py: before django.contrib.auth's, so the sign-out here wins. The start and the
    callback answer 404 while the provider sign-in is off."""
    return [
        path("accounts/provider/start/", ProviderSignInView.as_view(), name="oidc_sign_in"),
        path("accounts/provider/callback/", ProviderCallbackView.as_view(), name="oidc_callback"),
        path("accounts/logout/", PortalLogoutView.as_view(), name="logout"),
    ]
