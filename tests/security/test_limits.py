"""Limits on what one request may carry: parties an agreement, nesting and size of a body (never a 500)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import reverse

from agreements import services
from agreements.models import Agreement, Party
from careportal.exceptions import RuleViolation
from careportal.lib import limits
from careportal.lib.dates import nz_today
from tests.agreements.factories import PROVISIONS, ChildFactory, agreement_in
from tests.agreements.test_api_journeys import draft_body
from tests.agreements.test_portal import _form_data
from tests.partners.factories import ReadinessApplicationFactory

pytestmark = pytest.mark.django_db
TOO_MANY = limits.MAX_PARTIES + 1


@pytest.fixture
def today():
    return nz_today()


def parties(n: int) -> list[dict]:
    return [{"name": f"Party {i}", "role": "parent", "has_custody_right": True} for i in range(n)]


# --- At most MAX_PARTIES parties: the service, the API and the portal form -------------------------


def test_the_service_refuses_a_21st_party_and_saves_nothing(worker, today):
    terms = {
        "agreement_type": "s139",
        "start_date": today,
        "end_date": today + timedelta(days=27),
        "serious_concerns_ruled_out": True,
        **PROVISIONS,
    }
    child = ChildFactory()
    with pytest.raises(RuleViolation) as refused:
        services.agreement_create(by=worker, child=child, parties=parties(TOO_MANY), **terms)
    assert refused.value.field == "parties" and "at most 20 parties" in refused.value.message
    assert not Agreement.objects.exists()
    agreement = services.agreement_create(by=worker, child=child, parties=parties(20), **terms)
    assert agreement.parties.count() == 20


def test_the_api_answers_400_on_parties_for_21_and_saves_nothing(api_as, worker, today):
    client = api_as(worker)
    response = client.post(
        "/api/v1/agreements/", draft_body(ChildFactory(), today, parties=parties(TOO_MANY)), format="json"
    )
    assert response.status_code == 400, response.content
    assert "at most 20 parties" in response.json()["parties"][0]
    assert not Agreement.objects.exists()
    # Thousands of rows are refused the same way, before any row is validated.
    response = client.post(
        "/api/v1/agreements/", draft_body(ChildFactory(), today, parties=[{}] * 5000), format="json"
    )
    assert response.status_code == 400 and list(response.json()) == ["parties"]


def test_changing_a_draft_to_21_parties_is_refused(api_as, worker):
    draft = agreement_in("draft", drafted_by=worker)
    before = list(draft.parties.values_list("name", flat=True))
    response = api_as(worker).patch(
        f"/api/v1/agreements/{draft.pk}/", {"parties": parties(TOO_MANY)}, format="json"
    )
    assert response.status_code == 400 and "parties" in response.json()
    assert list(draft.parties.values_list("name", flat=True)) == before


def test_the_portal_form_shows_the_party_limit_and_saves_nothing(portal_as, worker, today):
    data = _form_data(ChildFactory(), today, action="save")
    data["parties-TOTAL_FORMS"] = str(TOO_MANY)
    for i in range(TOO_MANY):
        data |= {
            f"parties-{i}-name": f"Party {i}",
            f"parties-{i}-role": "parent",
            f"parties-{i}-signatory": "on",
        }
    response = portal_as(worker).post(reverse("agreements:create"), data)
    assert response.status_code == 400
    assert "at most 20 parties" in response.content.decode()
    assert not Agreement.objects.exists() and not Party.objects.exists()
    # A forged form count is capped too: Django builds at most twice the limit.
    data["parties-TOTAL_FORMS"] = "100000"
    assert portal_as(worker).post(reverse("agreements:create"), data).status_code == 400


# --- Nesting: a deep body answers 400 JSON, not a RecursionError's 500 ------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "[" * 10_000 + "]" * 10_000,
        '{"a": ' * 10_000 + "1" + "}" * 10_000,
        '{"parties": ' + "[" * 34 + '{"name": "x"}' + "]" * 34 + "}",
    ],
    ids=["list-10000-deep", "dict-10000-deep", "36-deep"],
)
def test_a_deeply_nested_body_answers_400_json(api_as, worker, body):
    response = api_as(worker).generic("POST", "/api/v1/agreements/", body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "nested more than 32 levels" in response.json()["detail"]
    assert not Agreement.objects.exists()


def test_a_body_as_deep_as_the_limit_is_read(api_as, worker):
    body = {"parties": [{"name": "x"}]}
    for _ in range(limits.JSON_MAX_DEPTH - 3):
        body = {"a": body}
    response = api_as(worker).post("/api/v1/agreements/", body, format="json")
    assert response.status_code == 400 and "child" in response.json()  # validated, not refused unread


# --- Size: over the limit answers JSON under /api/ and a plain page in the portal -------------------


@pytest.fixture
def small_bodies(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    settings.MAX_UPLOAD_BYTES = 20_000


def test_an_api_json_body_over_the_limit_answers_413_json(api_as, worker, small_bodies):
    body = json.dumps({"termination_terms": "x" * 20_000})
    response = api_as(worker).generic("POST", "/api/v1/agreements/", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json" and "too large" in response.json()["detail"]


def test_an_api_upload_over_the_cap_answers_413_json(api_as, partner_admin, partner_org, small_bodies):
    application = ReadinessApplicationFactory(organisation=partner_org)
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 40_000, content_type="application/pdf")
    response = api_as(partner_admin).post(
        f"/api/v1/applications/{application.pk}/evidence/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 413 and "too large" in response.json()["detail"]


def test_an_api_form_field_over_the_limit_answers_json_with_session_sign_in(
    partner_admin, partner_org, small_bodies
):
    """With a session, the CSRF check reads the form (through the parsers) before the view does."""
    application = ReadinessApplicationFactory(organisation=partner_org)
    client = Client(enforce_csrf_checks=True)
    client.force_login(partner_admin, backend="django.contrib.auth.backends.ModelBackend")
    client.cookies["csrftoken"] = _get_new_csrf_string()
    response = client.post(f"/api/v1/applications/{application.pk}/evidence/", {"note": "x" * 20_000})
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json" and "too large" in response.json()["detail"]


def test_a_portal_post_over_the_limit_gets_a_friendly_page(portal_as, worker, small_bodies):
    response = portal_as(worker).post(reverse("agreements:create"), {"termination_terms": "x" * 20_000})
    assert response.status_code == 413
    assert "text/html" in response["Content-Type"]
    assert "too much to send" in response.content.decode()
