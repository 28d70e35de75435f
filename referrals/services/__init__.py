"""Writes for referrals: one service per business action (R-PR-1 to R-PR-4).

Each transition service locks the row, checks state and permission first (so a wrong state answers 409
and a wrong role 403 before any rule), then the rule guards, then `apply_transition` (which saves and
audits). Notifications go out on commit. Services take `today` so the demo and tests can act on a chosen
New Zealand date; callers from the web leave it out.
"""

from .common import ALTERNATIVES_TASK, detail_link
from .contacts import referral_contact_log
from .drafting import EDITABLE_FIELDS, referral_create, referral_update
from .lifecycle import (
    referral_accept,
    referral_close,
    referral_decline,
    referral_escalate,
    referral_record_consent,
    referral_refer,
    referral_seek_consent,
    referral_start_monitoring,
)
from .withdrawal import referral_withdraw_consent

__all__ = [
    "ALTERNATIVES_TASK",
    "EDITABLE_FIELDS",
    "detail_link",
    "referral_accept",
    "referral_close",
    "referral_contact_log",
    "referral_create",
    "referral_decline",
    "referral_escalate",
    "referral_record_consent",
    "referral_refer",
    "referral_seek_consent",
    "referral_start_monitoring",
    "referral_update",
    "referral_withdraw_consent",
]
