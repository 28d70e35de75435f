"""The agreement for signing as a PDF (R-ALL-5, R-ALL-6): rendered, versioned, stored, downloaded."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from agreements import rules
from agreements.choices import S146_PROVISIONS, AgreementStatus
from agreements.models import Agreement, AgreementDocument
from agreements.selectors import latest_document, with_list_data
from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record
from careportal.pdf import render_pdf

TEMPLATE = "agreements/pdf/agreement.html"
CHIEF_EXECUTIVE = "The chief executive of Oranga Tamariki"

# What the statute says when the agreement itself is silent on termination.
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
        "termination_text": agreement.termination_terms.strip()
        or DEFAULT_TERMINATION[agreement.agreement_type],
        "termination_is_default": not agreement.termination_terms.strip(),
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


@transaction.atomic
def generate_document(agreement_id: Any) -> AgreementDocument | None:
    """Render the agreement; store a new version only when its content changed (idempotent)."""
    locked = Agreement.objects.select_for_update(of=("self",)).filter(pk=agreement_id).first()
    if locked is None:
        return None
    agreement = with_list_data(Agreement.objects.filter(pk=locked.pk)).get()
    latest = latest_document(agreement)
    version = latest.version + 1 if latest else 1
    rendered = render_pdf(TEMPLATE, pdf_context(agreement), reference=agreement.reference, version=version)
    if latest is not None and latest.content_hash == rendered.content_hash:
        return latest
    document = AgreementDocument(agreement=agreement, version=version, content_hash=rendered.content_hash)
    document.file.save(agreement.pdf_file_name(version), ContentFile(rendered.content), save=False)
    document.save()
    return document


def document_for_download(agreement: Agreement, *, by: Any) -> AgreementDocument:
    """The latest version (generated now if there is none yet); the download is audited (R-PRIV-3)."""
    document = latest_document(agreement) or generate_document(agreement.pk)
    assert document is not None  # noqa: S101 - the agreement exists: the caller just read it
    audit_record(
        actor=by,
        kind=AuditKind.DOWNLOAD,
        action="download_pdf",
        obj=agreement,
        data={"version": document.version},
    )
    return document
