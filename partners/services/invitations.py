"""Invitations by e-mail into an organisation (decision 0022): invite, resend, revoke, send, accept.

The link's token is made by the e-mail task, hashed like an API token (knox's hash), and kept only as
that hash: the token never passes through the broker, the database or a log. A resend owes a new e-mail,
whose new token replaces the hash, so the old link stops working.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.crypto import create_token_string, hash_token

from careportal.accounts.security import security_event
from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record
from careportal.exceptions import NotPermitted, RuleViolation
from careportal.lib.actor import Actor
from careportal.lib.queue import enqueue, enqueue_on_commit
from partners import permissions as perms
from partners.choices import InvitationStatus
from partners.models import Invitation, Organisation

TOKEN_MAX_LENGTH = 128  # a longer "token" is not one of ours: refused before it is hashed


def _audit(by: Actor | None, action: str, invitation: Invitation, **data: Any) -> None:
    # The address is personal information: the trail names the invitation, the organisation and the role.
    audit_record(
        actor=by,
        kind=AuditKind.CREATE if action == "invite" else AuditKind.TRANSITION,
        action=f"invitation_{action}",
        obj=invitation,
        to_status=invitation.status,
        data={"organisation": str(invitation.organisation_id), "role": invitation.role, **data},
    )


def _expiry() -> Any:
    return timezone.now() + timedelta(days=settings.INVITATION_EXPIRY_DAYS)


def _queue_email(invitation: Invitation) -> None:
    from partners.tasks import send_invitation_email  # the task module imports this one

    enqueue_on_commit(send_invitation_email, str(invitation.pk))


def _check_inviter(by: Actor, organisation: Organisation) -> None:
    if not perms.can_invite(by, organisation):
        raise NotPermitted("You may invite people only into your own organisation.")


@transaction.atomic
def invitation_create(*, organisation: Organisation, email: str, role: str, by: Actor) -> Invitation:
    """Invite `email` into `organisation` as `role` (one of its kind's roles); the e-mail goes on commit."""
    _check_inviter(by, organisation)
    if role not in perms.invitation_roles(organisation):
        raise NotPermitted("That role cannot be given in this organisation.", field="role")
    # Locked, so two invitations sent at once cannot both pass the limit.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    email = email.strip()
    if (
        get_user_model()
        .objects.filter(organisation=organisation, email__iexact=email, is_active=True)
        .exists()
    ):
        raise RuleViolation(
            "Someone in this organisation already has an account with that e-mail.", field="email"
        )
    pending = Invitation.objects.filter(organisation=organisation, status=InvitationStatus.PENDING)
    if pending.filter(email__iexact=email).exists():
        raise RuleViolation(
            "That address has an invitation already: resend it from the list instead.", field="email"
        )
    if pending.live().count() >= settings.INVITATION_MAX_PENDING:
        raise RuleViolation(
            f"This organisation has {settings.INVITATION_MAX_PENDING} invitations waiting: revoke some, or "
            "wait for them to be accepted, before inviting more."
        )
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=by, expires_at=_expiry()
    )
    _audit(by, "invite", invitation, expires_at=invitation.expires_at.isoformat())
    _queue_email(invitation)
    return invitation


def _locked(invitation: Invitation) -> Invitation:
    return Invitation.objects.select_for_update().get(pk=invitation.pk)


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: Actor) -> Invitation:
    """A new e-mail with a new link (the old one stops working) and a new expiry."""
    invitation = _locked(invitation)
    _check_inviter(by, invitation.organisation)
    if invitation.status != InvitationStatus.PENDING:
        raise RuleViolation(
            f"This invitation was {invitation.get_status_display().lower()}: it cannot be resent."
        )
    wait = timedelta(minutes=settings.INVITATION_RESEND_MINUTES)
    if invitation.sent_at is not None and timezone.now() < invitation.sent_at + wait:
        raise RuleViolation(
            f"This invitation was sent less than {settings.INVITATION_RESEND_MINUTES} minutes ago: "
            "give the e-mail a little time to arrive before sending it again."
        )
    invitation.token_hash = ""  # the old link stops working now, not when the new e-mail goes
    invitation.email_due = True
    invitation.expires_at = _expiry()
    invitation.save(update_fields=["token_hash", "email_due", "expires_at", "updated_at"])
    _audit(by, "resend", invitation, expires_at=invitation.expires_at.isoformat())
    _queue_email(invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: Actor) -> Invitation:
    """The link stops working for good."""
    invitation = _locked(invitation)
    _check_inviter(by, invitation.organisation)
    if invitation.status != InvitationStatus.PENDING:
        raise RuleViolation(f"This invitation was {invitation.get_status_display().lower()} already.")
    # The hash stays, so the link's page can say the invitation was withdrawn (it opens nothing now).
    invitation.status = InvitationStatus.REVOKED
    invitation.email_due = False
    invitation.closed_at, invitation.closed_by = timezone.now(), by
    invitation.save(update_fields=["status", "email_due", "closed_at", "closed_by", "updated_at"])
    _audit(by, "revoke", invitation)
    return invitation


