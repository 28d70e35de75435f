"""API representations of tamariki and care agreements (field names fixed by api.md "agreements")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.urls import reverse
from rest_framework import serializers

from agreements.choices import (
    AgreementStatus,
    CopyMethod,
    NoticeForm,
    PartyRole,
    S140Paragraph,
    SignatureMethod,
    TerminationKind,
)
from agreements.models import Agreement, AgreementDocument, Child, Extension, Party, Termination
from agreements.overlaps import dated_violations
from agreements.validation import TERM_FIELDS, party_count_violation, term_violations
from careportal.api.workflow import WorkflowSerializerMixin
from careportal.lib import limits
from careportal.lib.dates import nz_today
from careportal.lib.drawn_signature import MAX_CHARS as DRAWING_MAX_CHARS
from careportal.links import link_maker
from partners.models import Organisation


class ChildSerializer(serializers.ModelSerializer):
    class Meta:
        model = Child
        fields = ["id", "name", "date_of_birth", "iwi", "case_reference", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


def _iso(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


class PartySerializer(serializers.ModelSerializer):
    signed_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Party
        fields = ["id", "name", "role", "has_custody_right", "signatory", "signed_on"]

    def to_representation(self, party: Party) -> dict[str, Any]:
        # Read-only and drawn twice for every row of a list (parties, required signatories): plain
        # attributes instead of DRF's field-by-field walk (decision 0010). The fields above give the schema.
        return {
            "id": str(party.pk),
            "name": party.name,
            "role": party.role,
            "has_custody_right": party.has_custody_right,
            "signatory": party.signatory,
            "signed_on": _iso(party.signed_on),
        }


class PartyInputList(serializers.ListSerializer):
    """Refuses too many parties before validating each row, with the service's own message."""

    def to_internal_value(self, data: Any) -> list[dict[str, Any]]:
        if isinstance(data, list) and (too_many := party_count_violation(data)) is not None:
            raise serializers.ValidationError([too_many.full_message])
        return super().to_internal_value(data)


class PartyInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=limits.NAME)
    role = serializers.ChoiceField(choices=PartyRole.choices)
    has_custody_right = serializers.BooleanField(default=False)
    signatory = serializers.BooleanField(default=True)

    class Meta:
        list_serializer_class = PartyInputList


class ExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Extension
        fields = [
            "status",
            "start_date",
            "end_date",
            "approved_on",
            "fgc_held_on",
            "legal_max_end_date",
            "legal_basis",
        ]


class DocumentSerializer(serializers.ModelSerializer):
    """api.md v1.1 `documents`: every stored version, newest last; `sha256` is of the file served."""

    download_url = serializers.SerializerMethodField()

    class Meta:
        model = AgreementDocument
        fields = ["id", "version", "kind", "sha256", "issued_on", "download_url"]

    def get_download_url(self, document: AgreementDocument) -> str:
        return document_link()(document.agreement_id, document.pk)


class TerminationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Termination
        fields = ["kind", "given_on", "effective_on", "party", "form", "reason"]


class WarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class RequiredSignatorySerializer(serializers.Serializer):
    party = serializers.UUIDField(source="pk")
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=PartyRole.choices)
    signed_on = serializers.DateField(allow_null=True)
    document_version = serializers.IntegerField(allow_null=True, help_text="The version signed.")
    copy_given_on = serializers.DateField(allow_null=True)

    def to_representation(self, party: Party) -> dict[str, Any]:
        # As PartySerializer: plain attributes for a read-only list part (decision 0010).
        signature = party.signature
        return {
            "party": str(party.pk),
            "name": party.name,
            "role": party.role,
            "signed_on": _iso(signature.signed_on if signature else None),
            "document_version": signature_version(party.agreement, signature),
            "copy_given_on": _iso(party.copy_given_on),
        }


def signature_version(agreement: Agreement, signature: Any) -> int | None:
    """The version number a counting signature is on (the signing version; none for rows from before)."""
    if signature is None or signature.document_id is None:
        return None
    version = agreement.signing_version
    return version.version if version is not None else None


