"""Uploads end to end: one check for every upload field (portal form and API), decided by content.

The one corpus of good and bad files (tests/security/upload_corpus.py) runs against every upload field:
each bad file is refused with its message on that field and nothing is stored (no file, no row, no audit
entry); each good file is stored and served with the content type the check found. Also: safe names, no
traversal, served only as attachments with nosniff through the permission-checked view; no media URL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse
from django.utils.html import escape

from careportal.audit.models import AuditEntry
from careportal.lib.uploads import ACCEPT_ATTRIBUTE
from partners.models import Evidence
from quality.models import ImprovementAction
from tests.partners.factories import ReadinessApplicationFactory, requirement
from tests.private_storage import private_media, stored_files
from tests.quality.factories import FinalReviewFactory, InProgressActionFactory, QACycleFactory
from tests.security.upload_corpus import BAD, GOOD, page_pdf

pytestmark = pytest.mark.django_db
PDF = page_pdf()
HOSTILE_NAMES = [
    "../../etc/passwd.pdf",
    "..\\..\\x.pdf",
    "/etc/cron.d/evil.pdf",
    "evil\x00.pdf",
    "a" * 500 + ".pdf",
    'quote"; filename="other.pdf',
    "CON.pdf",
]


@pytest.fixture
def application(partner_org):
    return ReadinessApplicationFactory(organisation=partner_org)


def _upload(client, application, name: str, content: bytes, content_type: str = "application/pdf"):
    return client.post(
        f"/partners/applications/{application.pk}/evidence/new/",
        {
            "requirement": requirement_code(),
            "note": "",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


def requirement_code() -> str:
    from partners.models import Requirement

    return str(Requirement.objects.current().order_by("position").first().pk)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_file_names_are_stored_under_a_random_name_inside_private_storage(
    portal_as, partner_admin, application, name
):
    response = _upload(portal_as(partner_admin), application, name, PDF)
    assert response.status_code == 302, response.status_code  # the name is made safe, keeping ".pdf"
    evidence = Evidence.objects.get(application=application)
    assert evidence.file_name.endswith(".pdf")
    stored = Path(evidence.file.path).resolve()
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert stored.parent.name == str(application.pk) and len(stored.stem) == 32  # evidence/<app>/<uuid>.pdf
    for bad in ("..", "/", "\\", "\x00", '"'):
        assert bad not in evidence.file_name
    assert len(evidence.file_name) <= 120


def test_content_decides_the_type_not_the_name(portal_as, partner_admin, application):
    client = portal_as(partner_admin)
    fake = _upload(client, application, "policy.pdf", b"MZ\x90\x00 an executable", "application/pdf")
    assert fake.status_code == 400
    html = _upload(
        client, application, "policy.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"
    )
    assert html.status_code == 400
    assert not Evidence.objects.exists()


def test_size_cap(portal_as, partner_admin, application, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    response = _upload(portal_as(partner_admin), application, "big.pdf", PDF + b"0" * 2048)
    assert response.status_code == 400
    assert b"at most" in response.content
    assert not Evidence.objects.exists()


def test_download_is_an_attachment_with_nosniff_for_the_owner_and_staff_only(
    portal_as, partner_admin, outsider, pfo, provider_user, application
):
    _upload(portal_as(partner_admin), application, "../policy.pdf", PDF)
    evidence = Evidence.objects.get()
    url = f"/partners/evidence/{evidence.pk}/download/"
    for user in (partner_admin, pfo):
        response = portal_as(user).get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content if response.streaming else [response.content]) == PDF
    for user in (outsider, provider_user):
        assert portal_as(user).get(url).status_code == 404


def test_no_media_url_serves_stored_files(portal_as, admin_user, partner_admin, application):
    _upload(portal_as(partner_admin), application, "policy.pdf", PDF)
    evidence = Evidence.objects.get()
    for prefix in ("/media/", "/private/", "/static/", "/"):
        path = prefix + evidence.file.name
        with pytest.raises(Resolver404):
            resolve(path)
        assert portal_as(admin_user).get(path).status_code == 404


# --- one corpus against every upload field -------------------------------------------------------------

__all__ = ["private_media", "stored_files"]


@dataclass
class UploadField:
    """One upload field as a person reaches it: post a file, then see what was kept and download it."""

    field: str
    post: Callable[[SimpleUploadedFile], Any]
    kept: Callable[[], bool]
    download: Callable[[], Any]
    portal: bool


def _partners(portal_as, api_as, partner_admin, partner_org, *, portal: bool) -> UploadField:
    application = ReadinessApplicationFactory(organisation=partner_org)
    pk = str(requirement("child-safety").pk)
    client = portal_as(partner_admin) if portal else api_as(partner_admin)
    url = (
        reverse("partners:evidence_upload", args=[application.pk])
        if portal
        else f"/api/v1/applications/{application.pk}/evidence/"
    )

    def post(file):
        data = {"requirement": pk, "note": "", "file": file}
        return client.post(url, data) if portal else client.post(url, data, format="multipart")

    def kept() -> bool:
        return (
            Evidence.objects.filter(application=application).exists()
            or AuditEntry.objects.filter(object_type="partners.evidence").exists()
        )

    def download():
        return (
            client.get(f"/api/v1/evidence/{Evidence.objects.get().pk}/download/")
            if not portal
            else (client.get(reverse("partners:evidence_download", args=[Evidence.objects.get().pk])))
        )

    return UploadField("file", post, kept, download, portal)


def _quality(portal_as, api_as, partner_admin, partner_org, *, portal: bool) -> UploadField:
    action = InProgressActionFactory(
        review=FinalReviewFactory(cycle=QACycleFactory(organisation=partner_org))
    )
    client = portal_as(partner_admin) if portal else api_as(partner_admin)
    url = (
        reverse("quality:action_transition", args=[action.pk, "submit_evidence"])
        if portal
        else f"/api/v1/improvement-actions/{action.pk}/submit_evidence/"
    )

    def post(file):
        data = {"evidence_note": "Support plans updated.", "evidence_file": file}
        return client.post(url, data) if portal else client.post(url, data, format="multipart")

    def kept() -> bool:
        row = ImprovementAction.objects.get(pk=action.pk)
        submitted = AuditEntry.objects.for_object(row).filter(action="submit_evidence").exists()
        return bool(row.evidence_file) or row.status != "in_progress" or submitted

    def download():
        path = "quality:action_evidence" if portal else "improvement-action-evidence"
        return client.get(reverse(path, args=[action.pk]))

    return UploadField("evidence_file", post, kept, download, portal)


FIELDS = {
    "partners-evidence-portal": (_partners, True),
    "partners-evidence-api": (_partners, False),
    "quality-action-evidence-portal": (_quality, True),
    "quality-action-evidence-api": (_quality, False),
}


@pytest.fixture(params=list(FIELDS))
def upload_field(request, portal_as, api_as, partner_admin, partner_org) -> UploadField:
    make, portal = FIELDS[request.param]
    return make(portal_as, api_as, partner_admin, partner_org, portal=portal)


def _as_upload(sample) -> SimpleUploadedFile:
    # The browser's claimed type always says PDF: the check never reads it.
    return SimpleUploadedFile(sample.name, sample.content(), content_type="application/pdf")


def _error_on_field(response, field: UploadField) -> str:
    """The refusal beside the field (portal form) or on the field's own name (API, 400)."""
    if not field.portal:
        assert response.status_code == 400, response.content[:300]
        return " ".join(response.json()[field.field])
    forms = [response.context.get(name) for name in ("form", "evidence_form")]
    form = next(f for f in forms if f is not None and f.errors)
    message = " ".join(form.errors[field.field])
    assert f'id="id_{field.field}_error"' in response.content.decode()  # rendered beside the input
    assert escape(message) in response.content.decode()
    return message


