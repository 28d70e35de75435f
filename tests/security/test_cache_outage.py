"""A Redis outage breaks nothing: the cache is an optimisation, never a dependency.

A private `redis-server` (tests/redis_server.py) serves the production cache configuration
(settings.REDIS_CACHE) and is killed part-way. Every page of the main journeys must answer as it did with
Redis up, the token endpoint must still issue tokens, the referral form must still make exactly one draft
of a double submit, and once Redis is back the counts are kept again and nothing was made twice. E-mails
queued during a broker outage are covered by tests/security/test_faults.py and
tests/careportal/test_reminders.py; here the broker is the same killed Redis, to show that enqueueing a
task then neither fails nor stalls the request.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from agreements.choices import AgreementStatus
from careportal.cache import FailOpenRedisCache
from careportal.celery import app
from referrals.models import Referral
from tests.agreements.factories import agreement_in
from tests.conftest import PASSWORD
from tests.security.routes import api_routes, fill, portal_routes
from tests.security.world import build_world

ROOT = Path(__file__).resolve().parents[2]
CACHE_DB = 3
pytestmark = pytest.mark.django_db
# Each persona's own journey; the API is walked as the first two.
PERSONAS = ("worker", "drc", "hub", "partner_admin")


def _use_cache(settings, location: str, backend: str | None = None, retry_after: float = 1) -> None:
    config = {**settings.REDIS_CACHE, "LOCATION": location}
    config["OPTIONS"] = {**config["OPTIONS"], "RETRY_AFTER_SECONDS": retry_after}
    if backend:
        config["BACKEND"] = backend
        config["OPTIONS"].pop("RETRY_AFTER_SECONDS")
    settings.CACHES = {"default": config}
    FailOpenRedisCache._down_until.clear()


@pytest.fixture
def production_cache(redis_server, settings):
    """The production cache on a private Redis; every list count kept, so every list uses the cache."""
    _use_cache(settings, redis_server.url(CACHE_DB))
    settings.CAREPORTAL_COUNT_CACHE_THRESHOLD = 0
    yield redis_server
    FailOpenRedisCache._down_until.clear()


@pytest.fixture
def world(request):
    return build_world(request)


def _pk(world, kind: str) -> str | None:
    if kind == "-":
        return None
    return world.pk(kind, "A" if "A" in world.records[kind] else "-")


def _portal_paths(world) -> list[str]:
    paths = set()
    for route in portal_routes():
        if route.method == "GET":
            paths.add(fill(route, _pk(world, route.kind), {}))
    return sorted(paths)


def _api_paths(world) -> list[str]:
    paths = set()
    for route in api_routes():
        if route.method == "GET" and "schema" not in route.template and "docs" not in route.template:
            paths.add(fill(route, _pk(world, route.kind), {}))
    return sorted(paths)


def _walk(world) -> dict[tuple[str, str], int]:
    """The status of every GET page as each persona, and of every API GET as the first two."""
    outcomes = {}
    for persona in PERSONAS:
        client = Client()
        client.force_login(world.users[persona], backend="django.contrib.auth.backends.ModelBackend")
        for path in _portal_paths(world):
            outcomes[(persona, path)] = client.get(path).status_code
    for persona in PERSONAS[:2]:
        api = APIClient()
        api.force_authenticate(world.users[persona])
        for path in _api_paths(world):
            outcomes[(persona, path)] = api.get(path).status_code
    return outcomes


def _kept_counts(server) -> int:
    return len(server.client(CACHE_DB).keys("*careportal:count:*"))


def _token_codes() -> list[int]:
    api = APIClient()
    right = api.post("/api/v1/auth/token/", {"username": "worker", "password": PASSWORD}, format="json")
    wrong = api.post("/api/v1/auth/token/", {"username": "worker", "password": "nope"}, format="json")
    assert right.status_code != 200 or "token" in right.json()
    return [right.status_code, wrong.status_code]


def _referral_form(client: Client) -> dict[str, str]:
    page = client.get("/referrals/new/")
    assert page.status_code == 200
    token = re.search(r'name="submission_token" value="(\w+)"', page.content.decode()).group(1)
    return {"site": "Manukau", "situation": "Struggling with routines.", "submission_token": token}


@pytest.fixture
def broker_on(production_cache, settings):
    """Celery really enqueueing (not eager), to the same Redis as the cache."""
    app.conf.task_always_eager = False
    app.conf.broker_url = production_cache.url(CACHE_DB + 1)
    yield
    app.conf.task_always_eager = True
    app.conf.broker_url = settings.CELERY_BROKER_URL


def test_with_redis_killed_every_journey_answers_and_nothing_is_lost_or_made_twice(
    production_cache, broker_on, world, supervisor, django_capture_on_commit_callbacks
):
    server = production_cache
    before = _walk(world)
    assert _kept_counts(server) > 0  # the lists really used Redis
    assert all(code < 500 for code in before.values())
    assert _token_codes() == [200, 400]
    drc = Client()
    drc.force_login(world.users["drc"], backend="django.contrib.auth.backends.ModelBackend")
    referrals_before = Referral.objects.count()

    server.kill()
    started = time.monotonic()
    during = _walk(world)
    walk_seconds = time.monotonic() - started
    assert during == before  # every page answers, and answers as it did with Redis up
    assert _token_codes() == [200, 400]
    # A double-submitted referral form makes one draft; the guard does not need the cache.
    data = _referral_form(drc)
    first, second = drc.post("/referrals/new/", data), drc.post("/referrals/new/", data)
    assert first.status_code == 302 and "/referrals/new/" not in first.url
    assert second.status_code == 302 and second.url == "/referrals/"
    assert Referral.objects.count() == referrals_before + 1
    # A state change whose PDF task cannot be queued (the broker is the dead Redis) still commits.
    agreement = agreement_in(
        "awaiting_supervisor", caregiver_organisation=world.users["partner_admin"].organisation
    )
    signed_in = Client()
    signed_in.force_login(supervisor, backend="django.contrib.auth.backends.ModelBackend")
    started_approve = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        approved = signed_in.post(f"/agreements/{agreement.pk}/approve/", {})
    assert approved.status_code == 302
    assert time.monotonic() - started_approve < 5
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.AWAITING_SIGNATURES

    server.start()
    time.sleep(1.1)  # RETRY_AFTER_SECONDS (1 here): the next call tries Redis again
    after = _walk(world)
    assert after == before
    assert _kept_counts(server) > 0  # counts are kept again
    assert _token_codes() == [200, 400]
    # The form sent during the outage, sent again now, still makes no second draft; a fresh one does.
    assert drc.post("/referrals/new/", data).url == "/referrals/"
    assert Referral.objects.count() == referrals_before + 1
    assert drc.post("/referrals/new/", _referral_form(drc)).status_code == 302
    assert Referral.objects.count() == referrals_before + 2
    print(f"{len(during)} pages and API calls with Redis down in {walk_seconds:.1f} s")


def test_with_redis_down_the_throttle_opens_with_a_warning_and_lists_count_live(
    redis_server, settings, caplog, worker
):
    """Even on Django's plain RedisCache (no fail-open backend) the call sites fall back themselves."""
    _use_cache(settings, redis_server.url(CACHE_DB), backend="django.core.cache.backends.redis.RedisCache")
    settings.CAREPORTAL_COUNT_CACHE_THRESHOLD = 0
    agreement_in("draft", drafted_by=worker)
    redis_server.kill()
    with caplog.at_level(logging.WARNING):
        assert _token_codes() == [200, 400]
    assert any(
        r.name == "careportal.api.throttling" and "not applied" in r.getMessage() for r in caplog.records
    )
    api = APIClient()
    api.force_authenticate(worker)
    listed = api.get("/api/v1/agreements/")
    assert listed.status_code == 200 and listed.json()["count"] == 1
    portal = Client()
    portal.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
    assert portal.get("/agreements/").status_code == 200


