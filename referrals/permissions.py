"""Who may see and do what with referrals (R-PR-4, R-PRIV-1).

Decisions, kept here so one edit changes them:
- Managing a referral (create, edit, seek and record consent, refer, start monitoring, log contacts) is
  for a differential response coordinator or a senior practitioner (R-PR-4). Any of them may act on any
  referral: they work as a site team; `managed_by` is the person whose work queue it sits in.
- Escalating and closing are staff decisions: the managers and their supervisors. Recording that the
  whānau withdrew consent (R-PR-2) is the managers' (they record consent too).
- Social workers and administrators may read every referral (they work alongside the whānau or support
  the portal) but change none.
- Only users of the receiving provider accept or decline (R-PR-4).
- A provider sees a referral only while it is the referral's provider: from `refer` on, through
  acceptance, monitoring, escalation and closing. A provider that declines stops being the provider at
  once and loses sight of the referral (it does not need the whānau's details any more); its decision is
  kept in the referral's provider decisions, which only staff see. When the whānau withdraws consent
  (R-PR-2) the provider loses sight of it as well (decision 0017). Care partner users and other staff
  see no referrals. Everything not visible answers 404 (R-PRIV-1).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from careportal.accounts.choices import Role
from careportal.lib.actor import Actor

Q = TypeVar("Q", bound=models.QuerySet)

MANAGER_ROLES = (Role.DRC, Role.SENIOR_PRACTITIONER)
STAFF_DECISION_ROLES = (*MANAGER_ROLES, Role.SUPERVISOR)
STAFF_READER_ROLES = (*STAFF_DECISION_ROLES, Role.SOCIAL_WORKER, Role.ADMIN)


def _authenticated(user: Actor) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def is_manager(user: Actor) -> bool:
    """R-PR-4: a differential response coordinator or senior practitioner."""
    return _authenticated(user) and user.role in MANAGER_ROLES


def is_staff_reader(user: Actor) -> bool:
    return _authenticated(user) and user.role in STAFF_READER_ROLES


def is_provider_user(user: Actor) -> bool:
    return _authenticated(user) and user.role == Role.PROVIDER_STAFF and user.organisation_id is not None


# Transition permissions: callable(referral, user) -> bool (the referral typed Any to fit django-fsm's
# signature). No database access, so a list page computes `allowed_transitions` without extra queries.
def can_manage(referral: Any, user: Actor) -> bool:
    return is_manager(user)


def is_receiving_provider(referral: Any, user: Actor) -> bool:
    """R-PR-4: only the users of the provider the referral was sent to accept or decline it."""
    return (
        is_provider_user(user)
        and referral.provider_id is not None
        and user.organisation_id == referral.provider_id
    )


def can_escalate_or_close(referral: Any, user: Actor) -> bool:
    return _authenticated(user) and user.role in STAFF_DECISION_ROLES


def can_log_contact(referral: Any, user: Actor) -> bool:
    """R-PR-4: the coordinator (manager) and the provider keep in contact."""
    return is_manager(user) or is_receiving_provider(referral, user)


def scope(queryset: Q, user: Actor) -> Q:
    """The referrals `user` may see; the same scope for portal views and the API."""
    if is_staff_reader(user):
        return queryset
    if is_provider_user(user):
        # R-PR-2, decision 0017: once the whānau withdraws consent the provider no longer sees it.
        return queryset.filter(provider_id=user.organisation_id, consent_withdrawn_on__isnull=True)
    return queryset.none()
