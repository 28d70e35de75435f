"""While in force and how it ends: extension, notice, withdrawal of consent, termination (R-ALL-7/8, R-140-6/7)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from agreements import rules
from agreements.choices import (
    CUSTODY_ROLES,
    AgreementStatus,
    NoticeForm,
    PartyRole,
    TerminationKind,
)
from agreements.followups import create_consent_withdrawal_tasks, create_safety_check
from agreements.models import Agreement, Party, Termination
from careportal.exceptions import ConditionUnmet, RuleViolation
from careportal.lib.actor import Actor
from careportal.lib.dates import format_nz_date
from careportal.workflow import apply_transition

from .common import (
    begin_dated_step,
    begin_step,
    describe_party,
    fgc_before_start,
    not_before_start,
    not_in_future,
    party_of,
    party_refused,
    refuse,
    required_reason,
    today_or,
)


def _record_termination(agreement: Agreement, by: Actor, **values: Any) -> Termination:
    """The one current termination of the agreement (a later ending replaces a pending notice)."""
    defaults = {"given_on": None, "party": None, "form": "", "reason": "", "recorded_by": by, **values}
    termination, _ = Termination.objects.update_or_create(agreement=agreement, defaults=defaults)
    return termination


def _termination_data(termination: Termination) -> dict[str, Any]:
    return {
        "kind": termination.kind,
        "given_on": termination.given_on.isoformat() if termination.given_on else None,
        "effective_on": termination.effective_on.isoformat(),
        "party": str(termination.party_id) if termination.party_id else None,
    }


def _before_start(agreement: Agreement) -> bool:
    """R-ALL-10: signed but not yet in force: notice, consent withdrawal or reclaim ends it at once."""
    return agreement.status == AgreementStatus.AWAITING_START


def _ended_before_start(agreement: Agreement, how: str, day: date) -> None:
    agreement.status_reason = f"Ended before it began: {how} on {format_nz_date(day)}."


# How an agreement awaiting its start was ended, in its status_reason (R-ALL-10).
_HOW_BEFORE_START: dict[str, str] = {
    TerminationKind.NOTICE: "notice given",
    TerminationKind.CHILD_WITHDREW_CONSENT: "te tamaiti withdrew consent",
}


def _record_notice(
    agreement: Agreement, by: Actor, name: str, *, kind: str, given_on: date, form: str, party: Any, day: date
) -> Termination:
    """Notice recorded with the day it takes effect by the agreement's stated choice (R-TERM-1; else
    R-139-4, R-140-6), then transition `name`: the agreement ends at once when that day has come, else
    notice is running."""
    if _before_start(agreement):  # R-ALL-10: it never began, so it ends at once
        effective_on = given_on
        _ended_before_start(agreement, _HOW_BEFORE_START[kind], given_on)
    else:
        effective_on = rules.notice_effective_on(
            agreement_type=agreement.agreement_type,
            form=form,
            given_on=given_on,
            notice=agreement.termination_notice,
            notice_days=agreement.termination_notice_days,
        )
    termination = _record_termination(
        agreement, by, kind=kind, given_on=given_on, effective_on=effective_on, party=party, form=form
    )
    apply_transition(
        agreement, name, by=by, data=_termination_data(termination), immediate=effective_on <= day
    )
    return termination


def _after_ending(agreement: Agreement, termination: Termination) -> None:
    """R-ALL-8: a safety check follows any ending that has already taken effect."""
    if agreement.status == AgreementStatus.TERMINATED:
        create_safety_check(agreement, ended_on=termination.effective_on)


def _extension_limit(
    agreement: Agreement, *, end_date: date, fgc_held_on: date | None, day: date
) -> rules.LegalLimit:
    """The extension's legal maximum (R-139-2, R-140-3, R-AGE-3), its FGC (R-140-1) and its end date checked."""
    try:
        limit = rules.extension_limit(
            agreement_type=agreement.agreement_type,
            paragraph=agreement.s140_paragraph or None,
            current_end_date=agreement.end_date,
            date_of_birth=agreement.child.date_of_birth,
            extensions_so_far=agreement.extensions.count(),
            recorded_on=day,
        )
    except ConditionUnmet as exc:  # R-139-2: the rules know no record; the 409 carries its status
        raise exc.in_status(agreement.status) from None
    if agreement.is_s140:
        if fgc_held_on is None:
            raise RuleViolation(
                "An s140(1)(d) extension needs a family group conference's approval: give the FGC date.",
                rule="R-140-1",
                field="fgc_held_on",
            )
        not_in_future(fgc_held_on, today=day, field="fgc_held_on", what="FGC date")
        fgc_before_start(fgc_held_on, agreement.end_date + timedelta(days=1), field="fgc_held_on")
    rules.validate_end_date(limit, end_date, agreement.end_date + timedelta(days=1))
    return limit


