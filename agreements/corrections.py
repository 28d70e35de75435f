"""R-AGE-4: a corrected date of birth re-evaluates every open agreement of that child at once.

For each agreement not yet ended: the legal maximum and its age band (R-140-2, R-AGE-2), the
18th-birthday cap (R-AGE-3) and whether te tamaiti must consent and sign (R-140-4) are worked out again
from the corrected date and stored. A term the corrected date makes too long is refused at the agreement's
next step (agreements.services.common.within_legal_maximum); one in force is ended by the daily sweep from
the day after its corrected legal maximum (agreements.sweep). The social worker and the supervisor are
told what changed, by reference only (R-PRIV-2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from agreements import rules
from agreements.choices import IN_FORCE_STATUSES, PRE_ACTIVE_STATUSES, AgreementStatus, PartyRole
from agreements.followups import agreement_link
from agreements.models import Agreement, Child, Party
from careportal.exceptions import RuleViolation
from careportal.lib.dates import format_nz_date
from careportal.notifications.kinds import NotificationKind
from careportal.notifications.services import notify_all_on_commit

OPEN_STATUSES = (*PRE_ACTIVE_STATUSES, *IN_FORCE_STATUSES)
# Before signing, te tamaiti's party follows the corrected date (R-140-4); once signed it stays as signed.
_PARTIES_FOLLOW = (
    AgreementStatus.DRAFT,
    AgreementStatus.AWAITING_FGC,
    AgreementStatus.AWAITING_SUPERVISOR,
    AgreementStatus.AWAITING_SIGNATURES,
)


@dataclass
class Reevaluation:
    agreement: Agreement
    changes: list[str] = field(default_factory=list)

    @property
    def unlawful(self) -> bool:
        return self.agreement.end_date > self.agreement.legal_max_end_date


def _corrected_limit(agreement: Agreement, date_of_birth: date) -> rules.LegalLimit:
    """The legal maximum from the corrected date: for an extended agreement the 18th-birthday cap on the
    extension's own maximum; a term that may not start at all (18 by its start) ends before it."""
    extension = agreement.extensions.order_by("-end_date").first()
    cap = rules.birthday(date_of_birth, rules.ADULT_AGE) - timedelta(days=1)
    if extension is not None:
        if extension.legal_max_end_date <= cap:
            return rules.LegalLimit(extension.legal_max_end_date, ("R-AGE-4",), extension.legal_basis)
        return rules.LegalLimit(
            cap, ("R-AGE-3", "R-AGE-4"), "no care agreement may run past the 18th birthday."
        )
    try:
        return rules.maximum_term(
            agreement_type=agreement.agreement_type,
            paragraph=agreement.s140_paragraph or None,
            start_date=agreement.start_date,
            date_of_birth=date_of_birth,
        )
    except RuleViolation as exc:  # R-AGE-3: 18 on or before the start
        return rules.LegalLimit(cap, (exc.rule or "R-AGE-3", "R-AGE-4"), str(exc.message))


def _child_party(agreement: Agreement, child: Child) -> str | None:
    """R-140-4 again on the start date (the day it is made is never later: R-ALL-10); before signing only."""
    if agreement.status not in _PARTIES_FOLLOW:
        return None
    must = rules.child_must_consent(
        agreement_type=agreement.agreement_type, date_of_birth=child.date_of_birth, on=agreement.start_date
    )
    has = agreement.parties.filter(role=PartyRole.CHILD).exists()
    if must and not has:
        Party.objects.create(agreement=agreement, position=999, name=child.name, role=PartyRole.CHILD)
        return "te tamaiti is now 12 or over on the start date, so consents and signs too (R-140-4)"
    if has and not must:
        agreement.parties.filter(role=PartyRole.CHILD).delete()
        return "te tamaiti is now under 12 on the start date, so is no longer a signatory (R-140-4)"
    return None


def reevaluate(agreement: Agreement, child: Child) -> Reevaluation:
    """Store the corrected maximum and te tamaiti's party; say what changed."""
    found = Reevaluation(agreement)
    limit = _corrected_limit(agreement, child.date_of_birth)
    if limit.max_end_date != agreement.legal_max_end_date:
        found.changes.append(
            f"the legal maximum is now {format_nz_date(limit.max_end_date)} "
            f"(was {format_nz_date(agreement.legal_max_end_date)})"
        )
    agreement.legal_max_end_date, agreement.legal_basis = limit.max_end_date, limit.legal_basis
    agreement.save(update_fields=["legal_max_end_date", "legal_basis", "updated_at"])
    if (party_change := _child_party(agreement, child)) is not None:
        found.changes.append(party_change)
    return found


def _message(found: Reevaluation) -> str:
    agreement = found.agreement
    text = (
        f"Te tamaiti's date of birth was corrected; care agreement {agreement.reference} was checked again: "
        + "; ".join(found.changes)
        + "."
    )
    if not found.unlawful:
        return text
    if agreement.status in IN_FORCE_STATUSES:
        return text + (
            f" Its term now runs past what the law allows: it ends from "
            f"{format_nz_date(agreement.legal_max_end_date + timedelta(days=1))} (R-AGE-4). Plan the care."
        )
    return (
        text + " Its term now runs past what the law allows: change the dates before its next step (R-AGE-4)."
    )


def after_birth_date_corrected(child: Child) -> list[Reevaluation]:
    """Re-evaluate every open agreement of `child` (whose date of birth has just been corrected and saved)
    and tell each one's social worker and supervisor what changed."""
    agreements = Agreement.objects.filter(child=child, status__in=OPEN_STATUSES).select_related(
        "drafted_by", "approved_by"
    )
    results = [reevaluate(agreement, child) for agreement in agreements]
    for found in results:
        if not found.changes:
            continue
        a = found.agreement
        supervisor = a.approved_by or a.drafted_by.supervisor
        recipients = [u for u in dict.fromkeys((a.drafted_by, supervisor)) if u is not None]
        notify_all_on_commit(
            recipients,
            kind=NotificationKind.AGREEMENT_BIRTH_DATE_CORRECTED,
            message=_message(found),
            link=agreement_link(a.pk),
        )
    return results
