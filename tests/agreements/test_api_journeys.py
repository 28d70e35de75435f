"""End-to-end journeys through the API: s139 and s140 from draft to active and to their endings."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agreements import rules
from agreements.models import Agreement
from careportal.notifications.models import FollowUpTask
from tests.agreements.factories import PROVISIONS, ChildFactory, years_ago

pytestmark = pytest.mark.django_db


def draft_body(child, today, **overrides):
    body = {
        "child": str(child.pk),
        "agreement_type": "s139",
        "start_date": today.isoformat(),
        "end_date": (today + timedelta(days=27)).isoformat(),
        "end_plan": "return_home",
        "caregiver_organisation": None,
        "serious_concerns_ruled_out": True,
        "termination_terms": "",
        **PROVISIONS,
        "parties": [
            {"name": "Mere Tipene", "role": "parent", "has_custody_right": True},
            {"name": "Tama Tipene", "role": "parent", "has_custody_right": True, "signatory": False},
        ],
    }
    body.update(overrides)
    return body


def test_s139_journey_from_draft_to_active(
    api_as, worker, supervisor, today, django_capture_on_commit_callbacks
):
    child = ChildFactory()
    api = api_as(worker)
    response = api.post("/api/v1/agreements/", draft_body(child, today), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "draft"
    assert data["reference"].startswith(f"CA-{today.year}-")
    assert data["legal_max_end_date"] == (today + timedelta(days=27)).isoformat()
    assert "R-139-1" in data["legal_basis"]
    assert data["allowed_transitions"] == ["cancel", "submit"]
    assert [p["role"] for p in data["required_signatories"]] == ["parent"]
    agreement_url = f"/api/v1/agreements/{data['id']}/"

    assert api.post(agreement_url + "submit/", {}, format="json").json()["status"] == "awaiting_supervisor"
    with django_capture_on_commit_callbacks(execute=True):  # the version for signing is issued on commit
        response = api_as(supervisor).post(agreement_url + "approve/", {}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "awaiting_signatures"
    mere = response.json()["required_signatories"][0]["party"]
    response = api.post(agreement_url + "activate/", {}, format="json")
    assert response.status_code == 409 and response.json()["rule"] == "R-ALL-6"
    response = api.post(
        agreement_url + "record_signature/", {"party": mere, "signed_on": today.isoformat()}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["required_signatories"][0]["signed_on"] == today.isoformat()
    response = api.post(agreement_url + "activate/", {}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "active"
    history = api.get(agreement_url + "history/").json()
    assert [h["transition"] for h in history] == [
        "create",
        "submit",
        "approve",
        "record_signature",
        "activate",
    ]


def test_s140_journey_goes_through_the_fgc_and_adds_te_tamaiti_as_signatory(
    api_as, worker, supervisor, coordinator, today, django_capture_on_commit_callbacks
):
    child = ChildFactory(date_of_birth=years_ago(12))
    api = api_as(worker)
    body = draft_body(
        child,
        today,
        agreement_type="s140",
        s140_paragraph="b",
        contact_person="Mere, weekly",
        end_date=rules.last_day_for_months(today, 12).isoformat(),
        serious_concerns_ruled_out=False,
    )
    response = api.post("/api/v1/agreements/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert [p["role"] for p in data["required_signatories"]] == ["parent", "child"]
    url = f"/api/v1/agreements/{data['id']}/"
    assert api.post(url + "submit/", {}, format="json").json()["status"] == "awaiting_fgc"
    response = api_as(coordinator).post(
        url + "record_fgc_approval/",
        {"held_on": today.isoformat(), "coordinator_certified": True},
        format="json",
    )
    assert response.status_code == 200, response.json()
    with django_capture_on_commit_callbacks(execute=True):  # the version for signing is issued on commit
        approved = api_as(supervisor).post(url + "approve/", {}, format="json")
    assert approved.json()["status"] == "awaiting_signatures"
    for signatory in data["required_signatories"]:
        api.post(
            url + "record_signature/",
            {"party": signatory["party"], "signed_on": today.isoformat()},
            format="json",
        )
    assert api.post(url + "activate/", {}, format="json").json()["status"] == "active"
    response = api.post(url + "withdraw_child_consent/", {"given_on": today.isoformat()}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "notice_given"
    assert response.json()["termination"]["kind"] == "child_withdrew_consent"
    assert response.json()["termination"]["effective_on"] == (today + timedelta(days=8)).isoformat()
    kinds = set(FollowUpTask.objects.values_list("kind", flat=True))
    assert kinds == {"agreement_explore_consent_withdrawal", "agreement_consider_reconvening_fgc"}
    assert Agreement.objects.get(pk=data["id"]).status == "notice_given"
