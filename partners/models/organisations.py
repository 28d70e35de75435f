"""Organisations: care partners (s396) and community service providers."""

from datetime import date

from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from careportal.db import TimeStampedModel
from careportal.lib import limits
from partners.choices import (
    CURRENT_ACCREDITATION_STATUSES,
    AccreditationStatus,
    ApprovalStatus,
    OrganisationKind,
)


class Organisation(TimeStampedModel):
    """An outside organisation whose users see only its own records (R-PRIV-1)."""

    legal_name = models.CharField(max_length=limits.NAME)
    nzbn = models.CharField(
        "NZBN",
        max_length=13,
        unique=True,
        null=True,
        blank=True,
        validators=[RegexValidator(r"^94\d{11}$", "An NZBN is 13 digits starting with 94.")],
    )
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    region = models.CharField(max_length=80, blank=True)
    is_maori_organisation = models.BooleanField("Māori organisation", default=False)
    # Set only by the approval services (R-396-1), never by a form or PATCH.
    approval_status = models.CharField(
        max_length=16, choices=ApprovalStatus.choices, default=ApprovalStatus.NONE, editable=False
    )

    class Meta:
        ordering = ["legal_name"]
        indexes = [models.Index(fields=["kind", "approval_status"])]

    def __str__(self) -> str:
        return self.legal_name

    @property
    def holds_s396_approval(self) -> bool:
        return self.approval_status == ApprovalStatus.APPROVED

    @property
    def accreditation_alert(self) -> bool:
        """R-396-5: approved (or suspended) without a current Level 1 accreditation. Uses the
        `has_current_accreditation` annotation of `partners.selectors.organisations_for` when present."""
        if self.approval_status not in (ApprovalStatus.APPROVED, ApprovalStatus.SUSPENDED):
            return False
        current = getattr(self, "has_current_accreditation", None)
        if current is None:
            today = timezone.localdate()
            current = any(a.level == 1 and a.is_current_on(today) for a in self.accreditations.all())
        return not current


class Accreditation(TimeStampedModel):
    """A Te Kāhui Kāhu accreditation outcome for an organisation (R-396-1, R-396-5)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="accreditations")
    level = models.PositiveSmallIntegerField(choices=[(n, f"Level {n}") for n in range(1, 5)])
    status = models.CharField(
        max_length=20, choices=AccreditationStatus.choices, default=AccreditationStatus.ACCREDITED
    )
    granted_on = models.DateField()
    # R-396-5: Te Kāhui Kāhu reviews every 2 years; the portal warns 3 months and 1 month before.
    review_due_on = models.DateField()
    notes = models.TextField(max_length=limits.TEXT, blank=True)

    class Meta:
        ordering = ["organisation", "-granted_on"]
        indexes = [models.Index(fields=["status", "review_due_on"])]

    def __str__(self) -> str:
        return f"{self.organisation} — Level {self.level} ({self.get_status_display()})"

    def is_current_on(self, day: date) -> bool:
        """Current = accredited (with or without actions) and its review not overdue on `day`."""
        return self.status in CURRENT_ACCREDITATION_STATUSES and self.review_due_on >= day
