"""Every free-text field has a maximum length: one character more is a 400 on that field, never a 500.

Walked, not listed: every request body of every API operation in the OpenAPI schema (each create, update
and transition serializer; sent for real as a persona the permission matrix lets in), and every portal
form class.
"""

from __future__ import annotations

import csv
import importlib
import inspect
import io
from typing import Any

import pytest
from django import forms
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from careportal.lib import limits
from tests.agreements.factories import agreement_in
from tests.security.test_permission_matrix import MATRIX
from tests.security.world import PERSONAS, build_world

pytestmark = pytest.mark.django_db
APPS = ("agreements", "partners", "referrals", "quality")
# The API's own resources outside these apps (sign-in, notifications, tasks) are not free text here.
OTHER_RESOURCES = ("auth", "notifications", "tasks", "schema")
ALLOWED = {"done", "ok", "invalid", "409"}  # outcomes in the matrix of a persona that gets to the body
# Strings that name a record (looked up, never stored as text): a user by username.
REFERENCES = {"lead_reviewer"}


def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def text_properties(schema: dict, body: dict, path: tuple = ()) -> list[tuple[tuple, dict]]:
    """(path, property) of every free-text string in a request body, nested objects and lists included."""
    body = _resolve(schema, body)
    if "allOf" in body:
        return [p for part in body["allOf"] for p in text_properties(schema, part, path)]
    found: list[tuple[tuple, dict]] = []
    for name, prop in body.get("properties", {}).items():
        prop = _resolve(schema, prop)
        if prop.get("readOnly"):
            continue
        if prop.get("type") == "array" and "items" in prop:
            found += text_properties(schema, prop["items"], (*path, name, 0))
        elif prop.get("type") == "object" or "properties" in prop:
            found += text_properties(schema, prop, (*path, name))
        elif (
            prop.get("type") == "string"
            and "format" not in prop
            and "enum" not in prop
            and name not in REFERENCES
        ):
            found.append(((*path, name), prop))
    return found


def operations(schema: dict):
    for route, methods in schema["paths"].items():
        if route.removeprefix("/api/v1/").split("/")[0] in OTHER_RESOURCES:
            continue
        for method, op in methods.items():
            content = op.get("requestBody", {}).get("content", {})
            media = next((m for m in ("application/json", "multipart/form-data") if m in content), None)
            if media is not None:
                yield route, method.upper(), media, content[media]["schema"]


def test_every_text_field_of_every_request_body_has_a_max_length():
    schema = _schema()
    missing = [
        f"{method} {route}: {'.'.join(map(str, path))}"
        for route, method, _, body in operations(schema)
        for path, prop in text_properties(schema, body)
        if "maxLength" not in prop
    ]
    assert not missing, "Text without a maximum length:\n" + "\n".join(missing)


def _nested(path: tuple, value: str) -> Any:
    result: Any = value
    for key in reversed(path):
        result = [result] if key == 0 else {key: result}
    return result


