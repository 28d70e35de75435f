"""Services: atomicity (a failure leaves nothing), drafting rules (R-140-4, R-140-8), references, updates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DataError

from agreements import rules, services
from agreements.models import Agreement, Party, ReferenceSequence
from careportal.audit.models import AuditEntry
from careportal.exceptions import NotPermitted
from tests.agreements.factories import PROVISIONS, ChildFactory, agreement_in, years_ago
from tests.agreements.test_api_journeys import draft_body

pytestmark = pytest.mark.django_db


def _terms(today, **overrides):
    terms = {
        "agreement_type": "s139",
        "start_date": today,
        "end_date": today + timedelta(days=10),
        "serious_concerns_ruled_out": True,
        **PROVISIONS,
    }
    terms.update(overrides)
    return terms


PARENT = {"name": "Mere Tipene", "role": "parent", "has_custody_right": True}


def test_a_failed_create_leaves_nothing_behind(worker, today):
    """Atomic: the party insert fails after the agreement row and its reference were written."""
    child = ChildFactory()
    with pytest.raises(DataError):
        services.agreement_create(
            by=worker, child=child, parties=[PARENT, {"name": "x" * 300, "role": "parent"}], **_terms(today)
        )
    assert not Agreement.objects.exists()
    assert not Party.objects.exists()
    assert not ReferenceSequence.objects.exists()
    assert not AuditEntry.objects.filter(object_type="agreements.agreement").exists()


def test_a_failed_update_keeps_the_draft_as_it_was(worker, today):
    draft = agreement_in("draft", drafted_by=worker)
    before = list(draft.parties.values_list("name", flat=True))
    with pytest.raises(DataError):
        services.agreement_update(
            agreement=draft,
            by=worker,
            social_needs="Changed",
            parties=[PARENT, {"name": "x" * 300, "role": "guardian"}],
        )
    draft.refresh_from_db()
    assert draft.social_needs != "Changed"
    assert list(draft.parties.values_list("name", flat=True)) == before


def test_references_are_sequential_per_year(worker, today):
    child = ChildFactory()
    first = services.agreement_create(by=worker, child=child, parties=[PARENT], **_terms(today))
    second = services.agreement_create(by=worker, child=child, parties=[PARENT], **_terms(today))
    assert first.reference == f"CA-{today.year}-00001"
    assert second.reference == f"CA-{today.year}-00002"


@pytest.mark.parametrize(
    ("agreement_type", "age", "child_signs"),
    [("s140", 12, True), ("s140", 11, False), ("s139", 15, False)],
    ids=["s140-12-signs", "s140-11-does-not", "s139-never"],
)
def test_te_tamaiti_is_a_signatory_when_12_or_over_on_an_s140_start(
    worker, today, agreement_type, age, child_signs
):
    """R-140-4 (decision): 12 or over on the day the agreement is made."""
    child = ChildFactory(date_of_birth=years_ago(age))
    extra = (
        {
            "s140_paragraph": "a",
            "contact_person": "Mere",
            "serious_concerns_ruled_out": False,
            "end_date": today + timedelta(days=60),
        }
        if agreement_type == "s140"
        else {}
    )
    agreement = services.agreement_create(
        by=worker, child=child, parties=[PARENT], **_terms(today, agreement_type=agreement_type, **extra)
    )
    roles = [p.role for p in agreement.required_signatories]
    assert roles == (["parent", "child"] if child_signs else ["parent"])


def test_activation_waits_for_te_tamaiti_to_sign(api_as, worker, today):
    """R-140-4: activation refused until te tamaiti (12+) has signed too."""
    agreement = agreement_in("awaiting_signatures", s140=True, drafted_by=worker)
    parent = agreement.parties.get(position=0)
    services.agreement_record_signature(agreement=agreement, by=worker, party=parent, signed_on=today)
    response = api_as(worker).post(f"/api/v1/agreements/{agreement.pk}/activate/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["rule"] == "R-140-4"
    assert agreement.child.name not in response.json()["detail"]


def test_a_party_recorded_as_not_a_party_does_not_sign(api_as, worker, today):
    """R-ALL-6: the custody parent who is not a party (signatory false) has no signature to record."""
    agreement = agreement_in("awaiting_signatures", drafted_by=worker)
    tama = agreement.parties.get(position=1)
    response = api_as(worker).post(
        f"/api/v1/agreements/{agreement.pk}/record_signature/",
        {"party": str(tama.pk), "signed_on": today.isoformat()},
        format="json",
    )
    assert response.status_code == 400 and "R-ALL-6" in response.json()["party"][0]


def test_a_party_signs_only_once(worker, today):
    agreement = agreement_in("awaiting_signatures", drafted_by=worker)
    mere = agreement.parties.get(position=0)
    services.agreement_record_signature(agreement=agreement, by=worker, party=mere, signed_on=today)
    with pytest.raises(Exception, match="already signed"):
        services.agreement_record_signature(agreement=agreement, by=worker, party=mere, signed_on=today)


def test_activation_after_the_start_date_is_refused_as_lapsed(worker, today):
    """R-ALL-10: not fully signed by its start date (let alone its last day), it lapsed: never in force."""
    agreement = agreement_in(
        "awaiting_signatures",
        drafted_by=worker,
        start_date=today - timedelta(days=10),
        end_date=today - timedelta(days=1),
    )
    from tests.agreements.factories import sign_all

    sign_all(agreement)
    with pytest.raises(Exception, match="not fully signed by its start date") as caught:
        services.agreement_activate(agreement=agreement, by=worker, today=today)
    assert caught.value.rule == "R-ALL-10"
    assert caught.value.status_code == 409


def test_a_short_s140_term_draws_a_warning(api_as, worker, today):
    """R-140-8: an s140 term of 28 days or less is allowed with a warning."""
    child = ChildFactory()
    body = draft_body(
        child,
        today,
        agreement_type="s140",
        s140_paragraph="c",
        contact_person="Mere",
        serious_concerns_ruled_out=False,
        end_date=(today + timedelta(days=27)).isoformat(),
    )
    response = api_as(worker).post("/api/v1/agreements/", body, format="json")
    assert response.status_code == 201
    assert [w["code"] for w in response.json()["warnings"]] == ["short_s140_term"]


def test_the_age_band_is_judged_on_the_start_date(api_as, worker, today):
    """R-AGE-2: a child who turns 7 during the agreement keeps the 6-month maximum."""
    child = ChildFactory(date_of_birth=years_ago(6, days=-10))
    body = draft_body(
        child,
        today,
        agreement_type="s140",
        s140_paragraph="a",
        contact_person="Mere",
        serious_concerns_ruled_out=False,
        end_date=rules.last_day_for_months(today, 6).isoformat(),
    )
    response = api_as(worker).post("/api/v1/agreements/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["legal_max_end_date"] == rules.last_day_for_months(today, 6).isoformat()


def test_only_a_draft_can_be_changed(api_as, worker):
    agreement = agreement_in("awaiting_supervisor", drafted_by=worker)
    response = api_as(worker).patch(
        f"/api/v1/agreements/{agreement.pk}/", {"social_needs": "New"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["status"] == "awaiting_supervisor"


def test_patching_a_draft_revalidates_and_recomputes_the_maximum(api_as, worker, today):
    agreement = agreement_in("draft", drafted_by=worker)
    url = f"/api/v1/agreements/{agreement.pk}/"
    api = api_as(worker)
    too_late = (today + timedelta(days=40)).isoformat()
    response = api.patch(url, {"end_date": too_late}, format="json")
    assert response.status_code == 400 and "R-ALL-2" in response.json()["end_date"][0]
    response = api.patch(
        url,
        {"agreement_type": "s140", "s140_paragraph": "b", "contact_person": "Mere", "end_date": too_late},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["legal_max_end_date"] == rules.last_day_for_months(today, 12).isoformat()
    assert AuditEntry.objects.filter(object_id=str(agreement.pk), kind="change").exists()


def test_only_social_workers_draft(supervisor, today):
    with pytest.raises(NotPermitted):
        services.agreement_create(by=supervisor, child=ChildFactory(), parties=[PARENT], **_terms(today))


def test_child_api_create_and_unique_case_reference(api_as, worker, today):
    api = api_as(worker)
    body = {"name": "Rongo Test", "date_of_birth": "2016-04-01", "iwi": "Tainui", "case_reference": "CYRAS-9"}
    assert api.post("/api/v1/children/", body, format="json").status_code == 201
    response = api.post("/api/v1/children/", body, format="json")
    assert response.status_code == 400 and "case_reference" in response.json()
    future = {**body, "case_reference": "CYRAS-10", "date_of_birth": (today + timedelta(days=1)).isoformat()}
    assert "date_of_birth" in api.post("/api/v1/children/", future, format="json").json()


def test_history_lists_transitions_oldest_first(api_as, worker, supervisor):
    agreement = agreement_in("awaiting_supervisor", drafted_by=worker)
    api_as(supervisor).post(
        f"/api/v1/agreements/{agreement.pk}/return_to_draft/", {"reason": "Dates"}, format="json"
    )
    history = api_as(worker).get(f"/api/v1/agreements/{agreement.pk}/history/").json()
    assert history[-1] == {
        "transition": "return_to_draft",
        "from_status": "awaiting_supervisor",
        "to_status": "draft",
        "actor": "supervisor",
        "at": history[-1]["at"],
        "reason": "Dates",
    }
