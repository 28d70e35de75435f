"""Statuses and enums of partnered response referrals (R-PR-*)."""

from django.db import models


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CONSENT_PENDING = "consent_pending", "Consent pending"
    CONSENT_DECLINED = "consent_declined", "Consent declined"
    CONSENTED = "consented", "Consented"
    REFERRED = "referred", "Referred"
    PROVIDER_DECLINED = "provider_declined", "Provider declined"
    ACCEPTED = "accepted", "Accepted"
    MONITORING = "monitoring", "Monitoring"
    ESCALATED = "escalated", "Escalated"
    CLOSED = "closed", "Closed"


S = ReferralStatus
# Open = still being worked; escalation is possible from any of these (R-PR-4). consent_declined,
# escalated and closed are the ends of the lifecycle.
OPEN_STATUSES = (
    S.DRAFT,
    S.CONSENT_PENDING,
    S.CONSENTED,
    S.REFERRED,
    S.PROVIDER_DECLINED,
    S.ACCEPTED,
    S.MONITORING,
)
# The referral's fields may change only before it is sent: a provider must see what it was sent.
EDITABLE_STATUSES = (S.DRAFT, S.CONSENT_PENDING, S.CONSENTED, S.PROVIDER_DECLINED)
# Sent to a provider and it said yes or has not answered yet: the provider on the record is current.
WITH_PROVIDER_STATUSES = (S.REFERRED, S.ACCEPTED, S.MONITORING)
# R-PR-2: the whānau may withdraw consent once the referral has been sent (escalated too, if it had been).
CONSENT_WITHDRAWABLE_STATUSES = (S.REFERRED, S.ACCEPTED, S.MONITORING, S.PROVIDER_DECLINED, S.ESCALATED)
# R-PR-4: regular contact is expected while the provider works with the whānau.
CONTACT_EXPECTED_STATUSES = (S.ACCEPTED, S.MONITORING)
# Contacts between the coordinator and the provider can be logged once the referral has been sent.
CONTACT_LOG_STATUSES = (S.REFERRED, S.ACCEPTED, S.MONITORING, S.ESCALATED)


class ContactChannel(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "E-mail"
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"
    HUI = "hui", "Hui"
    OTHER = "other", "Other"


class ProviderDecisionKind(models.TextChoices):
    PENDING = "pending", "Awaiting response"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    # R-PR-2: the whānau withdrew consent before the provider answered.
    WITHDRAWN = "withdrawn", "Consent withdrawn before an answer"


# R-PR-3: the eight things a referral carries, in the order the practice guidance lists them.
REFERRAL_FIELDS: tuple[tuple[str, str, str], ...] = (
    (
        "family_details",
        "Whānau details",
        "Who is in the whānau: names, ages, relationships, where they live.",
    ),
    ("situation", "Their situation", "What is happening for the whānau now."),
    ("concerns", "Concerns", "The concerns, below the statutory threshold (no risk of serious harm)."),
    ("service_type", "Most appropriate service type", "The kind of support that would help most."),
    ("whanau_view", "The whānau's own view", "What the whānau say about their situation and what they want."),
    ("strengths", "Strengths", "What is going well; who and what supports them."),
    ("history_summary", "Brief relevant history", "Only the history that matters for this referral."),
    ("other_providers", "Other providers involved", "Other services working with the whānau, or 'none'."),
)
REFERRAL_FIELD_NAMES = tuple(name for name, _, _ in REFERRAL_FIELDS)
REFERRAL_FIELD_LABELS = {name: label for name, label, _ in REFERRAL_FIELDS}
