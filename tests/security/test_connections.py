"""Database connections: a thread-per-request server must not leave one open per finished request.

The server here is a plain thread-per-request WSGI server (`socketserver.ThreadingMixIn`), as the
development servers of most tools are. Django's own `runserver` happens to close every connection when it
closes the socket; this one does not, so only `CONN_MAX_AGE` decides. With a connection kept 60 seconds,
each finished thread left its connection open (until the garbage collector found it) and PostgreSQL soon
refused new ones; with 0 (local and test settings) each closes at the end of its request.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
REQUESTS = 200
CLIENTS = 4  # requests in flight at once: the server runs at most this many request threads together
CHECK_EVERY = 20  # stop early if connections pile up, so a leak never exhausts the shared PostgreSQL


class _ThreadPerRequestServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass


def _open_connections() -> int:
    """Connections to this test database other than the test's own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def _settled_open_connections(limit: int) -> int:
    """The count once it is at most `limit`, or after a second: a backend whose client has just hung up
    can take a moment to leave pg_stat_activity."""
    deadline = time.monotonic() + 1
    while True:
        count = _open_connections()
        if count <= limit or time.monotonic() > deadline:
            return count
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_two_hundred_requests_leave_no_more_connections_than_request_threads(worker, settings):
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 0
    browser = Client()
    browser.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
    server = make_server(
        "127.0.0.1", 0, WSGIHandler(), server_class=_ThreadPerRequestServer, handler_class=_QuietHandler
    )
    url = f"http://127.0.0.1:{server.server_port}/"
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def home(_: int) -> int:
        request = urllib.request.Request(url, headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
            return response.status

    baseline = _open_connections()
    seen = []
    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            for start in range(0, REQUESTS, CHECK_EVERY):
                statuses = list(pool.map(home, range(start, start + CHECK_EVERY)))
                assert set(statuses) == {200}
                seen.append(_settled_open_connections(baseline + CLIENTS) - baseline)
                assert seen[-1] <= CLIENTS, f"after {start + CHECK_EVERY} requests: {seen}"
    finally:
        server.shutdown()
        server.server_close()
        gc.collect()  # a leaked connection's wrapper is garbage once its thread has ended: close it
    assert len(seen) == REQUESTS // CHECK_EVERY


def _settings_value(env: dict[str, str], expression: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings as s; print({expression})"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_connection_age_is_read_from_the_environment_and_kept_only_in_production():
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_CONN_MAX_AGE"}
    base["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/careportal"
    production = {
        **base,
        "DJANGO_SETTINGS_MODULE": "careportal.settings.production",
        "SECRET_KEY": "x" * 64,
        "ALLOWED_HOSTS": "careportal.example.govt.nz",
    }
    local = {**base, "DJANGO_SETTINGS_MODULE": "careportal.settings.local"}
    age = 's.DATABASES["default"]["CONN_MAX_AGE"]'
    assert _settings_value(local, age) == "0"
    assert _settings_value(production, age) == "60"
    assert _settings_value({**production, "DATABASE_CONN_MAX_AGE": "0"}, age) == "0"
    assert _settings_value({**local, "DATABASE_CONN_MAX_AGE": "30"}, age) == "30"
