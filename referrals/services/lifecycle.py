"""The referral's transitions: consent, referral to a provider, its answer, monitoring, escalation, closing."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from careportal.accounts.choices import Role
from careportal.calendar import add_working_days
from careportal.exceptions import RuleViolation
from careportal.lib.actor import Actor
from careportal.lib.dates import format_nz_date, nz_today
from careportal.notifications.kinds import NotificationKind
from careportal.notifications.services import notify_all_on_commit
from careportal.workflow import apply_transition, lock, transition_locked
from partners.models import Organisation

from ..choices import ProviderDecisionKind
from ..models import ProviderDecision, Referral
from .common import (
    begin_step,
    detail_link,
    explore_alternatives,
    not_in_future,
    notify_manager,
    required_text,
)
from .guards import check_can_refer, check_provider


@transaction.atomic
def referral_seek_consent(*, referral: Referral, by: Actor) -> Referral:
    """R-PR-2: the whānau is being asked whether they agree to the referral."""
    return transition_locked(referral, "seek_consent", by=by)


@transaction.atomic
def referral_record_consent(
    *,
    referral: Referral,
    by: Actor,
    consented: bool,
    given_on: date,
    given_by: str,
    today: date | None = None,
) -> Referral:
    """R-PR-2: record the whānau's answer; a refusal closes the referral and asks for alternatives."""
    referral, day = begin_step(referral, "record_consent", by, today)
    given_by = required_text(given_by, field="given_by", what="Who gave or declined consent")
    not_in_future(given_on, today=day, field="given_on", what="The date of consent")
    referral = apply_transition(
        referral,
        "record_consent",
        by=by,
        data={"consented": consented, "given_on": given_on.isoformat()},
        consented=consented,
        given_on=given_on,
        given_by=given_by,
        recorded_by=by,
    )
    if not consented:
        explore_alternatives(referral, day=day, because="the whānau declined consent")
    return referral


@transaction.atomic
def referral_refer(
    *, referral: Referral, by: Actor, provider: Organisation, today: date | None = None
) -> Referral:
    """Send the referral to a community provider (again, to another one, after a decline)."""
    referral, day = begin_step(referral, "refer", by, today)
    check_provider(referral, provider)
    check_can_refer(referral)
    due = add_working_days(day, settings.CAREPORTAL_PROVIDER_RESPONSE_WORKING_DAYS)
    referral = apply_transition(
        referral,
        "refer",
        by=by,
        data={"provider": str(provider.pk)},
        provider=provider,
        referred_on=day,
        response_due_on=due,
    )
    ProviderDecision.objects.create(referral=referral, provider=provider, referred_on=day)
    message = f"Referral {referral.reference} has been sent to you: please accept or decline it by {format_nz_date(due)}."
    link = detail_link(referral)
    staff = provider.members.filter(role=Role.PROVIDER_STAFF, is_active=True)
    notify_all_on_commit(staff, kind=NotificationKind.REFERRAL_SENT, message=message, link=link)
    return referral


# What the referral's manager is told of the provider's answer.
_ANSWER_KINDS: dict[str, NotificationKind] = {
    ProviderDecisionKind.ACCEPTED: NotificationKind.REFERRAL_ACCEPTED,
    ProviderDecisionKind.DECLINED: NotificationKind.REFERRAL_DECLINED,
}


def _answer(referral: Referral, *, by: Actor, decision: str, day: date, told: str, reason: str = "") -> None:
    """The provider's answer: its pending decision recorded, and the referral's manager `told`."""
    ProviderDecision.objects.filter(referral=referral, decision=ProviderDecisionKind.PENDING).update(
        decision=decision, decided_on=day, decided_by=by, reason=reason
    )
    notify_manager(referral, _ANSWER_KINDS[decision], told)


@transaction.atomic
def referral_accept(*, referral: Referral, by: Actor, today: date | None = None) -> Referral:
    """The receiving provider takes the referral on; regular contact is due from today (R-PR-4)."""
    day = today or nz_today()
    referral = lock(referral)
    provider_name = str(referral.provider)
    due = day + timedelta(days=settings.CAREPORTAL_REFERRAL_CONTACT_INTERVAL_DAYS)
    referral = apply_transition(referral, "accept", by=by, on=day, next_contact_due_on=due)
    told = f"Referral {referral.reference} was accepted by {provider_name}."
    _answer(referral, by=by, decision=ProviderDecisionKind.ACCEPTED, day=day, told=told)
    return referral


@transaction.atomic
def referral_decline(*, referral: Referral, by: Actor, reason: str, today: date | None = None) -> Referral:
    """The receiving provider declines; the coordinator can refer to another provider."""
    referral, day = begin_step(referral, "decline", by, today)
    reason = required_text(reason, field="reason", what="A reason for declining")
    provider_name = str(referral.provider)
    referral = apply_transition(referral, "decline", by=by, reason=reason, on=day)
    told = f"Referral {referral.reference} was declined by {provider_name}; refer it to another provider."
    _answer(referral, by=by, decision=ProviderDecisionKind.DECLINED, day=day, told=told, reason=reason)
    return referral


@transaction.atomic
def referral_start_monitoring(*, referral: Referral, by: Actor) -> Referral:
    """The provider's work is under way; the coordinator monitors it through regular contact."""
    return transition_locked(referral, "start_monitoring", by=by)


@transaction.atomic
def referral_escalate(
    *, referral: Referral, by: Actor, reason: str, pathways_meeting_on: date, today: date | None = None
) -> Referral:
    """R-PR-4: escalating concerns go to the site's pathways meeting on the given date."""
    referral, day = begin_step(referral, "escalate", by, today)
    reason = required_text(reason, field="reason", what="The reason for escalating")
    if pathways_meeting_on < day:
        raise RuleViolation("The pathways meeting date cannot be in the past.", field="pathways_meeting_on")
    referral = apply_transition(
        referral,
        "escalate",
        by=by,
        reason=reason,
        data={"pathways_meeting_on": pathways_meeting_on.isoformat()},
        escalation_reason=reason,
        pathways_meeting_on=pathways_meeting_on,
        on=day,
    )
    if by != referral.managed_by:
        notify_manager(
            referral,
            NotificationKind.REFERRAL_ESCALATED,
            f"Referral {referral.reference} was escalated to the pathways meeting on {format_nz_date(pathways_meeting_on)}.",
        )
    return referral


@transaction.atomic
def referral_close(*, referral: Referral, by: Actor, outcome: str, today: date | None = None) -> Referral:
    """Close the referral with its outcome."""
    referral, day = begin_step(referral, "close", by, today)
    outcome = required_text(outcome, field="outcome", what="The outcome")
    return apply_transition(referral, "close", by=by, reason=outcome, outcome=outcome, on=day)
