"""The executed copy with the private files in an Azure Blob container (Azurite, decision 0023): the
version for signing and the drawn signature are read back from the container to render and seal the copy,
which is stored there and downloaded through a signed link, its bytes the recorded SHA-256, its seal valid."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from agreements import versions
from careportal.audit.models import AuditEntry
from careportal.sealing import seal_status
from tests.agreements import test_signing
from tests.storage.test_azure_storage import blobs, fetch

pytestmark = pytest.mark.django_db
approved = test_signing.approved  # the fixture: an agreement approved, its version issued


def test_the_executed_copy_is_sealed_stored_in_the_container_and_downloaded(
    azurite,
    azure_storage,
    approved,
    worker,
    portal_as,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    agreement = test_signing.fully_signed(approved, worker, django_capture_on_commit_callbacks)
    executed = versions.executed_copy(agreement)
    assert executed is not None
    names = blobs(azurite, azure_storage)
    assert executed.file.name in names and agreement.signing_version.file.name in names
    response = portal_as(worker).get(reverse("agreements:pdf", args=[agreement.pk]))
    assert response.status_code == 302
    status, body, headers = fetch(response["Location"])
    assert status == 200 and hashlib.sha256(body).hexdigest() == executed.sha256
    assert seal_status(body).valid
    assert headers["Content-Disposition"].startswith("attachment; filename=")
    assert AuditEntry.objects.filter(
        kind="download", object_id=str(agreement.pk), data__kind="executed"
    ).exists()
