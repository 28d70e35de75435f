"""What the provider's claims say: the subject, the role, the site, whether a second step was done.

Pure functions on a claims dict (the ID token's claims, with the userinfo's added), so each rule is tested
directly (tests/accounts/test_oidc_claims.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .config import ProviderConfig

SITE_LENGTH = 80  # User.site


def values(claims: Mapping[str, Any], name: str) -> list[str]:
    """A claim as a list of strings: a list claim (`groups`, `roles`, `amr`) or a single value."""
    value = claims.get(name) if name else None
    if value is None or value == "":
        return []
    items = value if isinstance(value, list | tuple) else [value]
    return [str(item) for item in items if isinstance(item, str | int) and str(item)]


def subject(claims: Mapping[str, Any], config: ProviderConfig) -> str:
    """The stable identifier (`sub`, or `oid` for Entra ID); never the e-mail, which can be reassigned."""
    found = values(claims, config.subject_claim)
    return found[0][:255] if len(found) == 1 else ""


def role(claims: Mapping[str, Any], config: ProviderConfig) -> str | None:
    """The first role in OIDC_ROLE_MAP's order whose group or claim value the user holds; None if none."""
    held = set(values(claims, config.role_claim))
    return next((staff_role for value, staff_role in config.role_map.items() if value in held), None)


def site(claims: Mapping[str, Any], config: ProviderConfig) -> str | None:
    """The site from OIDC_SITE_CLAIM (through OIDC_SITE_MAP when set); None when no site claim is set."""
    if not config.site_claim:
        return None
    held = values(claims, config.site_claim)
    if config.site_map:
        return next((name for value, name in config.site_map.items() if value in held), "")
    return held[0].strip()[:SITE_LENGTH] if held else ""


def second_step_done(claims: Mapping[str, Any], config: ProviderConfig) -> bool:
    """With OIDC_MFA_AMR / OIDC_MFA_ACR set, the token must show one of them; unset, the provider is
    trusted to have asked for the second step (decision 0021)."""
    if not config.mfa_amr and not config.mfa_acr:
        return True
    if set(values(claims, "amr")) & set(config.mfa_amr):
        return True
    return bool(set(values(claims, "acr")) & set(config.mfa_acr))


def display(claims: Mapping[str, Any], config: ProviderConfig) -> str:
    """The name the audit trail shows for a refused sign-in: the username claim, else the subject."""
    found = values(claims, config.username_claim) or values(claims, "email")
    return found[0] if found else subject(claims, config)
