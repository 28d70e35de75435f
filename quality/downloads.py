"""The audited file downloads the portal and the API share: an improvement action's evidence and a review's
final report. The caller has checked there is a file to give; the download is audited before it streams."""

from __future__ import annotations

from careportal.files import Download, file_field_response
from careportal.lib.actor import Actor

from . import services
from .models import ImprovementAction, QAReview


def evidence_download(action: ImprovementAction, by: Actor) -> Download:
    """The action's evidence file, under the name it was uploaded with."""
    services.action_evidence_downloaded(action=action, by=by)
    return file_field_response(
        action.evidence_file,
        file_name=action.evidence_file.name.rsplit("/", 1)[-1],
        content_type=action.evidence_content_type or "application/octet-stream",
    )


def final_report_download(review: QAReview, by: Actor) -> Download:
    """The review's rendered final report (PDF)."""
    services.review_report_downloaded(review=review, by=by)
    return file_field_response(
        review.final_report, file_name=review.report_file_name, content_type="application/pdf"
    )
