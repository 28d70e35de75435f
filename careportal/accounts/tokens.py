"""API tokens (django-rest-knox): only a hash is stored, each client gets its own, and each expires.

Every issue and revocation is a security event on the audit trail. A password change or a change of the
second step (on, off, a new device) revokes all of a user's tokens: a token issued before it may have
been taken by whoever knew the old password or held the old device.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from careportal.lib.actor import Actor

from .security import security_event


def live_tokens(user: Actor):
    """The user's tokens that still work, newest first (an expired one is deleted when next presented)."""
    return AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")


# knox reads every token of the user on each authenticated request: keep that set small. Past this many,
# a new sign-in retires the oldest token (a client that lost its token signs in again).
MOST_TOKENS_PER_USER = 20


@transaction.atomic
def issue(user: Actor) -> tuple[AuthToken, str]:
    AuthToken.objects.filter(user=user, expiry__lte=timezone.now()).delete()
    for old in live_tokens(user)[MOST_TOKENS_PER_USER - 1 :]:
        security_event(user, "token_revoked", token=old.digest[:12], why="too_many_tokens")
        old.delete()
    instance, secret = AuthToken.objects.create(user=user)
    security_event(user, "token_issued", token=instance.digest[:12], expiry=instance.expiry.isoformat())
    return instance, secret


@transaction.atomic
def revoke(token: AuthToken, actor: Actor) -> None:
    security_event(token.user, "token_revoked", actor=actor, token=token.digest[:12])
    token.delete()


@transaction.atomic
def revoke_all(user: Actor, why: str, actor: Actor | None = None) -> int:
    count, _ = AuthToken.objects.filter(user=user).delete()
    if count:
        security_event(user, "tokens_revoked", actor=actor, why=why, count=count)
    return count


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="careportal.accounts.tokens.device_removed")
def _device_removed(sender, instance: TOTPDevice, **kwargs) -> None:
    # Turning the second step off, or support removing a device in the admin.
    if instance.confirmed:
        revoke_all(instance.user, "second_step_changed")
