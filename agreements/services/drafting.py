"""Recording tamariki and drafting agreements: creation and changes while the agreement is a draft."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction

from agreements import corrections, rules
from agreements import permissions as perms
from agreements.choices import AgreementStatus, EndPlan, PartyRole, TerminationNotice
from agreements.models import Agreement, Child, Party, ReferenceSequence
from agreements.overlaps import dated_violations
from agreements.validation import TERM_FIELDS, legal_limit, term_violations, without_child_parties
from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record
from careportal.exceptions import NotPermitted, RuleViolation, TransitionNotAllowed
from careportal.lib.actor import Actor
from careportal.workflow import audit_created, lock

from .common import today_or

CHILD_FIELDS = ("name", "date_of_birth", "iwi", "case_reference")
TERM_DEFAULTS: dict[str, Any] = {
    "s140_paragraph": "",
    "end_plan": EndPlan.RETURN_HOME,
    "caregiver_organisation": None,
    "contact_person": "",
    "termination_terms": "",
    "termination_notice": TerminationNotice.STATUTORY,
    "termination_notice_days": None,
    "serious_concerns_ruled_out": False,
}


# --- Tamariki -------------------------------------------------------------------------------------


def _check_child(values: Mapping[str, Any], *, today: date, exclude_pk: Any = None) -> None:
    if values["date_of_birth"] > today:
        raise RuleViolation(
            "The date of birth cannot be in the future.", rule="R-AGE-1", field="date_of_birth"
        )
    clash = Child.objects.filter(case_reference=values["case_reference"]).exclude(pk=exclude_pk)
    if clash.exists():
        raise RuleViolation("Another tamaiti already has this case reference.", field="case_reference")


@transaction.atomic
def child_create(
    *,
    by: Actor,
    name: str,
    date_of_birth: date,
    case_reference: str,
    iwi: str = "",
    today: date | None = None,
) -> Child:
    """Record te tamaiti an agreement will be about (social workers only)."""
    if not perms.can_draft(by):
        raise NotPermitted("Only social workers record tamariki.")
    values = {"name": name, "date_of_birth": date_of_birth, "case_reference": case_reference, "iwi": iwi}
    _check_child(values, today=today_or(today))
    child = Child.objects.create(**values)
    audit_record(actor=by, kind=AuditKind.CREATE, action="create", obj=child)
    return child


@transaction.atomic
def child_update(*, child: Child, by: Actor, today: date | None = None, **changes: Any) -> Child:
    """Correct te tamaiti's details; changes are audited by field name (R-PRIV-3)."""
    if not perms.can_draft(by):
        raise NotPermitted("Only social workers change tamariki records.")
    child = Child.objects.select_for_update().get(pk=child.pk)
    changed = {f: v for f, v in changes.items() if f in CHILD_FIELDS and getattr(child, f) != v}
    _check_child(
        {**{f: getattr(child, f) for f in CHILD_FIELDS}, **changed},
        today=today_or(today),
        exclude_pk=child.pk,
    )
    for field, value in changed.items():
        setattr(child, field, value)
    child.save()
    audit_record(
        actor=by, kind=AuditKind.CHANGE, action="update", obj=child, data={"fields": sorted(changed)}
    )
    if "date_of_birth" in changed:
        corrections.after_birth_date_corrected(child)  # R-AGE-4, in the same transaction
    return child


# --- Agreements -----------------------------------------------------------------------------------


def _checked_terms(
    values: Mapping[str, Any],
    child: Child,
    parties: Iterable[Mapping] | None,
    *,
    today: date,
    exclude: Any = None,
) -> rules.LegalLimit:
    """Raise the first rule the terms break (the API and form report them all before calling us)."""
    violations = term_violations(values, date_of_birth=child.date_of_birth, parties=parties)
    if not violations:  # R-DATE-5, R-ALL-9: judged on today and against the other agreements
        violations = dated_violations(dict(values), child=child, exclude=exclude, today=today)
    if violations:
        raise violations[0]
    return legal_limit(values, child.date_of_birth)


def _sync_parties(agreement: Agreement, parties: Iterable[Mapping[str, Any]] | None) -> None:
    """Replace the draft's parties when given; re-derive te tamaiti's party (R-140-4) every time."""
    if parties is not None:
        agreement.parties.all().delete()
        Party.objects.bulk_create(
            Party(
                agreement=agreement,
                position=index,
                name=p["name"],
                role=p["role"],
                has_custody_right=p.get("has_custody_right", False),
                signatory=p.get("signatory", True),
            )
            for index, p in enumerate(without_child_parties(parties))
        )
    agreement.parties.filter(role=PartyRole.CHILD).delete()
    child = agreement.child
    if rules.child_must_consent(
        agreement_type=agreement.agreement_type, date_of_birth=child.date_of_birth, on=agreement.start_date
    ):
        # R-140-4: 12 or over on the day the agreement is made: te tamaiti consents, signs, gets a copy.
        Party.objects.create(agreement=agreement, position=999, name=child.name, role=PartyRole.CHILD)


