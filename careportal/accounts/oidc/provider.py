"""The provider's endpoints: those set explicitly, the rest from its discovery document.

Discovery is fetched on the first sign-in (never at start-up, so the portal starts while the provider is
down) and kept for an hour per process. A provider that cannot be reached is `ProviderUnavailable`: the
views answer with a page saying so, never a 500.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import requests

from .config import ProviderConfig

log = logging.getLogger(__name__)
DISCOVERY_SECONDS = 3600
_cache: dict[str, tuple[float, dict[str, Any]]] = {}
_lock = threading.Lock()


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be had, or it names another issuer."""


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    userinfo: str
    jwks: str
    end_session: str


def endpoints(config: ProviderConfig) -> Endpoints:
    explicit = {
        "authorization_endpoint": config.authorization_endpoint,
        "token_endpoint": config.token_endpoint,
        "userinfo_endpoint": config.userinfo_endpoint,
        "jwks_uri": config.jwks_endpoint,
        "end_session_endpoint": config.end_session_endpoint,
    }
    needed = ("authorization_endpoint", "token_endpoint", "jwks_uri")
    found = explicit if all(explicit[key] for key in needed) else {**_discover(config), **_set(explicit)}
    missing = [key for key in needed if not found.get(key)]
    if missing:
        raise ProviderUnavailable(f"the provider's discovery document has no {', '.join(missing)}")
    return Endpoints(
        authorization=found["authorization_endpoint"],
        token=found["token_endpoint"],
        userinfo=found.get("userinfo_endpoint", "") if config.use_userinfo else "",
        jwks=found["jwks_uri"],
        end_session=found.get("end_session_endpoint", ""),
    )


def forget() -> None:
    """Drop the cached discovery documents (a test that starts a new provider)."""
    with _lock:
        _cache.clear()


def _set(values: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in values.items() if value}


def _discover(config: ProviderConfig) -> dict[str, Any]:
    with _lock:
        cached = _cache.get(config.issuer)
    if cached is not None and time.monotonic() - cached[0] < DISCOVERY_SECONDS:
        return cached[1]
    url = config.issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=config.timeout_seconds)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        log.warning("OpenID discovery at %s failed: %s", url, exc)
        raise ProviderUnavailable(f"discovery at {url} failed") from exc
    if not isinstance(document, dict) or document.get("issuer") != config.issuer:
        # A document for another issuer would let its keys sign our users in.
        raise ProviderUnavailable(f"discovery at {url} names another issuer")
    with _lock:
        _cache[config.issuer] = (time.monotonic(), document)
    return document
