"""Security events on the audit trail: sign-in, API tokens, the second step, passwords, calendar links.

A failed sign-in has no actor (nobody is proven): the username tried goes in `data`, never the password.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from careportal.audit.models import AuditEntry, AuditKind
from careportal.audit.services import audit_record
from careportal.lib.actor import Actor

USERNAME_KEPT = 150  # the username field's own length: a longer "username" is an attack, keep its start


def security_event(user: Actor, action: str, actor: Actor | None = None, **data: Any) -> AuditEntry:
    """One SECURITY row about `user`'s account; `actor` is who did it (the user unless said)."""
    return audit_record(
        actor=actor if actor is not None else user,
        kind=AuditKind.SECURITY,
        action=action,
        object_type="accounts.user",
        object_id=str(user.pk),
        data=data,
    )


def sign_in_failed(username: Any, reason: str) -> AuditEntry:
    return audit_record(
        actor=None,
        kind=AuditKind.SECURITY,
        action="sign_in_failed",
        object_type="accounts.user",
        data={"username": str(username or "")[:USERNAME_KEPT], "reason": reason},
    )


@receiver(user_logged_in, dispatch_uid="careportal.accounts.security.signed_in")
def _signed_in(sender, request, user, **kwargs) -> None:
    security_event(user, "sign_in", path=getattr(request, "path", "")[:200])


@receiver(user_login_failed, dispatch_uid="careportal.accounts.security.sign_in_refused")
def _sign_in_refused(sender, credentials, request=None, **kwargs) -> None:
    if "username" not in credentials:
        return  # the provider's callback (careportal.accounts.oidc): it audits its refusals with their reason
    # `credentials` is already cleansed by Django (the password masked); only the username is kept.
    sign_in_failed(credentials.get("username"), "password")
