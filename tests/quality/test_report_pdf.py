"""The final report PDF: generated for real on finalise, read back with pdftotext, downloaded with an audit."""

import shutil
import subprocess

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse

from careportal.audit.models import AuditEntry
from quality.choices import ActivityKind, Rating
from quality.models import QAReview
from quality.services.report import requeue_final_reports
from tests.quality.factories import ActivityFactory, FindingFactory, OpenActionFactory, standard

pytestmark = pytest.mark.django_db
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [PDFTOTEXT, "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def responded_review(make_review, hub, partner_org):
    review = make_review(
        "partner_response", lead_reviewer=hub, summary="Practice is strong; transitions need work."
    )
    review.partner_response = "We accept the findings and will refresh transition plans by June."
    review.save()
    ActivityFactory(review=review, kind=ActivityKind.KORERO_RANGATAHI, summary="Hui with four rangatahi.")
    ActivityFactory(
        review=review, kind=ActivityKind.FILE_REVIEW, summary="Reviewed case files 1234567, 7654321."
    )
    FindingFactory(
        review=review, standard=standard(1), rating=Rating.MET, narrative="Plans current in 1234567."
    )
    transitions = FindingFactory(
        review=review,
        standard=standard(5),
        rating=Rating.NOT_MET,
        narrative="No transition plan in case 7654321.",
    )
    OpenActionFactory(review=review, finding=transitions, title="Write transition plans")
    OpenActionFactory(review=review, owner_organisation=None, title="Share the practice guide")
    return review


def test_finalise_generates_the_report_and_pdftotext_reads_it(
    api_as, hub, responded_review, tmp_path, django_capture_on_commit_callbacks
):
    # The report's task is queued when the finalisation commits (and runs eagerly in the tests).
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(hub).post(f"/api/v1/qa-reviews/{responded_review.pk}/finalise/", {}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["final_report_url"] == f"/api/v1/qa-reviews/{responded_review.pk}/pdf/"
    review = QAReview.objects.get(pk=responded_review.pk)
    assert review.final_report.name.endswith(f"{review.reference}-final-report.pdf")
    assert len(review.final_report_hash) == 64
    with default_storage.open(review.final_report.name, "rb") as stored:
        text = _text(stored.read(), tmp_path)
    for expected in [
        "Quality review final report",
        "Kāinga Care Trust",
        review.reference,
        "Kōrero with rangatahi",
        "File review",
        "Part 1: Needs assessments, plans and visits — Met",
        "Part 5: Transitions — Not met",
        "No transition plan in case 7654321.",
        "We accept the findings and will refresh transition plans by June.",
        "Write transition plans",
        "Share the practice guide",
        "Practice is strong; transitions need work.",
        f"{review.reference} · version 1 · hash {review.final_report_hash[:16]}",
    ]:
        assert expected in text, expected


def test_download_is_audited_and_named_by_reference(api_as, portal_as, hub, partner_admin, responded_review):
    api_as(hub).post(f"/api/v1/qa-reviews/{responded_review.pk}/finalise/", {}, format="json")
    review = QAReview.objects.get(pk=responded_review.pk)
    api_response = api_as(partner_admin).get(f"/api/v1/qa-reviews/{review.pk}/pdf/")
    assert api_response.status_code == 200 and api_response["Content-Type"] == "application/pdf"
    assert f'filename="{review.reference}-final-report.pdf"' in api_response["Content-Disposition"]
    assert b"".join(api_response.streaming_content).startswith(b"%PDF")
    portal_response = portal_as(hub).get(reverse("quality:review_pdf", args=[review.pk]))
    assert portal_response.status_code == 200
    downloads = AuditEntry.objects.for_object(review).filter(kind="download")
    assert sorted(downloads.values_list("actor__username", flat=True)) == ["hub", "partner_admin"]


def test_no_report_before_the_review_is_final(api_as, portal_as, hub, make_review):
    review = make_review("partner_response")
    response = api_as(hub).get(f"/api/v1/qa-reviews/{review.pk}/pdf/")
    assert response.status_code == 409 and response.json()["status"] == "partner_response"
    assert portal_as(hub).get(reverse("quality:review_pdf", args=[review.pk])).status_code == 404


def test_a_report_that_cannot_be_rendered_leaves_the_review_final_and_is_asked_for_again(
    api_as, portal_as, hub, responded_review, settings, django_capture_on_commit_callbacks
):
    """The finalisation no longer waits for the PDF: it commits, the download says the report is being
    prepared, and the daily sweep asks for it again until the queue has made it."""
    broken = [{**settings.TEMPLATES[0], "DIRS": []}]  # the report template cannot be found
    with override_settings(TEMPLATES=broken):
        with django_capture_on_commit_callbacks(execute=True):
            response = api_as(hub).post(
                f"/api/v1/qa-reviews/{responded_review.pk}/finalise/", {}, format="json"
            )
        assert response.status_code == 200
        review = QAReview.objects.get(pk=responded_review.pk)
        assert review.status == "final" and not review.final_report
        assert AuditEntry.objects.for_object(review).filter(action="finalise").exists()
        download = api_as(hub).get(f"/api/v1/qa-reviews/{review.pk}/pdf/")
        assert download.status_code == 202 and download.json()["status"] == "preparing"
        assert download["Retry-After"] == "5"
    assert requeue_final_reports() == ["quality: 1 final report(s) asked for again"]
    review.refresh_from_db()
    assert review.final_report and len(review.final_report_hash) == 64
    assert requeue_final_reports() == []  # nothing left to ask for
    assert api_as(hub).get(f"/api/v1/qa-reviews/{review.pk}/pdf/").status_code == 200
