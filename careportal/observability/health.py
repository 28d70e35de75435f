"""`/healthz` (the process answers) and `/readyz` (what a request needs is reachable: the database, the
cache, the Celery broker, storage). Both are answered by ProbeMiddleware before any other middleware, so a
probe needs no session, no sign-in or second step, no HTTPS redirect and no allowed Host (a load balancer
probes by address), and leaves no audit row or axes record (decision 0024).

A failed check names its component and the kind of error only: exception messages can carry hosts, and a
URL can carry a password.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse

Check = Callable[[], str]  # "ok" or "not used"; raises when the component cannot be reached
PROBE_KEY = "careportal:readyz"


def check_database() -> str:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        # Straight to Redis: the fail-open cache (careportal/cache.py) would answer "not there" instead.
        cache._cache.get_client(PROBE_KEY, write=True).ping()  # type: ignore[attr-defined]
        return "ok"
    cache.set(PROBE_KEY, "1", 5)
    return "ok"


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "not used"  # the quick start runs tasks in the request
    from careportal.celery import app

    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2, timeout=2)
        if connection.transport_cls in ("redis", "rediss"):
            connection.default_channel.client.ping()
    return "ok"


def check_storage() -> str:
    storage = default_storage
    location = getattr(storage, "location", None) if isinstance(storage, FileSystemStorage) else None
    if location is not None:
        os.makedirs(location, exist_ok=True)  # what the first upload would do
        if not os.access(location, os.W_OK):
            raise PermissionError("private storage is not writable")
        return "ok"
    storage.exists(PROBE_KEY)  # object storage: one small request (a HEAD)
    return "ok"


CHECKS: dict[str, Check] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "storage": check_storage,
}


def readiness() -> tuple[bool, dict[str, str]]:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # any failure is "not ready"; only its kind is shown
            results[name] = f"unavailable ({type(exc).__name__})"
    return all(not r.startswith("unavailable") for r in results.values()), results


def healthz(request: HttpRequest) -> HttpResponse:
    return _no_store(JsonResponse({"status": "ok"}))


def readyz(request: HttpRequest) -> HttpResponse:
    ready, results = readiness()
    failed = [name for name, result in results.items() if result.startswith("unavailable")]
    body = {"status": "ok" if ready else "unavailable", "failed": failed, "checks": results}
    return _no_store(JsonResponse(body, status=200 if ready else 503))


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response
