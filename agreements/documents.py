"""The agreement for signing as a PDF (R-ALL-5, R-ALL-6): rendered, versioned, stored, downloaded."""

from __future__ import annotations

from datetime import date
from typing import Any

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery

from agreements import rules
from agreements.choices import IN_FORCE_STATUSES, S146_PROVISIONS, AgreementStatus, TerminationNotice
from agreements.models import Agreement, AgreementDocument
from agreements.selectors import latest_document, with_list_data
from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record
from careportal.lib.actor import RequestUser
from careportal.lib.queue import enqueue
from careportal.pdf import content_digest, render_pdf

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


def _render_inputs(agreement_id: Any) -> tuple[Agreement, dict[str, Any]]:
    """The agreement as the template reads it: the request and the task must see the same inputs."""
    agreement = with_list_data(Agreement.objects.filter(pk=agreement_id)).get()
    return agreement, pdf_context(agreement)


def current_document(agreement: Agreement) -> AgreementDocument | None:
    """The stored version made from the agreement as it is now; None while a new one is being prepared.

    Keyed by content, not by time: a version made before the last change is never served as current.
    """
    fresh, context = _render_inputs(agreement.pk)
    latest = latest_document(fresh)
    if latest is not None and latest.content_hash == content_digest(TEMPLATE, context):
        return latest
    return None


@transaction.atomic
def generate_document(agreement_id: Any) -> AgreementDocument | None:
    """Render the agreement; store a new version only when its content changed (idempotent).

    Called by the Celery task only (agreements.tasks), never by a request. The row lock makes two runs
    for the same agreement take turns, and holds back changes while the version is made.
    """
    locked = Agreement.objects.select_for_update(of=("self",)).filter(pk=agreement_id).first()
    if locked is None:
        return None
    agreement, context = _render_inputs(locked.pk)
    latest = latest_document(agreement)
    if latest is not None and latest.content_hash == content_digest(TEMPLATE, context):
        return latest  # asked for twice, or nothing printed has changed: no new version
    version = latest.version + 1 if latest else 1
    rendered = render_pdf(TEMPLATE, context, reference=agreement.reference, version=version)
    document = AgreementDocument(agreement=agreement, version=version, content_hash=rendered.content_hash)
    document.file.save(agreement.pdf_file_name(version), ContentFile(rendered.content), save=False)
    document.save()
    return document


# Defined beside what it runs, so this module queues it without importing agreements.tasks (which re-exports
# it for Celery's autodiscovery); the name stays the one workers know.
@shared_task(name="agreements.tasks.generate_agreement_pdf", acks_late=True)
def generate_agreement_pdf(agreement_id: str) -> str | None:
    """Render and store the agreement's PDF; unchanged content adds no new version (idempotent)."""
    document = generate_document(agreement_id)
    return str(document.pk) if document is not None else None


def request_document(agreement: Agreement) -> AgreementDocument | None:
    """Ask the queue for the current version and return it if it is ready now.

    It is ready at once only where tasks run eagerly (the embedded default and the tests); with a worker
    the caller shows that the document is being prepared, and asks again later.
    """
    enqueue(generate_agreement_pdf, str(agreement.pk))
    return current_document(agreement)


def document_for_download(agreement: Agreement, *, by: RequestUser) -> AgreementDocument | None:
    """The current version, or None while it is being prepared; a download is audited (R-PRIV-3)."""
    document = current_document(agreement) or request_document(agreement)
    if document is None:
        return None
    audit_record(
        actor=by,
        kind=AuditKind.DOWNLOAD,
        action="download_pdf",
        obj=agreement,
        data={"version": document.version},
    )
    return document


# The statuses whose PDF someone signs or relies on; a draft's PDF is made when someone asks for it.
_DOCUMENTED_STATUSES = (
    AgreementStatus.AWAITING_SIGNATURES,
    AgreementStatus.AWAITING_START,
    *IN_FORCE_STATUSES,
)


def requeue_documents(today: date | None = None) -> list[str]:
    """Daily sweep: ask again for every version the queue may have missed (broker down at the change).

    Picks agreements changed since their latest version (or with none); the task renders only what
    really changed, so an agreement picked needlessly costs one HTML render.
    """
    newest = AgreementDocument.objects.filter(agreement=OuterRef("pk")).order_by("-version")
    stale = (
        Agreement.objects.filter(status__in=_DOCUMENTED_STATUSES)
        .annotate(newest_at=Subquery(newest.values("created_at")[:1]))
        .filter(Q(newest_at__isnull=True) | Q(updated_at__gt=F("newest_at")))
        .values_list("pk", flat=True)
    )
    queued = sum(enqueue(generate_agreement_pdf, str(pk)) for pk in stale)
    return [f"agreements: {queued} PDF(s) asked for again"] if queued else []
