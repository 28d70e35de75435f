"""Serializers of the quality API (api.md "quality": field names and status values are fixed)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from careportal.accounts.choices import Role
from careportal.api.workflow import WorkflowSerializerMixin
from careportal.lib import limits
from careportal.lib.uploads import upload_serializer_field
from partners.models import Organisation

from ..choices import Rating, ReviewStatus
from ..models import (
    NARRATIVE_HELP,
    Finding,
    ImprovementAction,
    NationalCareStandard,
    QACycle,
    QAReview,
    ReviewActivity,
)


def _username() -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)


class NationalCareStandardSerializer(serializers.ModelSerializer):
    class Meta:
        model = NationalCareStandard
        fields = ["id", "part", "title", "description", "active"]


class QACycleSerializer(WorkflowSerializerMixin, serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.legal_name", read_only=True)
    reviews_count = serializers.IntegerField(read_only=True)
    next_review_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = QACycle
        fields = [
            "id", "organisation", "organisation_name", "started_on", "cycle_months", "joint_review_requested",
            "joint_review_requested_on", "status", "closed_on", "reviews_count", "next_review_on",
            "allowed_transitions", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class QACycleCreateSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    started_on = serializers.DateField()
    joint_review_requested = serializers.BooleanField(default=False)


class JointReviewSerializer(serializers.Serializer):
    requested = serializers.BooleanField(
        help_text="R-396-6: the partner asks for a joint review with Te Kāhui Kāhu."
    )


class QAReviewSerializer(WorkflowSerializerMixin, serializers.ModelSerializer):
    organisation = serializers.UUIDField(source="cycle.organisation_id", read_only=True)
    organisation_name = serializers.CharField(source="cycle.organisation.legal_name", read_only=True)
    lead_reviewer = _username()
    responded_by = _username()
    final_report_url = serializers.SerializerMethodField()

    class Meta:
        model = QAReview
        fields = [
            "id", "reference", "cycle", "organisation", "organisation_name", "planned_for", "period_start",
            "period_end", "lead_reviewer", "summary", "status", "started_on", "draft_submitted_on",
            "sent_to_partner_on", "response_due_on", "partner_response", "responded_by", "responded_on",
            "finalised_on", "final_report_url", "allowed_transitions", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_final_report_url(self, review: QAReview) -> str | None:
        if review.status != ReviewStatus.FINAL:
            return None  # once final the link is given: it answers 202 while the report is being made
        return reverse("qa-review-pdf", args=[review.pk])


def _reviewers():
    return get_user_model().objects.filter(role=Role.HUB_REVIEWER, is_active=True)


class QAReviewCreateSerializer(serializers.Serializer):
    cycle = serializers.PrimaryKeyRelatedField(queryset=QACycle.objects.all())
    planned_for = serializers.DateField()
    period_start = serializers.DateField(required=False, allow_null=True)
    period_end = serializers.DateField(required=False, allow_null=True)
    lead_reviewer = serializers.SlugRelatedField(
        slug_field="username", queryset=_reviewers(), required=False, allow_null=True
    )


class QAReviewUpdateSerializer(serializers.Serializer):
    planned_for = serializers.DateField(required=False)
    period_start = serializers.DateField(required=False, allow_null=True)
    period_end = serializers.DateField(required=False, allow_null=True)
    lead_reviewer = serializers.SlugRelatedField(
        slug_field="username", queryset=_reviewers(), required=False, allow_null=True
    )
    summary = serializers.CharField(required=False, allow_blank=True, max_length=limits.LONG_TEXT)


class RespondSerializer(serializers.Serializer):
    response = serializers.CharField(
        max_length=limits.LONG_TEXT, help_text="The organisation's overall response to the draft report."
    )
    finding_responses = serializers.DictField(
        child=serializers.CharField(max_length=limits.LONG_TEXT, allow_blank=True),
        required=False,
        help_text="The organisation's answer to each finding it answers: finding id → text (QA-D3 applies).",
    )


class FindingSerializer(serializers.ModelSerializer):
    standard = serializers.PrimaryKeyRelatedField(queryset=NationalCareStandard.objects.all())
    standard_part = serializers.IntegerField(source="standard.part", read_only=True)
    standard_title = serializers.CharField(source="standard.title", read_only=True)
    narrative = serializers.CharField(max_length=limits.LONG_TEXT, help_text=NARRATIVE_HELP)
    recorded_by = _username()

    class Meta:
        model = Finding
        fields = [
            "id", "review", "standard", "standard_part", "standard_title", "rating", "narrative",
            "partner_response", "recorded_by", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "review", "partner_response", "recorded_by", "created_at", "updated_at"]


class FindingUpdateSerializer(serializers.Serializer):
    rating = serializers.ChoiceField(choices=Rating.choices, required=False)
    narrative = serializers.CharField(max_length=limits.LONG_TEXT, required=False, help_text=NARRATIVE_HELP)


class ActivitySerializer(serializers.ModelSerializer):
    summary = serializers.CharField(max_length=limits.LONG_TEXT, help_text=NARRATIVE_HELP)
    recorded_by = _username()

    class Meta:
        model = ReviewActivity
        fields = ["id", "review", "kind", "held_on", "summary", "recorded_by", "created_at", "updated_at"]
        read_only_fields = ["id", "review", "recorded_by", "created_at", "updated_at"]


class ImprovementActionSerializer(WorkflowSerializerMixin, serializers.ModelSerializer):
    review_reference = serializers.CharField(source="review.reference", read_only=True)
    organisation = serializers.UUIDField(source="review.cycle.organisation_id", read_only=True)
    owner_name = serializers.SerializerMethodField()
    standard_part = serializers.IntegerField(source="finding.standard.part", read_only=True, allow_null=True)
    overdue = serializers.BooleanField(
        read_only=True, help_text="Due before today and not verified and closed."
    )
    evidence_file_name = serializers.SerializerMethodField()
    evidence_url = serializers.SerializerMethodField()
    evidence_submitted_by = _username()
    verified_by = _username()

    class Meta:
        model = ImprovementAction
        fields = [
            "id", "review", "review_reference", "organisation", "finding", "standard_part", "owner_organisation",
            "owner_name", "title", "description", "due_on", "overdue", "status", "started_on", "evidence_note",
            "evidence_file_name", "evidence_url", "evidence_submitted_by", "evidence_submitted_on",
            "verified_by", "verified_on", "allowed_transitions", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_owner_name(self, action: ImprovementAction) -> str:
        return action.owner_organisation.legal_name if action.owner_organisation else "Oranga Tamariki"

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_evidence_file_name(self, action: ImprovementAction) -> str | None:
        return action.evidence_file.name.rsplit("/", 1)[-1] if action.evidence_file else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_evidence_url(self, action: ImprovementAction) -> str | None:
        return reverse("improvement-action-evidence", args=[action.pk]) if action.evidence_file else None


class ImprovementActionCreateSerializer(serializers.Serializer):
    review = serializers.PrimaryKeyRelatedField(queryset=QAReview.objects.select_related("cycle"))
    finding = serializers.PrimaryKeyRelatedField(
        queryset=Finding.objects.all(), required=False, allow_null=True
    )
    owner_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        help_text="Defaults to the reviewed organisation; null means Oranga Tamariki owns the action.",
    )
    title = serializers.CharField(max_length=limits.NAME)
    description = serializers.CharField(required=False, allow_blank=True, max_length=limits.LONG_TEXT)
    due_on = serializers.DateField()


class EvidenceSerializer(serializers.Serializer):
    evidence_note = serializers.CharField(max_length=limits.LONG_TEXT)
    evidence_file = upload_serializer_field(required=False, allow_null=True)
