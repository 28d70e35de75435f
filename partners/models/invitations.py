"""An invitation by e-mail to join an organisation as one of its users (decision 0022)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from careportal.accounts.choices import Role
from careportal.db import TimeStampedModel
from partners.choices import InvitationStatus

from .organisations import Organisation


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def live(self) -> InvitationQuerySet:
        """Pending and not yet expired: the ones a link can still accept, and the ones the limit counts."""
        return self.filter(status=InvitationStatus.PENDING, expires_at__gt=timezone.now())


class Invitation(TimeStampedModel):
    """Who was invited, by whom, to which organisation and role. Only a hash of the link's token is kept
    (the hash API tokens use); the token itself is made by the e-mail task and exists only in the e-mail."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=32, choices=Role.choices)
    status = models.CharField(
        max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=128, blank=True, db_index=True)
    expires_at = models.DateTimeField()
    # An e-mail with a new token is owed (set by the invite and each resend, cleared by the e-mail task).
    email_due = models.BooleanField(default=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sends = models.PositiveSmallIntegerField(default=0)
    accepted_user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="invitation"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One pending invitation per address and organisation: inviting again is a resend.
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=models.Q(status=InvitationStatus.PENDING),
                name="one_pending_invitation_per_address",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status", "expires_at"])]

    def __str__(self) -> str:
        return f"Invitation to {self.organisation_id} ({self.get_status_display()})"

    @property
    def is_expired(self) -> bool:
        return self.status == InvitationStatus.PENDING and self.expires_at <= timezone.now()
