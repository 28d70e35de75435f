"""Signing a staff user in from the provider's claims: find by issuer + subject, create, update, refuse.

Every outcome is on the audit trail: a refusal as `sign_in_failed` with its reason (no actor: nobody is
proven), a new account, a change of role or site, an account turned off because its role went away.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from careportal.accounts import tokens
from careportal.accounts.choices import Role
from careportal.accounts.models import ProviderIdentity, User
from careportal.accounts.security import security_event, sign_in_failed

from . import claims as c
from .config import ProviderConfig

USERNAME_LENGTH = 150
_NOT_IN_USERNAME = re.compile(r"[^\w.@+-]")


@dataclass(frozen=True)
class Refusal:
    """Why a provider sign-in was refused, and what the person is told (a page, status 403)."""

    reason: str
    title: str
    message: str


NO_SUBJECT = Refusal(
    "no_subject",
    "Sign-in could not be completed",
    "The sign-in service did not say who you are. Try again; if it happens again, tell the service desk.",
)
NO_ROLE = Refusal(
    "no_role",
    "You do not have access to careportal",
    "Your account is not in a group that gives access to careportal, so you have not been signed in. "
    "Ask your manager or the service desk to add you to the careportal group for your role, then sign in again.",
)
NO_SECOND_STEP = Refusal(
    "second_step_missing",
    "Sign in with your second step",
    "careportal needs you to finish your organisation's second sign-in step (for example an authenticator "
    "app). Sign in again and complete it.",
)
TURNED_OFF = Refusal(
    "account_disabled",
    "Your careportal account is turned off",
    "Your account has been turned off by careportal support. Contact them if you need access again.",
)


def sign_in(*, claims: Mapping[str, Any], config: ProviderConfig) -> User | Refusal:
    """The user these claims sign in (created on first sign-in, role and site refreshed), or a refusal."""
    subject = c.subject(claims, config)
    if not subject:
        return _refuse(NO_SUBJECT, claims, config)
    if not c.second_step_done(claims, config):
        return _refuse(NO_SECOND_STEP, claims, config)
    try:
        with transaction.atomic():
            return _sign_in(claims, config, subject)
    except IntegrityError:
        # Two first sign-ins of one person at once: the other made the account; use it.
        with transaction.atomic():
            return _sign_in(claims, config, subject)


def _sign_in(claims: Mapping[str, Any], config: ProviderConfig, subject: str) -> User | Refusal:
    identity = (
        ProviderIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=config.issuer, subject=subject)
        .first()
    )
    role = c.role(claims, config)
    if role is None:
        if identity is not None:
            _remove_access(identity)
        return _refuse(NO_ROLE, claims, config)
    if identity is None:
        identity = _create(claims, config, subject, role)
    elif not identity.user.is_active and identity.access_removed_at is None:
        return _refuse(TURNED_OFF, claims, config)
    else:
        _update(identity, claims, config, role)
    identity.last_sign_in_at = timezone.now()
    identity.save(update_fields=["last_sign_in_at", "access_removed_at", "confirmed"])
    user = identity.user
    # django-otp persists this device in the session at login: the provider did the second step.
    user.otp_device = identity  # type: ignore[attr-defined]
    return user


def _refuse(refusal: Refusal, claims: Mapping[str, Any], config: ProviderConfig) -> Refusal:
    sign_in_failed(c.display(claims, config), refusal.reason)
    return refusal


def _create(claims: Mapping[str, Any], config: ProviderConfig, subject: str, role: str) -> ProviderIdentity:
    user = User(username=_free_username(claims, config, subject), organisation=None)
    _copy_claims(user, claims, config, role)
    user.set_unusable_password()  # these users never sign in with a password here
    user.save()
    identity = ProviderIdentity.objects.create(
        user=user, issuer=config.issuer, subject=subject, name=config.name[:64], confirmed=True
    )
    security_event(user, "provider_account_created", role=user.role, site=user.site, issuer=config.issuer)
    return identity


def _update(identity: ProviderIdentity, claims: Mapping[str, Any], config: ProviderConfig, role: str) -> None:
    user = identity.user
    before = {"role": user.role, "site": user.site}
    _copy_claims(user, claims, config, role)
    if identity.access_removed_at is not None:
        user.is_active = True
        identity.access_removed_at = None
        identity.confirmed = True
        security_event(user, "provider_access_restored", role=user.role)
    if user.has_usable_password():  # set in the admin since: the provider is the only way in
        user.set_unusable_password()
    user.save()
    after = {"role": user.role, "site": user.site}
    if after != before:
        security_event(user, "provider_role_changed", before=before, after=after)


def _copy_claims(user: User, claims: Mapping[str, Any], config: ProviderConfig, role: str) -> None:
    user.role = role
    site = c.site(claims, config)
    if site is not None:
        user.site = site
    # The support admin is for the administrator role alone, as for the demo users.
    user.is_staff = user.is_superuser = role == Role.ADMIN
    user.organisation = None
    for field, claim, length in (
        ("first_name", "given_name", 150),
        ("last_name", "family_name", 150),
        ("email", "email", 254),
    ):
        found = c.values(claims, claim)
        if found:
            setattr(user, field, found[0][:length])


def _remove_access(identity: ProviderIdentity) -> None:
    user = identity.user
    if not user.is_active and identity.access_removed_at is None:
        return  # already turned off by support
    if identity.access_removed_at is None:
        identity.access_removed_at = timezone.now()
        identity.confirmed = False
        identity.save(update_fields=["access_removed_at", "confirmed"])
        user.is_active = False  # their other sessions end at their next request
        user.save(update_fields=["is_active"])
        security_event(user, "provider_access_removed", why="no_mapped_role")
        tokens.revoke_all(user, "provider_access_removed")


def _free_username(claims: Mapping[str, Any], config: ProviderConfig, subject: str) -> str:
    """The provider's username when free; otherwise it with a short hash of the subject. Never used to
    find the user again (that is the subject), so a clash with a local account does no harm."""
    found = c.values(claims, config.username_claim) or c.values(claims, "email")
    base = _NOT_IN_USERNAME.sub("-", found[0])[:120] if found else "staff"
    if not User.objects.filter(username=base).exists():
        return base
    suffix = hashlib.sha256(f"{config.issuer} {subject}".encode()).hexdigest()[:10]
    return f"{base}-{suffix}"[:USERNAME_LENGTH]