def _notice_giver(agreement: Agreement, party: Any) -> Party:
    """Notice comes from a party who signed (R-ALL-6: the agreement binds only those who signed it)."""
    giver = party_of(agreement, party)
    if giver.role == PartyRole.CHILD:
        raise party_refused(
            "When te tamaiti withdraws consent, record it as a withdrawal of consent.",
            rule="R-140-7",
        )
    if giver.signed_on is None:
        raise party_refused(
            f"{describe_party(giver).capitalize()} did not sign the agreement. A parent or guardian with a "
            "right to custody who did not sign and asks to care for te tamaiti ends it at once: record a "
            "termination (guardian reclaim) instead.",
            rule="R-ALL-7",
        )
    return giver


@transaction.atomic
def agreement_give_notice(
    *, agreement: Agreement, by: Actor, party: Any, given_on: date, form: str, today: date | None = None
) -> Agreement:
    """R-139-4 s139 notice ends it the day it is given; R-140-6 s140 needs 7 days' written notice."""
    agreement, day = begin_dated_step(agreement, "give_notice", by, today)
    giver = _notice_giver(agreement, party)
    not_in_future(given_on, today=day, field="given_on", what="date notice was given")
    if not _before_start(agreement):  # R-ALL-10: before its start, notice ends it at once
        not_before_start(agreement, given_on, field="given_on", what="date notice was given")
    termination = _record_notice(
        agreement,
        by,
        "give_notice",
        kind=TerminationKind.NOTICE,
        given_on=given_on,
        form=form,
        party=giver,
        day=day,
    )
    _after_ending(agreement, termination)
    return agreement


@transaction.atomic
def agreement_withdraw_notice(
    *, agreement: Agreement, by: Actor, party: Any = None, today: date | None = None
) -> Agreement:
    """The party who gave notice withdraws it before it takes effect; an FGC decision is not notice (R-140-6).

    `party` is who withdraws it: refused for anyone but the giver. Without it (the API before v1.1) the
    giver is taken to withdraw it; either way the audit names the party."""
    agreement = begin_step(agreement, "withdraw_notice", by, today)
    termination = agreement.current_termination
    if termination is None or termination.kind == TerminationKind.FGC_DECISION:
        raise refuse(
            agreement,
            "A family group conference's decision to end the agreement is not withdrawn as notice.",
            rule="R-140-6",
        )
    if termination.effective_on <= today_or(today):
        raise refuse(agreement, "The notice has already taken effect.", rule="R-DATE-4")
    withdrawing = _notice_withdrawer(agreement, termination, party)
    data = {**_termination_data(termination), "withdrawn_by_party": str(withdrawing.pk)}
    termination.delete()
    apply_transition(agreement, "withdraw_notice", by=by, data=data)
    return agreement


def _notice_withdrawer(agreement: Agreement, termination: Termination, party: Any) -> Party:
    """Notice can be withdrawn only by the party who gave it (domain rules, lifecycle)."""
    giver = termination.party
    if giver is None:  # notice recorded before parties were kept on it: whoever withdraws is named
        return party_of(agreement, party)
    if party is None:
        return giver
    withdrawing = party_of(agreement, party)
    if withdrawing.pk != giver.pk:
        raise RuleViolation(
            f"{describe_party(giver).capitalize()} gave this notice, so only they can withdraw it. "
            f"{describe_party(withdrawing).capitalize()} cannot withdraw it for them.",
            field="party",
        )
    return withdrawing


@transaction.atomic
def agreement_withdraw_child_consent(
    *, agreement: Agreement, by: Actor, given_on: date, today: date | None = None
) -> Agreement:
    """R-140-7: te tamaiti (12 or over, R-140-4) withdrawing consent is written notice, plus follow-up tasks."""
    agreement, day = begin_dated_step(agreement, "withdraw_child_consent", by, today)
    _check_consent_withdrawal(agreement, given_on=given_on, day=day)
    termination = _record_notice(
        agreement,
        by,
        "withdraw_child_consent",
        kind=TerminationKind.CHILD_WITHDREW_CONSENT,
        given_on=given_on,
        form=NoticeForm.WRITTEN,
        party=agreement.parties.filter(role=PartyRole.CHILD).first(),
        day=day,
    )
    fgc = agreement.fgc_approvals.select_related("recorded_by").order_by("-held_on").first()
    create_consent_withdrawal_tasks(agreement, recorded_on=day, coordinator=fgc.recorded_by if fgc else None)
    _after_ending(agreement, termination)
    return agreement


