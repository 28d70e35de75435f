"""Portal pages: each renders for each role that may see it; forms run the services; filters work."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from agreements.models import Agreement, Child
from agreements.portal import work_queue
from careportal.lib.plain import explained
from tests.agreements.factories import PROVISIONS, ChildFactory, agreement_in, years_ago

pytestmark = pytest.mark.django_db
VIEWERS = ("worker", "senior", "supervisor", "coordinator", "admin_user", "partner_admin", "partner_staff")
STAFF = ("worker", "senior", "supervisor", "coordinator", "admin_user")


@pytest.fixture
def active(worker, partner_org):
    return agreement_in("active", s140=True, drafted_by=worker, caregiver_organisation=partner_org)


@pytest.mark.parametrize("role", VIEWERS)
def test_list_detail_and_child_pages_render_for_each_role(role, personas, portal_as, active):
    client = portal_as(personas(role))
    page = client.get(reverse("agreements:list"))
    assert page.status_code == 200 and active.reference in page.content.decode()
    detail = client.get(reverse("agreements:detail", args=[active.pk])).content.decode()
    basis = str(explained(active.legal_basis))  # the basis in words, its rules behind "Why?"
    for needle in ["Legal maximum", basis, "<code>R-140-2</code>", "Parties and signatures", "History"]:
        assert needle in detail
    assert "Mere Tipene" in detail and active.legal_basis not in detail
    assert client.get(reverse("agreements:child_detail", args=[active.child_id])).status_code == 200
    assert client.get(reverse("agreements:children")).status_code == 200


@pytest.mark.parametrize("role", ["worker", "senior"])
def test_drafting_pages_render_for_social_workers(role, personas, portal_as, worker):
    client = portal_as(personas(role))
    draft = agreement_in("draft", drafted_by=worker)
    page = client.get(reverse("agreements:create")).content.decode()
    assert "Legal maximum" in page and "agreements/legal-maximum.js" in page
    assert client.get(reverse("agreements:edit", args=[draft.pk])).status_code == 200
    assert client.get(reverse("agreements:child_create")).status_code == 200


@pytest.mark.parametrize("role", ["supervisor", "coordinator", "partner_admin"])
def test_drafting_pages_are_forbidden_to_other_roles(role, personas, portal_as, worker):
    client = portal_as(personas(role))
    draft = agreement_in("draft", drafted_by=worker)
    assert client.get(reverse("agreements:create")).status_code == 403
    assert client.get(reverse("agreements:child_create")).status_code == 403
    expected = 404 if role == "partner_admin" else 403  # not the partner's agreement (no caregiver)
    assert client.get(reverse("agreements:edit", args=[draft.pk])).status_code == expected


def _form_data(child, today, **overrides):
    data = {
        "child": str(child.pk),
        "agreement_type": "s139",
        "s140_paragraph": "",
        "start_date": today.isoformat(),
        "end_date": (today + timedelta(days=20)).isoformat(),
        "end_plan": "return_home",
        "caregiver_organisation": "",
        "serious_concerns_ruled_out": "on",
        **PROVISIONS,
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "0",
        "parties-0-name": "Mere Tipene",
        "parties-0-role": "parent",
        "parties-0-has_custody_right": "on",
        "parties-0-signatory": "on",
        "parties-1-name": "",
        "parties-1-role": "parent",
        "parties-1-signatory": "on",
    }
    data.update(overrides)
    return data


def test_the_form_shows_the_legal_maximum_without_javascript(portal_as, worker, today):
    child = ChildFactory(date_of_birth=years_ago(5))
    data = _form_data(child, today, agreement_type="s140", s140_paragraph="a", action="check")
    response = portal_as(worker).post(reverse("agreements:create"), data)
    html = response.content.decode()
    assert "R-140-2" in html and "6 months" in html
    assert not Agreement.objects.exists()


def test_saving_the_form_drafts_the_agreement(portal_as, worker, today):
    child = ChildFactory()
    response = portal_as(worker).post(reverse("agreements:create"), _form_data(child, today, action="save"))
    agreement = Agreement.objects.get()
    assert response.status_code == 302 and response["Location"] == agreement.get_absolute_url()
    assert list(agreement.parties.values_list("name", flat=True)) == ["Mere Tipene"]
    assert agreement.drafted_by == worker and agreement.site == worker.site


def test_editing_a_draft_replaces_its_parties_and_keeps_te_tamaiti(portal_as, worker, today):
    draft = agreement_in("draft", s140=True, drafted_by=worker)
    data = _form_data(
        draft.child,
        today,
        agreement_type="s140",
        s140_paragraph="a",
        contact_person="Aunty Hine",
        serious_concerns_ruled_out="",
        end_date=draft.end_date.isoformat(),
        **{
            "parties-0-name": "Mere Tipene-Rangi",
            "parties-1-name": "Tama Tipene",
            "parties-1-has_custody_right": "on",
            "parties-INITIAL_FORMS": "2",
        },
    )
    data.pop("parties-1-signatory")  # Tama stays a non-signing parent
    data.pop("serious_concerns_ruled_out")
    response = portal_as(worker).post(reverse("agreements:edit", args=[draft.pk]), data)
    assert response.status_code == 302, response.content.decode()
    draft.refresh_from_db()
    assert draft.contact_person == "Aunty Hine"
    assert list(draft.parties.values_list("name", "role", "signatory")) == [
        ("Mere Tipene-Rangi", "parent", True),
        ("Tama Tipene", "parent", False),
        (draft.child.name, "child", True),
    ]


def test_a_transition_form_runs_the_service_and_redirects(portal_as, worker):
    draft = agreement_in("draft", drafted_by=worker)
    response = portal_as(worker).post(reverse("agreements:transition", args=[draft.pk, "submit"]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "awaiting_supervisor"


def test_a_transition_form_shows_the_rule_beside_the_field(portal_as, worker, today):
    agreement = agreement_in("active", s140=True, drafted_by=worker)
    party = agreement.parties.get(position=0)
    data = {
        "give_notice-party": str(party.pk),
        "give_notice-given_on": today.isoformat(),
        "give_notice-form": "verbal",
        "confirmed": "yes",  # confirmed, then refused by the rule
    }
    response = portal_as(worker).post(
        reverse("agreements:transition", args=[agreement.pk, "give_notice"]), data
    )
    assert response.status_code == 400
    assert "R-140-6" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == "active"


def test_a_transition_by_a_role_that_may_not_is_forbidden(
    portal_as, supervisor, partner_admin, worker, partner_org
):
    draft = agreement_in("draft", drafted_by=worker, caregiver_organisation=partner_org)
    url = reverse("agreements:transition", args=[draft.pk, "submit"])
    assert portal_as(supervisor).post(url).status_code == 403
    assert portal_as(partner_admin).post(url).status_code == 404  # R-PRIV-4: a draft is not theirs to see
    signing = agreement_in("awaiting_signatures", drafted_by=worker, caregiver_organisation=partner_org)
    activate = reverse("agreements:transition", args=[signing.pk, "activate"])
    assert portal_as(partner_admin).post(activate).status_code == 403
    assert (
        portal_as(worker).post(reverse("agreements:transition", args=[draft.pk, "explode"])).status_code
        == 404
    )


def test_detail_offers_one_form_per_allowed_transition(portal_as, worker, supervisor):
    agreement = agreement_in("awaiting_supervisor", drafted_by=worker)
    html = portal_as(supervisor).get(agreement.get_absolute_url()).content.decode()
    for name in ["approve", "return_to_draft", "cancel"]:
        assert reverse("agreements:transition", args=[agreement.pk, name]) in html
    assert reverse("agreements:transition", args=[agreement.pk, "submit"]) not in html


def test_list_filters(portal_as, worker, partner_org, today):
    cared = agreement_in(
        "active", drafted_by=worker, caregiver_organisation=partner_org, end_date=today + timedelta(days=5)
    )
    other = agreement_in("draft", s140=True, drafted_by=worker, site="Ōtara")
    client = portal_as(worker)

    def refs(query):
        html = client.get(reverse("agreements:list") + "?" + query).content.decode()
        return {a.reference for a in (cared, other) if a.reference in html}

    assert refs("status=active") == {cared.reference}
    assert refs("agreement_type=s140") == {other.reference}
    assert refs("site=%C5%8Ctara") == {other.reference}
    assert refs(f"caregiver_organisation={partner_org.pk}") == {cared.reference}
    assert refs("ends_within=7") == {cared.reference}
    assert refs("ends_within=2") == set()
    assert refs(f"case_reference={other.child.case_reference}") == {other.reference}


def test_child_create_and_list(portal_as, worker):
    client = portal_as(worker)
    data = {
        "name": "Rongo Test",
        "date_of_birth": "2016-04-01",
        "iwi": "Tainui",
        "case_reference": "CYRAS-42",
    }
    response = client.post(reverse("agreements:child_create"), data)
    child = Child.objects.get()
    assert response["Location"] == child.get_absolute_url()
    again = client.post(reverse("agreements:child_create"), data)
    assert again.status_code == 200 and "already has this case reference" in again.content.decode()
    assert "CYRAS-42" in client.get(reverse("agreements:children") + "?case_reference=42").content.decode()


def test_legal_maximum_endpoint_for_the_form(api_as, worker, provider_user, today):
    """GET /api/v1/agreements/legal-maximum/ (used by static/agreements/legal-maximum.js)."""
    child = ChildFactory(date_of_birth=years_ago(6, days=-3))  # turns 7 in 3 days: keeps 6 months (R-AGE-2)
    url = "/api/v1/agreements/legal-maximum/"
    query = {
        "agreement_type": "s140",
        "s140_paragraph": "a",
        "start_date": today.isoformat(),
        "child": child.pk,
    }
    response = api_as(worker).get(url, query)
    assert response.status_code == 200, response.json()
    assert response.json()["rule_ids"] == ["R-140-2", "R-AGE-2"]
    assert "under 7" in response.json()["legal_basis"]
    assert (
        api_as(worker)
        .get(url, {**query, "s140_paragraph": ""})
        .json()["s140_paragraph"][0]
        .endswith("(R-140-2)")
    )
    assert api_as(provider_user).get(url, query).status_code == 403


def test_work_queues_per_role(worker, supervisor, coordinator, partner_admin, today):
    agreement_in("draft", drafted_by=worker, return_reason="Fix the dates")
    agreement_in("awaiting_signatures", drafted_by=worker)
    agreement_in("active", drafted_by=worker, end_date=today + timedelta(days=3))
    agreement_in("awaiting_supervisor", drafted_by=worker)
    agreement_in("awaiting_fgc", drafted_by=worker)
    worker_queue = {s.title: s for s in work_queue(worker)}
    assert worker_queue["My draft care agreements"].items[0].detail.startswith("Returned to draft")
    assert worker_queue["Care agreements awaiting signatures"].count == 1
    assert worker_queue["Care agreements ending within 14 days"].urgent
    assert [s.count for s in work_queue(supervisor)] == [1]
    assert [s.count for s in work_queue(coordinator)] == [1]
    assert work_queue(partner_admin)[0].count == 0  # none of these is cared for by the partner


def test_detail_does_not_offer_what_can_never_apply(portal_as, worker, coordinator):
    """R-140-7 consent withdrawal is for s140 only; R-140-3 (a)-(c) agreements are never extended."""
    s139 = agreement_in("active", drafted_by=worker)
    html = portal_as(worker).get(s139.get_absolute_url()).content.decode()
    assert reverse("agreements:transition", args=[s139.pk, "withdraw_child_consent"]) not in html
    assert reverse("agreements:transition", args=[s139.pk, "extend"]) in html
    s140 = agreement_in("active", s140=True, drafted_by=worker)
    html = portal_as(coordinator).get(s140.get_absolute_url()).content.decode()
    assert reverse("agreements:transition", args=[s140.pk, "extend"]) not in html
