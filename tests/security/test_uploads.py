"""Uploads end to end through the portal: size cap, allow-list by content, safe names, no traversal,
served only as attachments with nosniff through the permission-checked view; no media URL exists."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve

from partners.models import Evidence
from tests.partners.factories import ReadinessApplicationFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
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
    assert response.status_code in (302, 400), response.status_code
    evidence = Evidence.objects.filter(application=application).first()
    if evidence is None:  # refused with a message beside the field: nothing stored
        assert response.status_code == 400
        return
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
