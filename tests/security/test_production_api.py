"""Production settings (each in a subprocess): the schema and the interactive docs need a signed-in user,
the API answers JSON only, a Permissions-Policy denies browser features, and no benchmark switch can be
turned on from the environment (only careportal.settings.benchmark, for benchmarks/run.py, installs the
benchmark's app)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SWITCHES = ["BENCHMARK_HTTP_COOKIES", "BENCHMARK_BASELINE_ENDPOINT"]

# Runs inside the subprocess: requests through the whole middleware stack, rolled back at the end.
PROBE = r"""
import json, uuid, django
django.setup()
from django.contrib.auth import get_user_model
from django.db import transaction
from django.conf import settings
from django.test import Client, override_settings

# Pages name static files; no collectstatic has made the production manifest here.
static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
override_settings(STORAGES={**settings.STORAGES, "staticfiles": static}).enable()
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
out = {}
with transaction.atomic():
    anonymous, signed_in = Client(), Client()
    user = get_user_model().objects.create_user(username="probe-" + uuid.uuid4().hex[:8], role="social_worker")
    signed_in.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    for who, client in (("anonymous", anonymous), ("signed_in", signed_in)):
        for path in ("/api/v1/schema/", "/api/v1/docs/", "/api/v1/me/"):
            r = client.get(path, HTTP_ACCEPT=BROWSER)
            out[f"{who} {path}"] = [r.status_code, r.get("Content-Type", "").split(";")[0]]
    out["policy"] = anonymous.get("/accounts/login/").get("Permissions-Policy", "")
    out["api policy"] = signed_in.get("/api/v1/me/").get("Permissions-Policy", "")
    transaction.set_rollback(True)
print(json.dumps(out))
"""


def _environment(**extra: str) -> dict[str, str]:
    dropped = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", *SWITCHES}
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "careportal.settings.production",
            "SECRET_KEY": "k3y-" + "Zx9!qT7#mP2$wL5^" * 4,
            "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/careportal",
            "SECURE_SSL_REDIRECT": "false",
            "REQUIRE_TWO_FACTOR_FOR_STAFF": "false",
            **extra,
        }
    )
    return environment


def _python(code: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def production(db):
    """The production settings' answers, served from the (migrated) test database."""
    name = connection.settings_dict["NAME"]
    done = _python(PROBE, _environment(DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{name}"))
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_schema_and_docs_need_a_signed_in_user(production):
    assert production["anonymous /api/v1/schema/"][0] == 401
    assert production["anonymous /api/v1/docs/"][0] == 401
    assert production["signed_in /api/v1/schema/"][0] == 200
    assert production["signed_in /api/v1/docs/"] == [200, "text/html"]


def test_the_browsable_api_is_off(production):
    """A browser asking for HTML still gets JSON, signed in or not."""
    assert production["signed_in /api/v1/me/"] == [200, "application/json"]
    assert production["anonymous /api/v1/me/"] == [401, "application/json"]


def test_a_permissions_policy_denies_browser_features(production):
    for policy in (production["policy"], production["api policy"]):
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy


# Runs inside the subprocess: whether the benchmark's app and its baseline route are there.
BENCHMARK_PARTS = (
    "import django; django.setup(); from django.apps import apps; from django.conf import settings as s; "
    "from django.urls import Resolver404, resolve\n"
    "try:\n    resolve('/bench/baseline/agreements/'); routed = True\n"
    "except Resolver404:\n    routed = False\n"
    "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, apps.is_installed('benchmarks.loadgen'), routed)"
)


@pytest.mark.parametrize("value", ["true", "false"])
def test_production_knows_nothing_of_the_benchmark_whatever_the_environment_says(value):
    """The benchmark's app, its baseline route and its plain-http cookies exist only in the benchmark's
    settings: no variable of a deployment's environment can turn them on in production."""
    done = _python(BENCHMARK_PARTS, _environment(**dict.fromkeys(SWITCHES, value)))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["False", "True", "True", "False", "False"]


def test_the_benchmark_settings_install_its_app_for_loopback_only():
    benchmark = {"DJANGO_SETTINGS_MODULE": "careportal.settings.benchmark", "ALLOWED_HOSTS": "127.0.0.1"}
    done = _python(BENCHMARK_PARTS, _environment(**benchmark))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["False", "False", "False", "True", "True"]
    done = _python(
        BENCHMARK_PARTS, _environment(**{**benchmark, "ALLOWED_HOSTS": "careportal.example.govt.nz"})
    )
    assert done.returncode != 0 and "ALLOWED_HOSTS must name only loopback hosts" in done.stderr
