"""The whānau withdraws consent after the referral was sent (R-PR-2): it closes, the provider is told and
loses sight of it (decision 0017), and the manager gets a task to explore alternatives."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from careportal.accounts.choices import Role
from careportal.exceptions import RuleViolation
from careportal.lib.actor import Actor
from careportal.lib.dates import format_nz_date
from careportal.notifications.kinds import NotificationKind
from careportal.notifications.services import notify_all_on_commit
from careportal.workflow import apply_transition

from ..choices import ProviderDecisionKind
from ..models import ProviderDecision, Referral
from .common import begin_step, explore_alternatives, not_in_future, required_text


def _check_withdrawn_on(referral: Referral, withdrawn_on: date, *, day: date) -> None:
    """R-PR-2: on or after the day consent was given and the referral was (last) sent, never in the future."""
    not_in_future(withdrawn_on, today=day, field="withdrawn_on", what="The date consent was withdrawn")
    for earliest, what in (
        (referral.consent_given_on, "consent was given"),
        (referral.referred_on, "the referral was sent"),
    ):
        if earliest and withdrawn_on < earliest:
            raise RuleViolation(
                f"Consent cannot be withdrawn before {what} ({format_nz_date(earliest)}).",
                field="withdrawn_on",
                rule="R-PR-2",
            )


@transaction.atomic
def referral_withdraw_consent(
    *, referral: Referral, by: Actor, withdrawn_on: date, reason: str, today: date | None = None
) -> Referral:
    """R-PR-2: close a sent referral because the whānau withdrew consent; tell the provider, ask for alternatives."""
    referral, day = begin_step(referral, "withdraw_consent", by, today)
    reason = required_text(reason, field="reason", what="The reason consent was withdrawn")
    _check_withdrawn_on(referral, withdrawn_on, day=day)
    provider = referral.provider
    referral = apply_transition(
        referral,
        "withdraw_consent",
        by=by,
        reason=reason,
        data={"withdrawn_on": withdrawn_on.isoformat(), "provider": str(provider.pk) if provider else None},
        withdrawn_on=withdrawn_on,
        withdrawal_reason=reason,
        on=day,
    )
    ProviderDecision.objects.filter(referral=referral, decision=ProviderDecisionKind.PENDING).update(
        decision=ProviderDecisionKind.WITHDRAWN, decided_on=day
    )
    if provider is not None:
        # No link: the provider no longer sees the referral (decision 0017); the reference only (R-PRIV-2).
        notify_all_on_commit(
            provider.members.filter(role=Role.PROVIDER_STAFF, is_active=True),
            kind=NotificationKind.REFERRAL_CONSENT_WITHDRAWN,
            message=f"Referral {referral.reference} is closed: the whānau withdrew their consent. "
            "Please stop work with them under this referral; it is no longer shown to you.",
        )
    explore_alternatives(referral, day=day, because="the whānau withdrew consent")
    return referral
