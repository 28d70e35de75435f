"""partners services: one per business action (writes). Import from here."""

from .applications import (
    application_begin_readiness,
    application_cancel_decline_proposal,
    application_complete_transition,
    application_confirm_partner,
    application_decline,
    application_propose_decline,
    application_request_confirmation,
    application_respond,
    application_start,
    application_update,
    application_withdraw,
)
from .approvals import (
    approval_propose_revocation,
    approval_propose_suspension,
    approval_reinstate,
    approval_respond,
    approval_revoke,
    approval_suspend,
    approval_withdraw_notice,
)
from .evidence import evidence_accept, evidence_request_changes, evidence_upload
from .reference import (
    accreditation_record,
    accreditation_update,
    organisation_create,
    requirement_revise,
    review_due_default,
)

__all__ = [
    "accreditation_record",
    "accreditation_update",
    "application_begin_readiness",
    "application_cancel_decline_proposal",
    "application_complete_transition",
    "application_confirm_partner",
    "application_decline",
    "application_propose_decline",
    "application_request_confirmation",
    "application_respond",
    "application_start",
    "application_update",
    "application_withdraw",
    "approval_propose_revocation",
    "approval_propose_suspension",
    "approval_reinstate",
    "approval_respond",
    "approval_revoke",
    "approval_suspend",
    "approval_withdraw_notice",
    "evidence_accept",
    "evidence_request_changes",
    "evidence_upload",
    "organisation_create",
    "requirement_revise",
    "review_due_default",
]
