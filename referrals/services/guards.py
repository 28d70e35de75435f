"""The conditions for sending a referral to a provider (R-PR-1, R-PR-2, R-PR-3, R-PR-4).

Each refuses with a message that says what is missing and why, naming its rule.
"""

from __future__ import annotations

from careportal.exceptions import RuleViolation, TransitionNotAllowed
from partners.choices import OrganisationKind
from partners.models import Organisation

from ..choices import REFERRAL_FIELD_LABELS, ProviderDecisionKind
from ..models import Referral


def check_can_refer(referral: Referral) -> None:
    """Everything a referral needs before it goes to a provider, in the order a coordinator fixes it."""
    check_consent(referral)
    check_eligibility(referral)
    check_fields(referral)


def check_consent(referral: Referral) -> None:
    """R-PR-2: the whānau consented, and who gave consent and when is recorded."""
    if not (referral.consent_given is True and referral.consent_given_on and referral.consent_given_by):
        raise TransitionNotAllowed(
            "The whānau's consent (who gave it and when) must be recorded before a referral is made.",
            status=referral.status,
            rule="R-PR-2",
        )


def check_eligibility(referral: Referral) -> None:
    """R-PR-1: no current Oranga Tamariki involvement and concerns below the statutory threshold."""
    reasons = []
    if not referral.no_current_involvement:
        reasons.append(
            "Oranga Tamariki is recorded as currently involved with the whānau; a partnered response is "
            "only for whānau with no current involvement"
        )
    if not referral.below_statutory_threshold:
        reasons.append(
            "the concerns are not recorded as below the statutory threshold; concerns with a risk of "
            "serious harm need a report of concern, not a partnered response"
        )
    if reasons:
        raise TransitionNotAllowed(
            "This referral is not eligible: " + "; and ".join(reasons) + ".",
            status=referral.status,
            rule="R-PR-1",
        )


def check_fields(referral: Referral) -> None:
    """R-PR-3: all eight referral fields, each missing one named as the form labels it (never its internal
    name: an integrator reads those in the referral's `missing_fields`)."""
    missing = referral.missing_fields
    if missing:
        named = ", ".join(REFERRAL_FIELD_LABELS[name].lower() for name in missing)
        raise TransitionNotAllowed(
            f"Complete every referral field before referring. Missing {len(missing)} of 8: {named}.",
            status=referral.status,
            rule="R-PR-3",
        )


def check_provider(referral: Referral, provider: Organisation) -> None:
    """Only a community service provider, and not one that has already declined this referral (R-PR-4)."""
    if provider.kind != OrganisationKind.COMMUNITY_PROVIDER:
        raise RuleViolation(f"{provider} is not a community service provider.", field="provider")
    if referral.provider_decisions.filter(provider=provider, decision=ProviderDecisionKind.DECLINED).exists():
        raise RuleViolation(
            f"{provider} has already declined this referral; refer it to another provider.",
            field="provider",
            rule="R-PR-4",
        )
