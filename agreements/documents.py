"""What the written agreement says (R-ALL-5): the templates' context in plain words. Versions, signing and the
executed copy are agreements.versions'."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from agreements import rules
from agreements.choices import (
    S146_PROVISIONS,
    AgreementStatus,
    EndPlan,
    TerminationNotice,
)
from agreements.models import Agreement, Extension
from careportal.pdf import qr_data_uri

TEMPLATE = "agreements/pdf/agreement.html"
EXTENSION_TEMPLATE = "agreements/pdf/extension.html"
SIGNATURE_PAGE_TEMPLATE = "agreements/pdf/signature_page.html"
CHIEF_EXECUTIVE = "The chief executive of Oranga Tamariki"
ACT = "the Oranga Tamariki Act 1989"

# Documents for whānau speak plainly (docs/rules.md): the statute in words, never a rule id. Everything below
# down to the versioning is pure presentation: plain values in, words out, no queries beyond the relations.


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
        f"notice is given, verbally or in writing, the agreement no longer has effect (section 139 of {ACT})."
    ),
    "s140": (
        "This agreement does not say otherwise, so it is terminated by 7 days' written notice from a party: "
        "it stays in force for the 7 clear days after the day notice is given and has ended from the eighth "
        f"day (section 140 of {ACT}). A family group conference may decide to end it on a date it sets, "
        "whatever this agreement says."
    ),
}
RECLAIM_NOTE = (
    "A parent or guardian with a legal right to custody who has not signed this agreement, and who asks to "
    "care for te tamaiti, ends it immediately, without any notice. The agreement binds only those who "
    "signed it."
)
UNCHANGED_NOTE = (
    "Everything else in the agreement stays the same: who provides care, what the agreement provides for "
    "te tamaiti (section 146), how it can be terminated and the plan at the end."
)


def statute_words(agreement: Agreement) -> str:
    """The section the agreement is made under, in words: "section 139 of the Oranga Tamariki Act 1989"."""
    return f"section {140 if agreement.agreement_type == rules.S140 else 139} of {ACT}"


def section_label(agreement: Agreement) -> str:
    if agreement.agreement_type == rules.S140:
        kind = "extended care"
        if agreement.s140_paragraph == rules.INDEPENDENCE_PARAGRAPH:
            kind = "extended care, supporting rangatahi towards independence"
        return f"Section 140(1)({agreement.s140_paragraph}) of {ACT}: {kind}"
    return f"Section 139 of {ACT}: temporary care"


def caregiver_name(agreement: Agreement) -> str:
    org = agreement.caregiver_organisation
    return org.legal_name if org is not None else CHIEF_EXECUTIVE


def _caregiver_in_words(agreement: Agreement) -> str:
    """The caregiver inside a sentence: the organisation's name, or "the chief executive of …"."""
    org = agreement.caregiver_organisation
    return org.legal_name if org is not None else CHIEF_EXECUTIVE[0].lower() + CHIEF_EXECUTIVE[1:]


def _cap_applies(agreement: Agreement) -> bool:
    """Whether the maximum is the day before the 18th birthday, not the statutory term."""
    eighteenth = rules.birthday(agreement.child.date_of_birth, rules.ADULT_AGE)
    return agreement.legal_max_end_date == eighteenth - timedelta(days=1)