def invitation_deliver(invitation_id: str, send: Any) -> bool:
    """Make the link's token, keep its hash and call `send(invitation, token)`, once per e-mail owed.

    The row is locked (SKIP LOCKED) while sending, so two workers never send the same e-mail; the hash is
    committed with the send, so a failed send is retried with a new token and a sent one never again.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("organisation")
            .filter(pk=invitation_id, email_due=True, status=InvitationStatus.PENDING)
            .first()
        )
        if invitation is None:
            return False
        token = create_token_string()
        invitation.token_hash = hash_token(token)
        invitation.email_due = False
        invitation.sent_at = timezone.now()
        invitation.sends += 1
        invitation.save(update_fields=["token_hash", "email_due", "sent_at", "sends", "updated_at"])
        send(invitation, token)
        audit_record(
            actor=None,
            kind=AuditKind.DELIVERY,
            action="invitation_email",
            obj=invitation,
            data={
                "organisation": str(invitation.organisation_id),
                "send": invitation.sends,
                "channel": "email",
            },
        )
    return True


OWED_AFTER = timedelta(minutes=10)  # an e-mail owed this long was not queued (the broker was down)


def invitation_emails_requeue() -> list[str]:
    """The daily sweep's step: queue again each live invitation's e-mail still owed (the task sends once)."""
    from partners.tasks import send_invitation_email  # the task module imports this one

    owed = Invitation.objects.live().filter(email_due=True, updated_at__lt=timezone.now() - OWED_AFTER)
    ids = [str(pk) for pk in owed.values_list("pk", flat=True)]
    queued = sum(enqueue(send_invitation_email, pk) for pk in ids)
    return [f"{queued} invitation e-mails queued again"] if ids else []


# --- Accepting -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkProblem:
    """Why a link cannot be used, as the page says it."""

    reason: str  # unknown, expired, used, revoked
    status: int


UNKNOWN = LinkProblem("unknown", 404)


def invitation_for_token(token: str) -> Invitation | LinkProblem:
    """The pending invitation `token` opens, or why it opens none."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return UNKNOWN
    return invitation_for_hash(hash_token(token))


def invitation_for_hash(token_hash: str) -> Invitation | LinkProblem:
    if not token_hash:
        return UNKNOWN
    invitation = Invitation.objects.select_related("organisation").filter(token_hash=token_hash).first()
    return _usable(invitation)


def _usable(invitation: Invitation | None) -> Invitation | LinkProblem:
    if invitation is None:
        return UNKNOWN
    if invitation.status == InvitationStatus.ACCEPTED:
        return LinkProblem("used", 410)
    if invitation.status == InvitationStatus.REVOKED:
        return LinkProblem("revoked", 410)
    if invitation.is_expired:
        return LinkProblem("expired", 410)
    return invitation


@dataclass(frozen=True)
class NewAccount:
    """What the invitee chose, kept in their session between the two steps (the password only hashed)."""

    username: str
    first_name: str
    last_name: str
    password_hash: str
    totp_key: str


def invitation_accept(*, token_hash: str, account: NewAccount) -> tuple[Any, TOTPDevice] | LinkProblem:
    """Make the invitee's account with its confirmed authenticator, and close the invitation: all or nothing.

    The account exists only once the second step is set up, so nobody ever signs in to it without one.
    """
    User = get_user_model()
    with transaction.atomic():
        found = (
            Invitation.objects.select_for_update().filter(token_hash=token_hash).first()
            if token_hash
            else None
        )
        invitation = _usable(found)
        if isinstance(invitation, LinkProblem):
            return invitation
        if User.objects.filter(username__iexact=account.username).exists():
            raise RuleViolation("That username is taken: choose another.", field="username")
        try:
            with transaction.atomic():
                user = User.objects.create(
                    username=account.username,
                    first_name=account.first_name,
                    last_name=account.last_name,
                    email=invitation.email,
                    role=invitation.role,
                    organisation_id=invitation.organisation_id,
                    password=account.password_hash,
                )
        except IntegrityError:  # the same username chosen at the same moment by someone else
            raise RuleViolation("That username is taken: choose another.", field="username") from None
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator app", key=account.totp_key, confirmed=True
        )
        invitation.status = InvitationStatus.ACCEPTED  # the hash stays: the link's page says "used"
        invitation.accepted_user = user
        invitation.closed_at, invitation.closed_by = timezone.now(), user
        invitation.save(update_fields=["status", "accepted_user", "closed_at", "closed_by", "updated_at"])
        _audit(user, "accept", invitation, user=str(user.pk))
        security_event(user, "account_created", invitation=str(invitation.pk), role=user.role)
        security_event(user, "second_step_on", device=device.name)
    return user, device
