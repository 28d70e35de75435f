"""Writes of the Quality Assurance cycle: one service per business action (see each module)."""

from ._common import nz_today
from .actions import (
    REVIEW_ORGANISATION,
    action_create,
    action_evidence_downloaded,
    action_reopen,
    action_start,
    action_submit_evidence,
    action_verify_close,
)
from .cycles import qa_cycle_close, qa_cycle_open, qa_cycle_set_joint_review, qa_cycle_start
from .findings import activity_record, finding_record, finding_update
from .reviews import (
    review_finalise,
    review_report_downloaded,
    review_respond,
    review_schedule,
    review_send_to_partner,
    review_start,
    review_submit_draft_report,
    review_update,
)

__all__ = [
    "REVIEW_ORGANISATION",
    "action_create",
    "action_evidence_downloaded",
    "action_reopen",
    "action_start",
    "action_submit_evidence",
    "action_verify_close",
    "activity_record",
    "finding_record",
    "finding_update",
    "nz_today",
    "qa_cycle_close",
    "qa_cycle_open",
    "qa_cycle_set_joint_review",
    "qa_cycle_start",
    "review_finalise",
    "review_report_downloaded",
    "review_respond",
    "review_schedule",
    "review_send_to_partner",
    "review_start",
    "review_submit_draft_report",
    "review_update",
]
