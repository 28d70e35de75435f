"""Writes: one service per business action (api.md "agreements" transitions), each atomic and audited."""

from collections.abc import Callable

from agreements.models import Agreement

from .drafting import agreement_create, agreement_update, child_create, child_update
from .endings import (
    agreement_extend,
    agreement_give_notice,
    agreement_terminate,
    agreement_withdraw_child_consent,
    agreement_withdraw_notice,
)
from .lifecycle import (
    agreement_activate,
    agreement_approve,
    agreement_cancel,
    agreement_record_fgc_approval,
    agreement_record_signature,
    agreement_return_to_draft,
    agreement_submit,
)

# Transition name (api.md) → service, for the API actions and the portal's transition view.
TRANSITION_SERVICES: dict[str, Callable[..., Agreement]] = {
    "submit": agreement_submit,
    "record_fgc_approval": agreement_record_fgc_approval,
    "approve": agreement_approve,
    "return_to_draft": agreement_return_to_draft,
    "record_signature": agreement_record_signature,
    "activate": agreement_activate,
    "extend": agreement_extend,
    "give_notice": agreement_give_notice,
    "withdraw_notice": agreement_withdraw_notice,
    "withdraw_child_consent": agreement_withdraw_child_consent,
    "terminate": agreement_terminate,
    "cancel": agreement_cancel,
}

__all__ = [
    "TRANSITION_SERVICES",
    "agreement_activate",
    "agreement_approve",
    "agreement_cancel",
    "agreement_create",
    "agreement_extend",
    "agreement_give_notice",
    "agreement_record_fgc_approval",
    "agreement_record_signature",
    "agreement_return_to_draft",
    "agreement_submit",
    "agreement_terminate",
    "agreement_update",
    "agreement_withdraw_child_consent",
    "agreement_withdraw_notice",
    "child_create",
    "child_update",
]
