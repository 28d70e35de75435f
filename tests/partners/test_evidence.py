"""Evidence: uploads (type sniffed, size capped, nothing stored on refusal), versions, review, privacy."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.urls import reverse
from django.utils import timezone

from careportal.audit.models import AuditEntry
from careportal.notifications.models import Notification
from partners import services
from partners.models import Evidence
from tests.partners.factories import (
    AcceptedEvidenceFactory,
    ApplicationFactory,
    ChangesRequestedEvidenceFactory,
    EvidenceFactory,
    SupersededEvidenceFactory,
    requirement,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(partner_org):
    return ApplicationFactory(organisation=partner_org, state="readiness")


def upload(client, application, name, content, code="child-safety", note=""):
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    data = {"requirement": str(requirement(code).pk), "file": file, "note": note}
    return client.post(f"/api/v1/applications/{application.pk}/evidence/", data, format="multipart")


# --- uploads ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name", "content_type"),
    [
        ("pdf", "Child safety policy.pdf", "application/pdf"),
        ("png", "scan.png", "image/png"),
        ("jpeg", "photo.JPG", "image/jpeg"),
        ("jpeg", "photo.jpeg", "image/jpeg"),
        ("docx", "policy.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_allowed_files_are_stored_under_a_random_name(
    api_as, partner_staff, application, files, stored_files, kind, name, content_type
):
    response = upload(api_as(partner_staff), application, name, files[kind])
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["version"], body["uploaded_by"]) == ("submitted", 1, "partner_staff")
    evidence = Evidence.objects.get(pk=body["id"])
    assert evidence.content_type == content_type and evidence.size == len(files[kind])
    assert evidence.file_name == name.replace(" ", "-")
    stored = evidence.file.name
    assert stored.startswith(f"evidence/{application.pk}/") and name not in stored
    assert len(stored_files()) == 1
    assert AuditEntry.objects.for_object(evidence).filter(action="create").exists()


@pytest.mark.parametrize(
    ("kind", "name", "message"),
    [
        ("png", "policy.pdf", "its content is a PNG image"),  # a name that lies about its type
        ("pdf", "scan.png", "its content is a PDF"),
        ("pdf", "policy", "its content is a PDF"),  # no extension at all
        ("exe", "policy.pdf", "This file is an executable program, not a PDF."),
        ("text", "policy.pdf", "its content is a text file"),
        ("zip", "policy.docx", "This file is a zip archive, not a Word document."),  # not a Word document
        ("docm", "policy.docx", "contains macros"),  # macro-enabled Word is refused
        ("docx", "policy.zip", "its content is a Word document"),
    ],
)
def test_files_that_lie_about_their_type_are_refused_and_nothing_is_stored(
    api_as, partner_staff, application, files, stored_files, kind, name, message
):
    response = upload(api_as(partner_staff), application, name, files[kind])
    assert response.status_code == 400
    assert message in response.json()["file"][0]
    assert not Evidence.objects.exists()
    assert stored_files() == set()


def test_a_file_over_the_size_cap_is_refused_and_nothing_is_stored(
    api_as, partner_staff, application, files, stored_files, settings
):
    settings.MAX_UPLOAD_BYTES = 2048
    big = files["pdf"] + b"%" + b"0" * 4096
    response = upload(api_as(partner_staff), application, "policy.pdf", big)
    assert response.status_code == 400
    assert response.json()["file"][0] == "The file is 5 KB; files can be at most 2 KB."
    assert not Evidence.objects.exists() and stored_files() == set()


def test_an_empty_file_is_refused(api_as, partner_staff, application, stored_files):
    response = upload(api_as(partner_staff), application, "policy.pdf", b"")
    assert response.status_code == 400 and "file" in response.json()
    assert not Evidence.objects.exists() and stored_files() == set()


def test_a_requirement_that_needs_a_file_refuses_a_note_only(api_as, partner_staff, application):
    response = api_as(partner_staff).post(
        f"/api/v1/applications/{application.pk}/evidence/",
        {"requirement": str(requirement("governance").pk), "note": "Will send later."},
        format="multipart",
    )
    assert response.status_code == 400 and "needs a file" in response.json()["file"][0]
    assert not Evidence.objects.exists()


def test_a_note_is_enough_where_no_file_is_required(api_as, partner_staff, application):
    response = api_as(partner_staff).post(
        f"/api/v1/applications/{application.pk}/evidence/",
        {"requirement": str(requirement("care-model").pk), "note": "Whānau-centred care."},
        format="multipart",
    )
    assert response.status_code == 201 and response.json()["download_url"] is None


def test_an_unknown_requirement_is_a_400(api_as, partner_staff, application, files):
    file = SimpleUploadedFile("policy.pdf", files["pdf"])
    response = api_as(partner_staff).post(
        f"/api/v1/applications/{application.pk}/evidence/",
        {"requirement": "not-an-id", "file": file},
        format="multipart",
    )
    assert response.status_code == 400 and "requirement" in response.json()


def test_a_database_failure_after_storing_removes_the_file(partner_staff, application, files, stored_files):
    """Nothing half-saved: when the row cannot be written, the stored file is removed as well."""
    with (
        connection.cursor() as cursor
    ):  # for this test only (rolled back with it): refuse any row with a file
        cursor.execute("ALTER TABLE partners_evidence ADD CONSTRAINT test_refuse_files CHECK (file = '')")
    with pytest.raises(IntegrityError):
        services.evidence_upload(
            application=application,
            requirement=requirement("child-safety"),
            by=partner_staff,
            file=SimpleUploadedFile("policy.pdf", files["pdf"]),
        )
    assert stored_files() == set()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("user", ["pfo", "hub", "delegate", "admin_user"])
def test_staff_do_not_upload_for_the_organisation(request, api_as, application, files, user):
    response = upload(api_as(request.getfixturevalue(user)), application, "policy.pdf", files["pdf"])
    assert response.status_code == 403 and not Evidence.objects.exists()


@pytest.mark.parametrize("state", ["confirmation", "qa_transition", "approved", "declined", "withdrawn"])
def test_evidence_is_added_only_during_preparation_and_readiness(
    api_as, partner_staff, partner_org, files, state
):
    application = ApplicationFactory(organisation=partner_org, state=state)
    response = upload(api_as(partner_staff), application, "policy.pdf", files["pdf"])
    assert response.status_code == 409 and response.json()["status"] == state


# --- versions (R-396-3: a new upload supersedes, never overwrites) ----------------------------------


def test_each_upload_is_a_new_version_and_supersedes_the_previous_one(
    api_as, partner_staff, hub, application, files, stored_files
):
    client = api_as(partner_staff)
    first = upload(client, application, "v1.pdf", files["pdf"]).json()
    api_as(hub).post(f"/api/v1/evidence/{first['id']}/accept/", {})
    second = upload(client, application, "v2.pdf", files["pdf"]).json()
    third = upload(client, application, "v3.png", files["png"]).json()
    assert [first["version"], second["version"], third["version"]] == [1, 2, 3]
    statuses = dict(Evidence.objects.values_list("version", "status"))
    assert statuses == {1: "superseded", 2: "superseded", 3: "submitted"}
    assert len(stored_files()) == 3  # nothing overwritten
    assert AuditEntry.objects.filter(action="supersede").count() == 2
    listing = client.get(f"/api/v1/applications/{application.pk}/evidence/").json()
    assert listing["count"] == 3 and [e["version"] for e in listing["results"]] == [3, 2, 1]


# --- review -----------------------------------------------------------------------------------------

EVIDENCE_FACTORIES = {
    "submitted": EvidenceFactory,
    "accepted": AcceptedEvidenceFactory,
    "changes_requested": ChangesRequestedEvidenceFactory,
    "superseded": SupersededEvidenceFactory,
}
REVIEW = {
    "accept": ("accepted", {}),
    "request_changes": ("changes_requested", {"reason": "Add the review date."}),
}


@pytest.mark.parametrize("name", list(REVIEW))
@pytest.mark.parametrize("reviewer", ["pfo", "hub"])
def test_reviewers_accept_or_request_changes_on_submitted_evidence(
    request, api_as, application, name, reviewer
):
    evidence = EvidenceFactory(application=application)
    user = request.getfixturevalue(reviewer)
    response = api_as(user).post(f"/api/v1/evidence/{evidence.pk}/{name}/", REVIEW[name][1])
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == REVIEW[name][0]
    evidence.refresh_from_db()
    assert evidence.reviewed_by == user and evidence.reviewed_at is not None
    assert evidence.reviewer_reason == REVIEW[name][1].get("reason", "")


@pytest.mark.parametrize("name", list(REVIEW))
@pytest.mark.parametrize("state", ["accepted", "changes_requested", "superseded"])
def test_review_is_refused_409_unless_submitted(api_as, hub, application, name, state):
    evidence = EVIDENCE_FACTORIES[state](application=application)
    response = api_as(hub).post(f"/api/v1/evidence/{evidence.pk}/{name}/", REVIEW[name][1])
    assert response.status_code == 409 and response.json()["status"] == state


@pytest.mark.parametrize("name", list(REVIEW))
@pytest.mark.parametrize("role", ["delegate", "supervisor", "admin_user", "partner_admin", "partner_staff"])
def test_review_is_refused_403_for_other_roles(request, api_as, application, name, role):
    evidence = EvidenceFactory(application=application)
    response = api_as(request.getfixturevalue(role)).post(
        f"/api/v1/evidence/{evidence.pk}/{name}/", REVIEW[name][1]
    )
    assert response.status_code == 403
    assert Evidence.objects.get(pk=evidence.pk).status == "submitted"


@pytest.mark.parametrize("state", ["confirmation", "declined"])
def test_evidence_is_not_reviewed_once_readiness_is_over(api_as, hub, partner_org, state):
    evidence = EvidenceFactory(application=ApplicationFactory(organisation=partner_org, state=state))
    response = api_as(hub).post(f"/api/v1/evidence/{evidence.pk}/accept/", {})
    assert response.status_code == 409 and response.json()["rule"] == "R-396-3"


def test_a_change_request_needs_a_reason_and_tells_the_organisation(
    api_as, hub, application, partner_admin, django_capture_on_commit_callbacks
):
    evidence = EvidenceFactory(application=application, requirement=requirement("complaints"))
    assert (
        api_as(hub).post(f"/api/v1/evidence/{evidence.pk}/request_changes/", {"reason": " "}).status_code
        == 400
    )
    with django_capture_on_commit_callbacks(execute=True):
        api_as(hub).post(
            f"/api/v1/evidence/{evidence.pk}/request_changes/", {"reason": "Add the review date."}
        )
    note = Notification.objects.get(recipient=partner_admin, kind="partners.changes_requested")
    assert "Complaints process" in note.message
    seen = api_as(partner_admin).get(f"/api/v1/evidence/{evidence.pk}/").json()
    assert seen["reviewer_reason"] == "Add the review date."


def test_evidence_with_a_validity_period_shows_its_expiry(api_as, partner_staff, application, files):
    body = upload(
        api_as(partner_staff), application, "vetting.pdf", files["pdf"], code="staff-vetting"
    ).json()
    # R-DATE-2: valid for 1095 days from the upload date, counting that date.
    assert body["expires_on"] == (timezone.localdate() + timedelta(days=1094)).isoformat()
    assert (
        upload(api_as(partner_staff), application, "gov.pdf", files["pdf"], code="governance").json()[
            "expires_on"
        ]
        is None
    )


# --- privacy and downloads (R-PRIV-1) -----------------------------------------------------------------


def test_download_serves_the_file_to_those_who_may_see_it_and_audits_it(
    api_as, partner_staff, pfo, application, files
):
    body = upload(api_as(partner_staff), application, "Child safety policy.pdf", files["pdf"]).json()
    assert body["download_url"].endswith(f"/api/v1/evidence/{body['id']}/download/")
    for user in (partner_staff, pfo):
        response = api_as(user).get(body["download_url"])
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == files["pdf"]
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert 'attachment; filename="Child-safety-policy.pdf"' in response["Content-Disposition"]
    assert AuditEntry.objects.filter(kind="download", object_id=body["id"]).count() == 2


def test_another_organisation_cannot_see_or_download_evidence_api(
    api_as, partner_staff, outsider, application, files
):
    body = upload(api_as(partner_staff), application, "policy.pdf", files["pdf"]).json()
    client = api_as(outsider)
    assert client.get(f"/api/v1/evidence/{body['id']}/").status_code == 404
    assert client.get(f"/api/v1/evidence/{body['id']}/download/").status_code == 404
    assert client.get(f"/api/v1/applications/{application.pk}/evidence/").status_code == 404
    assert client.get("/api/v1/evidence/").json()["count"] == 0
    assert upload(client, application, "mine.pdf", files["pdf"]).status_code == 404
    assert not AuditEntry.objects.filter(kind="download").exists()


def test_another_organisation_cannot_see_or_download_evidence_portal(
    api_as, portal_as, partner_staff, outsider, application, files
):
    body = upload(api_as(partner_staff), application, "policy.pdf", files["pdf"]).json()
    client = portal_as(outsider)
    assert client.get(reverse("partners:evidence", args=[body["id"]])).status_code == 404
    assert client.get(reverse("partners:evidence_download", args=[body["id"]])).status_code == 404
    assert client.get(reverse("partners:detail", args=[application.pk])).status_code == 404
    assert client.get(reverse("partners:evidence_upload", args=[application.pk])).status_code == 404
    own = portal_as(partner_staff).get(reverse("partners:evidence_download", args=[body["id"]]))
    assert own.status_code == 200 and own["Content-Disposition"].startswith("attachment")
