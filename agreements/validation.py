"""Every rule a draft agreement's terms must meet, in one place, for the service, the API and the portal.

`term_violations` returns all the problems at once (the API answers them together and the portal form
shows each beside its field); the services raise the first one so nothing invalid is ever saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from agreements import rules
from agreements.choices import (
    AGREEING_ROLES,
    S146_PROVISIONS,
    AgreementType,
    EndPlan,
    PartyRole,
    TerminationNotice,
)
from careportal.exceptions import RuleViolation
from careportal.lib import limits

TERM_FIELDS = (
    "agreement_type",
    "s140_paragraph",
    "start_date",
    "end_date",
    "end_plan",
    "caregiver_organisation",
    "contact_person",
    *S146_PROVISIONS,
    "termination_terms",
    "termination_notice",
    "termination_notice_days",
    "serious_concerns_ruled_out",
)


def legal_limit(values: Mapping[str, Any], date_of_birth: date) -> rules.LegalLimit:
    """The legal maximum for these terms (R-139-1, R-140-2, R-140-3, R-AGE-2, R-AGE-3); may raise."""
    start = values["start_date"]
    if start < date_of_birth:
        raise RuleViolation(
            "The start date is before te tamaiti was born: check both dates.",
            rule="R-AGE-1",
            field="start_date",
        )
    return rules.maximum_term(
        agreement_type=values["agreement_type"],
        paragraph=values.get("s140_paragraph") or None,
        start_date=start,
        date_of_birth=date_of_birth,
    )


def term_violations(
    values: Mapping[str, Any], *, date_of_birth: date, parties: Iterable[Mapping[str, Any]] | None
) -> list[RuleViolation]:
    """All rule violations of a draft's terms; `parties` None means "not being changed"."""
    found: list[RuleViolation] = []
    found.extend(_term_and_paragraph(values, date_of_birth))
    found.extend(_plan_and_contact(values))
    found.extend(_provisions(values))
    found.extend(_termination_notice(values))
    found.extend(_caregiver(values.get("caregiver_organisation")))
    if parties is not None:
        parties = list(parties)
        found.extend(_parties(parties))
        if (too_many := party_count_violation(parties)) is not None:
            found.append(too_many)
    return found


def _term_and_paragraph(values: Mapping[str, Any], date_of_birth: date) -> list[RuleViolation]:
    """R-ALL-2 the end date within the maximum; R-140-3 paragraph (d) only for rangatahi 15 or over."""
    paragraph = values.get("s140_paragraph") or ""
    if values["agreement_type"] == AgreementType.S139 and paragraph:
        return [
            RuleViolation(
                "A paragraph of section 140(1) applies only to extended care (s140) agreements; leave it "
                "empty for temporary care under s139.",
                rule="R-139-1",
                field="s140_paragraph",
            )
        ]
    try:
        limit = legal_limit(values, date_of_birth)
        rules.validate_end_date(limit, values["end_date"], values["start_date"])
        if paragraph == rules.INDEPENDENCE_PARAGRAPH:
            rules.validate_paragraph_d_age(date_of_birth, values["start_date"])
    except RuleViolation as exc:
        return [exc]
    return []


def _plan_and_contact(values: Mapping[str, Any]) -> list[RuleViolation]:
    """R-ALL-3 the end plan; R-140-5 a contact person for s140(1)(a)-(c); R-139-3 the attestation."""
    checks = (_end_plan, _contact_person, _serious_concerns)
    return [violation for check in checks if (violation := check(values)) is not None]


def _end_plan(values: Mapping[str, Any]) -> RuleViolation | None:
    """R-ALL-3: transition towards independence for s140(1)(d), always; a return home for every other."""
    independence = (values.get("s140_paragraph") or "") == rules.INDEPENDENCE_PARAGRAPH
    plans_independence = values.get("end_plan") == EndPlan.TRANSITION_TO_INDEPENDENCE
    if independence == plans_independence:
        return None
    message = (
        "An s140(1)(d) agreement supports a rangatahi towards independence: its plan at the end is always "
        "transition towards independence."
        if independence
        else "Transition towards independence is a plan only for s140(1)(d) agreements; every other "
        "agreement plans for te tamaiti to return home."
    )
    return RuleViolation(message, rule="R-ALL-3", field="end_plan")


