"""Structured logs through a real gunicorn node and a real Celery worker (decision 0024, R-PRIV-2): a
supervisor signs in with a password, uses the API token, searches for te tamaiti by name, approves the
agreement (which queues its version for signing on the worker) and fetches the calendar feed by its
token URL. The captured logs are JSON lines with one line per request (method, route, view, status,
duration, user id) and the request id in the web node's and the worker's lines; neither holds the
name, the password, the tokens, the username or the e-mail address."""

from __future__ import annotations

import json
import secrets
import time
from datetime import timedelta
from urllib.parse import quote

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from agreements.choices import AgreementStatus
from careportal.lib.dates import nz_today
from tests.agreements.factories import AgreementFactory, ChildFactory, years_ago
from tests.observability_nodes import start_node
from tests.web_nodes import production_env

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

NAME = "Whetūrangi Kōtukutuku"
PASSWORD = "Pōhutukawa-secret-pass-7731"
REQUEST_ID = "journey-req-7731"


@pytest.fixture
def worker_loglevel():
    return "info"


@pytest.fixture
def worker_env(worker_env):
    return {**worker_env, "LOG_FORMAT": "json"}


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def _wait_for(path, needle: str, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = path.read_text(errors="replace") if path.exists() else ""
        if needle in text:
            return text
        time.sleep(0.5)
    raise AssertionError(f"{needle!r} not logged in {path}:\n{text[-3000:]}")


def test_a_journey_logs_ids_and_never_a_name_password_or_token(
    tmp_path, celery_worker_process, worker_env, worker, supervisor
):
    supervisor.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    supervisor.email = "kaiarahi.tautoko@example.govt.nz"
    supervisor.calendar_token = secrets.token_urlsafe(32)
    supervisor.save()
    child = ChildFactory(name=NAME, date_of_birth=years_ago(13))
    agreement = AgreementFactory(
        child=child, drafted_by=worker, status=AgreementStatus.AWAITING_SUPERVISOR,
        start_date=nz_today() + timedelta(days=1),
    )  # fmt: skip
    connection.close()  # the node and the worker see every row

    env = {**production_env(worker_env), "LOG_FORMAT": "json", "REQUIRE_TWO_FACTOR_FOR_STAFF": "false"}
    web_log = tmp_path / "web.log"
    node = start_node(env, web_log)
    try:
        signed_in = requests.post(
            f"{node.url}/api/v1/auth/token/",
            json={"username": supervisor.username, "password": PASSWORD},
            timeout=30,
        )
        assert signed_in.status_code == 200, signed_in.text
        token = signed_in.json()["token"]
        auth = {"Authorization": f"Token {token}"}
        found = requests.get(f"{node.url}/api/v1/search/?q={quote(NAME)}", headers=auth, timeout=30)
        assert found.status_code == 200 and NAME in found.text
        approved = requests.post(
            f"{node.url}/api/v1/agreements/{agreement.pk}/approve/",
            json={}, headers={**auth, "X-Request-ID": REQUEST_ID}, timeout=30,
        )  # fmt: skip
        assert approved.status_code == 200, approved.text
        assert approved.headers["X-Request-ID"] == REQUEST_ID
        feed = requests.get(f"{node.url}/calendar/{supervisor.calendar_token}.ics", timeout=30)
        assert feed.status_code == 200
        generated = requests.get(f"{node.url}/api/v1/children/", headers=auth, timeout=30)
        assert len(generated.headers["X-Request-ID"]) == 32  # none sent: one is made
        worker_log = _wait_for(tmp_path / "worker.log", "issue_signing_version SUCCESS")
    finally:
        node.stop()
    _, worker_process = celery_worker_process
    web = web_log.read_text(errors="replace")

    for secret in (NAME, NAME.split()[0], PASSWORD, token, supervisor.calendar_token, supervisor.email,
                   supervisor.username, quote(NAME)):  # fmt: skip
        assert secret not in web, f"{secret!r} in the web node's log"
        assert secret not in worker_log, f"{secret!r} in the worker's log"

    lines = _json_lines(web)
    requests_logged = [line for line in lines if line["logger"] == "careportal.request"]
    approve = next(line for line in requests_logged if line["request_id"] == REQUEST_ID)
    assert approve["method"] == "POST" and approve["status"] == 200
    assert approve["view"] == "agreement-approve"
    assert approve["route"] == "/api/v1/agreements/<pk>/approve/"
    assert approve["user_id"] == supervisor.pk and approve["duration_ms"] > 0
    assert approve["db_queries"] > 0
    search = next(line for line in requests_logged if line["view"] == "api-search")
    assert "?" not in json.dumps(search)
    calendar = next(line for line in requests_logged if line["view"] == "calendar_feed")
    assert calendar["route"] == "/calendar/<str:token>.ics"
    assert {"time", "level", "message"} <= set(approve)

    on_worker = [line for line in _json_lines(worker_log) if line.get("request_id") == REQUEST_ID]
    assert {line["logger"] for line in on_worker} >= {"careportal.task"}
    assert any(line.get("state") == "SUCCESS" for line in on_worker)
