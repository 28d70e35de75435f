"""Who may see and do what in the Quality Assurance cycle: the one place for quality's access rules.

Roles
- hub_reviewer (Quality Hub reviewer): plans, runs and finalises reviews; records activities and
  findings; creates improvement actions and verifies (or reopens) them; starts QA cycles and records a
  partner's request for a joint review with Te Kāhui Kāhu (R-396-6). Works on actions owned by Oranga
  Tamariki itself (no owner organisation).
- pfo, delegate, supervisor, admin: read everything (cycles, reviews, findings, actions, the
  accreditation watch); change nothing.
- partner_admin, partner_staff: see only their own organisation's cycles, reviews and actions
  (R-PRIV-1: another organisation's record answers 404, API and portal); respond to the draft report;
  start their organisation's actions and submit evidence. A partner_admin may also ask for a joint
  review (R-396-6).
- everyone else (social workers, coordinators, providers…): no access (403).

Decision (partner visibility): a partner sees a review from the moment the draft report is sent to it
for response (`partner_response`) and once it is `final`; `planned`, `in_progress` and
`draft_report` are the Quality Hub's internal working states. Actions and findings follow their review.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from careportal.accounts.choices import Role
from careportal.lib.actor import Actor
from careportal.lib.scopes import own_organisation_scope

from .choices import PARTNER_VISIBLE_REVIEW_STATUSES

READER_ROLES = (Role.HUB_REVIEWER, Role.PFO, Role.DELEGATE, Role.SUPERVISOR, Role.ADMIN)
PARTNER_ROLES = (Role.PARTNER_ADMIN, Role.PARTNER_STAFF)


def is_reviewer(user: Actor) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(Role.HUB_REVIEWER)


def is_quality_staff(user: Actor) -> bool:
    """Oranga Tamariki roles that see every organisation's quality records."""
    return bool(getattr(user, "is_authenticated", False)) and user.is_active and user.role in READER_ROLES


def is_partner_user(user: Actor) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and user.is_active
        and user.role in PARTNER_ROLES
        and user.organisation_id is not None
    )


def can_read_quality(user: Actor) -> bool:
    return is_quality_staff(user) or is_partner_user(user)


# --- transition permissions (django-fsm `permission=`: called with (instance, user)) ---------------


def reviewer_may(instance: Any, user: Actor) -> bool:
    return is_reviewer(user)


def review_partner_may(review: Any, user: Actor) -> bool:
    """The reviewed organisation's own users (the queryset selects `cycle`, so no extra query)."""
    return is_partner_user(user) and user.organisation_id == review.cycle.organisation_id


def action_owner_may(action: Any, user: Actor) -> bool:
    """Start an action / submit its evidence: the owner organisation's users, or the Hub for its own."""
    if action.owner_organisation_id is None:
        return is_reviewer(user)
    return is_partner_user(user) and user.organisation_id == action.owner_organisation_id


def can_request_joint_review(user: Actor, organisation_id: Any) -> bool:
    """R-396-6: the Hub records a partner's request, or the partner's administrator asks directly."""
    if is_reviewer(user):
        return True
    return (
        is_partner_user(user) and user.role == Role.PARTNER_ADMIN and user.organisation_id == organisation_id
    )


# --- scopes shared by the portal and the API --------------------------------------------------------


def _scope(user: Actor, qs: QuerySet, field: str, **partner_filters: Any) -> QuerySet:
    return own_organisation_scope(
        qs,
        user,
        sees_all=is_quality_staff(user),
        is_member=is_partner_user(user),
        field=field,
        **partner_filters,
    )


def cycles_visible_to(user: Actor, qs: QuerySet) -> QuerySet:
    return _scope(user, qs, "organisation_id")


def reviews_visible_to(user: Actor, qs: QuerySet) -> QuerySet:
    return _scope(user, qs, "cycle__organisation_id", status__in=PARTNER_VISIBLE_REVIEW_STATUSES)


def actions_visible_to(user: Actor, qs: QuerySet) -> QuerySet:
    return _scope(
        user, qs, "review__cycle__organisation_id", review__status__in=PARTNER_VISIBLE_REVIEW_STATUSES
    )
