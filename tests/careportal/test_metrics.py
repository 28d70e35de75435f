"""/metrics (decision 0024): a 404 unless a token or a trusted network is configured and presented;
request latency by view, database queries, Celery tasks and the daily sweep counted; several gunicorn
workers added up (multiprocess mode); a real worker's own endpoint."""

from __future__ import annotations

import threading
import time

import pytest
import requests
from django.test import Client
from prometheus_client import REGISTRY

from careportal.notifications.sweep import run_daily_sweep
from careportal.notifications.tasks import daily_sweep
from tests.observability_nodes import node_env, start_node
from tests.web_nodes import free_port

TOKEN = "metrics-test-token-0123456789"


@pytest.fixture
def metrics_on(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_NETWORKS = ["10.20.0.0/16"]
    return settings


def test_metrics_are_a_404_while_off(client):
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer anything").status_code == 404


@pytest.mark.parametrize(
    ("authorization", "status"),
    [("", 404), ("Bearer wrong-token", 404), (f"Token {TOKEN}", 404), (f"Bearer {TOKEN}", 200)],
)
def test_the_token_is_needed(metrics_on, authorization, status):
    response = Client(REMOTE_ADDR="192.0.2.7").get("/metrics", HTTP_AUTHORIZATION=authorization)
    assert response.status_code == status
    if status == 200:
        assert b"careportal_db_queries_total" in response.content
        assert response["Content-Type"].startswith("text/plain")
    else:
        assert b"careportal_" not in response.content


@pytest.mark.parametrize(
    ("remote", "forwarded", "status"),
    [
        ("10.20.3.4", "", 200),  # Prometheus on the trusted network
        ("192.0.2.7", "", 404),
        ("192.0.2.7", "10.20.3.4", 404),  # a spoofed X-Forwarded-For from an untrusted peer
        ("172.28.0.10", "10.20.3.4", 200),  # behind the trusted proxy: the client it names
        ("172.28.0.10", "192.0.2.7", 404),
    ],
)
def test_a_trusted_network_is_let_in_by_the_client_address(metrics_on, remote, forwarded, status):
    metrics_on.TRUSTED_PROXIES = ["172.28.0.10/32"]
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    assert Client(REMOTE_ADDR=remote).get("/metrics", **headers).status_code == status


def _sample(name: str, labels: dict[str, str] | None = None) -> float:
    return REGISTRY.get_sample_value(name, labels or {}) or 0.0


def test_the_daily_sweep_is_timed_and_counted(metrics_on, db):
    runs = _sample("careportal_daily_sweep_runs_total", {"outcome": "succeeded"})
    timed = _sample("careportal_daily_sweep_duration_seconds_count")
    run_daily_sweep()
    assert _sample("careportal_daily_sweep_runs_total", {"outcome": "succeeded"}) == runs + 1
    assert _sample("careportal_daily_sweep_duration_seconds_count") == timed + 1
    assert REGISTRY.get_sample_value("careportal_daily_sweep_reminders_total") is not None


def _scrape(url: str, token: str = TOKEN) -> str:
    response = requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert response.status_code == 200, response.text
    return response.text


def _value(page: str, line_start: str) -> float:
    values = [float(line.rsplit(" ", 1)[1]) for line in page.splitlines() if line.startswith(line_start)]
    assert values, f"{line_start} not in the page"
    return sum(values)


def test_two_gunicorn_workers_are_added_up(tmp_path, db):
    folder = tmp_path / "prometheus"
    env = node_env(METRICS_TOKEN=TOKEN, PROMETHEUS_MULTIPROC_DIR=str(folder))
    node = start_node(env, tmp_path / "node.log")
    try:
        assert requests.get(f"{node.url}/metrics", timeout=10).status_code == 404  # no token

        def hit() -> None:
            for _ in range(10):
                assert requests.get(f"{node.url}/api/v1/children/", timeout=30).status_code == 401

        threads = [threading.Thread(target=hit) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        page = _scrape(f"{node.url}/metrics")
        latency = 'django_http_requests_latency_seconds_by_view_method_count{method="GET",view="child-list"}'
        assert _value(page, latency) == 40  # whichever worker answered, every worker's requests
        assert _value(page, 'careportal_db_queries_total{process="web"}') >= 0
        assert "django_http_responses_total_by_status_view_method_total" in page
        pids = {p.name.rsplit("_", 1)[1] for p in folder.glob("counter_*.db")}
        assert len(pids) == 2, pids  # both workers counted into the folder
    finally:
        node.stop()


@pytest.fixture
def worker_metrics_port():
    return free_port()


@pytest.fixture
def worker_env(worker_env, worker_metrics_port):
    return {
        **worker_env,
        "METRICS_TOKEN": TOKEN,
        "METRICS_WORKER_PORT": str(worker_metrics_port),
        "METRICS_WORKER_ADDRESS": "127.0.0.1",
    }


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_counts_its_tasks_and_the_sweep_on_its_own_endpoint(
    metrics_on, celery_worker_process, worker_metrics_port
):
    published = _sample("careportal_celery_tasks_published_total", {"task": daily_sweep.name})
    daily_sweep.delay()
    assert _sample("careportal_celery_tasks_published_total", {"task": daily_sweep.name}) == published + 1
    url = f"http://127.0.0.1:{worker_metrics_port}/metrics"
    deadline = time.monotonic() + 60
    done = f'careportal_celery_tasks_total{{outcome="succeeded",task="{daily_sweep.name}"}}'
    while True:
        try:
            page = _scrape(url)
            if done in page:
                break
        except (requests.RequestException, AssertionError):
            pass
        assert time.monotonic() < deadline, "the worker did not report the sweep"
        time.sleep(0.3)
    assert _value(page, done) == 1
    assert _value(page, "careportal_daily_sweep_duration_seconds_count") == 1
    assert _value(page, 'careportal_daily_sweep_runs_total{outcome="succeeded"}') == 1
    assert _value(page, 'careportal_db_queries_total{process="worker"}') > 0
    assert requests.get(url, timeout=10).status_code == 404  # the token is needed here too