@pytest.mark.parametrize("kind", list(BAD))
def test_every_upload_field_refuses_each_bad_file_and_stores_nothing(upload_field, stored_files, kind):
    sample = BAD[kind]
    before = stored_files()  # the record the field belongs to may hold files of its own (a final report)
    response = upload_field.post(_as_upload(sample))
    assert sample.says in _error_on_field(response, upload_field)
    assert not upload_field.kept()
    assert stored_files() == before


@pytest.mark.parametrize("kind", list(GOOD))
def test_every_upload_field_accepts_each_good_file_and_serves_the_checked_type(
    upload_field, stored_files, kind
):
    sample = GOOD[kind]
    before = stored_files()
    response = upload_field.post(_as_upload(sample))
    assert response.status_code in (200, 201, 302), response.content[:300]
    assert upload_field.kept() and len(stored_files() - before) == 1
    download = upload_field.download()
    assert download.status_code == 200
    assert download["Content-Type"] == sample.content_type  # from the check, not the browser's claim
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == sample.content()


def test_a_pdf_with_javascript_in_an_object_stream_hides_it_from_a_byte_grep():
    data = BAD["pdf-javascript-in-object-stream"].content()
    assert b"/JavaScript" not in data and b"/JS" not in data  # only parsing finds it


def test_the_portal_fields_offer_only_the_accepted_kinds(portal_as, partner_admin, partner_org):
    application = ReadinessApplicationFactory(organisation=partner_org)
    html = portal_as(partner_admin).get(reverse("partners:evidence_upload", args=[application.pk]))
    assert f'accept="{ACCEPT_ATTRIBUTE}"' in html.content.decode()
    assert ACCEPT_ATTRIBUTE == ".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.txt"
