"""Private responses: every response to a signed-in user (portal session or API token), pages, lists,
downloads and errors alike, says `Cache-Control: no-store, private`; static files need not."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.agreements.factories import agreement_in
from tests.security.routes import api_routes, fill, portal_routes
from tests.security.world import build_world

pytestmark = pytest.mark.django_db
PRIVATE = "no-store, private"


@pytest.fixture
def world(request):
    return build_world(request)


def _portal_paths(world) -> list[str]:
    paths = {
        fill(route, None if route.kind == "-" else world.pk(route.kind, "A"), {})
        for route in portal_routes()
        if route.method == "GET"
    }
    return sorted(paths)


@pytest.mark.parametrize("persona", ["worker", "partner_admin"])
def test_every_portal_page_to_a_signed_in_user_is_not_stored(world, persona):
    client = Client()
    cached = []
    for path in _portal_paths(world):
        # Signed in afresh for each page: one of them is the sign-out.
        client.force_login(world.users[persona], backend="django.contrib.auth.backends.ModelBackend")
        response = client.get(path)
        if response.get("Cache-Control") != PRIVATE:
            cached.append(f"{path}: {response.status_code} {response.get('Cache-Control')!r}")
    assert cached == []


def test_downloads_and_posts_are_not_stored(world, portal_as):
    client = portal_as(world.users["partner_admin"])
    # The world's agreement awaits its supervisor (nothing issued yet, R-ALL-6): one awaiting signatures.
    issued = agreement_in("awaiting_signatures", drafted_by=world.users["worker"])
    pdf = portal_as(world.users["worker"]).get(f"/agreements/{issued.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    done = client.post(f"/notifications/tasks/{world.pk('task', 'A')}/done/", {})
    assert done.status_code == 302
    assert (pdf["Cache-Control"], done["Cache-Control"]) == (PRIVATE, PRIVATE)


def test_every_api_read_with_a_token_is_not_stored(world):
    anonymous = APIClient()
    token = anonymous.post(
        "/api/v1/auth/token/",
        {"username": "partner_admin", "password": "correct-horse-battery"},
        format="json",
    )
    assert token.status_code == 200, token.content
    assert token["Cache-Control"] == PRIVATE  # it carries the credential itself
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    cached, read = [], 0
    for route in api_routes():
        if route.method != "GET" or "{" in route.template.replace("{id}", ""):
            continue
        owner = "A" if "A" in world.records.get(route.kind, {}) else "-"
        path = fill(route, world.pk(route.kind, owner) if route.kind != "-" else None, {})
        response, read = api.get(path), read + 1
        if response.get("Cache-Control") != PRIVATE:
            cached.append(f"{path}: {response.status_code} {response.get('Cache-Control')!r}")
    assert cached == [] and read > 30
    assert api.get(f"/api/v1/agreements/{world.pk('agreement', 'B')}/")["Cache-Control"] == PRIVATE  # a 404


def test_the_anonymous_sign_in_page_and_static_files_keep_their_own_caching(client):
    assert client.get("/accounts/login/").get("Cache-Control") != PRIVATE