@transaction.atomic
def agreement_create(
    *, by: Actor, child: Child, parties: Iterable[Mapping[str, Any]], today: date | None = None, **terms: Any
) -> Agreement:
    """Draft a new agreement: every R- rule on its terms checked, the legal maximum stored, parties added."""
    if not perms.can_draft(by):
        raise NotPermitted("Only social workers draft care agreements.")
    parties = list(parties)
    values = {**TERM_DEFAULTS, **{f: v for f, v in terms.items() if f in TERM_FIELDS}}
    limit = _checked_terms(values, child, parties, today=today_or(today))
    agreement = Agreement(
        **values,
        child=child,
        reference=ReferenceSequence.next_reference(today_or(today).year),
        drafted_by=by,
        site=by.site,
        legal_max_end_date=limit.max_end_date,
        legal_basis=limit.legal_basis,
    )
    agreement.save()
    _sync_parties(agreement, parties)
    audit_created(agreement, by=by)
    return agreement


def _locked_in(
    agreement: Agreement, by: Actor, status: str, *, denied: str, refused: str, rule: str = ""
) -> Agreement:
    """A social worker's step on an agreement in `status`: `denied` (403) to anyone else, `refused` (409)
    once the locked agreement is in another status."""
    if not perms.can_draft(by):
        raise NotPermitted(denied)
    locked = lock(agreement)
    if locked.status != status:
        raise TransitionNotAllowed(refused, status=locked.status, rule=rule)
    return locked


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    by: Actor,
    parties: Iterable[Mapping[str, Any]] | None = None,
    today: date | None = None,
    **terms: Any,
) -> Agreement:
    """Change a draft's terms, child or parties; refused once it has been submitted."""
    agreement = _locked_in(
        agreement,
        by,
        AgreementStatus.DRAFT,
        denied="Only social workers change draft care agreements.",
        refused="Only a draft can be changed; ask the supervisor to return it to draft first.",
    )
    parties = list(parties) if parties is not None else None
    child = terms.pop("child", None) or agreement.child
    values = {
        **{f: getattr(agreement, f) for f in TERM_FIELDS},
        **{f: v for f, v in terms.items() if f in TERM_FIELDS},
    }
    limit = _checked_terms(
        values,
        child,
        parties if parties is not None else _current_parties(agreement),
        today=today_or(today),
        exclude=agreement.pk,
    )
    for field, value in values.items():
        setattr(agreement, field, value)
    agreement.child = child
    agreement.legal_max_end_date, agreement.legal_basis = limit.max_end_date, limit.legal_basis
    if "termination_notice" in terms:  # R-TERM-1: the worker has stated the choice, so has reviewed it
        agreement.termination_terms_review = False
    agreement.save()
    _sync_parties(agreement, parties)
    changed = sorted([*terms, *(["parties"] if parties is not None else [])])
    audit_record(actor=by, kind=AuditKind.CHANGE, action="update", obj=agreement, data={"fields": changed})
    return agreement


def _current_parties(agreement: Agreement) -> list[dict[str, Any]]:
    rows = agreement.parties.values("name", "role", "has_custody_right", "signatory")
    return [dict(row) for row in rows]


@transaction.atomic
def agreement_redraft(
    *, agreement: Agreement, by: Actor, start_date: date, end_date: date, today: date | None = None
) -> Agreement:
    """R-DATE-5: a new draft copying a lapsed agreement's terms and parties with new dates; it needs
    approval and every signature again. The lapsed agreement stays as it is."""
    agreement = _locked_in(
        agreement,
        by,
        AgreementStatus.LAPSED,
        denied="Only social workers draft care agreements.",
        refused="Only a lapsed agreement is started again as a new draft; change a draft itself.",
        rule="R-DATE-5",
    )
    terms = {f: getattr(agreement, f) for f in TERM_FIELDS}
    terms.update(start_date=start_date, end_date=end_date)
    parties = [p for p in _current_parties(agreement) if p["role"] != PartyRole.CHILD]
    draft = agreement_create(by=by, child=agreement.child, parties=parties, today=today, **terms)
    audit_record(
        actor=by,
        kind=AuditKind.CHANGE,
        action="redraft",
        obj=agreement,
        data={"new_agreement": str(draft.pk), "reference": draft.reference},
    )
    return draft
