"""Who may see and do what in the care partner pathway (R-396-*, R-PRIV-1).

Decisions (one place to change them):
- Seeing: Partnering for Outcomes (PfO), Quality Hub reviewers, the approval delegate, supervisors and
  administrators see every application and its evidence. Every Oranga Tamariki kaimahi sees organisations,
  accreditations and s396 approvals (care agreements and referrals must check who holds an approval).
  An organisation's own users see only their own organisation's records; anything else is 404 (R-PRIV-1).
- Doing:
  - the applicant organisation's partner_admin and partner_staff upload evidence and respond to a notice
    (a proposed decline, suspension or revocation); its partner_admin, or PfO, may start or withdraw its
    application;
  - PfO and Quality Hub reviewers review evidence (accept / request changes) and move the application
    between phases (begin readiness, request confirmation, complete the transition into the QA cycle),
    record the local provision notes (R-396-2) and record Te Kāhui Kāhu accreditation outcomes;
  - the approval delegate of the chief executive confirms the partner (the s396 decision), declines,
    suspends, revokes and reinstates; PfO or the delegate may propose a decline or give notice of a
    proposed suspension or revocation (and cancel it);
  - administrators support the system (organisations, the requirements catalogue) but take no decisions.

Predicates take `(instance, user)` so they serve both as django-fsm `permission=` callables and as checks
in services and views. They read only ids already on the instance (no queries), so `allowed_transitions`
on a list page costs nothing extra.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from careportal.accounts.choices import STAFF_ROLES, Role
from careportal.lib.actor import Actor
from partners.choices import OrganisationKind

PARTNER_ROLES = (Role.PARTNER_ADMIN, Role.PARTNER_STAFF)
# See every application and its evidence.
PATHWAY_STAFF = (Role.PFO, Role.HUB_REVIEWER, Role.DELEGATE, Role.SUPERVISOR, Role.ADMIN)
REVIEWERS = (Role.PFO, Role.HUB_REVIEWER)
DECIDERS = (Role.DELEGATE,)
NOTICE_GIVERS = (Role.PFO, Role.DELEGATE)
ORGANISATION_EDITORS = (Role.PFO, Role.HUB_REVIEWER, Role.DELEGATE, Role.ADMIN)
ACCREDITATION_RECORDERS = (Role.PFO, Role.HUB_REVIEWER, Role.DELEGATE, Role.ADMIN)


def _active(user: Actor) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def has_any_role(user: Actor, roles: tuple[str, ...]) -> bool:
    return _active(user) and user.role in roles


def is_member_of(user: Actor, organisation_id: Any, roles: tuple[str, ...] = PARTNER_ROLES) -> bool:
    """`user` is one of `roles` in the organisation with id `organisation_id`."""
    return (
        has_any_role(user, roles) and organisation_id is not None and user.organisation_id == organisation_id
    )


def sees_pathway(user: Actor) -> bool:
    """Staff who see every application (the pipeline)."""
    return has_any_role(user, PATHWAY_STAFF)


# --- Applications ---------------------------------------------------------------------------------


def can_start_application(user: Actor, organisation: Any) -> bool:
    return has_any_role(user, (Role.PFO,)) or is_member_of(user, organisation.pk, (Role.PARTNER_ADMIN,))


def can_move_phase(application: Any, user: Actor) -> bool:
    return has_any_role(user, REVIEWERS)


def can_edit_application(application: Any, user: Actor) -> bool:
    """R-396-2: staff record the local provision and the stakeholders consulted."""
    return has_any_role(user, REVIEWERS)


def can_decide(instance: Any, user: Actor) -> bool:
    """The s396 decisions: confirm, decline, suspend, revoke, reinstate."""
    return has_any_role(user, DECIDERS)


def can_give_notice(instance: Any, user: Actor) -> bool:
    return has_any_role(user, NOTICE_GIVERS)


def can_respond(instance: Any, user: Actor) -> bool:
    """The organisation answers a notice about its own application or approval."""
    return is_member_of(user, instance.organisation_id)


def can_withdraw(application: Any, user: Actor) -> bool:
    return has_any_role(user, (Role.PFO,)) or is_member_of(
        user, application.organisation_id, (Role.PARTNER_ADMIN,)
    )


# --- Evidence -------------------------------------------------------------------------------------


def can_upload_evidence(application: Any, user: Actor) -> bool:
    return is_member_of(user, application.organisation_id)


def can_supersede_evidence(evidence: Any, user: Actor) -> bool:
    """A new upload by the organisation supersedes its earlier version (R-396-3)."""
    return is_member_of(user, evidence.application.organisation_id)


def can_review_evidence(evidence: Any, user: Actor) -> bool:
    return has_any_role(user, REVIEWERS)


# --- Reference data -------------------------------------------------------------------------------


def can_edit_organisations(user: Actor) -> bool:
    return has_any_role(user, ORGANISATION_EDITORS)


def can_record_accreditation(user: Actor) -> bool:
    return has_any_role(user, ACCREDITATION_RECORDERS)


# --- Invitations (decision 0022) ------------------------------------------------------------------
# An organisation's partner_admin invites into its own organisation; PfO (who holds the relationship
# with every partner and provider) and administrators invite into any, the first partner_admin of a new
# care partner and every community provider's staff included (providers have no admin role). Only the
# roles of the organisation's kind are ever given: never a staff role.
INVITERS = (Role.PFO, Role.ADMIN)
ROLES_BY_KIND = {
    OrganisationKind.CARE_PARTNER: (Role.PARTNER_ADMIN, Role.PARTNER_STAFF),
    OrganisationKind.COMMUNITY_PROVIDER: (Role.PROVIDER_STAFF,),
}


def invitation_roles(organisation: Any) -> tuple[str, ...]:
    """The roles an invitation into `organisation` may give."""
    return ROLES_BY_KIND.get(organisation.kind, ())


def can_invite(user: Actor, organisation: Any) -> bool:
    """Invite into, and see and manage the invitations of, `organisation`."""
    return has_any_role(user, INVITERS) or is_member_of(user, organisation.pk, (Role.PARTNER_ADMIN,))


# --- Scoping (R-PRIV-1): the same querysets serve the portal and the API ---------------------------


def restrict(queryset: QuerySet, user: Actor, *, organisation_path: str, staff_see_all: bool) -> QuerySet:
    """Rows `user` may see: organisation users only their own organisation's; staff by role.

    `organisation_path` is the lookup from the row to its organisation's id ("organisation_id",
    "application__organisation_id"); `staff_see_all` says whether every kaimahi sees the rows (True) or
    only the pathway staff (False).
    """
    if not _active(user):
        return queryset.none()
    if user.role in STAFF_ROLES:
        if staff_see_all or sees_pathway(user):
            return queryset
        return queryset.none()
    if user.organisation_id is None:
        return queryset.none()
    return queryset.filter(**{organisation_path: user.organisation_id})
