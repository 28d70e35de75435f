"""The permission matrix: every portal route and API operation, as every persona, against A's and B's records.

The expected outcomes live in permission_matrix.csv (reviewed by hand). Regenerate it with
`UPDATE_PERMISSION_MATRIX=1 pytest tests/security/test_permission_matrix.py` after a deliberate change,
then read the diff: an "ok" for an organisation persona on the other organisation's record is a leak.

Every request runs inside a savepoint that is rolled back, so one persona's successful transition never
changes what the next persona sees. Outcomes: done (a create, change or transition was audited), ok (2xx),
redirect (3xx elsewhere, nothing written: e.g. a refused portal action shown as a message), login (3xx to
the sign-in page), invalid (400), 401, 403, 404, 405, 409.
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from rest_framework.test import APIClient

from careportal.audit.models import AuditEntry, AuditKind
from tests.security.routes import Route, api_routes, fill, portal_routes
from tests.security.world import PERSONAS, World, build_world, owns

MATRIX = Path(__file__).with_name("permission_matrix.csv")
UPDATE = os.environ.get("UPDATE_PERMISSION_MATRIX") == "1"
DENIED = {"401", "403", "404", "405", "login"}
WRITE_KINDS = (AuditKind.CREATE, AuditKind.CHANGE, AuditKind.TRANSITION)
FIELDS = ["route", "persona", "owner", "outcome"]


def outcome(response) -> str:
    code = response.status_code
    if 200 <= code < 300:
        return "ok"
    if code in (301, 302, 303):
        return "login" if response["Location"].startswith(resolve_url(settings.LOGIN_URL)) else "redirect"
    if code == 400:
        return "invalid"
    return str(code)


def _client(world: World, persona: str, surface: str):
    user = world.users.get(persona)
    if surface == "api":
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _writes() -> int:
    return AuditEntry.objects.filter(kind__in=WRITE_KINDS).count()


def visit(client, route: Route, path: str) -> str:
    """One request in a savepoint that is always rolled back."""
    cache.clear()  # login and token throttles must not turn into 429s across thousands of requests
    cookies = client.cookies.copy()  # signing out (a route too) must not sign the next request out
    with transaction.atomic():
        kwargs = {"format": "json"} if route.surface == "api" and route.method != "GET" else {}
        try:
            writes = _writes()
            response = getattr(client, route.method.lower())(path, **kwargs)
            result = outcome(response)
            if _writes() != writes:  # something was created, changed or moved: say so in the table
                result = "done" if result in ("ok", "redirect") else f"{result}+write"
        except Exception as exc:  # noqa: BLE001 - a 500 is recorded, then fails the comparison
            result = f"error:{type(exc).__name__}"
        transaction.set_rollback(True)
    client.cookies = cookies
    return result


def run_matrix(world: World, routes: list[Route]) -> dict[tuple[str, str, str], str]:
    results: dict[tuple[str, str, str], str] = {}
    for persona in PERSONAS:
        clients = {s: _client(world, persona, s) for s in ("portal", "api")}
        for route in routes:
            owners = ("-",) if route.kind == "-" else tuple(world.records[route.kind])
            for owner in owners:
                pk = None if owner == "-" and route.kind == "-" else world.pk(route.kind, owner)
                extra = {"finding_id": str(world.records["finding"]["A" if owner == "-" else owner].pk)}
                results[(route.key, persona, owner)] = visit(
                    clients[route.surface], route, fill(route, pk, extra)
                )
    return results


def read_expected(surface: str) -> dict[tuple[str, str, str], str]:
    if not MATRIX.exists():
        return {}
    with MATRIX.open(newline="") as f:
        return {
            (r["route"], r["persona"], r["owner"]): r["outcome"]
            for r in csv.DictReader(f)
            if r["route"].startswith(surface + " ")
        }


def write_expected(surface: str, results: dict[tuple[str, str, str], str]) -> None:
    """Replace this surface's rows, keeping the other surface's (the two tests may run apart)."""
    rows = [
        {"route": k[0], "persona": k[1], "owner": k[2], "outcome": v}
        for k, v in (read_expected("api" if surface == "portal" else "portal") | results).items()
    ]
    rows.sort(key=lambda r: (r["route"], PERSONAS.index(r["persona"]), r["owner"]))
    with MATRIX.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def leaks(results: dict[tuple[str, str, str], str], routes: list[Route]) -> list[str]:
    """R-PRIV-1: an organisation persona must be denied every record of another organisation, and a
    provider must never reach a care agreement or a tamaiti's record."""
    kinds = {r.key: r.kind for r in routes}
    found = []
    for (key, persona, owner), result in results.items():
        kind = kinds[key]
        foreign = owns(persona, kind, owner) is False
        provider_on_child = persona.startswith("provider") and kind in ("agreement", "child")
        if (foreign or provider_on_child) and result not in DENIED:
            found.append(f"{key} as {persona} on {owner}'s record: {result}")
    return found


def compare(surface: str, routes: list[Route], world: World) -> None:
    results = run_matrix(world, routes)
    errors = sorted(f"{k}: {v}" for k, v in results.items() if v.startswith("error") or v == "500")
    assert not errors, "Server errors:\n" + "\n".join(errors[:50])
    leaked = leaks(results, routes)
    assert not leaked, "Cross-organisation access:\n" + "\n".join(leaked[:50])
    if UPDATE:
        write_expected(surface, results)
        return
    expected = read_expected(surface)
    missing = sorted({k[0] for k in results if k not in expected})
    assert not missing, (
        "Routes without an entry in tests/security/permission_matrix.csv:\n  "
        + "\n  ".join(missing)
        + "\nRun `UPDATE_PERMISSION_MATRIX=1 pytest tests/security/test_permission_matrix.py -p no:xdist`, "
        "then review the new rows (git diff) before committing them."
    )
    stale = sorted({k[0] for k in expected if k not in results})
    assert not stale, "Rows in the matrix for routes that no longer exist (regenerate):\n  " + "\n  ".join(
        stale
    )
    changed = [
        f"{k}: expected {expected[k]}, got {v}" for k, v in sorted(results.items()) if expected[k] != v
    ]
    assert not changed, f"{len(changed)} of {len(results)} outcomes changed:\n" + "\n".join(changed[:80])
    print(f"{surface}: {len(results)} checks, {Counter(results.values())}")  # noqa: T201


@pytest.fixture
def world(request, db) -> World:
    return build_world(request)


@pytest.mark.slow
def test_portal_permission_matrix_R_PRIV_1(world):
    compare("portal", portal_routes(), world)


@pytest.mark.slow
def test_api_permission_matrix_R_PRIV_1(world):
    compare("api", api_routes(), world)


def test_admin_is_superuser_only(world):
    for persona in PERSONAS:
        client = _client(world, persona, "portal")
        response = client.get("/support/")
        expected = 200 if persona == "admin_user" else 302
        assert response.status_code == expected, persona
