"""A real Celery worker makes the PDFs: the request that changes the record only queues the task, and the
download serves what the worker stored (read back with pdftotext)."""

from __future__ import annotations

import subprocess
import time

import pytest
from django.db import connection, transaction
from django.test import Client

from agreements import services as agreement_services
from agreements.models import AgreementDocument
from quality import services as quality_services
from quality.models import QAReview
from tests.agreements.factories import agreement_in
from tests.quality.factories import QACycleFactory, RespondedReviewFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait_for(found, process, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not found():
        assert process.poll() is None, process.stdout.read().decode() if process.stdout else "worker died"
        time.sleep(0.5)
    assert found(), "the worker did not make the document in time"


def _pdf_text(response, tmp_path) -> str:
    path = tmp_path / "download.pdf"
    path.write_bytes(b"".join(response.streaming_content))
    return subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_the_worker_makes_the_agreement_pdf_the_approval_queued(
    celery_worker_process,
    supervisor,
    worker,
    partner_org,
    tmp_path,
):
    _, process = celery_worker_process
    agreement = agreement_in("awaiting_supervisor", caregiver_organisation=partner_org, drafted_by=worker)
    with transaction.atomic():  # autocommit outside: the task is queued when this commits
        agreement_services.agreement_approve(agreement=agreement, by=supervisor)
    _wait_for(lambda: AgreementDocument.objects.filter(agreement=agreement).exists(), process)
    connection.close()
    response = _signed_in(worker).get(f"/agreements/{agreement.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response, tmp_path)
    assert agreement.reference in text and "version 1" in text


def test_the_worker_makes_the_final_report_the_finalisation_queued(
    celery_worker_process,
    hub,
    partner_org,
    tmp_path,
):
    _, process = celery_worker_process
    review = RespondedReviewFactory(cycle=QACycleFactory(organisation=partner_org), lead_reviewer=hub)
    with transaction.atomic():
        quality_services.review_finalise(review=review, by=hub)
    _wait_for(lambda: bool(QAReview.objects.get(pk=review.pk).final_report), process)
    connection.close()
    response = _signed_in(hub).get(f"/quality/reviews/{review.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response, tmp_path)
    assert "Quality review final report" in text and review.reference in text
