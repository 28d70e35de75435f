"""Signatures bound to a version (R-ALL-6), copies given, and extensions made in writing (R-EXT-1)."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from agreements import versions
from agreements.choices import (
    PENDING_EXTENSION_STATUSES,
    AgreementStatus,
    CopyMethod,
    ExtensionStatus,
    FgcPurpose,
    InPersonMark,
    SignatureMethod,
)
from agreements.followups import agreement_link
from agreements.models import Agreement, AgreementDocument, CopyGiven, Extension, Party, Signature
from careportal.exceptions import RuleViolation
from careportal.lib.actor import Actor
from careportal.lib.dates import format_nz_date
from careportal.lib.drawn_signature import clean_drawn_signature
from careportal.lib.uploads import check_upload
from careportal.notifications.kinds import NotificationKind
from careportal.notifications.services import notify_on_commit
from careportal.workflow import apply_transition, begin_transition

from .common import (
    begin_dated_step,
    describe_party,
    party_of,
    party_refused,
    record_fgc_approval,
    refuse,
    require_approved_caregiver,
    today_or,
    within_legal_maximum,
)
from .endings import _extension_limit

SCAN_KINDS = ("pdf", "png", "jpeg")  # a signed page is scanned or photographed


def pending_extension(agreement: Agreement, *statuses: str) -> Extension | None:
    """R-EXT-1: the extension proposed or approved and not yet in force (one at a time)."""
    return agreement.extension_in(*(statuses or PENDING_EXTENSION_STATUSES))


def still_to_sign(agreement: Agreement) -> list[Party]:
    """R-ALL-6 / R-EXT-1: the required signatories who have not signed the version waiting for signatures
    (the agreement's, or while it is in force its approved extension's); none when nothing waits. Reads
    the prefetched parties and signatures where loaded (agreements.selectors)."""
    if agreement.status == AgreementStatus.AWAITING_SIGNATURES:
        document_id = agreement.signing_version_id
    elif agreement.status == AgreementStatus.ACTIVE:
        extension = pending_extension(agreement, ExtensionStatus.AWAITING_SIGNATURES)
        if extension is None:
            return []
        document_id = extension.document_id
    else:
        return []
    return [party for party in agreement.required_signatories if party.signature_on(document_id) is None]


def _version_to_sign(agreement: Agreement) -> tuple[AgreementDocument, Extension | None]:
    """The agreement's version for signing, or while it is in force the extension's (R-EXT-1)."""
    extension = None
    if agreement.status == AgreementStatus.ACTIVE:
        extension = pending_extension(agreement, ExtensionStatus.AWAITING_SIGNATURES)
        if extension is None:
            raise refuse(
                agreement,
                "The agreement is signed and in force; only an approved extension waits for signatures.",
                rule="R-EXT-1",
            )
        document = extension.document
    else:
        within_legal_maximum(agreement)
        document = agreement.signing_version
    if document is None:
        raise refuse(
            agreement,
            "The document for signing is still being prepared. Wait for it to appear on the agreement "
            "page, then record the signature on it.",
            rule="R-ALL-6",
        )
    return document, extension


def _not_superseded(document: AgreementDocument, seen: Any) -> None:
    """R-ALL-6: the person signed what they were shown; a version replaced meanwhile is refused."""
    if seen in (None, ""):
        return
    seen_id = str(getattr(seen, "pk", seen))
    if seen_id == str(document.pk):
        return
    old = AgreementDocument.objects.filter(pk=seen_id, agreement_id=document.agreement_id).first()
    which = f"Version {old.version}" if old is not None else "That version"
    raise RuleViolation(
        f"{which} was superseded by version {document.version}, issued on {format_nz_date(document.issued_on)}: "
        "a signature on an earlier version no longer counts. Sign version "
        f"{document.version}.",
        rule="R-ALL-6",
        field="document",
    )


def _signing_date(signed_on: date, document: AgreementDocument, day: date) -> None:
    """R-ALL-6 / R-DATE-1: on or after the day the version was issued for signing, never in the future."""
    if signed_on > day:
        raise RuleViolation("The signing date cannot be in the future.", rule="R-DATE-1", field="signed_on")
    if document.issued_on is not None and signed_on < document.issued_on:
        raise RuleViolation(
            f"The signing date is before version {document.version} was issued for signing on "
            f"{format_nz_date(document.issued_on)}: a signature is on that version, so it cannot be dated "
            "earlier.",
            rule="R-ALL-6",
            field="signed_on",
        )


def _mark(
    signature: Signature, *, method: str, drawing: str, typed_name: str, consent: bool, scan: Any
) -> None:
    """How the party signed: a drawing, a typed name with consent, or a scan of the signed paper."""
    if method == SignatureMethod.PAPER:
        if not scan:
            raise RuleViolation("Upload the scan of the signed paper (a PDF, JPEG or PNG).", field="scan")
        checked = check_upload(scan, field="scan")
        if checked.kind not in SCAN_KINDS:
            raise RuleViolation(
                "A signed scan is a PDF, JPEG or PNG. Scan or photograph the signed page again.", field="scan"
            )
        signature.scan.save(f"scan.{checked.extension}", ContentFile(checked.data), save=False)
        signature.scan_sha256 = hashlib.sha256(checked.data).hexdigest()
        return
    if drawing:
        png = clean_drawn_signature(drawing, field="drawing")
        signature.drawing.save("drawing.png", ContentFile(png), save=False)
        signature.mark = InPersonMark.DRAWN
    elif typed_name.strip():
        if not consent:
            raise RuleViolation(
                "Tick that the party agrees to sign by typing their full name.", field="consent"
            )
        signature.typed_name = typed_name.strip()
        signature.consent_given = True
        signature.mark = InPersonMark.TYPED
    else:
        signature.mark = InPersonMark.ATTESTED


@transaction.atomic
def agreement_record_signature(
    *,
    agreement: Agreement,
    by: Actor,
    party: Any,
    signed_on: date,
    method: str = SignatureMethod.IN_PERSON,
    drawing: str = "",
    typed_name: str = "",
    consent: bool = False,
    scan: Any = None,
    document: Any = None,
    today: date | None = None,
) -> Agreement:
    """R-ALL-6: one party's signature on the current version (or an extension's: R-EXT-1), bound to its
    SHA-256. The last signature queues the executed copy and, for an extension, brings it into force."""
    agreement, day = begin_dated_step(agreement, "record_signature", by, today)
    version, extension = _version_to_sign(agreement)
    _not_superseded(version, document)
    signer = party_of(agreement, party)
    if not signer.signatory:
        raise party_refused(
            f"{describe_party(signer).capitalize()} is recorded as not a party to the agreement, so does not sign.",
            rule="R-ALL-6",
        )
    earlier = signer.signature_on(version.pk)
    if earlier is not None:
        raise party_refused(
            f"{describe_party(signer).capitalize()} already signed version {version.version} on "
            f"{format_nz_date(earlier.signed_on)}.",
            rule="R-ALL-6",
        )
    _signing_date(signed_on, version, day)
    signature = Signature(
        party=signer,
        document=version,
        document_sha256=version.sha256,
        signed_on=signed_on,
        method=method,
        recorded_by=by,
    )
    _mark(signature, method=method, drawing=drawing, typed_name=typed_name, consent=consent, scan=scan)
    signature.save()
    data: dict[str, Any] = {
        "party": str(signer.pk),
        "signed_on": signed_on.isoformat(),
        "version": version.version,
        "sha256": version.sha256,
        "method": method,
    }
    complete = not versions.unsigned_parties(version)
    if complete and extension is not None:
        data["extension_in_force"] = {"previous_end_date": agreement.end_date.isoformat()}
        _bring_into_force(agreement, extension, day)
        data["extension_in_force"]["end_date"] = extension.end_date.isoformat()
    apply_transition(agreement, "record_signature", by=by, data=data)
    if complete:
        versions.execute_on_commit(version)
    return agreement


def _bring_into_force(agreement: Agreement, extension: Extension, day: date) -> None:
    """R-EXT-1: signed by every party by the current last day (the step was refused after it)."""
    extension.status = ExtensionStatus.IN_FORCE
    extension.in_force_on = day
    extension.save(update_fields=["status", "in_force_on", "updated_at"])
    agreement.bring_extension_into_force(extension)


@transaction.atomic
def agreement_record_copy_given(
    *,
    agreement: Agreement,
    by: Actor,
    party: Any,
    given_on: date,
    method: str = CopyMethod.IN_PERSON,
    today: date | None = None,
) -> Agreement:
    """R-ALL-6: the party received the executed copy (the copy given is the executed copy)."""
    # Copies are recorded after the term too, so the R-ALL-10 date gate of begin_step does not apply.
    agreement = begin_transition(agreement, "record_copy_given", by)
    day = today_or(today)
    executed = versions.executed_copy(agreement)
    if executed is None:
        raise refuse(
            agreement,
            "The executed copy is still being prepared: record the copy given once it appears.",
            rule="R-ALL-6",
        )
    receiver = party_of(agreement, party)
    if not receiver.signatory:
        raise party_refused(
            f"{describe_party(receiver).capitalize()} is not a party to the agreement, so is not given a copy.",
            rule="R-ALL-6",
        )
    if given_on > day:
        raise RuleViolation("The date cannot be in the future.", rule="R-DATE-1", field="given_on")
    if executed.issued_on is not None and given_on < executed.issued_on:
        raise RuleViolation(
            f"The executed copy was made on {format_nz_date(executed.issued_on)}: it cannot have been given "
            "earlier.",
            rule="R-ALL-6",
            field="given_on",
        )
    if CopyGiven.objects.filter(party=receiver, document=executed).exists():
        raise party_refused(
            f"A copy given to {describe_party(receiver)} is already recorded.", rule="R-ALL-6"
        )
    CopyGiven.objects.create(
        party=receiver, document=executed, given_on=given_on, method=method, recorded_by=by
    )
    data = {"party": str(receiver.pk), "given_on": given_on.isoformat(), "method": method}
    return apply_transition(agreement, "record_copy_given", by=by, data=data)


# --- Extensions in writing (R-EXT-1) ---------------------------------------------------------------


@transaction.atomic
def agreement_extend(
    *,
    agreement: Agreement,
    by: Actor,
    end_date: date,
    fgc_held_on: date | None = None,
    today: date | None = None,
) -> Agreement:
    """R-EXT-1: propose an extension (R-139-2 one s139 extension of at most 28 days; R-140-3 s140(1)(d) by
    up to 12 months with an FGC). The last day moves only once a supervisor approved and every party signed."""
    agreement, day = begin_dated_step(agreement, "extend", by, today)
    if pending_extension(agreement) is not None:
        raise refuse(
            agreement,
            "An extension is already proposed and not yet in force: finish or let it lapse first.",
            rule="R-EXT-1",
        )
    require_approved_caregiver(agreement)  # R-ALL-4: extending is approving more care
    limit = _extension_limit(agreement, end_date=end_date, fgc_held_on=fgc_held_on, day=day)
    fgc_held_on = fgc_held_on if agreement.is_s140 else None
    extension = Extension.objects.create(
        agreement=agreement,
        status=ExtensionStatus.AWAITING_APPROVAL,
        start_date=agreement.end_date + timedelta(days=1),
        end_date=end_date,
        previous_end_date=agreement.end_date,
        proposed_on=day,
        proposed_by=by,
        fgc_held_on=fgc_held_on,
        legal_max_end_date=limit.max_end_date,
        legal_basis=limit.legal_basis,
    )
    if fgc_held_on is not None:
        record_fgc_approval(agreement, purpose=FgcPurpose.EXTEND, held_on=fgc_held_on, by=by)
    data = {"previous_end_date": agreement.end_date.isoformat(), "end_date": end_date.isoformat()}
    apply_transition(agreement, "extend", by=by, data={**data, "extension": str(extension.pk)})
    supervisor = agreement.drafted_by.supervisor
    if supervisor is not None:
        notify_on_commit(
            recipient=supervisor,
            kind=NotificationKind.AGREEMENT_AWAITING_APPROVAL,
            message=f"An extension of care agreement {agreement.reference} waits for your approval.",
            link=agreement_link(agreement.pk),
        )
    return agreement


@transaction.atomic
def agreement_approve_extension(*, agreement: Agreement, by: Actor, today: date | None = None) -> Agreement:
    """R-EXT-1: a supervisor approves the proposed extension; its version is issued for signing."""
    agreement, day = begin_dated_step(agreement, "approve_extension", by, today)
    extension = pending_extension(agreement, ExtensionStatus.AWAITING_APPROVAL)
    if extension is None:
        raise refuse(agreement, "No extension is waiting for approval.", rule="R-EXT-1")
    require_approved_caregiver(agreement)  # R-ALL-4, checked again at approval (api.md v1.1)
    extension.status = ExtensionStatus.AWAITING_SIGNATURES
    extension.approved_on = day
    extension.approved_by = by
    extension.save(update_fields=["status", "approved_on", "approved_by", "updated_at"])
    apply_transition(agreement, "approve_extension", by=by, data={"extension": str(extension.pk)})
    versions.issue_extension_on_commit(extension, day)
    notify_on_commit(
        recipient=agreement.drafted_by,
        kind=NotificationKind.AGREEMENT_APPROVED,
        message=f"The extension of care agreement {agreement.reference} was approved and is ready for signing.",
        link=agreement_link(agreement.pk),
    )
    return agreement


__all__ = [
    "agreement_approve_extension",
    "agreement_extend",
    "agreement_record_copy_given",
    "agreement_record_signature",
]
