"""partners API representations (api.md "partners"): reads here, every write goes through a service."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from careportal.api.workflow import WorkflowSerializerMixin
from careportal.lib import limits
from careportal.lib.uploads import upload_serializer_field
from partners.choices import AccreditationStatus, NoticeAction
from partners.models import Accreditation, Application, Evidence, Organisation, Requirement, S396Approval


class OrganisationSerializer(serializers.ModelSerializer):
    accreditation_alert = serializers.BooleanField(
        read_only=True, help_text="R-396-5: approved without a current Level 1 accreditation."
    )

    class Meta:
        model = Organisation
        fields = [
            "id", "legal_name", "nzbn", "kind", "region", "is_maori_organisation", "approval_status",
            "accreditation_alert", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["approval_status"]

    def validate_nzbn(self, value: str | None) -> str | None:
        # A blank NZBN is "none" (NULL): two blanks must not collide on the unique column (was a 500).
        return value or None


class ApplicationSerializer(WorkflowSerializerMixin, serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.legal_name", read_only=True)
    decline_pending = serializers.BooleanField(read_only=True)

    class Meta:
        model = Application
        fields = [
            "id", "organisation", "organisation_name", "status", "care_model_summary", "local_provision_notes",
            "stakeholders_consulted", "decline_proposed_on", "decline_proposal_reason", "submissions_due_on",
            "decline_pending", "organisation_responded_on", "organisation_response",
            "quality_of_practice_confirmed_on", "qa_first_review_planned_on", "closing_reason",
            "readiness_started_at", "confirmation_started_at", "qa_transition_started_at", "approved_at",
            "closed_at", "allowed_transitions", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [f for f in fields if f not in ("organisation", "care_model_summary",
                            "local_provision_notes", "stakeholders_consulted")]  # fmt: skip


class ApplicationCreateSerializer(serializers.Serializer):
    """Start an application; the one-live-application rule is the service's (a clear message)."""

    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    care_model_summary = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.TEXT, default=""
    )
    local_provision_notes = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.TEXT, default=""
    )
    stakeholders_consulted = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.TEXT, default=""
    )


class ApplicationUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Application
        fields = ["care_model_summary", "local_provision_notes", "stakeholders_consulted"]


class RequirementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Requirement
        fields = [
            "id", "code", "version", "title", "standard", "guidance", "file_required", "validity_days",
            "required", "active", "superseded_by",
        ]  # fmt: skip


class EvidenceSerializer(WorkflowSerializerMixin, serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True)
    uploaded_at = serializers.DateTimeField(source="created_at", read_only=True)
    reviewed_by = serializers.CharField(
        source="reviewed_by.username", read_only=True, default=None, allow_null=True
    )
    requirement_title = serializers.CharField(source="requirement.title", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id", "application", "requirement", "requirement_code", "requirement_title", "version", "status",
            "file_name", "content_type", "size", "note", "uploaded_by", "uploaded_at", "reviewed_by",
            "reviewed_at", "reviewer_reason", "expires_on", "download_url", "allowed_transitions",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, evidence: Evidence) -> str | None:
        if not evidence.file:
            return None
        path = reverse("evidence-download", args=[evidence.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class PaginatedEvidenceSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = EvidenceSerializer(many=True)


class EvidenceUploadSerializer(serializers.Serializer):
    """Multipart: `requirement` (a current catalogue id), `file`, `note`."""

    requirement = serializers.PrimaryKeyRelatedField(queryset=Requirement.objects.current())
    file = upload_serializer_field(required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=limits.REASON, default="")


class AccreditationSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.legal_name", read_only=True)
    review_due_on = serializers.DateField(
        required=False, help_text="Defaults to granted_on + 2 years (R-396-5)."
    )

    class Meta:
        model = Accreditation
        fields = [
            "id", "organisation", "organisation_name", "level", "status", "granted_on", "review_due_on",
            "notes", "created_at", "updated_at",
        ]  # fmt: skip

    def validate_organisation(self, organisation: Organisation) -> Organisation:
        if self.instance is not None and organisation != self.instance.organisation:
            raise serializers.ValidationError("An accreditation cannot move to another organisation.")
        return organisation

    def validate_status(self, value: str) -> str:
        return AccreditationStatus(value)


class S396ApprovalSerializer(WorkflowSerializerMixin, serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.legal_name", read_only=True)
    granted_by = serializers.CharField(source="granted_by.username", read_only=True)
    accreditation_alert = serializers.BooleanField(read_only=True)
    # Declared so the schema admits "" (no notice pending); read-only fields lose allow_blank.
    proposed_action = serializers.ChoiceField(choices=NoticeAction.choices, read_only=True, allow_blank=True)
    notice_pending = serializers.BooleanField(read_only=True)

    class Meta:
        model = S396Approval
        fields = [
            "id", "organisation", "organisation_name", "application", "granted_on", "granted_by", "status",
            "accreditation_alert", "notice_pending", "proposed_action", "notice_given_on", "notice_reason",
            "response_due_on", "organisation_responded_on", "organisation_response",
            "gazette_notice_reference", "suspended_on", "revoked_on", "allowed_transitions", "created_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


# --- transition bodies -----------------------------------------------------------------------------


class ConfirmPartnerSerializer(serializers.Serializer):
    quality_of_practice_confirmed_on = serializers.DateField(
        help_text="The date Oranga Tamariki confirmed Quality of Practice (R-396-1)."
    )


class ResponseSerializer(serializers.Serializer):
    response = serializers.CharField(max_length=limits.TEXT)


class GazetteSerializer(serializers.Serializer):
    gazette_notice_reference = serializers.CharField(max_length=limits.REFERENCE)
    reason = serializers.CharField(max_length=limits.REASON, required=False, allow_blank=True, default="")


class ReinstateSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=limits.REASON)
    gazette_notice_reference = serializers.CharField(
        max_length=limits.REFERENCE, required=False, allow_blank=True, default=""
    )


class OptionalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=limits.REASON, required=False, allow_blank=True, default="")
