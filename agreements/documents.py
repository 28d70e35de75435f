"""What the written agreement says (R-ALL-5): the templates' context in plain words. Versions, signing and the
executed copy are agreements.versions'."""

from __future__ import annotations

from typing import Any

from agreements import rules
from agreements.choices import S146_PROVISIONS, AgreementStatus, TerminationNotice
from agreements.models import Agreement

TEMPLATE = "agreements/pdf/agreement.html"
CHIEF_EXECUTIVE = "The chief executive of Oranga Tamariki"


# What the statute says when the agreement itself is silent on termination.
def termination_text(agreement: Agreement) -> str:
    """R-TERM-1: the agreement's termination clause in plain words, from its stated choice."""
    if agreement.termination_notice == TerminationNotice.VERBAL:
        return (
            "This agreement can be terminated by notice from a party, given verbally or in writing: from the "
            "day notice is given, the agreement no longer has effect."
        )
    if agreement.termination_notice == TerminationNotice.WRITTEN:
        days = agreement.termination_notice_days
        return (
            f"This agreement can be terminated by {days} days' written notice from a party: it stays in "
            f"force for the {days} clear days after the day notice is given and has ended from the day after."
        )
    return DEFAULT_TERMINATION[agreement.agreement_type]


DEFAULT_TERMINATION = {
    "s139": (
        "This agreement does not say otherwise, so notice given by a party ends it at once: from the day "
        "notice is given, verbally or in writing, the agreement no longer has effect (section 139; R-139-4)."
    ),
    "s140": (
        "This agreement does not say otherwise, so it is terminated by 7 days' written notice from a party: "
        "it stays in force for the 7 clear days after the day notice is given and has ended from the eighth "
        "day (section 140; R-140-6, R-DATE-4). A family group conference may decide to end it on a date it "
        "sets, whatever this agreement says."
    ),
}
RECLAIM_NOTE = (
    "A parent or guardian with a legal right to custody who has not signed this agreement, and who asks to "
    "care for te tamaiti, ends it immediately (R-ALL-7). The agreement binds only those who signed it (R-ALL-6)."
)


def section_label(agreement: Agreement) -> str:
    if agreement.is_s140:
        return f"Section 140(1)({agreement.s140_paragraph}) of the Oranga Tamariki Act 1989: extended care"
    return "Section 139 of the Oranga Tamariki Act 1989: temporary care"


def pdf_context(agreement: Agreement) -> dict[str, Any]:
    """Everything the template prints. No timestamps: the same content must give the same hash."""
    return {
        "agreement": agreement,
        "child": agreement.child,
        "section": section_label(agreement),
        "caregiver": agreement.caregiver_organisation.legal_name
        if agreement.caregiver_organisation
        else CHIEF_EXECUTIVE,
        "dates": {
            "start": rules.format_nz_date(agreement.start_date),
            "end": rules.format_nz_date(agreement.end_date),
            "legal_max": rules.format_nz_date(agreement.legal_max_end_date),
            "born": rules.format_nz_date(agreement.child.date_of_birth),
        },
        "provisions": [(label, getattr(agreement, field)) for field, label in S146_PROVISIONS.items()],
        "termination_text": termination_text(agreement),
        "termination_notes": agreement.termination_terms.strip(),
        "termination_is_default": agreement.termination_notice == TerminationNotice.STATUTORY,
        "reclaim_note": RECLAIM_NOTE,
        "parties": list(agreement.parties.all()),
        "signatories": agreement.required_signatories,
        "extensions": list(agreement.extensions.all()),
        "is_draft": agreement.status
        in (
            AgreementStatus.DRAFT,
            AgreementStatus.AWAITING_FGC,
            AgreementStatus.AWAITING_SUPERVISOR,
        ),
    }