def _allowed_personas() -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(method, route) -> the (persona, owner) pairs the permission matrix lets reach the body."""
    allowed: dict[tuple[str, str], list[tuple[str, str]]] = {}
    with MATRIX.open(newline="") as f:
        for row in csv.DictReader(f):
            surface, method, route = row["route"].split(" ", 2)
            if surface == "api" and row["outcome"] in ALLOWED:
                allowed.setdefault((method, route), []).append((row["persona"], row["owner"]))
    return allowed


def test_one_character_over_any_limit_is_a_400_on_that_field(request):
    """Every text field of every API create, update and transition body, as a persona allowed there."""
    schema = _schema()
    world = build_world(request)
    allowed = _allowed_personas()
    failures, sent = [], 0
    for route, method, media, body in operations(schema):
        for path, prop in text_properties(schema, body):
            who = next(iter(sorted(allowed.get((method, route), []), key=lambda p: p[1] != "A")), None)
            assert who is not None, f"{method} {route}: nobody in the permission matrix may send it"
            persona, owner = who
            first = route.removeprefix("/api/v1/").split("/")[0]
            kind = _kind(first)
            url = route.replace("{id}", world.pk(kind, "A" if owner == "-" else owner) if kind else "")
            url = url.replace("{finding_id}", str(world.records["finding"]["A"].pk))
            value = "x" * (prop["maxLength"] + 1)
            data = _nested(path, value) if media == "application/json" else {path[0]: value}
            response = _send(world.users[persona], method, url, data, media)
            sent += 1
            errors = response.json() if response.status_code == 400 else {}
            if response.status_code != 400 or path[0] not in errors:
                failures.append(f"{method} {url} {'.'.join(map(str, path))} as {persona}: "
                                f"{response.status_code} {response.content[:200]!r}")  # fmt: skip
    assert sent > 40  # the walk found the fields (about 110 today)
    assert not failures, "\n".join(failures)


def _kind(first: str) -> str | None:
    from tests.security.routes import API_KINDS

    return API_KINDS.get(first)


def _send(user, method: str, url: str, data: Any, media: str):
    client = APIClient()
    client.force_authenticate(user)
    with transaction.atomic():
        fmt = "json" if media == "application/json" else "multipart"
        response = getattr(client, method.lower())(url, data, format=fmt)
        transaction.set_rollback(True)
    return response


# --- The classes themselves: nothing a client or user sends as text is unbounded ------------------


def _classes(module_name: str, base: type) -> list[type]:
    module = importlib.import_module(module_name)
    return [
        c for _, c in inspect.getmembers(module, inspect.isclass) if issubclass(c, base) and c.__module__ == module.__name__
    ]  # fmt: skip


@pytest.mark.parametrize("app", APPS)
def test_every_text_box_of_every_portal_form_has_a_max_length(app):
    unbounded = [
        f"{cls.__name__}.{name}"
        for cls in _classes(f"{app}.forms", forms.BaseForm)
        for name, field in getattr(cls, "base_fields", {}).items()
        if type(field) is forms.CharField and field.max_length is None
    ]
    assert not unbounded, unbounded


# --- The portal shows the limit and refuses what is over it ------------------------------------------


def test_a_text_box_shows_its_limit(portal_as, worker):
    draft = agreement_in("draft", drafted_by=worker)
    html = portal_as(worker).get(reverse("agreements:edit", args=[draft.pk])).content.decode()
    assert f'maxlength="{limits.TEXT}"' in html
    assert 'aria-describedby="id_educational_needs_helptext"' in html
    assert "Up to 8,000 characters." in html
    assert "js/text-limits.js" in html  # the live count (a static file: the CSP allows no inline script)


def test_a_reason_over_the_limit_is_a_form_error_and_changes_nothing(portal_as, supervisor, worker):
    agreement = agreement_in("awaiting_supervisor", drafted_by=worker)
    response = portal_as(supervisor).post(
        reverse("agreements:transition", args=[agreement.pk, "return_to_draft"]),
        {"return_to_draft-reason": "x" * (limits.REASON + 1)},
    )
    assert response.status_code == 400
    assert "at most 4000 characters" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == "awaiting_supervisor"


def test_a_referral_section_over_the_limit_is_a_form_error(portal_as, request):
    from referrals.permissions import MANAGER_ROLES

    manager = next(
        request.getfixturevalue(p) for p in PERSONAS[1:] if request.getfixturevalue(p).role in MANAGER_ROLES
    )
    response = portal_as(manager).post(
        reverse("referrals:create"), {"site": "Ōtara", "situation": "x" * (limits.TEXT + 1)}
    )
    assert response.status_code in (200, 400)
    assert "at most 8000 characters" in response.content.decode()
    from referrals.models import Referral

    assert not Referral.objects.exists()


# --- Existing longer text: the new limits change no column --------------------------------------------


@pytest.mark.parametrize(
    "app, migration",
    [("agreements", "0003"), ("partners", "0005"), ("referrals", "0003"), ("quality", "0003")],
)
def test_the_text_limits_migrations_change_no_column(app, migration):
    """A TextField's max_length is not a database constraint and no CharField shrank, so text already
    stored longer than a new limit migrates untouched (it is refused only when saved again)."""
    out = io.StringIO()
    call_command("sqlmigrate", app, migration, stdout=out)
    statements = [
        line
        for line in out.getvalue().splitlines()
        if line and not line.startswith(("--", "BEGIN", "COMMIT"))
    ]
    assert statements == []
