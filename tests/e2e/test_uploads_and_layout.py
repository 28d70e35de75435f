"""In the browser: an upload field states its limit before anything is chosen and refuses a larger file
before sending it, with a message tied to the field (upload-limit.png); the server still decides."""

from __future__ import annotations

import pytest

from partners.models import Evidence
from tests.partners.factories import ReadinessApplicationFactory, requirement
from tests.security.upload_corpus import page_pdf

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_oversized_file_is_refused_in_the_browser_with_an_accessible_message(
    portal, partner_admin, partner_org, settings
):
    settings.MAX_UPLOAD_BYTES = 4096  # the live server reads the same settings: the one check's limit
    application = ReadinessApplicationFactory(organisation=partner_org)
    portal.sign_in("partner_admin")
    page = portal.go(f"/partners/applications/{application.pk}/evidence/new/")
    field = page.get_by_label("File")
    assert "at most 4 KB" in page.locator("#id_file_helptext").inner_text()
    sent: list[int] = []  # the size of every form posted: the large file is never among them
    page.on("request", lambda r: sent.append(len(r.post_data_buffer or b"")) if r.method == "POST" else None)
    page.get_by_label("Requirement").select_option(str(requirement("child-safety").pk))
    field.set_input_files(
        {"name": "big-policy.pdf", "mimeType": "application/pdf", "buffer": b"%PDF" + b"x" * 9000}
    )
    error = page.get_by_role("alert")
    assert error.inner_text() == (
        "“big-policy.pdf” is 9 KB; files can be at most 4 KB. Choose a smaller file, or save a smaller copy."
    )
    error_id = error.get_attribute("id")
    assert error_id in field.get_attribute("aria-describedby").split()
    assert "id_file_helptext" in field.get_attribute("aria-describedby").split()
    assert field.get_attribute("aria-invalid") == "true" and field.evaluate("el => el.files.length") == 0
    portal.checkpoint("upload-limit")
    page.get_by_role("button", name="Upload", exact=True).click()
    page.wait_for_load_state()
    assert not Evidence.objects.filter(application=application).exists()
    assert sent and max(sent) < 9000
    portal.check_accessibility("upload form after the refusal")
    field = page.get_by_label("File")
    # A file within the limit goes through and is checked by the server as before.
    field.set_input_files({"name": "policy.pdf", "mimeType": "application/pdf", "buffer": page_pdf()[:4096]})
    assert page.locator(".upload-error").is_hidden() and field.get_attribute("aria-invalid") is None