def plain_legal_basis(agreement: Agreement) -> str:
    """The maximum term in plain words, for the printed agreement (the stored `legal_basis` cites rule ids).

    From the agreement's type, its s140(1) paragraph, te tamaiti's age on the start date and the stored
    maximum (`legal_max_end_date`, which an extension moves on).
    """
    latest = rules.format_nz_date(agreement.legal_max_end_date)
    if agreement.agreement_type == rules.S139:
        law = (
            f"Temporary care under section 139 of {ACT} can last at most {rules.S139_MAX_DAYS} days, "
            f"counting the first day, and can be extended once, by at most {rules.S139_MAX_DAYS} more days."
        )
    elif agreement.s140_paragraph == rules.INDEPENDENCE_PARAGRAPH:
        law = (
            f"An agreement under section 140(1)(d) of {ACT}, supporting rangatahi towards independence, can "
            f"last at most {rules.S140_MONTHS} months. A family group conference can approve further periods "
            f"of at most {rules.S140_MONTHS} months each."
        )
    else:
        young = rules.age_on(agreement.child.date_of_birth, agreement.start_date) < rules.YOUNG_CHILD_AGE
        months = rules.S140_MONTHS_UNDER_7 if young else rules.S140_MONTHS
        who = f"under {rules.YOUNG_CHILD_AGE}" if young else f"aged {rules.YOUNG_CHILD_AGE} or over"
        law = (
            f"Extended care under section 140 of {ACT} can last at most {months} months for a child {who} "
            "on the first day of care. It cannot be extended: a family group conference meets again to plan "
            "what happens next."
        )
    if _cap_applies(agreement):
        law += " No care agreement can continue on or after the 18th birthday of te tamaiti."
    return f"{law} This agreement can last until {latest} at the latest."


def about_text(agreement: Agreement) -> str:
    """The short "About this agreement" introduction, in plain words."""
    caregiver = _caregiver_in_words(agreement)
    if agreement.agreement_type == rules.S140:
        what = (
            f"This is an extended care agreement under section 140 of {ACT}, made with the approval of a "
            "family group conference."
        )
    else:
        what = f"This is a temporary care agreement under section 139 of {ACT}."
    return (
        f"{what} It says that te tamaiti will be in the care of {caregiver} from "
        f"{rules.format_nz_date(agreement.start_date)} to {rules.format_nz_date(agreement.end_date)}, what "
        "te tamaiti needs during that time, how the agreement can be ended and what happens at the end. "
        "It has effect only once everyone named under Signatures has signed it, and not before its start "
        "date. It binds only the people who sign it, and each of them gets a copy."
    )


def end_plan_text(agreement: Agreement) -> str:
    """What happens at the end of the agreement (the end plan), and on its last day, in plain words."""
    last_day = rules.format_nz_date(agreement.end_date)
    day_after = rules.format_nz_date(agreement.end_date + timedelta(days=1))
    if agreement.end_plan == EndPlan.TRANSITION_TO_INDEPENDENCE:
        return (
            "The plan is to support rangatahi towards living independently, with the services and assistance "
            f"this agreement provides. The last day of care under this agreement is {last_day}: on that day "
            "rangatahi moves on to living independently, and from the next day, "
            f"{day_after}, the agreement no longer has effect."
        )
    return (
        f"The plan is for te tamaiti to return home. The last day of care under this agreement is {last_day}: "
        f"on that day te tamaiti goes home, and from the next day, {day_after}, the agreement no longer has "
        "effect."
    )


def _parties_rows(agreement: Agreement) -> list[dict[str, str]]:
    return [
        {
            "name": p.name,
            "role": p.get_role_display(),
            "custody": "Yes" if p.has_custody_right else "No",
            "party": "Yes (signs)" if p.signatory else "No",
        }
        for p in agreement.parties.all()
    ]


def signature_blocks(agreement: Agreement) -> list[dict[str, str]]:
    """One block per party who signs (R-ALL-6, R-140-4), then the caregiver's: printed name and role,
    an empty signature line and a date line. Nothing in it changes once the agreement is signed."""
    blocks = [
        {"name": p.name, "role": p.get_role_display(), "signature": f"Signature of {p.name}", "for": ""}
        for p in agreement.required_signatories
    ]
    org = agreement.caregiver_organisation
    caregiver = f"For {org.legal_name}" if org is not None else f"For {_caregiver_in_words(agreement)}"
    blocks.append(
        {
            "name": caregiver,
            "role": "Provides care",
            "signature": "Signature",
            "for": "Name of the person signing",
        }
    )
    return blocks


