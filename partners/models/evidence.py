"""The readiness requirements catalogue and the evidence an organisation uploads against it (R-396-3)."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from careportal.db import TimeStampedModel
from careportal.lib import limits
from careportal.workflow import fsm_permission
from partners import permissions as perms
from partners.choices import EvidenceStatus

from .applications import Application


class RequirementQuerySet(models.QuerySet):
    def current(self) -> RequirementQuerySet:
        """The catalogue as it stands: the newest version of each requirement that is still in use."""
        return self.filter(superseded_at__isnull=True, active=True)

    def needed_to_leave_readiness(self) -> RequirementQuerySet:
        return self.current().filter(required=True)


class Requirement(TimeStampedModel):
    """One evidence requirement, versioned.

    Versioning (R-396-3): evidence points at the exact requirement version it was assessed against, so a
    requirement that already has evidence is never edited in place. Revising it (admin, or
    `services.requirement_revise`) creates version n+1 with the same `code`, stamps the old row
    `superseded_at` and points its `superseded_by` at the new one; the old row stays, read-only. The
    catalogue in use is the rows with `superseded_at` empty and `active` true. Decision: evidence already
    accepted against an earlier version of a code still counts for that code (staff can request changes
    when a revision matters); new uploads always go against the current version.
    """

    code = models.SlugField(max_length=40, help_text="Stable identifier shared by every version.")
    version = models.PositiveSmallIntegerField(default=1, editable=False)
    title = models.CharField(max_length=limits.NAME)
    standard = models.CharField(max_length=limits.NAME, help_text="The standard this evidence shows is met.")
    guidance = models.TextField(
        max_length=limits.TEXT,
        blank=True,
        help_text="What good evidence looks like (shown to organisations).",
    )
    file_required = models.BooleanField(default=True)
    validity_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many days an upload stays valid; empty = no expiry."
    )
    required = models.BooleanField(default=True, help_text="Needed to leave readiness (R-396-3).")
    active = models.BooleanField(default=True, help_text="Still part of the catalogue.")
    position = models.PositiveSmallIntegerField(default=0)
    superseded_at = models.DateTimeField(null=True, blank=True, editable=False)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    objects = RequirementQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="partners_requirement_code_version"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(superseded_at__isnull=True),
                name="partners_one_current_requirement_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    """A random storage name per file: never the uploader's name, never guessable, never overwritten."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{instance.application_id}/{uuid.uuid4().hex}.{extension}"


class Evidence(ConcurrentTransitionMixin, TimeStampedModel):
    """One version of an organisation's evidence for one requirement (R-396-3: new uploads supersede)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="evidence")
    # The exact requirement version this upload was made and assessed against.
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="evidence")
    # Copied from the requirement: versions are numbered per code, across requirement versions.
    requirement_code = models.SlugField(max_length=40, editable=False)
    version = models.PositiveIntegerField(editable=False)
    status = FSMField(default=EvidenceStatus.SUBMITTED, choices=EvidenceStatus.choices, protected=True)
    file = models.FileField(upload_to=evidence_upload_to, blank=True, max_length=200)
    file_name = models.CharField(max_length=120, blank=True, help_text="The uploader's file name, made safe.")
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(default=0)
    note = models.TextField(max_length=limits.REASON, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewer_reason = models.TextField(
        max_length=limits.REASON, blank=True, help_text="Shown to the organisation."
    )
    # The last day the upload is valid (R-DATE-2: N days from the upload date, counting that date).
    expires_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["application", "requirement_code", "-version"]
        verbose_name_plural = "evidence"
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "requirement_code", "version"], name="partners_evidence_version"
            ),
            # Exactly one live version per requirement: every other version is superseded.
            models.UniqueConstraint(
                fields=["application", "requirement_code"],
                condition=~models.Q(status=EvidenceStatus.SUPERSEDED),
                name="partners_one_live_evidence_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement_code} v{self.version} ({self.get_status_display()})"

    def is_expired_on(self, day: date) -> bool:
        return self.expires_on is not None and day > self.expires_on

    @transition(
        field=status, source=EvidenceStatus.SUBMITTED, target=EvidenceStatus.ACCEPTED,
        permission=fsm_permission(perms.can_review_evidence),
    )  # fmt: skip
    def accept(self, *, reviewed_by, reviewed_at, review_reason: str = "") -> None:
        self.reviewed_by, self.reviewed_at, self.reviewer_reason = reviewed_by, reviewed_at, review_reason

    @transition(
        field=status, source=EvidenceStatus.SUBMITTED, target=EvidenceStatus.CHANGES_REQUESTED,
        permission=fsm_permission(perms.can_review_evidence),
    )  # fmt: skip
    def request_changes(self, *, reviewed_by, reviewed_at, review_reason: str) -> None:
        self.reviewed_by, self.reviewed_at, self.reviewer_reason = reviewed_by, reviewed_at, review_reason

    @transition(
        field=status,
        source=[EvidenceStatus.SUBMITTED, EvidenceStatus.ACCEPTED, EvidenceStatus.CHANGES_REQUESTED],
        target=EvidenceStatus.SUPERSEDED,
        permission=fsm_permission(perms.can_supersede_evidence),
    )
    def supersede(self) -> None:
        """A newer upload for the same requirement replaces this one (kept, never overwritten)."""
