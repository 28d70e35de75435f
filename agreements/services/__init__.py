"""Writes: one service per business action (api.md "agreements" transitions), each atomic and audited."""

from .drafting import agreement_create, agreement_redraft, agreement_update, child_create, child_update
from .endings import (
    agreement_give_notice,
    agreement_terminate,
    agreement_withdraw_child_consent,
    agreement_withdraw_notice,
)
from .lifecycle import (
    agreement_activate,
    agreement_approve,
    agreement_cancel,
    agreement_recall,
    agreement_record_fgc_approval,
    agreement_return_to_draft,
    agreement_submit,
)
from .signing import (
    agreement_approve_extension,
    agreement_extend,
    agreement_record_copy_given,
    agreement_record_signature,
)

# Transition name (api.md) → service, for the API actions and the portal's transition view.
__all__ = [
    "agreement_activate",
    "agreement_approve",
    "agreement_approve_extension",
    "agreement_cancel",
    "agreement_create",
    "agreement_extend",
    "agreement_give_notice",
    "agreement_record_copy_given",
    "agreement_record_fgc_approval",
    "agreement_record_signature",
    "agreement_recall",
    "agreement_redraft",
    "agreement_return_to_draft",
    "agreement_submit",
    "agreement_terminate",
    "agreement_update",
    "agreement_withdraw_child_consent",
    "agreement_withdraw_notice",
    "child_create",
    "child_update",
]