class AgreementSerializer(WorkflowSerializerMixin, serializers.ModelSerializer):
    """An agreement as read: its terms, the legal maximum and basis, parties, signatures and ending."""

    child_case_reference = serializers.CharField(source="child.case_reference", read_only=True)
    # Declared so the schema admits "" (an s139 agreement has no paragraph); read-only fields lose allow_blank.
    s140_paragraph = serializers.ChoiceField(choices=S140Paragraph.choices, read_only=True, allow_blank=True)
    parties = PartySerializer(many=True, read_only=True)
    extensions = ExtensionSerializer(many=True, read_only=True)
    termination = TerminationSerializer(source="current_termination", read_only=True, allow_null=True)
    warnings = WarningSerializer(many=True, read_only=True)
    required_signatories = RequiredSignatorySerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    verification_code = serializers.SerializerMethodField()
    drafted_by = serializers.CharField(source="drafted_by.username", read_only=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "id",
            "reference",
            "child",
            "child_case_reference",
            *TERM_FIELDS,
            "parties",
            "status",
            "allowed_transitions",
            "legal_max_end_date",
            "legal_basis",
            "warnings",
            "extensions",
            "termination",
            "required_signatories",
            "documents",
            "verification_code",
            "site",
            "drafted_by",
            "approved_at",
            "activated_on",
            "return_reason",
            "status_reason",
            "pdf_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_pdf_url(self, agreement: Agreement) -> str:
        return pdf_link()(agreement.pk)

    def get_verification_code(self, agreement: Agreement) -> str | None:
        """On the executed copy (api.md v1.1): the newest one's code."""
        executed = [d for d in agreement.documents.all() if d.verification_code]
        return max(executed, key=lambda d: d.version).verification_code if executed else None


@lru_cache(maxsize=1)
def document_link() -> Callable[[Any, Any], str]:
    """As `pdf_link`, for `…/agreements/<id>/documents/<document id>/` (one reverse() for every row)."""
    record, document = "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"
    url = reverse("agreement-document", args=[record, document])
    return lambda agreement_id, document_id: url.replace(record, str(agreement_id)).replace(
        document, str(document_id)
    )


@lru_cache(maxsize=1)
def pdf_link() -> Callable[[Any], str]:
    """One reverse() for every row's PDF link (a reverse per row was a tenth of the list's serializing)."""
    return link_maker("agreement-pdf")


class AgreementWriteSerializer(serializers.ModelSerializer):
    """Create or change a draft. Every R- rule on the terms is reported at once, each on its field."""

    child = serializers.PrimaryKeyRelatedField(queryset=Child.objects.all())
    caregiver_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, required=False
    )
    parties = PartyInputSerializer(many=True)

    class Meta:
        model = Agreement
        fields = ["child", *TERM_FIELDS, "parties"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        visible = self.context.get("visible_children")
        if visible is not None:
            self.fields["child"].queryset = visible  # type: ignore[attr-defined]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        instance = self.instance
        current = {f: getattr(instance, f) for f in TERM_FIELDS} if instance is not None else {}
        values = {**current, **attrs}
        child = attrs.get("child") or getattr(instance, "child", None)
        if child is None or "start_date" not in values or "end_date" not in values:
            return attrs  # required-field errors are reported by the fields themselves
        parties = attrs.get("parties")
        if parties is None and instance is not None:
            parties = list(instance.parties.values("name", "role", "has_custody_right", "signatory"))
        violations = term_violations(values, date_of_birth=child.date_of_birth, parties=parties)
        # R-DATE-5, R-ALL-9: 400 on start_date (naming the other agreement)
        violations += dated_violations(values, child=child, exclude=instance, today=nz_today())
        if violations:
            errors: dict[str, list[str]] = defaultdict(list)
            for violation in violations:
                errors[violation.field or "detail"].append(violation.full_message)
            raise serializers.ValidationError(dict(errors))
        return attrs


# --- Transition bodies (api.md) -------------------------------------------------------------------


class ApproveInputSerializer(serializers.Serializer):
    acknowledged_warnings = serializers.BooleanField(
        default=False,
        help_text="R-ALL-9: the supervisor has read the warning about an earlier s139 agreement for the same "
        "tamaiti; without it such an approval is refused (409) with the warning.",
    )


class RedraftInputSerializer(serializers.Serializer):
    start_date = serializers.DateField()
    end_date = serializers.DateField(help_text="The last day of care, inclusive.")


class FgcApprovalInputSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    coordinator_certified = serializers.BooleanField()


class SignatureInputSerializer(serializers.Serializer):
    """JSON, or multipart with the `scan` for `paper` (api.md v1.1). Signs the current version."""

    party = serializers.UUIDField()
    signed_on = serializers.DateField()
    method = serializers.ChoiceField(choices=SignatureMethod.choices, default=SignatureMethod.IN_PERSON)
    scan = serializers.FileField(
        required=False, allow_null=True, help_text="`paper`: the signed scan (PDF, JPEG or PNG)."
    )
    drawing = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=DRAWING_MAX_CHARS,
        help_text="`in_person`: the signature drawn, a PNG data URL.",
    )
    typed_name = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.NAME, help_text="`in_person`, typed instead."
    )
    consent = serializers.BooleanField(
        default=False, help_text="With `typed_name`: the party agreed to sign by typing their name."
    )
    document = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="The version the party was shown (`documents[].id`); refused (400) once superseded.",
    )


