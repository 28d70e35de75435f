"""The referrals collection: create, read, edit (never the status), filters and search (api.md)."""

from datetime import timedelta

import pytest

from referrals.choices import ReferralStatus
from tests.referrals.factories import COMPLETE_FIELDS, TODAY

pytestmark = pytest.mark.django_db
S = ReferralStatus


def test_coordinator_creates_a_draft_referral(api_as, drc):
    body = {**COMPLETE_FIELDS, "no_current_involvement": True, "below_statutory_threshold": True}
    response = api_as(drc).post("/api/v1/referrals/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "draft" and data["site"] == "Manukau" and data["managed_by"] == "drc"
    assert data["reference"].startswith(f"PR-{TODAY.year}-")
    assert data["missing_fields"] == [] and data["provider"] is None and data["consent"] is None
    assert data["allowed_transitions"] == ["close", "escalate", "seek_consent"]
    for name in (
        "last_contact_on",
        "next_contact_due_on",
        "no_current_involvement",
        "below_statutory_threshold",
    ):
        assert name in data


def test_a_draft_may_leave_fields_blank_and_lists_what_is_missing(api_as, senior):
    data = api_as(senior).post("/api/v1/referrals/", {"situation": "Some"}, format="json").json()
    assert "situation" not in data["missing_fields"] and len(data["missing_fields"]) == 7


@pytest.mark.parametrize(
    "persona", ["worker", "supervisor", "admin_user", "provider_user", "partner_admin", "pfo"]
)
def test_only_managers_create_referrals_r_pr_4(request, api_as, persona):
    response = api_as(request.getfixturevalue(persona)).post(
        "/api/v1/referrals/", {"site": "Manukau"}, format="json"
    )
    assert response.status_code == 403


def test_a_wrong_field_is_a_400_not_a_500(api_as, drc):
    response = api_as(drc).post("/api/v1/referrals/", {"no_current_involvement": "perhaps"}, format="json")
    assert response.status_code == 400 and "no_current_involvement" in response.json()


def test_a_manager_without_a_site_must_give_one(api_as, drc):
    drc.site = ""
    drc.save()
    response = api_as(drc).post("/api/v1/referrals/", {}, format="json")
    assert response.status_code == 400 and "site" in response.json()


def test_patch_edits_a_draft_but_never_the_status(api_as, drc, make_referral):
    referral = make_referral(S.DRAFT)
    response = api_as(drc).patch(
        f"/api/v1/referrals/{referral.pk}/", {"strengths": "Lots", "status": "closed"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["strengths"] == "Lots" and response.json()["status"] == "draft"


def test_patch_after_referral_is_a_409(api_as, drc, make_referral):
    referral = make_referral(S.ACCEPTED)
    response = api_as(drc).patch(f"/api/v1/referrals/{referral.pk}/", {"strengths": "x"}, format="json")
    assert response.status_code == 409 and response.json()["status"] == "accepted"


@pytest.mark.parametrize("persona", ["worker", "provider_user"])
def test_patch_by_others_is_a_403(request, api_as, make_referral, persona):
    referral = make_referral(S.REFERRED)
    response = api_as(request.getfixturevalue(persona)).patch(
        f"/api/v1/referrals/{referral.pk}/", {"strengths": "x"}, format="json"
    )
    assert response.status_code == 403


def test_delete_is_not_offered(api_as, drc, make_referral):
    referral = make_referral(S.DRAFT)
    assert api_as(drc).delete(f"/api/v1/referrals/{referral.pk}/").status_code == 405


def test_filters_and_search(api_as, drc, make_referral, provider2_org):
    overdue = make_referral(S.MONITORING, next_contact_due_on=TODAY - timedelta(days=1))
    elsewhere = make_referral(S.ACCEPTED, provider=provider2_org, site="Ōtara")
    draft = make_referral(S.DRAFT)
    client = api_as(drc)

    def ids(**params):
        return {r["id"] for r in client.get("/api/v1/referrals/", params).json()["results"]}

    assert ids(status="draft") == {str(draft.pk)}
    assert ids(provider=str(provider2_org.pk)) == {str(elsewhere.pk)}
    assert ids(site="Ōtara") == {str(elsewhere.pk)}
    assert ids(contact_overdue="true") == {str(overdue.pk)}
    assert ids(contact_overdue="false") == {str(elsewhere.pk), str(draft.pk)}
    assert ids(search=draft.reference) == {str(draft.pk)}
    assert client.get("/api/v1/referrals/", {"status": "nonsense"}).status_code == 400


def test_staff_view_shows_consent_and_provider_decisions(api_as, drc, make_referral, provider2_org):
    referral = make_referral(S.PROVIDER_DECLINED, declined_by=provider2_org)
    data = api_as(drc).get(f"/api/v1/referrals/{referral.pk}/").json()
    assert data["consent"]["consented"] is True and data["consent"]["given_by"] == "Mum"
    assert [(d["provider"], d["decision"], d["reason"]) for d in data["provider_decisions"]] == [
        (str(provider2_org.pk), "declined", "No capacity.")
    ]


def test_schema_describes_the_referral_endpoints(api_as, drc):
    schema = api_as(drc).get("/api/v1/schema/?format=json").json()
    paths = schema["paths"]
    for name in (
        "seek_consent",
        "record_consent",
        "refer",
        "accept",
        "decline",
        "start_monitoring",
        "escalate",
        "close",
        "history",
        "contacts",
    ):
        assert f"/api/v1/referrals/{{id}}/{name}/" in paths
