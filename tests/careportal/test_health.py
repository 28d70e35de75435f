"""/healthz (the process answers; no database) and /readyz (the database, the cache, the broker and storage
reachable; 503 naming what is not, without secrets), answered before the rest of the middleware
(decision 0024). The outages are real: a redis-server killed under a gunicorn node, a database URL on a
closed port."""

from __future__ import annotations

import pytest
import requests
from django.test import Client

from careportal.audit.models import AuditEntry
from tests.observability_nodes import node_env, start_node
from tests.redis_server import RedisServer
from tests.web_nodes import free_port


def test_healthz_answers_without_touching_the_database(client):
    response = client.get("/healthz")  # no `db` fixture: any query would raise
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_checks_each_component(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["failed"] == []
    assert set(body["checks"]) == {"database", "cache", "broker", "storage"}


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_need_no_host_no_https_no_session_and_leave_no_trace(path, settings, worker, db):
    settings.SECURE_SSL_REDIRECT = True  # a probe over plain http from the load balancer is not redirected
    settings.REQUIRE_TWO_FACTOR_FOR_STAFF = True  # a staff session owing its second step is not sent there
    settings.ALLOWED_HOSTS = ["portal.example.govt.nz"]  # probes come by address
    client = Client(HTTP_HOST="10.1.2.3:8000")
    client.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
    before = AuditEntry.objects.count()
    for _ in range(12):  # more than any lockout or throttle allows
        response = client.get(path)
        assert response.status_code == 200, response.content
    assert "Set-Cookie" not in str(response.headers) and not response.cookies
    assert AuditEntry.objects.count() == before


def test_a_killed_redis_makes_the_node_unready_naming_cache_and_broker(tmp_path, db):
    redis = RedisServer(password="redis-secret-in-url")
    redis.start()
    node = start_node(node_env(REDIS_URL=redis.url(0)), tmp_path / "node.log")
    try:
        ready = requests.get(f"{node.url}/readyz", timeout=10)
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"] == {"database": "ok", "cache": "ok", "broker": "ok", "storage": "ok"}

        redis.kill()
        down = requests.get(f"{node.url}/readyz", timeout=10)
        assert down.status_code == 503
        assert down.json()["failed"] == ["cache", "broker"]
        assert "redis-secret-in-url" not in down.text and "redis://" not in down.text
        assert requests.get(f"{node.url}/healthz", timeout=10).status_code == 200  # alive, not ready

        redis.start()  # the same port: the node is ready again without a restart
        assert requests.get(f"{node.url}/readyz", timeout=10).status_code == 200
    finally:
        node.stop()
        redis.kill()


def test_a_dead_database_makes_the_node_unready_naming_the_database(tmp_path, db):
    dead = f"postgres://careportal_app:db-secret-in-url@127.0.0.1:{free_port()}/careportal"
    node = start_node(node_env(DATABASE_URL=dead), tmp_path / "node.log")
    try:
        assert requests.get(f"{node.url}/healthz", timeout=10).status_code == 200
        response = requests.get(f"{node.url}/readyz", timeout=10)
        assert response.status_code == 503
        body = response.json()
        assert body["failed"] == ["database"]
        assert body["checks"]["database"] == "unavailable (OperationalError)"
        assert "db-secret-in-url" not in response.text and "postgres://" not in response.text
    finally:
        node.stop()