def _header_context(agreement: Agreement) -> dict[str, Any]:
    """What the agreement and its extensions print at the top: te tamaiti, the parties, the caregiver."""
    child = agreement.child
    return {
        "reference": agreement.reference,
        "section": section_label(agreement),
        "statute": statute_words(agreement),
        "child": {
            "name": child.name,
            "born": rules.format_nz_date(child.date_of_birth),
            "iwi": child.iwi,
            "case_reference": child.case_reference,
        },
        "party_rows": _parties_rows(agreement),
        "caregiver": caregiver_name(agreement),
        "signature_blocks": signature_blocks(agreement),
    }


def pdf_context(agreement: Agreement) -> dict[str, Any]:
    """Everything the template prints. No timestamps: the same content must give the same hash.

    Nothing that changes after approval (the status, signatures and their dates) is printed: the copy
    issued for signing is the copy signed (R-ALL-6). `is_draft` is true only before approval.
    """
    return {
        **_header_context(agreement),
        "agreement": agreement,
        "about": about_text(agreement),
        "plain_legal_basis": plain_legal_basis(agreement),
        "dates": {
            "start": rules.format_nz_date(agreement.start_date),
            "end": rules.format_nz_date(agreement.end_date),
            "legal_max": rules.format_nz_date(agreement.legal_max_end_date),
            "born": rules.format_nz_date(agreement.child.date_of_birth),
        },
        "end_plan": agreement.get_end_plan_display(),
        "end_plan_text": end_plan_text(agreement),
        "contact_person": agreement.contact_person,
        "provisions": [(label, getattr(agreement, field)) for field, label in S146_PROVISIONS.items()],
        "termination_text": termination_text(agreement),
        "termination_notes": agreement.termination_terms.strip(),
        "termination_is_default": agreement.termination_notice == TerminationNotice.STATUTORY,
        "reclaim_note": RECLAIM_NOTE,
        "signatories": agreement.required_signatories,
        "extensions": [
            {"start": rules.format_nz_date(e.start_date), "end": rules.format_nz_date(e.end_date)}
            for e in agreement.extensions.all()
        ],
        "is_draft": agreement.status
        in (
            AgreementStatus.DRAFT,
            AgreementStatus.AWAITING_FGC,
            AgreementStatus.AWAITING_SUPERVISOR,
        ),
    }


def _term(start: date, end: date) -> dict[str, str]:
    return {"start": rules.format_nz_date(start), "end": rules.format_nz_date(end)}


def extension_basis_text(agreement: Agreement) -> str:
    """How far the law lets the agreement be extended, in plain words (s139 once; s140(1)(d) by FGC)."""
    if agreement.agreement_type == rules.S139:
        return (
            f"Temporary care under section 139 of {ACT} can be extended once, by at most "
            f"{rules.S139_MAX_DAYS} days from the day after the current last day."
        )
    return (
        f"An agreement under section 140(1)(d) of {ACT} can be extended by at most {rules.S140_MONTHS} "
        "months at a time, each extension approved by a family group conference."
    )


def extension_context(
    agreement: Agreement, extension: Extension, *, earlier: list[Extension]
) -> dict[str, Any]:
    """What the extension issued for signing prints (templates/agreements/pdf/extension.html).

    `earlier` are the extensions already in force before this one. Like the agreement, nothing that
    changes once it is signed is printed (no status, no signatures or their dates).
    """
    history = sorted(earlier, key=lambda e: e.start_date)
    original_end = (history[0] if history else extension).previous_end_date
    current_end = rules.format_nz_date(extension.previous_end_date)
    new_end = rules.format_nz_date(extension.end_date)
    fgc = extension.fgc_held_on if agreement.agreement_type == rules.S140 else None
    return {
        **_header_context(agreement),
        "about": (
            f"This extends care agreement {agreement.reference}, made under {statute_words(agreement)}. "
            f"It moves the last day of care from {current_end} to {new_end}: te tamaiti stays in the care of "
            f"{_caregiver_in_words(agreement)} until the end of {new_end}. It has effect only once everyone "
            f"named under Signatures has signed it, and only if they sign before the current last day, "
            f"{current_end}."
        ),
        "current_end": current_end,
        "new_end": new_end,
        "term": _term(extension.start_date, extension.end_date),
        "fgc_held_on": rules.format_nz_date(fgc) if fgc else "",
        "basis": extension_basis_text(agreement),
        "history": [
            {"label": "The agreement as first made", **_term(agreement.start_date, original_end)},
            *(
                {"label": f"Extension {number}", **_term(e.start_date, e.end_date)}
                for number, e in enumerate(history, start=1)
            ),
        ],
        "number": len(history) + 1,
        "unchanged_note": UNCHANGED_NOTE,
    }