class CopyGivenInputSerializer(serializers.Serializer):
    party = serializers.UUIDField()
    given_on = serializers.DateField()
    method = serializers.ChoiceField(choices=CopyMethod.choices)


class VerificationSerializer(serializers.Serializer):
    reference = serializers.CharField()
    version = serializers.IntegerField()
    sha256 = serializers.CharField()
    status = serializers.ChoiceField(choices=AgreementStatus.choices)
    in_force = serializers.BooleanField()
    issued_on = serializers.DateField(allow_null=True)


class ExtendInputSerializer(serializers.Serializer):
    end_date = serializers.DateField()
    fgc_held_on = serializers.DateField(required=False, allow_null=True, help_text="Required for s140(1)(d).")


class NoticeInputSerializer(serializers.Serializer):
    party = serializers.UUIDField()
    given_on = serializers.DateField()
    form = serializers.ChoiceField(choices=NoticeForm.choices)


class WithdrawNoticeInputSerializer(serializers.Serializer):
    party = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="Who withdraws the notice: only the party who gave it may. Without it, the giver is named.",
    )


class ConsentWithdrawalInputSerializer(serializers.Serializer):
    given_on = serializers.DateField()


class TerminateInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[TerminationKind.FGC_DECISION, TerminationKind.GUARDIAN_RECLAIM])
    effective_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="FGC decision: the date the FGC set. Guardian reclaim: today.",
    )
    party = serializers.UUIDField(required=False, allow_null=True, help_text="Guardian reclaim: the party.")
    reason = serializers.CharField(max_length=limits.REASON)


# --- Legal maximum look-up (for the portal form as dates are entered) ------------------------------


class LegalMaximumQuerySerializer(serializers.Serializer):
    agreement_type = serializers.ChoiceField(choices=["s139", "s140"])
    s140_paragraph = serializers.ChoiceField(choices=["a", "b", "c", "d"], required=False, allow_blank=True)
    start_date = serializers.DateField()
    child = serializers.UUIDField()


class LegalMaximumSerializer(serializers.Serializer):
    legal_max_end_date = serializers.DateField()
    legal_max_end_date_display = serializers.CharField()
    legal_basis = serializers.CharField()
    rule_ids = serializers.ListField(child=serializers.CharField())
    child_must_consent = serializers.BooleanField(help_text="R-140-4: te tamaiti consents and signs.")
