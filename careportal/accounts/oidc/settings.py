"""mozilla-django-oidc reads its settings by name; careportal keeps them in one value, `settings.OIDC`.

Our subclasses of its views and backend read through `mozilla_setting`, so they see the configuration
of the moment (a test's too) and PKCE is always on.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from mozilla_django_oidc.utils import import_from_settings

FIXED = {
    "OIDC_USE_PKCE": True,
    "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
    "OIDC_USE_NONCE": True,
    "OIDC_STORE_ID_TOKEN": True,  # the id_token_hint of the sign-out at the provider
    "OIDC_STORE_ACCESS_TOKEN": False,
    "OIDC_CREATE_USER": True,
    "OIDC_AUTHENTICATION_CALLBACK_URL": "oidc_callback",
    "OIDC_REDIRECT_FIELD_NAME": "next",
    "ALLOW_LOGOUT_GET_METHOD": False,
}


def mozilla_setting(attr: str, *default: Any) -> Any:
    config = settings.OIDC
    values = {
        **FIXED,
        "OIDC_RP_CLIENT_ID": config.client_id,
        "OIDC_RP_CLIENT_SECRET": config.client_secret,
        "OIDC_RP_SCOPES": config.scopes,
        "OIDC_RP_SIGN_ALGO": config.sign_algo,
        "OIDC_TIMEOUT": config.timeout_seconds,
        "OIDC_OP_LOGOUT_URL_METHOD": "careportal.accounts.oidc.views.provider_logout_url"
        if config.enabled
        else "",
    }
    if attr in values:
        return values[attr]
    return import_from_settings(attr, *default)
