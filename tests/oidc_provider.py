"""A real OpenID provider for a test (tests/tools/oidc_provider.mjs, oidc-provider 9.13 on Node), on a free
loopback port, and the portal configured to sign staff in through it (`oidc_provider`, `provider_sign_in`).

The provider's users stand for Oranga Tamariki kaimahi in Entra ID groups; `nobody` is in no mapped group.
The portal is configured through the same environment variables a deployment sets (careportal/settings/
oidc.py reads them), so the test covers the parsing too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from careportal.accounts.oidc import provider as discovery
from careportal.settings.oidc import read_oidc, with_oidc
from tests.web_nodes import free_port

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tests" / "tools" / "oidc_provider.mjs"
CLIENT_ID = "careportal-test"
CLIENT_SECRET = "test-client-secret-0123456789"
GROUP_SUPERVISORS = "6f1c2e8a-supervisors"
GROUP_SOCIAL_WORKERS = "0b7d9f41-social-workers"
GROUP_PFO = "9a3e5c20-pfo"
GROUP_CHRISTCHURCH = "c4d2a1b0-site-otautahi"
GROUP_UNMAPPED = "77777777-all-staff"
PASSWORD = "provider-password-1"

USERS = {
    "aroha": {
        "password": PASSWORD,
        "claims": {
            "sub": "pairwise-sub-aroha",
            "oid": "00000000-0000-0000-0000-00000000a10a",
            "preferred_username": "aroha.ngata@ot.example",
            "email": "aroha.ngata@ot.example",
            "given_name": "Aroha",
            "family_name": "Ngata",
            "name": "Aroha Ngata",
            "groups": [GROUP_UNMAPPED, GROUP_SUPERVISORS, GROUP_SOCIAL_WORKERS, GROUP_CHRISTCHURCH],
        },
    },
    "nobody": {
        "password": PASSWORD,
        "claims": {
            "sub": "pairwise-sub-nobody",
            "oid": "00000000-0000-0000-0000-0000000000b0",
            "preferred_username": "nobody@ot.example",
            "email": "nobody@ot.example",
            "groups": [GROUP_UNMAPPED],
        },
    },
}
ROLE_MAP = {GROUP_SUPERVISORS: "supervisor", GROUP_SOCIAL_WORKERS: "social_worker", GROUP_PFO: "pfo"}
SITE_MAP = {GROUP_CHRISTCHURCH: "Ōtautahi"}


@dataclass
class OIDCProvider:
    issuer: str
    config_path: Path
    users: dict

    def discovery(self) -> dict:
        return requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=5).json()


def start_provider(
    redirect_base_urls: list[str], users: dict | None = None
) -> tuple[subprocess.Popen, OIDCProvider]:
    node = shutil.which("node")
    if node is None or not (ROOT / "tests/tools/node_modules/oidc-provider").exists():
        pytest.skip("node or tests/tools/node_modules/oidc-provider is missing (scripts/test.sh installs it)")
    port = free_port()
    users = users or USERS
    config = {
        "port": port,
        "client": {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [f"{base}/accounts/provider/callback/" for base in redirect_base_urls],
            "post_logout_redirect_uris": [f"{base}/accounts/login/" for base in redirect_base_urls],
        },
        "users": users,
    }
    handle, name = tempfile.mkstemp(prefix="oidc-provider-", suffix=".json")
    with os.fdopen(handle, "w") as out:
        json.dump(config, out)
    process = subprocess.Popen(  # noqa: S603 - node and our own script
        [node, str(SCRIPT), name], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    provider = OIDCProvider(issuer=f"http://127.0.0.1:{port}", config_path=Path(name), users=users)
    deadline = time.monotonic() + 20
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"the OpenID provider stopped: {process.stderr.read() if process.stderr else ''}"
            )
        try:
            if provider.discovery().get("issuer") == provider.issuer:
                return process, provider
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the OpenID provider did not answer discovery within 20 s")
        time.sleep(0.1)


def stop_provider(process: subprocess.Popen, provider: OIDCProvider) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    provider.config_path.unlink(missing_ok=True)


def provider_env(provider: OIDCProvider, **extra: str) -> dict[str, str]:
    """The environment a deployment sets for this provider (docs/deploying/sign-in.md)."""
    return {
        "OIDC_RP_CLIENT_ID": CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_OP_ISSUER": provider.issuer,
        "OIDC_PROVIDER_NAME": "Te Whare test sign-in",
        "OIDC_SUBJECT_CLAIM": "oid",
        "OIDC_ROLE_MAP": json.dumps(ROLE_MAP),
        "OIDC_SITE_CLAIM": "groups",
        "OIDC_SITE_MAP": json.dumps(SITE_MAP),
        **extra,
    }


def configure_portal(settings, monkeypatch, env: dict[str, str]) -> None:
    """Switch the provider sign-in on for this test exactly as start-up does from `env`."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = read_oidc()
    base_backends = [b for b in settings.AUTHENTICATION_BACKENDS if "oidc" not in b]
    settings.OIDC = config
    settings.AUTHENTICATION_BACKENDS, settings.CONTENT_SECURITY_POLICY = with_oidc(
        config, base_backends, settings.CONTENT_SECURITY_POLICY
    )
    settings.AXES_WHITELIST_CALLABLE = "careportal.accounts.oidc.backend.is_provider_callback"
    discovery.forget()


def sign_in_through_provider(
    client, login: str, password: str = PASSWORD, start: str = "/accounts/provider/start/"
):
    """The browser's part of the code flow for Django's test client: the portal sends it to the provider,
    which asks for the password and sends it back to the callback; the callback's answer is returned."""
    started = client.get(start)
    assert started.status_code == 302, started
    browser = requests.Session()
    location = started["Location"]
    for _ in range(10):
        answer = browser.get(location, allow_redirects=False, timeout=10)
        if answer.status_code == 200 and "<form" in answer.text and 'name="password"' in answer.text:
            answer = browser.post(
                location, data={"login": login, "password": password}, allow_redirects=False, timeout=10
            )
        assert answer.status_code in (302, 303), answer.text[:500]
        location = requests.compat.urljoin(location, answer.headers["Location"])
        if location.startswith("http://testserver/"):
            return client.get(location.removeprefix("http://testserver"))
    raise AssertionError("the provider never sent the browser back")


def _provider(bases: list[str]) -> Iterator[OIDCProvider]:
    process, provider = start_provider(bases)
    try:
        yield provider
    finally:
        stop_provider(process, provider)
        discovery.forget()


@pytest.fixture
def oidc_provider() -> Iterator[OIDCProvider]:
    """The provider, sending the browser back to Django's test client."""
    yield from _provider(["http://testserver"])


@pytest.fixture
def live_oidc_provider(live_server) -> Iterator[OIDCProvider]:
    """The provider, sending the browser back to the live server (browser tests)."""
    yield from _provider([live_server.url])


@pytest.fixture
def provider_sign_in(oidc_provider, settings, monkeypatch) -> OIDCProvider:
    """The portal signing staff in through `oidc_provider`."""
    configure_portal(settings, monkeypatch, provider_env(oidc_provider))
    return oidc_provider
