"""Prometheus metrics: requests by view (django-prometheus' middleware), database queries, Celery tasks
and the daily sweep; the endpoint that exports them to a token or a trusted network, 404 to anyone else.

Several gunicorn workers (or Celery children) each count in their own process; with
PROMETHEUS_MULTIPROC_DIR set, prometheus_client writes the counts to files there and the export adds up
every process's (careportal/gunicorn_conf.py clears the folder at start and forgets a worker that exits).
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from collections.abc import Callable, Iterable
from typing import Any

import prometheus_client
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from prometheus_client import Counter, Histogram, multiprocess

from careportal.client_ip import client_ip

from .logs import count_request_query

DB_QUERIES = Counter("careportal_db_queries", "Database queries run, by process kind.", ["process"])
TASKS_PUBLISHED = Counter("careportal_celery_tasks_published", "Celery tasks queued, by task.", ["task"])
TASKS = Counter("careportal_celery_tasks", "Celery tasks run, by task and outcome.", ["task", "outcome"])
TASK_SECONDS = Histogram("careportal_celery_task_duration_seconds", "Celery task run time.", ["task"])
SWEEP_SECONDS = Histogram(
    "careportal_daily_sweep_duration_seconds",
    "How long the daily sweep took.",
    buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, float("inf")),
)
SWEEP_REMINDERS = Counter("careportal_daily_sweep_reminders", "Reminders the daily sweep created.")
SWEEP_RUNS = Counter("careportal_daily_sweep_runs", "Daily sweeps run, by outcome.", ["outcome"])


def enabled() -> bool:
    return bool(settings.METRICS_TOKEN or settings.METRICS_NETWORKS)


def allowed(*, authorization: str, address: str | None) -> bool:
    """A scrape is let in with `Authorization: Bearer <METRICS_TOKEN>` or from a METRICS_NETWORKS address."""
    token = settings.METRICS_TOKEN
    scheme, _, presented = authorization.partition(" ")
    if token and scheme.lower() == "bearer" and hmac.compare_digest(presented.strip(), token):
        return True
    if address and settings.METRICS_NETWORKS:
        ip = ipaddress.ip_address(address)
        return any(ip in ipaddress.ip_network(n) for n in settings.METRICS_NETWORKS)
    return False


def page() -> tuple[bytes, str]:
    """The exposition text of this process, or of every process when multiprocess mode is on."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = prometheus_client.REGISTRY
    return prometheus_client.generate_latest(registry), prometheus_client.CONTENT_TYPE_LATEST


def export(request: HttpRequest) -> HttpResponse:
    """GET /metrics: the page, or the portal's plain 404 when metrics are off or the scraper is unknown."""
    if not enabled() or not allowed(
        authorization=request.headers.get("Authorization", ""), address=client_ip(request)
    ):
        return HttpResponseNotFound("Not found", content_type="text/plain")
    body, content_type = page()
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response


# --- database queries: a wrapper on every connection (web and worker alike) ---------------------------


def count_queries(process: str) -> Callable[..., Any]:
    counter = DB_QUERIES.labels(process)

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        counter.inc()
        count_request_query()
        return execute(sql, params, many, context)

    return wrapper


# --- Celery: signal handlers (connected in careportal.observability.apps) ------------------------------

_started: dict[str, float] = {}


def task_published(sender: str | None = None, **_: Any) -> None:
    TASKS_PUBLISHED.labels(sender or "unknown").inc()


def task_started(task_id: str | None = None, **_: Any) -> None:
    if task_id:
        _started[task_id] = time.monotonic()


def task_finished(task_id: str | None = None, task: Any = None, state: str | None = None, **_: Any) -> None:
    started = _started.pop(task_id or "", None)
    name = getattr(task, "name", "unknown")
    if started is not None:
        TASK_SECONDS.labels(name).observe(time.monotonic() - started)
    outcome = {"SUCCESS": "succeeded", "FAILURE": "failed", "RETRY": "retried"}.get(state or "", "other")
    TASKS.labels(name, outcome).inc()


# --- the daily sweep -----------------------------------------------------------------------------------


def sweep_finished(*, seconds: float, reminders: Callable[[], int], failed: bool) -> None:
    """Called by careportal.notifications.sweep; `reminders` (a query) is run only when metrics are on."""
    if not enabled():
        return
    SWEEP_RUNS.labels("failed" if failed else "succeeded").inc()
    SWEEP_SECONDS.observe(seconds)
    if not failed:
        SWEEP_REMINDERS.inc(reminders())


# --- a worker's own endpoint (METRICS_WORKER_PORT): a Celery worker serves no HTTP otherwise -----------


def worker_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """WSGI: the same check as the web nodes' /metrics, on the peer's address (no proxy in front)."""
    ok = environ.get("PATH_INFO") in ("/metrics", "/metrics/") and allowed(
        authorization=environ.get("HTTP_AUTHORIZATION", ""), address=environ.get("REMOTE_ADDR")
    )
    if not ok:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"Not found"]
    body, content_type = page()
    start_response("200 OK", [("Content-Type", content_type), ("Cache-Control", "no-store")])
    return [body]


def clear_multiprocess_folder(folder: str) -> None:
    """Empty the multiprocess folder (a process starting afresh; gunicorn_conf.py does the same)."""
    from pathlib import Path

    for entry in Path(folder).glob("*.db"):
        entry.unlink(missing_ok=True)


def serve_worker_metrics(port: int, address: str) -> None:
    """Serve worker_app on a daemon thread (the worker's main process; its children count into files)."""
    import threading
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            pass

    httpd = make_server(address, port, worker_app, server_class=Server, handler_class=QuietHandler)
    threading.Thread(target=httpd.serve_forever, name="metrics", daemon=True).start()
