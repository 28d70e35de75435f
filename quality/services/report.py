"""The final report of a review as a PDF (WeasyPrint through careportal.pdf), made by the queue only."""

from __future__ import annotations

from datetime import date
from typing import Any

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction

from careportal.lib.queue import enqueue
from careportal.pdf import RenderedPdf, render_pdf

from ..choices import ReviewStatus
from ..models import QAReview

REPORT_TEMPLATE = "quality/pdf/report.html"
REPORT_VERSION = 1


def report_context(review: QAReview) -> dict:
    """Everything the report shows, read in a fixed number of queries."""
    review = (
        QAReview.objects.select_related("cycle__organisation", "lead_reviewer", "responded_by")
        .prefetch_related("activities", "findings__standard")
        .get(pk=review.pk)
    )
    actions = review.actions.select_related("owner_organisation", "finding__standard").order_by(
        "due_on", "title"
    )
    return {
        "review": review,
        "organisation": review.cycle.organisation,
        "activities": list(review.activities.all()),
        "findings": sorted(review.findings.all(), key=lambda f: f.standard.part),
        "actions": list(actions),
    }


def render_review_report(review: QAReview) -> RenderedPdf:
    """Render the report of `review` (normally just finalised) to PDF bytes."""
    return render_pdf(
        REPORT_TEMPLATE, report_context(review), reference=review.reference, version=REPORT_VERSION
    )


@transaction.atomic
def store_final_report(review_id: Any) -> QAReview | None:
    """Make and store the final report of a final review once (the task may run twice; the second finds it)."""
    review = QAReview.objects.select_for_update().filter(pk=review_id, status=ReviewStatus.FINAL).first()
    if review is None or review.final_report:
        return review
    pdf = render_review_report(review)
    review.final_report.save(review.report_file_name, ContentFile(pdf.content), save=False)
    review.final_report_hash = pdf.content_hash
    review.save(update_fields=["final_report", "final_report_hash", "updated_at"])
    return review


# Defined beside what it runs, so the services queue it without importing quality.tasks (which re-exports
# it for Celery's autodiscovery); the name stays the one workers know.
@shared_task(name="quality.tasks.generate_review_report", acks_late=True)
def generate_review_report(review_id: str) -> str | None:
    """Make and store the final report of a final review (once; a second run changes nothing)."""
    review = store_final_report(review_id)
    return str(review.pk) if review is not None and review.final_report else None


def request_final_report(review: QAReview) -> bool:
    """Ask the queue for a missing final report; True when it is there now (tasks run eagerly)."""
    enqueue(generate_review_report, str(review.pk))
    review.refresh_from_db(fields=["final_report", "final_report_hash"])
    return bool(review.final_report)


def requeue_final_reports(today: date | None = None) -> list[str]:
    """Daily sweep: ask again for every final report the queue missed (broker down at finalisation)."""
    missing = QAReview.objects.filter(status=ReviewStatus.FINAL, final_report="").values_list("pk", flat=True)
    queued = sum(enqueue(generate_review_report, str(pk)) for pk in missing)
    return [f"quality: {queued} final report(s) asked for again"] if queued else []
