"""The final report of a review as a PDF (WeasyPrint through careportal.pdf)."""

from __future__ import annotations

from careportal.pdf import RenderedPdf, render_pdf

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
