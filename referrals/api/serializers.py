"""Referral serializers: the full one for staff and a narrow one for providers (R-PRIV-1)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from careportal.api.workflow import WorkflowSerializerMixin
from careportal.lib import limits
from partners.models import Organisation

from ..choices import REFERRAL_FIELD_NAMES, ContactChannel, ReferralStatus
from ..models import ProviderDecision, Referral, ReferralContact

LIFECYCLE_FIELDS = [
    "referred_on",
    "response_due_on",
    "last_contact_on",
    "next_contact_due_on",
    "contact_overdue_since",
    "response_overdue_since",
]


# What staff and providers both read first about a referral.
RECORD_HEAD = ["id", "reference", "status", "allowed_transitions"]


@extend_schema_field({"$ref": "#/components/schemas/ReferralStatusEnum", "readOnly": True})
class ProviderReferralStatusField(serializers.ChoiceField):
    """The provider view's `status`, pointing at the staff view's enum component.

    One choice set named `status` in two components would make drf-spectacular invent a hashed enum
    name (and warn); with the enum in the `Referral` component only, it is named `ReferralStatusEnum`.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ReferralStatus.choices, read_only=True, **kwargs)


class ConsentSerializer(serializers.Serializer):
    consented = serializers.BooleanField(source="consent_given", allow_null=True)
    given_on = serializers.DateField(source="consent_given_on", allow_null=True)
    given_by = serializers.CharField(source="consent_given_by")
    recorded_by = serializers.CharField(source="consent_recorded_by.username", default=None, read_only=True)
    withdrawn_on = serializers.DateField(source="consent_withdrawn_on", allow_null=True)
    withdrawal_reason = serializers.CharField(source="consent_withdrawal_reason")


class ProviderDecisionSerializer(serializers.ModelSerializer):
    decided_by: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = ProviderDecision
        fields = ["provider", "referred_on", "decision", "decided_on", "decided_by", "reason"]


class ReferralSerializer(WorkflowSerializerMixin, serializers.ModelSerializer):
    """Staff view of a referral: everything, including consent and past provider decisions."""

    managed_by: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    provider_name = serializers.CharField(source="provider.legal_name", read_only=True, default=None)
    consent = serializers.SerializerMethodField()
    missing_fields = serializers.ListField(child=serializers.CharField(), read_only=True)
    provider_decisions = ProviderDecisionSerializer(many=True, read_only=True)

    class Meta:
        model = Referral
        fields = [
            *RECORD_HEAD,
            "site",
            "managed_by",
            *REFERRAL_FIELD_NAMES,
            "no_current_involvement",
            "below_statutory_threshold",
            "missing_fields",
            "consent",
            "provider",
            "provider_name",
            "provider_decisions",
            *LIFECYCLE_FIELDS,
            "provider_responded_on",
            "escalation_reason",
            "pathways_meeting_on",
            "escalated_on",
            "outcome",
            "closed_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["reference", "status", "provider", "site"]
        extra_kwargs = {"site": {"required": False}}

    @extend_schema_field(ConsentSerializer(allow_null=True))
    def get_consent(self, referral: Referral) -> dict | None:
        if referral.consent_given is None:
            return None
        return ConsentSerializer(referral).data


class ReferralWriteSerializer(serializers.ModelSerializer):
    """What a manager sends to create or edit a referral; every referral field may be blank in a draft."""

    class Meta:
        model = Referral
        fields = ["site", *REFERRAL_FIELD_NAMES, "no_current_involvement", "below_statutory_threshold"]
        extra_kwargs = {"site": {"required": False, "allow_blank": True}}


class ProviderReferralSerializer(WorkflowSerializerMixin, serializers.ModelSerializer):
    """A provider's view (R-PRIV-1): the eight referral fields, status and contact dates, nothing else."""

    status = ProviderReferralStatusField()

    class Meta:
        model = Referral
        fields = [
            *RECORD_HEAD,
            *REFERRAL_FIELD_NAMES,
            "provider",
            "referred_on",
            "response_due_on",
            "last_contact_on",
            "next_contact_due_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ContactSerializer(serializers.ModelSerializer):
    by: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="username", read_only=True)
    channel = serializers.ChoiceField(choices=ContactChannel.choices)

    class Meta:
        model = ReferralContact
        fields = ["id", "contacted_on", "channel", "note", "by", "created_at"]
        read_only_fields = ["id", "by", "created_at"]


# Transition bodies (api.md "referrals").
class RecordConsentSerializer(serializers.Serializer):
    consented = serializers.BooleanField()
    given_on = serializers.DateField()
    given_by = serializers.CharField(max_length=limits.NAME)


class ReferSerializer(serializers.Serializer):
    provider = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=limits.REASON)


class EscalateSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=limits.REASON)
    pathways_meeting_on = serializers.DateField()


class CloseSerializer(serializers.Serializer):
    outcome = serializers.CharField(max_length=limits.REASON)


class WithdrawConsentSerializer(serializers.Serializer):
    withdrawn_on = serializers.DateField()
    reason = serializers.CharField(max_length=limits.REASON)
