from django.db import models


class OrganisationKind(models.TextChoices):
    CARE_PARTNER = "care_partner", "Care partner"
    COMMUNITY_PROVIDER = "community_provider", "Community service provider"


class ApprovalStatus(models.TextChoices):
    NONE = "none", "Not approved"
    APPROVED = "approved", "Approved (s396)"
    SUSPENDED = "suspended", "Suspended"
    REVOKED = "revoked", "Revoked"


class AccreditationStatus(models.TextChoices):
    ACCREDITED = "accredited", "Accredited"
    ACTIONS_REQUIRED = "actions_required", "Accredited, actions required"
    SUSPENDED = "suspended", "Suspended"
    REVOKED = "revoked", "Revoked"
    LAPSED = "lapsed", "Lapsed"


CURRENT_ACCREDITATION_STATUSES = (AccreditationStatus.ACCREDITED, AccreditationStatus.ACTIONS_REQUIRED)
