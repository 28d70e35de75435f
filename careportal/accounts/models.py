"""Users, their role, their organisation (partner and provider users) and their site (staff)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django_otp.models import Device

from .choices import ORGANISATION_ROLES, STAFF_ROLES, Role


class User(AbstractUser):
    """A portal or API user with exactly one role."""

    role = models.CharField(max_length=32, choices=Role.choices, default=Role.SOCIAL_WORKER)
    organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    site = models.CharField(max_length=80, blank=True, help_text="Oranga Tamariki site or region (staff).")
    supervisor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supervisees"
    )
    calendar_token = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                name="organisation_users_have_an_organisation",
                condition=~models.Q(role__in=sorted(r.value for r in ORGANISATION_ROLES))
                | models.Q(organisation__isnull=False),
            ),
        ]

    def set_password(self, raw_password: str | None) -> None:
        # A change of an existing password (not the first one set) revokes the API tokens: see save().
        self._replacing_password = bool(self.password) and not self._state.adding
        super().set_password(raw_password)

    def save(self, *args, **kwargs) -> None:
        replaced = getattr(self, "_replacing_password", False)
        self._replacing_password = False
        if not replaced:
            return super().save(*args, **kwargs)
        from . import security, tokens  # both import this module (the user model)

        # One place for every way a password changes (portal, reset link, admin, manage.py): the
        # tokens issued under the old password stop working, and the change is on the audit trail.
        with transaction.atomic():
            super().save(*args, **kwargs)
            security.security_event(self, "password_changed")
            tokens.revoke_all(self, "password_changed")

    def clean(self) -> None:
        super().clean()
        if self.role in ORGANISATION_ROLES and self.organisation_id is None:
            raise ValidationError(
                {"organisation": "Partner and provider users must belong to an organisation."}
            )
        if self.role in STAFF_ROLES and self.organisation_id is not None:
            raise ValidationError(
                {"organisation": "Oranga Tamariki staff do not belong to an outside organisation."}
            )

    @property
    def is_ot_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_organisation_user(self) -> bool:
        return self.role in ORGANISATION_ROLES

    def has_role(self, *roles: str) -> bool:
        return self.is_active and (self.role in roles or (self.role == Role.ADMIN and Role.ADMIN in roles))

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class SubmissionKey(models.Model):
    """A create form's one-time key, claimed by the first POST that carries it (a double click or a resent
    form makes one record). Kept in the database, not the cache: the claim commits or rolls back with
    the record it made, and holds across server processes and a cache outage."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="submission_key_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


class ProviderIdentity(Device):
    """A staff user's account at the OpenID provider: the issuer and its stable subject (decision 0021).

    Also a django-otp device: a session signed in through the provider is marked as verified by it, so the
    second-step checks (the middleware, the API's session authentication, the support admin) count the
    provider's own second step, and never ask these users for a local authenticator code.
    """

    # One identity per user (django-otp's own field is a plain foreign key).
    user: models.OneToOneField[User, User] = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="provider_identity"
    )
    issuer: models.CharField[str, str] = models.CharField(max_length=255)
    subject: models.CharField[str, str] = models.CharField(max_length=255)
    created_at: models.DateTimeField = models.DateTimeField(auto_now_add=True)
    last_sign_in_at: models.DateTimeField = models.DateTimeField(null=True, blank=True)
    # Set when a sign-in found no mapped role and so turned the account off; a later sign-in with a role
    # turns it back on. An account support turned off (is_active without this) stays off.
    access_removed_at: models.DateTimeField = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="provider_identity_once")]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"
