"""Web hardening over every portal route: CSRF on every POST, a CSP (no inline scripts) on every page,
secure cookies and HSTS in production, sessions that end after 30 minutes idle."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.security.routes import fill, portal_routes
from tests.security.world import build_world

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(request):
    return build_world(request)


def _paths(world, method: str) -> list[str]:
    paths = []
    for route in portal_routes():
        if route.method != method:
            continue
        pk = None if route.kind == "-" else world.pk(route.kind, "A")
        paths.append(fill(route, pk, {}))
    return sorted(set(paths))


@pytest.mark.parametrize("persona", ["supervisor", "partner_admin", "provider_user", "anonymous"])
def test_every_portal_post_needs_the_csrf_token(world, persona):
    client = Client(enforce_csrf_checks=True)
    if persona != "anonymous":
        client.force_login(world.users[persona], backend="django.contrib.auth.backends.ModelBackend")
    unprotected = []
    for path in _paths(world, "POST"):
        response = client.post(path, {})
        # 403 from the CSRF middleware; 405 where the route takes no POST at all.
        if response.status_code not in (403, 405):
            unprotected.append(f"{path}: {response.status_code}")
    assert unprotected == []


@pytest.mark.parametrize("persona", ["worker", "partner_admin", "anonymous"])
def test_every_page_sends_a_csp_without_inline_scripts(world, persona):
    client = Client()
    if persona != "anonymous":
        client.force_login(world.users[persona], backend="django.contrib.auth.backends.ModelBackend")
    missing = []
    for path in _paths(world, "GET"):
        response = client.get(path)
        policy = response.get("Content-Security-Policy", "")
        script_src = next((d for d in policy.split(";") if d.strip().startswith("script-src")), "")
        if response.get("Content-Type", "").startswith("text/html") and (
            "default-src" not in policy or "unsafe-inline" in script_src
        ):
            missing.append(f"{path}: {policy!r}")
    assert missing == []


def test_production_sets_secure_cookies_and_hsts():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careportal.settings.production",
        "SECRET_KEY": "x" * 64,
        "ALLOWED_HOSTS": "careportal.example.govt.nz",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/careportal",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_CONTENT_TYPE_NOSNIFF, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_AGE, s.SESSION_REFRESH_SECONDS, s.DEBUG)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "True", "True", "True", "True", "True", "1800", "60", "False"]


def test_a_session_ends_after_thirty_minutes_idle_and_activity_keeps_it(worker):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
        assert client.get("/").status_code == 200
        clock.shift(25 * 60)
        assert client.get("/").status_code == 200  # activity renews the session
        clock.shift(25 * 60)
        assert client.get("/").status_code == 200  # 50 minutes in, but only 25 idle
        clock.shift(31 * 60)
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def _session_writes(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return sum('UPDATE "django_session"' in q["sql"] for q in captured.captured_queries)


@override_settings(SESSION_REFRESH_SECONDS=60)
def test_the_idle_expiry_is_renewed_at_most_once_a_minute(worker):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
        assert _session_writes(client) == 1  # the first page renews the expiry
        clock.shift(30)
        assert _session_writes(client) == 0  # 30 s later nothing is written
        clock.shift(31)
        assert _session_writes(client) == 1  # a minute on it is renewed again
        clock.shift(29 * 60 + 30)
        assert client.get("/").status_code == 200  # 29.5 minutes idle: still signed in
