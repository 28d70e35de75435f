"""Private files in an Azure Blob container (decision 0023), against a real Azurite: uploads land in the
container, a download passes the permission check and the audit and then redirects to a link signed for
PRIVATE_LINK_SECONDS, which Azurite honours and refuses once it has expired; the container answers no
anonymous read. The executed copy's path: tests/agreements/test_executed_copy_in_azure.py."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import uuid
from email.message import Message
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from careportal.audit.models import AuditEntry
from careportal.storage import PrivateAzureStorage
from partners.demo import demo_pdf
from tests.partners.factories import ApplicationFactory
from tests.partners.test_evidence import upload

pytestmark = pytest.mark.django_db

PDF = demo_pdf("Child safety policy")


def fetch(url: str) -> tuple[int, bytes, Message]:
    """A plain HTTP GET with no credentials, as the browser following the redirect makes it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a loopback test URL
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read(), refused.headers


def blobs(azurite, container: str) -> list[str]:
    return [b.name for b in azurite.service().get_container_client(container).list_blobs()]


@pytest.fixture
def evidence_id(azure_storage, api_as, partner_staff, partner_org):
    application = ApplicationFactory(organisation=partner_org, state="readiness")
    response = upload(api_as(partner_staff), application, "Child safety policy.pdf", PDF)
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def test_an_upload_is_stored_in_the_container_and_the_owner_gets_it_through_a_signed_link(
    azurite, azure_storage, evidence_id, api_as, portal_as, partner_staff
):
    from partners.models import Evidence

    stored = Evidence.objects.get(pk=evidence_id).file.name
    assert blobs(azurite, azure_storage) == [stored]
    assert isinstance(default_storage._wrapped, PrivateAzureStorage)  # type: ignore[attr-defined]
    for response in (
        api_as(partner_staff).get(f"/api/v1/evidence/{evidence_id}/download/"),
        portal_as(partner_staff).get(reverse("partners:evidence_download", args=[evidence_id])),
    ):
        assert response.status_code == 302
        assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))
        link = response["Location"]
        assert link.startswith(f"{azurite.endpoint}/{azure_storage}/{stored}?")
        query = parse_qs(urlsplit(link).query)
        assert query["sp"] == ["r"] and "sig" in query and "se" in query  # read-only, signed, expiring
        status, body, headers = fetch(link)
        assert status == 200 and body == PDF
        assert headers["Content-Disposition"] == 'attachment; filename="Child-safety-policy.pdf"'
        assert headers["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(kind="download", object_id=evidence_id).count() == 2


def test_another_organisation_is_refused_before_any_link_is_made(
    azure_storage, evidence_id, api_as, portal_as, outsider
):
    api = api_as(outsider).get(f"/api/v1/evidence/{evidence_id}/download/")
    portal = portal_as(outsider).get(reverse("partners:evidence_download", args=[evidence_id]))
    for response in (api, portal):
        assert response.status_code == 404 and "Location" not in response
        assert "sig=" not in response.content.decode()
    assert not AuditEntry.objects.filter(kind="download").exists()


def test_a_signed_link_that_has_expired_is_refused_by_the_storage(
    settings, azure_storage, evidence_id, api_as, partner_staff
):
    settings.PRIVATE_LINK_SECONDS = 1
    link = api_as(partner_staff).get(f"/api/v1/evidence/{evidence_id}/download/")["Location"]
    time.sleep(2.5)
    status, body, _ = fetch(link)
    assert status == 403 and PDF not in body


def test_the_container_answers_no_anonymous_read_and_no_forged_link(
    azurite, azure_storage, evidence_id, api_as, partner_staff
):
    link = api_as(partner_staff).get(f"/api/v1/evidence/{evidence_id}/download/")["Location"]
    bare = link.split("?", 1)[0]
    status, body, _ = fetch(bare)
    assert status in (401, 403, 404) and PDF not in body
    status, body, _ = fetch(f"{azurite.endpoint}/{azure_storage}?restype=container&comp=list")
    assert status in (401, 403, 404) and b"evidence/" not in body
    forged = link.replace("sig=", "sig=A")
    status, body, _ = fetch(forged)
    assert status == 403 and PDF not in body
    assert default_storage.container_is_private()  # type: ignore[attr-defined]
    # url() (what a template or the admin would call) is never signed.
    assert default_storage.url(link.split(f"{azure_storage}/", 1)[1].split("?")[0]) == bare


def test_with_no_link_lifetime_the_web_node_streams_the_file_from_the_container(
    settings, azure_storage, evidence_id, api_as, partner_staff
):
    settings.PRIVATE_LINK_SECONDS = 0
    response = api_as(partner_staff).get(f"/api/v1/evidence/{evidence_id}/download/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"


def test_check_private_storage_makes_a_missing_container_private_and_refuses_a_public_one(
    settings, monkeypatch, azurite, tmp_path
):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from careportal.settings.storage import private_storage

    def point_at(container: str) -> None:
        for name, value in azurite.env(container).items():
            monkeypatch.setenv(name, value)
        settings.STORAGES = {**settings.STORAGES, "default": private_storage(tmp_path)}

    missing, public = (f"careportal-{kind}-{uuid.uuid4().hex[:8]}" for kind in ("missing", "public"))
    point_at(missing)
    with pytest.raises(CommandError, match="does not exist"):
        call_command("check_private_storage")
    call_command("check_private_storage", create=True)
    assert (
        azurite.service().get_container_client(missing).get_container_access_policy()["public_access"] is None
    )
    azurite.service().create_container(public, public_access="blob")
    point_at(public)
    with pytest.raises(CommandError, match="allows anonymous reads"):
        call_command("check_private_storage")