def _check_consent_withdrawal(agreement: Agreement, *, given_on: date, day: date) -> None:
    """R-140-7: only an s140 agreement, and only te tamaiti aged 12 or over (R-140-4) on that day."""
    if not agreement.is_s140:
        raise refuse(agreement, "Only an s140 agreement rests on te tamaiti's own consent.", rule="R-140-7")
    not_in_future(given_on, today=day, field="given_on", what="date consent was withdrawn")
    if not _before_start(agreement):
        not_before_start(agreement, given_on, field="given_on", what="date consent was withdrawn")
    if rules.age_on(agreement.child.date_of_birth, given_on) < rules.CONSENT_AGE:
        raise refuse(
            agreement,
            f"Te tamaiti was under {rules.CONSENT_AGE} on that day; a withdrawal of consent is for "
            f"tamariki aged {rules.CONSENT_AGE} or over.",
            rule="R-140-7",
        )


def _reclaiming_guardian(agreement: Agreement, party: Any) -> Party:
    """R-ALL-7: a parent or guardian with a legal right to custody who did not sign the agreement."""
    if party is None:
        raise party_refused("Choose the parent or guardian who asked to care for te tamaiti.", rule="R-ALL-7")
    guardian = party_of(agreement, party)
    if guardian.role not in CUSTODY_ROLES or not guardian.has_custody_right:
        raise party_refused(
            "Only a parent or guardian with a legal right to custody can end the agreement this way.",
            rule="R-ALL-7",
        )
    if guardian.signed_on is not None:
        raise party_refused(
            f"{describe_party(guardian).capitalize()} signed the agreement, so is bound by it: record notice instead.",
            rule="R-ALL-7",
        )
    return guardian


def _termination_values(
    agreement: Agreement, *, kind: str, effective_on: date | None, party: Any, day: date
) -> dict[str, Any]:
    if kind == TerminationKind.GUARDIAN_RECLAIM:
        effective = effective_on or day
        not_in_future(effective, today=day, field="effective_on", what="date the parent or guardian asked")
        return {
            "party": _reclaiming_guardian(agreement, party),
            "given_on": effective,
            "effective_on": effective,
        }
    if kind != TerminationKind.FGC_DECISION:
        raise RuleViolation(
            "Choose how the agreement ends: an FGC decision or a guardian reclaim.", field="kind"
        )
    if not agreement.is_s140:
        raise RuleViolation(
            "A family group conference decision ends an extended care (s140) agreement; end temporary care "
            "(s139) by notice.",
            rule="R-140-6",
            field="kind",
        )
    if effective_on is None:
        raise RuleViolation(
            "Give the date the family group conference set.", rule="R-140-6", field="effective_on"
        )
    if effective_on > agreement.end_date:
        raise RuleViolation(
            "The agreement expires before that date anyway.", rule="R-ALL-1", field="effective_on"
        )
    return {"given_on": min(effective_on, day), "effective_on": effective_on}


@transaction.atomic
def agreement_terminate(
    *,
    agreement: Agreement,
    by: Actor,
    kind: str,
    reason: str,
    effective_on: date | None = None,
    party: Any = None,
    today: date | None = None,
) -> Agreement:
    """R-ALL-7 guardian reclaim ends it immediately; R-140-6 an FGC decision ends it on the date it sets."""
    agreement, day = begin_dated_step(agreement, "terminate", by, today)
    reason = required_reason(reason)
    values = _termination_values(agreement, kind=kind, effective_on=effective_on, party=party, day=day)
    if _before_start(agreement):
        values.update(given_on=min(values["given_on"], day), effective_on=min(values["effective_on"], day))
        _ended_before_start(agreement, TerminationKind(kind).label.lower(), values["effective_on"])
    else:
        not_before_start(agreement, values["effective_on"], field="effective_on", what="end date")
    termination = _record_termination(agreement, by, kind=kind, reason=reason, **values)
    apply_transition(
        agreement,
        "terminate",
        by=by,
        reason=reason,
        data=_termination_data(termination),
        immediate=termination.effective_on <= day,
    )
    _after_ending(agreement, termination)
    return agreement
