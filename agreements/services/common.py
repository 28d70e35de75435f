"""Helpers every agreements service shares: the date, the R-ALL-10 check, parties and the PDF on commit."""

from __future__ import annotations

from datetime import date
from typing import Any

from agreements.choices import AWAITING_STATUSES, IN_FORCE_STATUSES, AgreementStatus, PartyRole
from agreements.models import Agreement, FgcApproval, Party
from agreements.validation import caregiver_violation
from careportal.exceptions import RuleViolation, TransitionNotAllowed
from careportal.lib.actor import Actor
from careportal.lib.dates import format_nz_date, nz_today
from careportal.workflow import begin_transition


def today_or(today: date | None) -> date:
    """R-DATE-1: the New Zealand date; services accept `today` so the demo and tests can set the clock."""
    return today or nz_today()


def out_of_time(agreement: Agreement, today: date) -> TransitionNotAllowed | None:
    """R-ALL-10: a step is judged on today's NZ date, whether or not the daily sweep has run yet.

    After the last day nothing can be done under the agreement (R-ALL-1); one still awaiting approval or
    signatures when its start date has passed has lapsed in effect (R-DATE-5); one signed and awaiting its
    start is in force from its start date, as the sweep records shortly after midnight.
    """
    status = agreement.status
    if status in (*IN_FORCE_STATUSES, AgreementStatus.AWAITING_START) and today > agreement.end_date:
        return refuse(
            agreement,
            f"The agreement's last day was {format_nz_date(agreement.end_date)}: there is no authority to "
            "provide care under it, and nothing more can be done under it.",
            rule="R-ALL-1",
        )
    if status in AWAITING_STATUSES and today > agreement.start_date:
        return refuse(
            agreement,
            f"The agreement was not fully signed by its start date ({format_nz_date(agreement.start_date)}), "
            "so it has lapsed and was never in force: a term cannot start before the day it is made (R-DATE-5). "
            "Start a new draft from it with new dates.",
            rule="R-ALL-10",
        )
    if status == AgreementStatus.AWAITING_START and today >= agreement.start_date:
        return refuse(
            agreement,
            f"The agreement is in force from {format_nz_date(agreement.start_date)}; its status becomes "
            "active in the next few minutes. Reload the page and try again.",
            rule="R-ALL-10",
        )
    return None


def begin_step(agreement: Agreement, name: str, by: Actor, today: date | None = None) -> Agreement:
    """Lock and pass the gate (careportal.workflow), then judge the step on today's date (R-ALL-10)."""
    return begin_dated_step(agreement, name, by, today)[0]


def begin_dated_step(
    agreement: Agreement, name: str, by: Actor, today: date | None = None
) -> tuple[Agreement, date]:
    """`begin_step`, with the day the step was judged on for the step to go on with (R-DATE-1, R-ALL-10)."""
    day = today_or(today)
    locked = begin_transition(agreement, name, by)
    refused = out_of_time(locked, day)
    if refused is not None:
        raise refused
    return locked, day


def refuse(agreement: Agreement, message: str, *, rule: str) -> TransitionNotAllowed:
    """A 409: the transition's condition (named by `rule`) is not met in the agreement's current state."""
    return TransitionNotAllowed(message, status=agreement.status, rule=rule)


def party_of(agreement: Agreement, party: Any, *, field: str = "party") -> Party:
    """The party (given as a Party or its id) of this agreement, or a 400 on `field`."""
    party_id = getattr(party, "pk", party)
    found = (
        Party.objects.filter(agreement=agreement, pk=party_id)
        .select_related("agreement")
        .prefetch_related("signatures")
        .first()
    )
    if found is None:
        raise RuleViolation("Choose a party to this care agreement.", field=field)
    return found


def party_refused(message: str, *, rule: str) -> RuleViolation:
    """A 400 on the chosen party: the rule does not let this party do what was asked."""
    return RuleViolation(message, rule=rule, field="party")


def describe_party(party: Party) -> str:
    """A party as named in messages: te tamaiti by role only, so the child's name is not repeated."""
    if party.role == PartyRole.CHILD:
        return "te tamaiti"
    return f"{party.name} ({party.get_role_display().lower()})"


def not_in_future(value: date, *, today: date, field: str, what: str) -> None:
    if value > today:
        raise RuleViolation(f"The {what} cannot be in the future.", rule="R-DATE-1", field=field)


def not_before_start(agreement: Agreement, value: date, *, field: str, what: str) -> None:
    if value < agreement.start_date:
        raise RuleViolation(
            f"The {what} cannot be before the agreement's start date ({format_nz_date(agreement.start_date)}).",
            rule="R-DATE-2",
            field=field,
        )


def required_reason(reason: str | None, *, field: str = "reason") -> str:
    text = (reason or "").strip()
    if not text:
        raise RuleViolation("Give the reason.", field=field)
    return text


def fgc_before_start(held_on: date, start_date: date, *, field: str) -> None:
    """R-140-1: a term (or a (d) extension's term) cannot start before the FGC that approved it was held."""
    if held_on > start_date:
        raise RuleViolation(
            f"The family group conference was held on {format_nz_date(held_on)}, after the term starts "
            f"({format_nz_date(start_date)}). A term cannot start before the FGC that approved it was held.",
            rule="R-140-1",
            field=field,
        )


def require_approved_caregiver(agreement: Agreement) -> None:
    """R-ALL-4: at approval, activation and extension the caregiver holds a current s396 approval (or the
    chief executive provides care): a 409 naming the rule otherwise."""
    org = agreement.caregiver_organisation
    if org is not None and not org.holds_s396_approval:
        raise refuse(agreement, caregiver_violation(org).message, rule="R-ALL-4")


def within_legal_maximum(agreement: Agreement) -> None:
    """R-AGE-4: a term that a corrected date of birth made too long goes no further until its dates change
    (agreements.corrections keeps the stored maximum current)."""
    if agreement.legal_max_end_date is not None and agreement.end_date > agreement.legal_max_end_date:
        raise refuse(
            agreement,
            f"The term runs to {format_nz_date(agreement.end_date)}, past the legal maximum of "
            f"{format_nz_date(agreement.legal_max_end_date)} worked out from te tamaiti's corrected date of "
            f"birth ({agreement.legal_basis}). Change the dates first.",
            rule="R-AGE-4",
        )


def begin_term_step(agreement: Agreement, name: str, by: Actor, today: date | None = None) -> Agreement:
    """`begin_step` for a step that takes the term further: refused while the term runs past its legal
    maximum (R-AGE-4, `within_legal_maximum`)."""
    locked = begin_step(agreement, name, by, today)
    within_legal_maximum(locked)
    return locked


def record_fgc_approval(agreement: Agreement, *, purpose: str, held_on: date, by: Actor) -> FgcApproval:
    """R-140-1: a family group conference's approval, certified by its coordinator (the step has checked)."""
    return FgcApproval.objects.create(
        agreement=agreement, purpose=purpose, held_on=held_on, coordinator_certified=True, recorded_by=by
    )
