"""The provider sign-in's configuration: off by default, and a malformed role map refused at start-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from careportal.settings.oidc import BACKEND, read_oidc, with_oidc

ROOT = Path(__file__).resolve().parents[2]
ON = {
    "OIDC_RP_CLIENT_ID": "careportal",
    "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_OP_ISSUER": "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0",
    "OIDC_ROLE_MAP": '{"group-a": "supervisor", "group-b": "social_worker"}',
}


@pytest.fixture
def env(monkeypatch):
    for name in list(os.environ):
        if name.startswith("OIDC_"):
            monkeypatch.delenv(name)

    def set_env(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_env


def test_off_without_a_client_id(env):
    config = read_oidc()
    assert config.enabled is False
    backends, csp = with_oidc(config, ["axes", "model"], {"DIRECTIVES": {"form-action": ["'self'"]}})
    assert backends == ["axes", "model"]
    assert csp["DIRECTIVES"]["form-action"] == ["'self'"]


def test_on_with_the_required_variables(env):
    env(**ON, OIDC_SUBJECT_CLAIM="oid", OIDC_MFA_AMR="mfa")
    config = read_oidc()
    assert config.enabled and config.subject_claim == "oid" and config.mfa_amr == ("mfa",)
    assert list(config.role_map.items()) == [("group-a", "supervisor"), ("group-b", "social_worker")]
    backends, csp = with_oidc(config, ["axes", "model"], {"DIRECTIVES": {"form-action": ["'self'"]}})
    assert backends == ["axes", BACKEND, "model"]  # after axes, before the password backend
    assert csp["DIRECTIVES"]["form-action"] == ["'self'", "https://login.microsoftonline.com"]


def test_a_missing_required_variable_is_named(env):
    env(OIDC_RP_CLIENT_ID="careportal", OIDC_OP_ISSUER=ON["OIDC_OP_ISSUER"])
    with pytest.raises(ImproperlyConfigured, match="OIDC_RP_CLIENT_SECRET, OIDC_ROLE_MAP"):
        read_oidc()


@pytest.mark.parametrize(
    ("role_map", "message"),
    [
        ('{"group-a": "supervisor",}', "OIDC_ROLE_MAP is not valid JSON"),
        ('["supervisor"]', "must be a JSON object with at least one entry"),
        ("{}", "must be a JSON object with at least one entry"),
        ('{"group-a": "superhero"}', "maps 'group-a' to 'superhero', which is not a careportal role"),
        ('{"group-a": "partner_admin"}', "'partner_admin', a care partner or provider role"),
        ('{"group-a": "provider_staff"}', "Only Oranga Tamariki staff sign in through the provider"),
        ('{"group-a": 3}', "every key and value must be a non-empty string"),
    ],
)
def test_a_malformed_role_map_is_refused(env, role_map, message):
    env(**{**ON, "OIDC_ROLE_MAP": role_map})
    with pytest.raises(ImproperlyConfigured, match=message):
        read_oidc()


def test_a_plain_http_issuer_is_refused_off_this_machine(env):
    env(**{**ON, "OIDC_OP_ISSUER": "http://login.example/v2.0"})
    with pytest.raises(ImproperlyConfigured, match="must be an https:// URL"):
        read_oidc()


def test_a_bad_site_map_is_refused(env):
    env(**ON, OIDC_SITE_MAP="not json")
    with pytest.raises(ImproperlyConfigured, match="OIDC_SITE_MAP is not valid JSON"):
        read_oidc()


def test_start_up_stops_on_a_partner_role_in_the_map():
    """The real start-up: manage.py check exits non-zero with the message, before anything serves."""
    env = {**os.environ, **ON, "OIDC_ROLE_MAP": json.dumps({"group-a": "partner_staff"})}
    result = subprocess.run(  # noqa: S603 - this interpreter and fixed arguments
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: OIDC_ROLE_MAP maps 'group-a' to 'partner_staff'" in result.stderr
