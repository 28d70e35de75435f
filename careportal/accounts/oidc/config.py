"""The provider sign-in's configuration: one frozen value, checked when the settings load.

Pure parsing (no environment, no database): careportal/settings/oidc.py reads the variables through the
env helpers and hands them here, so a bad mapping stops start-up with a message naming the variable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from careportal.accounts.choices import STAFF_ROLES, Role

DEFAULT_NAME = "your Oranga Tamariki account"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class ProviderConfig:
    """Everything the provider sign-in needs; `enabled` is False unless OIDC_RP_CLIENT_ID is set."""

    enabled: bool = False
    name: str = DEFAULT_NAME
    issuer: str = ""
    client_id: str = ""
    client_secret: str = ""
    scopes: str = "openid email profile"
    sign_algo: str = "RS256"
    authorization_endpoint: str = ""
    token_endpoint: str = ""
    userinfo_endpoint: str = ""
    jwks_endpoint: str = ""
    end_session_endpoint: str = ""
    use_userinfo: bool = True
    subject_claim: str = "sub"
    username_claim: str = "preferred_username"
    role_claim: str = "groups"
    role_map: dict[str, str] = field(default_factory=dict)
    site_claim: str = ""
    site_map: dict[str, str] = field(default_factory=dict)
    mfa_amr: tuple[str, ...] = ()
    mfa_acr: tuple[str, ...] = ()
    timeout_seconds: int = 10

    def origins(self) -> list[str]:
        """The provider's origins a portal page may send a form to (sign-out redirects there)."""
        urls = [self.issuer, self.authorization_endpoint, self.end_session_endpoint]
        found: list[str] = []
        for url in urls:
            if url:
                parts = urlsplit(url)
                origin = f"{parts.scheme}://{parts.netloc}"
                if origin not in found:
                    found.append(origin)
        return found


def parse_role_map(raw: str, variable: str = "OIDC_ROLE_MAP") -> dict[str, str]:
    """`{"<group or claim value>": "<staff role>"}`, in order of precedence (the first one held wins)."""
    mapping = _json_object(raw, variable, example='{"<group id>": "social_worker"}')
    staff = sorted(r.value for r in STAFF_ROLES)
    for value, role in mapping.items():
        if role not in Role.values:
            raise ImproperlyConfigured(
                f"{variable} maps {value!r} to {role!r}, which is not a careportal role. "
                f"Use one of the Oranga Tamariki staff roles: {', '.join(staff)}."
            )
        if role not in STAFF_ROLES:
            raise ImproperlyConfigured(
                f"{variable} maps {value!r} to {role!r}, a care partner or provider role. Only Oranga "
                f"Tamariki staff sign in through the provider: use one of {', '.join(staff)}."
            )
    return mapping


def parse_site_map(raw: str, variable: str = "OIDC_SITE_MAP") -> dict[str, str]:
    """`{"<claim value>": "<site name>"}`; empty when not set (the claim's value is the site)."""
    if not raw:
        return {}
    mapping = _json_object(raw, variable, example='{"<group id>": "Ōtautahi"}')
    for value, site in mapping.items():
        if len(site) > 80:
            raise ImproperlyConfigured(f"{variable} maps {value!r} to a site name longer than 80 characters.")
    return mapping


def _json_object(raw: str, variable: str, *, example: str) -> dict[str, str]:
    try:
        mapping = json.loads(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"Environment variable {variable} is not valid JSON ({exc}): expected an object such as {example}."
        ) from None
    if not isinstance(mapping, dict) or not mapping:
        raise ImproperlyConfigured(
            f"Environment variable {variable} must be a JSON object with at least one entry, such as {example}."
        )
    for key, value in mapping.items():
        if not key.strip() or not isinstance(value, str) or not value.strip():
            raise ImproperlyConfigured(
                f"Environment variable {variable}: every key and value must be a non-empty string "
                f"(found {key!r}: {value!r})."
            )
    return {key.strip(): value.strip() for key, value in mapping.items()}


def check_provider_url(url: str, variable: str) -> str:
    """https, except on this machine's loopback (the tests' provider)."""
    parts = urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS):
        return url
    raise ImproperlyConfigured(f"Environment variable {variable}={url!r} must be an https:// URL.")
