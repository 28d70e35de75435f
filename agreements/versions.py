"""Versions of the written agreement (R-ALL-6, R-EXT-1): each issued for signing once and never changed,
and the executed copy of a fully signed version, with every signature, sealed (careportal.sealing).

Rendering and sealing run only in Celery tasks (the tasks below); a request queues them on commit and
shows "being prepared" until the version exists. Every task is safe to run twice: a version is issued
once per approval, an executed copy once per signed version.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import date
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse
from django.utils import timezone

from agreements import documents
from agreements.choices import (
    IN_FORCE_STATUSES,
    AgreementStatus,
    DocumentKind,
    ExtensionStatus,
    InPersonMark,
    SignatureMethod,
)
from agreements.models import Agreement, AgreementDocument, Extension, Party, Signature
from agreements.selectors import with_list_data
from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record
from careportal.lib.actor import RequestUser
from careportal.lib.dates import format_nz_date, nz_today
from careportal.lib.queue import enqueue, enqueue_on_commit
from careportal.pdf import content_digest, render_pdf

SIGNATURE_PAGE = documents.SIGNATURE_PAGE_TEMPLATE
EXTENSION_TEMPLATE = documents.EXTENSION_TEMPLATE
# Unambiguous letters and digits (no 0/O, 1/I/L) in groups of four: read aloud or typed from paper.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def verification_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def _locked(agreement_id: Any) -> Agreement | None:
    """The row lock makes two runs for one agreement take turns, and holds back changes meanwhile."""
    return Agreement.objects.select_for_update(of=("self",)).filter(pk=agreement_id).first()


def _next_version(agreement: Agreement) -> int:
    return (agreement.documents.aggregate(last=Max("version"))["last"] or 0) + 1


def _store(agreement: Agreement, version: int, content: bytes, **fields: Any) -> AgreementDocument:
    document = AgreementDocument(
        agreement=agreement, version=version, sha256=hashlib.sha256(content).hexdigest(), **fields
    )
    document.file.save(agreement.pdf_file_name(version), ContentFile(content), save=False)
    document.save()
    return document


# From approval on, an agreement has a version for signing. (Agreements approved before versions were kept
# may have none: theirs is issued when first asked for, as the written agreement they were made on.)
DOCUMENTED_STATUSES = (AgreementStatus.AWAITING_SIGNATURES, AgreementStatus.AWAITING_START, *IN_FORCE_STATUSES,
                       AgreementStatus.EXPIRED, AgreementStatus.TERMINATED)  # fmt: skip


@transaction.atomic
def issue_signing_version(agreement_id: Any, issued_on: date) -> AgreementDocument | None:
    """R-ALL-6: the version the parties sign, issued on the day the agreement was approved."""
    locked = _locked(agreement_id)
    if locked is None or locked.status not in DOCUMENTED_STATUSES:
        return None
    if locked.signing_version_id is not None:
        return locked.signing_version  # issued already: a second run adds nothing
    agreement = with_list_data(Agreement.objects.filter(pk=locked.pk)).get()
    context = documents.pdf_context(agreement)
    version = _next_version(agreement)
    rendered = render_pdf(documents.TEMPLATE, context, reference=agreement.reference, version=version)
    document = _store(
        agreement,
        version,
        rendered.content,
        kind=DocumentKind.AGREEMENT,
        issued_on=issued_on,
        content_hash=rendered.content_hash,
    )
    Agreement.objects.filter(pk=agreement.pk).update(signing_version=document)
    return document


@transaction.atomic
def issue_extension_version(extension_id: Any, issued_on: date) -> AgreementDocument | None:
    """R-EXT-1: the extension in writing (the new last day and the agreement's history) for signing."""
    extension = Extension.objects.filter(pk=extension_id).first()
    if extension is None or _locked(extension.agreement_id) is None:
        return None
    extension.refresh_from_db()
    if extension.status != ExtensionStatus.AWAITING_SIGNATURES:
        return None
    if extension.document_id is not None:
        return extension.document
    agreement = with_list_data(Agreement.objects.filter(pk=extension.agreement_id)).get()
    earlier = [e for e in agreement.extensions.all() if e.status == ExtensionStatus.IN_FORCE]
    context = documents.extension_context(agreement, extension, earlier=earlier)
    version = _next_version(agreement)
    rendered = render_pdf(EXTENSION_TEMPLATE, context, reference=agreement.reference, version=version)
    document = _store(
        agreement,
        version,
        rendered.content,
        kind=DocumentKind.EXTENSION,
        issued_on=issued_on,
        content_hash=rendered.content_hash,
        extension=extension,
    )
    Extension.objects.filter(pk=extension.pk).update(document=document)
    return document


def unsigned_parties(document: AgreementDocument) -> list[Party]:
    """R-ALL-6: the required signatories with no signature on this version."""
    signed = Signature.objects.filter(party=OuterRef("pk"), document=document)
    return list(
        Party.objects.filter(agreement_id=document.agreement_id, signatory=True).exclude(Exists(signed))
    )


def _method(signature: Signature) -> str:
    if signature.method == SignatureMethod.PAPER:
        return "paper"
    marks = {InPersonMark.DRAWN.value: "drawn", InPersonMark.TYPED.value: "typed"}
    return marks.get(signature.mark, "attested")


def _drawing(signature: Signature) -> str:
    if not signature.drawing:
        return ""
    with signature.drawing.open("rb") as handle:
        return "data:image/png;base64," + base64.b64encode(handle.read()).decode()


def _person(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _signature_rows(document: AgreementDocument) -> list[dict[str, str]]:
    signatures = (
        Signature.objects.filter(document=document)
        .select_related("party", "recorded_by")
        .order_by("party__position", "party__created_at")
    )
    return [
        {
            "name": s.party.name,
            "role": s.party.get_role_display(),
            "method": _method(s),
            "drawing": _drawing(s),
            "typed_name": s.typed_name,
            "scan_sha256": s.scan_sha256,
            "signed_on": format_nz_date(s.signed_on),
            "recorded_by": _person(s.recorded_by),
        }
        for s in signatures
    ]


def verify_url(code: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse("verify", args=[code])


@transaction.atomic
def execute_version(document_id: Any, executed_on: date | None = None) -> AgreementDocument | None:
    """The executed copy of a fully signed version: that version's own file, then a signature page with
    each party's signature, sealed with the organisation's key and carrying a verification code."""
    from careportal.sealing import merge_pdfs, seal_pdf  # pyHanko loads slowly; only the worker needs it

    signed = AgreementDocument.objects.filter(pk=document_id).first()
    if signed is None or _locked(signed.agreement_id) is None:
        return None
    existing = signed.executed_copies.first()
    if existing is not None:
        return existing
    if signed.kind == DocumentKind.EXECUTED or unsigned_parties(signed):
        return None
    agreement = Agreement.objects.select_related("caregiver_organisation", "approved_by").get(
        pk=signed.agreement_id
    )
    code = verification_code()
    extension = signed.extension
    approver = extension.approved_by if extension is not None else agreement.approved_by
    approved_on = extension.approved_on if extension is not None else signed.issued_on
    day = executed_on or nz_today()
    context = documents.signature_page_context(
        reference=agreement.reference,
        kind_label=documents.KIND_LABELS[1 if extension else 0],
        statute=documents.statute_words(agreement),
        version=signed.version,
        version_sha256=signed.sha256,
        issued_on=format_nz_date(signed.issued_on) if signed.issued_on else "",
        executed_on=format_nz_date(day),
        caregiver=documents.caregiver_name(agreement),
        approved_by=_person(approver),
        approved_on=format_nz_date(approved_on) if approved_on else "",
        signatures=_signature_rows(signed),
        caregiver_signature=None,  # the caregiver's own signature is not recorded in the portal
        verification_code=code,
        verify_url=verify_url(code),
    )
    version = _next_version(agreement)
    page = render_pdf(SIGNATURE_PAGE, context, reference=agreement.reference, version=version)
    with signed.file.open("rb") as handle:
        merged = merge_pdfs([handle.read(), page.content])
    sealed = seal_pdf(merged, reason=f"Executed copy of {agreement.reference}, version {signed.version}")
    return _store(
        agreement,
        version,
        sealed,
        kind=DocumentKind.EXECUTED,
        issued_on=day,
        content_hash=content_digest(SIGNATURE_PAGE, context),
        executes=signed,
        extension=extension,
        verification_code=code,
    )


# Defined beside what they run, so services queue them without importing agreements.tasks (which
# re-exports them for Celery's autodiscovery).
@shared_task(name="agreements.tasks.issue_signing_version", acks_late=True)
def issue_signing_version_task(agreement_id: str, issued_on: str) -> str | None:
    document = issue_signing_version(agreement_id, date.fromisoformat(issued_on))
    return str(document.pk) if document is not None else None


@shared_task(name="agreements.tasks.issue_extension_version", acks_late=True)
def issue_extension_version_task(extension_id: str, issued_on: str) -> str | None:
    document = issue_extension_version(extension_id, date.fromisoformat(issued_on))
    return str(document.pk) if document is not None else None


@shared_task(name="agreements.tasks.execute_version", acks_late=True)
def execute_version_task(document_id: str) -> str | None:
    document = execute_version(document_id)
    return str(document.pk) if document is not None else None


def issue_on_commit(agreement: Agreement, issued_on: date) -> None:
    enqueue_on_commit(issue_signing_version_task, str(agreement.pk), issued_on.isoformat())


def issue_extension_on_commit(extension: Extension, issued_on: date) -> None:
    enqueue_on_commit(issue_extension_version_task, str(extension.pk), issued_on.isoformat())


def execute_on_commit(document: AgreementDocument) -> None:
    enqueue_on_commit(execute_version_task, str(document.pk))


# --- Reads ------------------------------------------------------------------------------------------


def audit_download(document: AgreementDocument, *, by: RequestUser) -> None:
    """R-PRIV-3: every download of a version is in the record's audit trail."""
    audit_record(
        actor=by,
        kind=AuditKind.DOWNLOAD,
        action="download_pdf",
        obj=document.agreement,
        data={"version": document.version, "kind": document.kind},
    )


def executed_copy(agreement: Agreement) -> AgreementDocument | None:
    """The newest executed copy (of the agreement or of its latest extension in force)."""
    return agreement.documents.filter(kind=DocumentKind.EXECUTED).order_by("-version").first()


def being_prepared(agreement: Agreement) -> bool:
    """A version, an executed copy or an extension's version the parties are owed is still with the queue.

    Read from the relations `agreements.selectors.with_list_data` prefetches: no query on a detail page.
    """
    return download_pending(agreement) or _extension_waiting(agreement)


def download_pending(agreement: Agreement) -> bool:
    if agreement.status in DOCUMENTED_STATUSES and agreement.signing_version_id is None:
        return True
    return _owed_execution(agreement, agreement.signing_version_id)


def _executed(agreement: Agreement, version_id: Any) -> bool:
    return any(d.executes_id == version_id for d in agreement.documents.all())


def _owed_execution(agreement: Agreement, version_id: Any) -> bool:
    """Every party signed this version and its executed copy is not made yet."""
    if version_id is None or _executed(agreement, version_id):
        return False
    signatories = [p for p in agreement.parties.all() if p.signatory]
    return bool(signatories) and all(p.signature_on(version_id) is not None for p in signatories)


def _extension_waiting(agreement: Agreement) -> bool:
    for extension in agreement.extensions.all():
        if extension.status == ExtensionStatus.AWAITING_SIGNATURES and extension.document_id is None:
            return True
        if extension.status == ExtensionStatus.IN_FORCE and _owed_execution(agreement, extension.document_id):
            return True
    return False


def issued(agreement: Agreement) -> bool:
    """Whether there is (or is owed) a document to download: from approval on, or one issued before a
    cancellation. Before a supervisor approves, nothing is issued (R-ALL-6)."""
    return agreement.signing_version_id is not None or agreement.status in DOCUMENTED_STATUSES


def request_download(agreement: Agreement) -> AgreementDocument | None:
    """What `GET …/pdf/` serves (`document_for_download`), asking the queue for it when it is owed and not
    made yet (a broker that was down, a version from before versions were kept). Ready at once only where
    tasks run eagerly (the embedded default, the tests); otherwise None and the caller says "being prepared"."""
    if not download_pending(agreement):
        return document_for_download(agreement)
    if agreement.signing_version_id is None:
        issued = (
            timezone.localdate(agreement.approved_at) if agreement.approved_at else nz_today()
        )  # R-DATE-1
        enqueue(issue_signing_version_task, str(agreement.pk), issued.isoformat())
    else:
        enqueue(execute_version_task, str(agreement.signing_version_id))
    fresh = with_list_data(Agreement.objects.filter(pk=agreement.pk)).get()
    if download_pending(fresh):
        return None
    return document_for_download(fresh)


def document_for_download(agreement: Agreement) -> AgreementDocument | None:
    """api.md: the version for signing, or once every signature is recorded, the executed copy."""
    if agreement.signing_version_id is None:
        return None
    executed = [d for d in agreement.documents.all() if d.kind == DocumentKind.EXECUTED]
    return max(executed, key=lambda d: d.version) if executed else agreement.signing_version


# --- The daily sweep: what the queue may have missed (broker down at the change) --------------------

REQUEUE_LIMIT = 500  # a day's catch-up; the rest follows the next day


def requeue_documents(today: date | None = None) -> list[str]:
    """Ask again for versions approved but not issued, and executed copies not made."""
    queued = 0
    for pk, approved_at in Agreement.objects.filter(
        status=AgreementStatus.AWAITING_SIGNATURES, signing_version__isnull=True
    ).values_list("pk", "approved_at")[:REQUEUE_LIMIT]:  # in force without one: issued when asked for
        issued = (timezone.localdate(approved_at) if approved_at else None) or today or nz_today()  # R-DATE-1
        queued += enqueue(issue_signing_version_task, str(pk), issued.isoformat())
    for pk, approved_on in Extension.objects.filter(
        status=ExtensionStatus.AWAITING_SIGNATURES, document__isnull=True
    ).values_list("pk", "approved_on")[:REQUEUE_LIMIT]:
        queued += enqueue(issue_extension_version_task, str(pk), (approved_on or nz_today()).isoformat())
    unsigned = Party.objects.filter(agreement_id=OuterRef("agreement_id"), signatory=True).exclude(
        Exists(Signature.objects.filter(party=OuterRef("pk"), document=OuterRef(OuterRef("pk"))))
    )
    owed = (
        AgreementDocument.objects.filter(
            kind__in=(DocumentKind.AGREEMENT, DocumentKind.EXTENSION),
            executed_copies__isnull=True,
            signatures__isnull=False,
        )
        .exclude(Exists(unsigned))
        .distinct()
        .values_list("pk", flat=True)
    )
    for pk in owed[:REQUEUE_LIMIT]:
        queued += enqueue(execute_version_task, str(pk))
    return [f"agreements: {queued} document(s) asked for again"] if queued else []