def test_the_fail_open_cache_answers_not_there_and_warns_once_per_outage(production_cache, caplog):
    cache.set("k", 1)
    assert cache.get("k") == 1
    production_cache.kill()
    with caplog.at_level(logging.WARNING, logger="careportal.cache"):
        assert cache.get("k", "default") == "default"
        assert cache.add("k", 2) is False
        assert cache.set("k", 3) is None
        assert cache.get_many(["k"]) == {}
        assert cache.has_key("k") is False
        assert cache.delete("k") is False
        with pytest.raises(ValueError):
            cache.incr("k")
    assert len([r for r in caplog.records if r.name == "careportal.cache"]) == 1
    production_cache.start()
    time.sleep(1.1)
    assert cache.set("k", 4) is None and cache.get("k") == 4  # back in use


def test_a_redis_that_stops_answering_costs_a_page_at_most_the_socket_timeout(settings, worker):
    """A host that accepts the connection and never answers (a hung Redis, a black-holed route)."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        _use_cache(settings, f"redis://127.0.0.1:{silent.getsockname()[1]}/0", retry_after=30)
        settings.CAREPORTAL_COUNT_CACHE_THRESHOLD = 0
        portal = Client()
        portal.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
        timings = []
        for _ in range(3):
            started = time.monotonic()
            assert portal.get("/agreements/").status_code == 200
            timings.append(time.monotonic() - started)
    timeout = settings.REDIS_CACHE["OPTIONS"]["socket_timeout"]
    assert timings[0] < timeout + 1.0
    assert max(timings[1:]) < 0.5  # Redis is left alone after the failure


def test_production_uses_the_fail_open_cache_with_short_timeouts():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careportal.settings.production",
        "SECRET_KEY": "x" * 64,
        "ALLOWED_HOSTS": "careportal.example.govt.nz",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/careportal",
        "REDIS_URL": "redis://redis.internal:6379/0",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; c = s.CACHES['default']; "
        "print(c['BACKEND'], c['LOCATION'], c['OPTIONS']['socket_connect_timeout'] <= 0.5, "
        "c['OPTIONS']['socket_timeout'] <= 1, s.SESSION_ENGINE, s.AXES_HANDLER)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == [
        "careportal.cache.FailOpenRedisCache",
        "redis://redis.internal:6379/0",
        "True",
        "True",
        "django.contrib.sessions.backends.db",  # sessions and lockouts never depend on the cache
        "axes.handlers.database.AxesDatabaseHandler",
    ]
