"""Fuzz every API operation with schemathesis, signed in as a staff user and as a partner user.

The schema is the one `/api/v1/schema/` serves (drf-spectacular), the app is called in-process (WSGI) in
the test's transaction, against the same world as the permission matrix. Checks: no 5xx, and every
response conforms to the schema (status code documented or a standard error, content type, body shape).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.security.world import build_side

EXAMPLES = 3  # per operation and persona (119 operations x 2 personas): a few minutes in CI


# Loaded once at import: the schema view needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """As Django's test client does: a request must not close the test's connection (and its transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _token(request, persona: str) -> str:
    # Organisation A's side of the world: a row of every kind in every list, serialised and checked.
    build_side(request, "A")
    return AuthToken.objects.create(user=request.getfixturevalue(persona))[1]


@pytest.fixture
def staff_token(request, db):
    return _token(request, "admin_user")


@pytest.fixture
def partner_token(request, db):
    return _token(request, "partner_admin")


def _fuzz(case, token: str) -> None:
    cache.clear()  # the token endpoint is throttled
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )


FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


@pytest.mark.slow
@schema.parametrize()
@FUZZ
def test_api_fuzz_as_staff(case, staff_token):
    _fuzz(case, staff_token)


@pytest.mark.slow
@schema.parametrize()
@FUZZ
def test_api_fuzz_as_partner(case, partner_token):
    _fuzz(case, partner_token)
