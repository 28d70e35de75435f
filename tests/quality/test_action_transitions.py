"""Improvement actions through the API: creation rules, transitions × states × roles, `overdue`, evidence."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from careportal.audit.models import AuditEntry
from quality.choices import ActionStatus
from quality.models import ImprovementAction
from quality.services import nz_today
from tests.quality.factories import FindingFactory
from tests.security.upload_corpus import page_pdf

EVIDENCE_PDF = page_pdf()
pytestmark = pytest.mark.django_db

STATUSES = [s.value for s in ActionStatus]
# transition: (sources, target, actor persona, body)
TRANSITIONS = {
    "start": (["open"], "in_progress", "partner_staff", {}),
    "submit_evidence": (
        ["open", "in_progress"],
        "evidence_submitted",
        "partner_admin",
        {"evidence_note": "Done."},
    ),
    "verify_close": (["evidence_submitted"], "verified_closed", "hub", {}),
    "reopen": (["evidence_submitted"], "in_progress", "hub", {"reason": "Send the updated plans too."}),
}


def _url(action, name):
    return f"/api/v1/improvement-actions/{action.pk}/{name}/"


@pytest.mark.parametrize(
    ("name", "source"), [(n, s) for n, (sources, *_) in TRANSITIONS.items() for s in sources]
)
def test_action_transition_allowed_from_its_source_and_audited(request, api_as, make_action, name, source):
    _, target, persona, body = TRANSITIONS[name]
    user = request.getfixturevalue(persona)
    action = make_action(source)
    response = api_as(user).post(_url(action, name), body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == target
    entry = AuditEntry.objects.for_object(action).history().last()
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == (name, source, target, user)


@pytest.mark.parametrize(
    ("name", "status"),
    [(n, s) for n, (sources, *_) in TRANSITIONS.items() for s in STATUSES if s not in sources],
)
def test_action_transition_refused_409_from_other_states(request, api_as, make_action, name, status):
    _, _, persona, body = TRANSITIONS[name]
    action = make_action(status)
    response = api_as(request.getfixturevalue(persona)).post(_url(action, name), body, format="json")
    assert response.status_code == 409
    assert response.json()["status"] == status
    assert ImprovementAction.objects.get(pk=action.pk).status == status


OWNER_TRANSITIONS = ["start", "submit_evidence"]
HUB_ONLY = ["verify_close", "reopen"]


@pytest.mark.parametrize("persona", ["hub", "pfo", "delegate", "supervisor", "admin_user"])
@pytest.mark.parametrize("name", OWNER_TRANSITIONS)
def test_only_the_owner_organisation_starts_and_submits_evidence_403(
    request, api_as, make_action, name, persona
):
    sources, _, _, body = TRANSITIONS[name]
    action = make_action(sources[0])
    response = api_as(request.getfixturevalue(persona)).post(_url(action, name), body, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize(
    "persona", ["partner_admin", "partner_staff", "pfo", "delegate", "supervisor", "admin_user"]
)
@pytest.mark.parametrize("name", HUB_ONLY)
def test_only_the_hub_verifies_or_reopens_403(request, api_as, make_action, name, persona):
    _, _, _, body = TRANSITIONS[name]
    action = make_action("evidence_submitted")
    response = api_as(request.getfixturevalue(persona)).post(_url(action, name), body, format="json")
    assert response.status_code == 403
    assert ImprovementAction.objects.get(pk=action.pk).status == "evidence_submitted"


@pytest.mark.parametrize("name", ["start", "submit_evidence", "verify_close", "reopen"])
def test_another_organisation_gets_404(api_as, outsider, make_action, name):
    action = make_action("evidence_submitted" if name in HUB_ONLY else "open")
    assert api_as(outsider).post(_url(action, name), TRANSITIONS[name][3], format="json").status_code == 404


def test_an_action_owned_by_oranga_tamariki_is_worked_by_the_hub(api_as, hub, partner_admin, make_action):
    action = make_action("open", owner_organisation=None)
    assert api_as(partner_admin).post(_url(action, "start"), {}, format="json").status_code == 403
    body = api_as(hub).post(_url(action, "start"), {}, format="json").json()
    assert body["status"] == "in_progress" and body["owner_name"] == "Oranga Tamariki"


def test_reopen_needs_a_reason_400(api_as, hub, make_action):
    action = make_action("evidence_submitted")
    assert api_as(hub).post(_url(action, "reopen"), {"reason": ""}, format="json").status_code == 400


def test_submit_evidence_needs_a_note_400(api_as, partner_admin, make_action):
    action = make_action("in_progress")
    response = api_as(partner_admin).post(
        _url(action, "submit_evidence"), {"evidence_note": " "}, format="json"
    )
    assert response.status_code == 400


def test_submit_evidence_with_a_file_and_download_it(api_as, partner_admin, hub, make_action):
    action = make_action("in_progress")
    upload = SimpleUploadedFile("support plans.pdf", EVIDENCE_PDF, content_type="application/pdf")
    response = api_as(partner_admin).post(
        _url(action, "submit_evidence"),
        {"evidence_note": "Plans attached.", "evidence_file": upload},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["evidence_file_name"] == "support-plans.pdf" and body["evidence_url"].endswith("/evidence/")
    download = api_as(hub).get(body["evidence_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == EVIDENCE_PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/pdf"  # what the upload check found
    assert AuditEntry.objects.for_object(action).filter(kind="download").count() == 1


def test_evidence_file_of_a_wrong_kind_is_refused_and_nothing_changes(api_as, partner_admin, make_action):
    action = make_action("in_progress")
    upload = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = api_as(partner_admin).post(
        _url(action, "submit_evidence"), {"evidence_note": "x", "evidence_file": upload}, format="multipart"
    )
    assert response.status_code == 400 and "evidence_file" in response.json()
    assert ImprovementAction.objects.get(pk=action.pk).status == "in_progress"


# --- creation ------------------------------------------------------------------------------------------


def _create_body(review, **extra):
    return {
        "review": str(review.pk),
        "title": "Refresh caregiver support plans",
        "due_on": str(nz_today() + timedelta(days=30)),
        **extra,
    }


def test_hub_creates_an_action_from_a_finding_owned_by_the_reviewed_organisation(
    api_as, hub, make_review, partner_org
):
    review = make_review("in_progress")
    finding = FindingFactory(review=review)
    response = api_as(hub).post(
        "/api/v1/improvement-actions/", _create_body(review, finding=str(finding.pk)), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "open" and body["overdue"] is False
    assert body["owner_organisation"] == str(partner_org.pk) and body["standard_part"] == 1
    assert AuditEntry.objects.filter(object_id=body["id"], action="create").exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"due_on": "2020-01-01"}, "due_on"),
        ({"title": ""}, "title"),
        ({"due_on": "not a date"}, "due_on"),
    ],
)
def test_action_creation_input_errors_are_400(api_as, hub, make_review, extra, field):
    response = api_as(hub).post(
        "/api/v1/improvement-actions/", _create_body(make_review("in_progress"), **extra), format="json"
    )
    assert response.status_code == 400 and field in response.json()
    assert not ImprovementAction.objects.exists()


def test_action_finding_must_belong_to_the_review_400(api_as, hub, make_review):
    review = make_review("in_progress")
    elsewhere = FindingFactory()
    response = api_as(hub).post(
        "/api/v1/improvement-actions/", _create_body(review, finding=str(elsewhere.pk)), format="json"
    )
    assert response.status_code == 400 and "finding" in response.json()


def test_action_owner_is_the_reviewed_organisation_or_oranga_tamariki_400(
    api_as, hub, make_review, other_partner_org
):
    review = make_review("in_progress")
    response = api_as(hub).post(
        "/api/v1/improvement-actions/",
        _create_body(review, owner_organisation=str(other_partner_org.pk)),
        format="json",
    )
    assert response.status_code == 400 and "owner_organisation" in response.json()
    ours = api_as(hub).post(
        "/api/v1/improvement-actions/", _create_body(review, owner_organisation=None), format="json"
    )
    assert ours.status_code == 201 and ours.json()["owner_name"] == "Oranga Tamariki"


def test_no_action_on_a_review_not_started_409(api_as, hub, make_review):
    response = api_as(hub).post(
        "/api/v1/improvement-actions/", _create_body(make_review("planned")), format="json"
    )
    assert response.status_code == 409 and response.json()["status"] == "planned"


@pytest.mark.parametrize("persona", ["partner_admin", "pfo", "delegate"])
def test_only_the_hub_creates_actions_403(request, api_as, make_review, persona):
    review = make_review("final")
    response = api_as(request.getfixturevalue(persona)).post(
        "/api/v1/improvement-actions/", _create_body(review), format="json"
    )
    assert response.status_code == 403


# --- overdue -------------------------------------------------------------------------------------------


def test_overdue_is_computed_and_filterable(api_as, hub, make_action):
    late = make_action("in_progress", due_on=nz_today() - timedelta(days=1))
    make_action("open", due_on=nz_today())  # due today: not overdue
    make_action("verified_closed", due_on=nz_today() - timedelta(days=30))  # closed: never overdue
    rows = api_as(hub).get("/api/v1/improvement-actions/").json()["results"]
    assert {r["id"]: r["overdue"] for r in rows}[str(late.pk)] is True
    assert sum(r["overdue"] for r in rows) == 1
    only = api_as(hub).get("/api/v1/improvement-actions/?overdue=true").json()
    assert [r["id"] for r in only["results"]] == [str(late.pk)]