SIGNATURE_METHODS = {
    "drawn": "drawn on a screen",
    "typed": "by typing their name",
    "paper": "on paper",
    "attested": "in person, witnessed by the worker",
}
KIND_LABELS = ("care agreement", "extension of the care agreement")
_PNG_DATA_URL = re.compile(r"data:image/png;base64,[A-Za-z0-9+/]+={0,2}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _signature_entry(signature: Mapping[str, str]) -> dict[str, str]:
    """One recorded signature as the signature page prints it; refuses what WeasyPrint should not load."""
    method = signature["method"]
    if method not in SIGNATURE_METHODS:
        raise ValueError(f"unknown signature method {method!r}")
    drawing = signature.get("drawing", "") if method == "drawn" else ""
    if method == "drawn" and not _PNG_DATA_URL.fullmatch(drawing):
        raise ValueError("a drawn signature is a data URL of a PNG")  # never a URL WeasyPrint would fetch
    scan = signature.get("scan_sha256", "") if method == "paper" else ""
    if method == "paper" and not _SHA256.fullmatch(scan):
        raise ValueError("a paper signature carries the SHA-256 of its scan (64 hex digits)")
    given = f"Signed on {signature['signed_on']}, {SIGNATURE_METHODS[method]}."
    return {
        "name": signature["name"],
        "role": signature["role"],
        "method": method,
        "drawing": drawing,
        "typed_name": signature.get("typed_name", "") if method == "typed" else "",
        "scan_sha256": scan,
        "given": given,
        "recorded_by": signature["recorded_by"],
    }


def signature_page_context(
    *,
    reference: str,
    kind_label: str,
    statute: str,
    version: int,
    version_sha256: str,
    issued_on: str,
    executed_on: str,
    caregiver: str,
    approved_by: str,
    approved_on: str,
    signatures: Sequence[Mapping[str, str]],
    caregiver_signature: Mapping[str, str] | None,
    verification_code: str,
    verify_url: str,
) -> dict[str, Any]:
    """What the signature page of the executed copy prints (templates/agreements/pdf/signature_page.html).

    Plain values only: dates already in words (`rules.format_nz_date`), `statute` from `statute_words`.
    `signatures` are the parties' (name, role, method drawn | typed | paper, drawing, typed_name,
    scan_sha256, signed_on, recorded_by); `caregiver_signature` is the one given for the caregiver, in the
    same shape, or None when none is recorded in the portal.
    """
    if kind_label not in KIND_LABELS:
        raise ValueError(f"unknown kind of document {kind_label!r}")
    if not _SHA256.fullmatch(version_sha256):
        raise ValueError("version_sha256 is 64 lower-case hex digits")
    return {
        "reference": reference,
        "kind_label": kind_label,
        "statute": statute,
        "version": version,
        "version_sha256": version_sha256,
        "issued_on": issued_on,
        "executed_on": executed_on,
        "caregiver": caregiver,
        "approved_by": approved_by,
        "approved_on": approved_on,
        "signatures": [_signature_entry(s) for s in signatures],
        "caregiver_signature": _signature_entry(caregiver_signature) if caregiver_signature else None,
        "verification_code": verification_code,
        "verify_url": verify_url,
        "qr_data_uri": qr_data_uri(verify_url),
    }