def _contact_person(values: Mapping[str, Any]) -> RuleViolation | None:
    paragraph = values.get("s140_paragraph") or ""
    if paragraph not in rules.RETURN_HOME_PARAGRAPHS or (values.get("contact_person") or "").strip():
        return None
    return RuleViolation(
        "Record the parent, guardian or whānau member who is willing to keep in contact with "
        "te tamaiti for the whole term.",
        rule="R-140-5",
        field="contact_person",
    )


def _serious_concerns(values: Mapping[str, Any]) -> RuleViolation | None:
    if values["agreement_type"] != AgreementType.S139 or values.get("serious_concerns_ruled_out"):
        return None
    return RuleViolation(
        "Temporary care under s139 is not for serious care or protection concerns: confirm they "
        "have been ruled out.",
        rule="R-139-3",
        field="serious_concerns_ruled_out",
    )


# Decision: a stated written notice period is at most this many days (longer would outlast most terms).
MAX_NOTICE_DAYS = 90


def _termination_notice(values: Mapping[str, Any]) -> list[RuleViolation]:
    """R-TERM-1: the statutory default, verbal notice, or N days' written notice (N given only then)."""
    notice = values.get("termination_notice") or TerminationNotice.STATUTORY
    days = values.get("termination_notice_days")
    if notice != TerminationNotice.WRITTEN:
        if days is None:
            return []
        return [
            RuleViolation(
                "A number of days goes with written notice only: choose written notice or leave the days empty.",
                rule="R-TERM-1",
                field="termination_notice_days",
            )
        ]
    if days is None or not 1 <= days <= MAX_NOTICE_DAYS:
        return [
            RuleViolation(
                f"Give how many days' written notice ends the agreement (1 to {MAX_NOTICE_DAYS}).",
                rule="R-TERM-1",
                field="termination_notice_days",
            )
        ]
    return []


def _provisions(values: Mapping[str, Any]) -> list[RuleViolation]:
    """R-ALL-5: the agreement covers every s146 provision."""
    return [
        RuleViolation(f"State the agreement's provision for: {label.lower()}.", rule="R-ALL-5", field=field)
        for field, label in S146_PROVISIONS.items()
        if not (values.get(field) or "").strip()
    ]


def _caregiver(organisation: Any) -> list[RuleViolation]:
    """R-ALL-4: care by the chief executive (none) or an organisation with a current s396 approval."""
    if organisation is None or organisation.holds_s396_approval:
        return []
    return [caregiver_violation(organisation)]


def caregiver_violation(organisation: Any) -> RuleViolation:
    return RuleViolation(
        f"{organisation.legal_name} does not hold a current s396 approval, so it cannot provide care "
        "under this agreement. Choose an approved care partner or the chief executive.",
        rule="R-ALL-4",
        field="caregiver_organisation",
    )


def _parties(parties: Iterable[Mapping[str, Any]]) -> list[RuleViolation]:
    """R-ALL-6: a parent, guardian or person having care makes the agreement and signs it."""
    agreeing = [
        p for p in parties if p.get("role") in AGREEING_ROLES and p.get("signatory", True) and p.get("name")
    ]
    if agreeing:
        return []
    return [
        RuleViolation(
            "Add the parent, guardian or person having the care of te tamaiti who makes the agreement "
            "(a signatory party).",
            rule="R-ALL-6",
            field="parties",
        )
    ]


def party_count_violation(parties: Iterable[Any]) -> RuleViolation | None:
    """At most MAX_PARTIES named parties; te tamaiti's own party (R-140-4) is added by the system on top.

    Rows need not be valid yet (the API checks the count before validating each row).
    """
    named = sum(1 for p in parties if not (isinstance(p, Mapping) and p.get("role") == PartyRole.CHILD))
    if named <= limits.MAX_PARTIES:
        return None
    return RuleViolation(
        f"An agreement names at most {limits.MAX_PARTIES} parties; this one has {named}. Remove "
        f"{named - limits.MAX_PARTIES} of them.",
        field="parties",
    )


def without_child_parties(parties: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Te tamaiti is added as a party by the system when R-140-4 applies, never by hand."""
    return [dict(p) for p in parties if p.get("role") != PartyRole.CHILD]


def start_violation(start_date: date, today: date) -> RuleViolation | None:
    """R-DATE-5: a draft, a submission and an approval refuse a start date before today (NZ, R-DATE-1)."""
    if start_date >= today:
        return None
    return RuleViolation(
        f"The start date ({rules.format_nz_date(start_date)}) is before today: a care agreement starts no "
        "earlier than the day it is made. Choose today or a later day.",
        rule="R-DATE-5",
        field="start_date",
    )
