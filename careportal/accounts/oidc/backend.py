"""mozilla-django-oidc's backend, bound to careportal's rules: PKCE, the issuer and audience checked, the
user found by issuer + subject (never by e-mail), role and site from the claims (services.sign_in)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from careportal.accounts.models import ProviderIdentity

from . import services
from .provider import endpoints
from .settings import mozilla_setting


class ProviderBackend(OIDCAuthenticationBackend):
    """Signs in from the provider's callback; refuses a password for an account that uses the provider."""

    get_settings = staticmethod(mozilla_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django builds every backend for every sign-in and session: nothing here may reach the provider.
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    def authenticate(self, request: Any, **kwargs: Any) -> Any:
        config = settings.OIDC
        if not config.enabled or request is None:
            return None
        if "username" in kwargs:
            if ProviderIdentity.objects.filter(user__username=kwargs["username"]).exists():
                raise PermissionDenied  # stops the password backends; audited as a failed sign-in
            return None
        if "nonce" not in kwargs:
            return None
        found = endpoints(config)
        self.OIDC_OP_TOKEN_ENDPOINT = found.token
        self.OIDC_OP_USER_ENDPOINT = found.userinfo
        self.OIDC_OP_JWKS_ENDPOINT = found.jwks
        self.OIDC_RP_CLIENT_ID = config.client_id
        self.OIDC_RP_CLIENT_SECRET = config.client_secret
        self.OIDC_RP_SIGN_ALGO = config.sign_algo
        self.OIDC_RP_IDP_SIGN_KEY = None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The signature and nonce (mozilla-django-oidc), then what it leaves out: issuer and audience."""
        payload = super().verify_token(token, **kwargs)
        config = settings.OIDC
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != config.issuer:
            raise SuspiciousOperation("The ID token was issued by another issuer.")
        if config.client_id not in audiences or (
            len(audiences) > 1 and payload.get("azp") != config.client_id
        ):
            raise SuspiciousOperation("The ID token is for another client.")
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        """The ID token's claims (Entra ID puts `oid`, `groups` and `roles` only there), with what the
        userinfo endpoint adds; it may add but not change, and must be about the same subject."""
        found = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            info = super().get_userinfo(access_token, id_token, payload)
            if info.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("The userinfo answer is about another subject.")
            for name, value in info.items():
                found.setdefault(name, value)
        return found

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        outcome = services.sign_in(
            claims=self.get_userinfo(access_token, id_token, payload), config=settings.OIDC
        )
        if isinstance(outcome, services.Refusal):
            self.request.careportal_oidc_refusal = outcome  # the callback view shows it
            return None
        return outcome

    def get_user(self, user_id: Any) -> Any:
        # mozilla-django-oidc's own get_user skips the is_active check: a turned-off account keeps no session.
        return ModelBackend.get_user(self, user_id)


def is_provider_callback(request: Any, credentials: Any = None) -> bool:
    """django-axes' whitelist: the provider's callback is not a password guess (the provider locks out
    its own failures), so a refused sign-in never locks a shared office address out of the portal."""
    return getattr(request, "path", "") == reverse("oidc_callback")
