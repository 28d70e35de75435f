"""Organisations: care partners (s396) and community service providers."""

from django.core.validators import RegexValidator
from django.db import models

from careportal.db import TimeStampedModel

from .choices import ApprovalStatus, OrganisationKind


class Organisation(TimeStampedModel):
    """An outside organisation whose users see only its own records (R-PRIV-1)."""

    legal_name = models.CharField(max_length=200)
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
