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


class ApplicationStatus(models.TextChoices):
    """The four phases (docs/rules.md "Becoming a care partner"), the approved end, and the two closing ends."""

    PREPARATION = "preparation", "Preparation"
    READINESS = "readiness", "Care partner readiness"
    CONFIRMATION = "confirmation", "Confirmation of partner"
    QA_TRANSITION = "qa_transition", "Transition into the QA cycle"
    APPROVED = "approved", "Approved partner in the QA cycle"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The progress bar's four phases, in order.
APPLICATION_PHASES = (
    ApplicationStatus.PREPARATION,
    ApplicationStatus.READINESS,
    ApplicationStatus.CONFIRMATION,
    ApplicationStatus.QA_TRANSITION,
)
# A decline can be proposed (and decided) and the organisation can withdraw before it is confirmed;
# after confirmation the s396 approval exists and is suspended or revoked instead (R-396-4).
APPLICATION_DECLINABLE = (
    ApplicationStatus.PREPARATION,
    ApplicationStatus.READINESS,
    ApplicationStatus.CONFIRMATION,
)
APPLICATION_OPEN = APPLICATION_PHASES
APPLICATION_CLOSED = (ApplicationStatus.APPROVED, ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN)
# Evidence is uploaded and reviewed while the organisation is preparing and showing readiness.
EVIDENCE_OPEN_PHASES = (ApplicationStatus.PREPARATION, ApplicationStatus.READINESS)


class EvidenceStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted, awaiting review"
    ACCEPTED = "accepted", "Accepted"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    SUPERSEDED = "superseded", "Superseded by a newer version"


class S396ApprovalStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    REVOKED = "revoked", "Revoked"


class NoticeAction(models.TextChoices):
    """What a notice to an approved organisation proposes (R-396-4: notice and response first)."""

    SUSPEND = "suspend", "Suspension"
    REVOKE = "revoke", "Revocation"


class InvitationStatus(models.TextChoices):
    """An invitation's life (decision 0022); a pending one past its expiry is shown as expired."""

    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REVOKED = "revoked", "Revoked"
