"""The quality portal: GET → selector → template; POST → form → service → redirect."""

from .actions import action_detail, action_evidence, action_list, action_transition
from .cycles import cycle_detail, cycle_list, cycle_start, cycle_transition, joint_review, review_schedule
from .dashboard import dashboard, watch
from .reviews import (
    action_add,
    activity_add,
    finding_add,
    finding_edit,
    review_detail,
    review_edit,
    review_list,
    review_pdf,
    review_pdf_status,
    review_transition,
)

__all__ = [
    "action_add",
    "action_detail",
    "action_evidence",
    "action_list",
    "action_transition",
    "activity_add",
    "cycle_detail",
    "cycle_list",
    "cycle_start",
    "cycle_transition",
    "dashboard",
    "finding_add",
    "finding_edit",
    "joint_review",
    "review_detail",
    "review_edit",
    "review_list",
    "review_pdf_status",
    "review_pdf",
    "review_schedule",
    "review_transition",
    "watch",
]
