"""The partners API contract (api.md "partners"): fields, scoping, creation rules, constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careportal.audit.models import AuditEntry
from partners.models import Accreditation, Application, Organisation, Requirement
from tests.factories import OrganisationFactory, ProviderFactory
from tests.partners.factories import (
    AccreditationFactory,
    ApplicationFactory,
    EvidenceFactory,
    ReadinessApplicationFactory,
    S396ApprovalFactory,
)

pytestmark = pytest.mark.django_db

NEW_ORGANISATION = {
    "legal_name": "Ngā Kākano Care Trust",
    "nzbn": "9429000000999",
    "kind": "care_partner",
    "region": "Waikato",
    "is_maori_organisation": True,
}


# --- organisations ----------------------------------------------------------------------------------


def test_organisation_fields_and_scope(api_as, pfo, partner_admin, partner_org, other_partner_org):
    body = api_as(pfo).get("/api/v1/organisations/?page_size=50").json()
    assert {o["legal_name"] for o in body["results"]} >= {"Kāinga Care Trust", "Other Care Trust"}
    assert set(body["results"][0]) >= {
        "id", "legal_name", "nzbn", "kind", "region", "is_maori_organisation", "approval_status",
    }  # fmt: skip
    own = api_as(partner_admin).get("/api/v1/organisations/").json()
    assert [o["id"] for o in own["results"]] == [str(partner_org.pk)]
    assert api_as(partner_admin).get(f"/api/v1/organisations/{other_partner_org.pk}/").status_code == 404


@pytest.mark.parametrize("role", ["pfo", "hub", "delegate", "admin_user"])
def test_staff_register_organisations_with_no_approval(request, api_as, role):
    body = {**NEW_ORGANISATION, "approval_status": "approved"}
    response = api_as(request.getfixturevalue(role)).post("/api/v1/organisations/", body)
    assert response.status_code == 201, response.json()
    assert response.json()["approval_status"] == "none"  # read-only: set only by the approval services
    assert Organisation.objects.get(nzbn="9429000000999").approval_status == "none"


@pytest.mark.parametrize("role", ["worker", "supervisor", "partner_admin", "provider_user"])
def test_others_cannot_register_organisations(request, api_as, role):
    assert (
        api_as(request.getfixturevalue(role)).post("/api/v1/organisations/", NEW_ORGANISATION).status_code
        == 403
    )
    assert not Organisation.objects.filter(nzbn="9429000000999").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [({"nzbn": "1234"}, "nzbn"), ({"kind": "charity"}, "kind"), ({"legal_name": ""}, "legal_name")],
)
def test_bad_organisation_input_is_a_400_on_the_field(api_as, pfo, change, field):
    response = api_as(pfo).post("/api/v1/organisations/", {**NEW_ORGANISATION, **change})
    assert response.status_code == 400 and field in response.json()


def test_duplicate_nzbn_is_a_400(api_as, pfo, partner_org):
    response = api_as(pfo).post("/api/v1/organisations/", {**NEW_ORGANISATION, "nzbn": partner_org.nzbn})
    assert response.status_code == 400 and "nzbn" in response.json()


# --- applications -----------------------------------------------------------------------------------


def test_pfo_starts_an_application_in_preparation(api_as, pfo, applicant_org):
    response = api_as(pfo).post("/api/v1/applications/", {"organisation": str(applicant_org.pk)})
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "preparation" and body["organisation"] == str(applicant_org.pk)
    for field in ("local_provision_notes", "stakeholders_consulted", "care_model_summary", "decline_proposed_on",
                  "submissions_due_on", "allowed_transitions", "created_at", "updated_at"):  # fmt: skip
        assert field in body
    assert AuditEntry.objects.filter(object_id=body["id"], action="create").exists()


def test_an_organisation_admin_starts_only_its_own_application(
    api_as, applicant_admin, applicant_org, partner_org
):
    other = api_as(applicant_admin).post("/api/v1/applications/", {"organisation": str(partner_org.pk)})
    assert other.status_code == 400 and "organisation" in other.json()
    own = api_as(applicant_admin).post("/api/v1/applications/", {"organisation": str(applicant_org.pk)})
    assert own.status_code == 201


def test_one_live_application_per_care_partner_organisation(api_as, pfo, applicant_org, provider_org):
    ApplicationFactory(organisation=applicant_org, state="withdrawn")
    assert (
        api_as(pfo).post("/api/v1/applications/", {"organisation": str(applicant_org.pk)}).status_code == 201
    )
    again = api_as(pfo).post("/api/v1/applications/", {"organisation": str(applicant_org.pk)})
    assert again.status_code == 400 and "already has an application" in again.json()["organisation"][0]
    provider = api_as(pfo).post("/api/v1/applications/", {"organisation": str(provider_org.pk)})
    assert provider.status_code == 400 and "care partner" in provider.json()["organisation"][0]
    assert Application.objects.filter(organisation=provider_org).count() == 0


@pytest.mark.parametrize("role", ["hub", "delegate", "worker", "partner_staff"])
def test_others_cannot_start_applications(request, api_as, role, partner_org):
    response = api_as(request.getfixturevalue(role)).post(
        "/api/v1/applications/", {"organisation": str(partner_org.pk)}
    )
    assert response.status_code in (400, 403)
    assert not Application.objects.exists()


def test_applications_filter_by_status(api_as, pfo):
    ApplicationFactory(state="readiness")
    ApplicationFactory()
    body = api_as(pfo).get("/api/v1/applications/?status=readiness").json()
    assert body["count"] == 1 and body["results"][0]["status"] == "readiness"


# --- requirements -----------------------------------------------------------------------------------


def test_requirements_catalogue_is_seeded_with_the_ten_areas(api_as, partner_staff):
    body = api_as(partner_staff).get("/api/v1/requirements/?page_size=50").json()
    assert body["count"] == 10
    codes = {r["code"] for r in body["results"]}
    assert codes == {
        "governance", "financial-management", "child-safety", "complaints", "staff-vetting", "caregiver-support",
        "cultural-capability", "care-model", "privacy", "incident-reporting",
    }  # fmt: skip
    for r in body["results"]:
        assert {
            "id",
            "code",
            "title",
            "standard",
            "file_required",
            "validity_days",
            "required",
            "active",
        } <= set(r)
    assert Requirement.objects.get(code="care-model").file_required is False


# --- accreditations (R-396-5) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("granted", "due"), [("2026-03-10", "2028-03-10"), ("2024-02-29", "2026-02-28")], ids=["plain", "29-feb"]
)
def test_r396_5_review_falls_due_two_years_after_the_grant(api_as, pfo, applicant_org, granted, due):
    body = {"organisation": str(applicant_org.pk), "level": 1, "status": "accredited", "granted_on": granted}
    response = api_as(pfo).post("/api/v1/accreditations/", body)
    assert response.status_code == 201, response.json()
    assert response.json()["review_due_on"] == due
    assert AuditEntry.objects.filter(object_id=response.json()["id"], action="create").exists()


def test_accreditation_input_errors_are_400s(api_as, pfo, applicant_org):
    base = {
        "organisation": str(applicant_org.pk),
        "level": 1,
        "status": "accredited",
        "granted_on": "2026-01-05",
    }
    assert "level" in api_as(pfo).post("/api/v1/accreditations/", {**base, "level": 5}).json()
    assert "status" in api_as(pfo).post("/api/v1/accreditations/", {**base, "status": "fine"}).json()
    early = api_as(pfo).post("/api/v1/accreditations/", {**base, "review_due_on": "2025-01-01"})
    assert early.status_code == 400 and "review_due_on" in early.json()
    future = api_as(pfo).post("/api/v1/accreditations/", {**base, "granted_on": "2099-01-01"})
    assert future.status_code == 400 and "granted_on" in future.json()


def test_only_staff_record_accreditations_and_organisations_see_their_own(
    api_as, partner_admin, worker, pfo, partner_org, other_partner_org
):
    body = {
        "organisation": str(partner_org.pk),
        "level": 1,
        "status": "accredited",
        "granted_on": "2026-01-05",
    }
    assert api_as(partner_admin).post("/api/v1/accreditations/", body).status_code == 403
    assert api_as(worker).post("/api/v1/accreditations/", body).status_code == 403
    mine = AccreditationFactory(organisation=partner_org)
    other = AccreditationFactory(organisation=other_partner_org)
    seen = api_as(partner_admin).get("/api/v1/accreditations/").json()
    assert [a["id"] for a in seen["results"]] == [str(mine.pk)]
    assert api_as(partner_admin).get(f"/api/v1/accreditations/{other.pk}/").status_code == 404


def test_recording_a_lapse_is_an_audited_change(api_as, pfo, partner_org):
    accreditation = AccreditationFactory(organisation=partner_org)
    response = api_as(pfo).patch(f"/api/v1/accreditations/{accreditation.pk}/", {"status": "lapsed"})
    assert response.status_code == 200 and response.json()["status"] == "lapsed"
    entry = AuditEntry.objects.for_object(accreditation).get(action="update")
    assert entry.data == {"fields": ["status"]} and entry.actor == pfo
    assert Accreditation.objects.get(pk=accreditation.pk).review_due_on == accreditation.review_due_on


# --- constant query counts (3 rows vs 30) -------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _make(kind: str, n: int, partner_org) -> None:
    for _ in range(n):
        if kind == "applications":
            ReadinessApplicationFactory()
        elif kind == "evidence":
            EvidenceFactory()
        elif kind == "organisations":
            OrganisationFactory()
            ProviderFactory()
        elif kind == "accreditations":
            AccreditationFactory()
        elif kind == "approvals":
            S396ApprovalFactory()
        elif kind == "application-evidence":
            application = Application.objects.get(organisation=partner_org)
            code = f"x-{Requirement.objects.count()}"
            requirement = Requirement.objects.create(code=code, title=code, standard="s")
            EvidenceFactory(application=application, requirement=requirement)


@pytest.mark.parametrize(
    "kind",
    ["applications", "evidence", "organisations", "accreditations", "approvals", "application-evidence"],
)
@pytest.mark.parametrize("viewer", ["pfo", "partner_admin"])
def test_list_endpoints_run_the_same_number_of_queries_for_3_and_30_rows(
    request, api_as, partner_org, kind, viewer
):
    user = request.getfixturevalue(viewer)
    application = ReadinessApplicationFactory(organisation=partner_org)
    url = {
        "application-evidence": f"/api/v1/applications/{application.pk}/evidence/?page_size=100",
    }.get(kind, f"/api/v1/{kind}/?page_size=100")
    client = api_as(user)
    _make(kind, 3, partner_org)
    few = _queries(client, url)
    _make(kind, 27, partner_org)
    assert _queries(client, url) == few
