"""Staff sign-in through an OpenID Connect provider: off unless OIDC_RP_CLIENT_ID is set (decision 0021).

When it is on, the issuer, the client secret and the role map are required, and a bad value (a role map
that is not JSON, an unknown role, a partner role) stops start-up with ImproperlyConfigured naming the
variable. docs/deploying/sign-in.md lists every variable.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from careportal.accounts.oidc.config import ProviderConfig, check_provider_url, parse_role_map, parse_site_map

from .env import env_bool, env_int, env_list, env_str, env_url

REQUIRED = ("OIDC_OP_ISSUER", "OIDC_RP_CLIENT_SECRET", "OIDC_ROLE_MAP")
ENDPOINTS = {
    "authorization_endpoint": "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "token_endpoint": "OIDC_OP_TOKEN_ENDPOINT",
    "userinfo_endpoint": "OIDC_OP_USER_ENDPOINT",
    "jwks_endpoint": "OIDC_OP_JWKS_ENDPOINT",
    "end_session_endpoint": "OIDC_OP_LOGOUT_ENDPOINT",
}
BACKEND = "careportal.accounts.oidc.backend.ProviderBackend"


def read_oidc() -> ProviderConfig:
    client_id = env_str("OIDC_RP_CLIENT_ID", "")
    if not client_id:
        return ProviderConfig()
    missing = [name for name in REQUIRED if not env_str(name, "")]
    if missing:
        raise ImproperlyConfigured(
            f"OIDC_RP_CLIENT_ID is set, so sign-in through the provider is on; it also needs {', '.join(missing)}."
        )
    endpoints = {
        key: check_provider_url(url, name) if (url := env_url(name, "", schemes=("https", "http"))) else ""
        for key, name in ENDPOINTS.items()
    }
    issuer = env_url("OIDC_OP_ISSUER", schemes=("https", "http"))
    return ProviderConfig(
        enabled=True,
        name=env_str("OIDC_PROVIDER_NAME", ProviderConfig.name),
        issuer=check_provider_url(issuer, "OIDC_OP_ISSUER"),
        client_id=client_id,
        client_secret=env_str("OIDC_RP_CLIENT_SECRET"),
        scopes=env_str("OIDC_RP_SCOPES", ProviderConfig.scopes),
        sign_algo=env_str("OIDC_RP_SIGN_ALGO", ProviderConfig.sign_algo),
        use_userinfo=env_bool("OIDC_USE_USERINFO", True),
        subject_claim=env_str("OIDC_SUBJECT_CLAIM", ProviderConfig.subject_claim),
        username_claim=env_str("OIDC_USERNAME_CLAIM", ProviderConfig.username_claim),
        role_claim=env_str("OIDC_ROLE_CLAIM", ProviderConfig.role_claim),
        role_map=parse_role_map(env_str("OIDC_ROLE_MAP")),
        site_claim=env_str("OIDC_SITE_CLAIM", ""),
        site_map=parse_site_map(env_str("OIDC_SITE_MAP", "")),
        mfa_amr=tuple(env_list("OIDC_MFA_AMR", [])),
        mfa_acr=tuple(env_list("OIDC_MFA_ACR", [])),
        timeout_seconds=env_int("OIDC_TIMEOUT_SECONDS", 10, minimum=1),
        **endpoints,
    )


def with_oidc(
    config: ProviderConfig, backends: list[str], csp: dict[str, Any]
) -> tuple[list[str], dict[str, Any]]:
    """The authentication backends and the content security policy with the provider sign-in added.

    The provider's backend comes straight after django-axes (which must stay first) so that it can refuse
    a password for an account that signs in through the provider. Signing out sends a form to the portal
    that redirects to the provider, and browsers hold that redirect to `form-action`.
    """
    if not config.enabled:
        return backends, csp
    directives = dict(csp["DIRECTIVES"])
    directives["form-action"] = [*directives["form-action"], *config.origins()]
    return [backends[0], BACKEND, *backends[1:]], {**csp, "DIRECTIVES": directives}
