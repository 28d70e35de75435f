"""Uploads state their limit and accepted kinds before anything is chosen, from the one check's own setting,
and carry the limit for the browser's early refusal (static/js/uploads.js); the server still decides."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from careportal.exceptions import RuleViolation
from careportal.lib.uploads import check_upload, limit_text
from tests.partners.factories import ReadinessApplicationFactory
from tests.quality.factories import FinalReviewFactory, InProgressActionFactory, QACycleFactory

pytestmark = pytest.mark.django_db


def _file_input(html: str, name: str) -> str:
    return re.search(rf'<input type="file" name="{name}"[^>]*>', html).group(0)


@pytest.mark.parametrize(("limit", "words"), [(2 * 1024 * 1024, "2.0 MB"), (300 * 1024, "300 KB")])
def test_the_evidence_upload_states_the_check_s_own_limit_and_kinds(
    portal_as, partner_admin, partner_org, limit, words
):
    application = ReadinessApplicationFactory(organisation=partner_org)
    with override_settings(MAX_UPLOAD_BYTES=limit):
        html = (
            portal_as(partner_admin)
            .get(reverse("partners:evidence_upload", args=[application.pk]))
            .content.decode()
        )
    help_text = re.search(r'<div class="helptext" id="id_file_helptext">([^<]*)</div>', html).group(1)
    assert help_text == (
        f"Upload a PDF, Word, Excel, PNG, JPEG or text file (.pdf, .docx, .xlsx, .png, .jpg or .txt), at most "
        f"{words}. Each upload is kept as a new version."
    )
    field = _file_input(html, "file")
    assert f'data-max-bytes="{limit}"' in field and f'data-max-label="{words}"' in field
    assert 'aria-describedby="id_file_helptext"' in field
    assert "js/uploads.js" in html


def test_the_improvement_action_evidence_field_carries_the_limit_too(portal_as, partner_admin, partner_org):
    action = InProgressActionFactory(
        review=FinalReviewFactory(cycle=QACycleFactory(organisation=partner_org))
    )
    with override_settings(MAX_UPLOAD_BYTES=1024 * 1024):
        html = (
            portal_as(partner_admin).get(reverse("quality:action_detail", args=[action.pk])).content.decode()
        )
        assert "at most 1.0 MB" in limit_text()
    assert "at most 1.0 MB." in html and 'data-max-bytes="1048576"' in _file_input(html, "evidence_file")


@override_settings(MAX_UPLOAD_BYTES=1024)
def test_the_server_still_refuses_a_larger_file_the_browser_let_through():
    with pytest.raises(RuleViolation) as refused:
        check_upload(SimpleUploadedFile("big.txt", b"a" * 2048, content_type="text/plain"), field="file")
    assert refused.value.message == "The file is 2 KB; files can be at most 1 KB."
    assert "at most 1 KB" in limit_text()
