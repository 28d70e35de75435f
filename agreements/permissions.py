"""Who may see and do what with care agreements and tamariki records.

Transition predicates receive the Agreement (typed Any so django-fsm's Model-typed signature accepts them).

The queryset scopes are used by the portal views and the API alike. Another organisation's agreement (or
a record a role may not see) is simply absent from the scope, so it answers 404 (R-PRIV-1). The
transition predicates take `(agreement, user)` and look only at the user's role and the row's own columns:
`allowed_transitions` runs them for every row of a list, so they must never query.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import connection, models
from django.db.models.functions import Cast, Concat, Substr

from agreements.choices import AgreementStatus as S
from careportal.accounts.choices import Role
from careportal.audit.models import AuditEntry
from careportal.lib.actor import Actor

# Social workers (a senior practitioner is a social worker too) draft and run agreements.
CASEWORK_ROLES = (Role.SOCIAL_WORKER, Role.SENIOR_PRACTITIONER)
# Oranga Tamariki kaimahi who work with care agreements see all of them (decision: other staff roles,
# e.g. the Quality Hub or a differential response coordinator, have no need to see tamariki records).
AGREEMENT_STAFF_ROLES = (*CASEWORK_ROLES, Role.SUPERVISOR, Role.COORDINATOR, Role.ADMIN)
# Care partner users see (read-only) the agreements under which their organisation provides care.
PARTNER_ROLES = (Role.PARTNER_ADMIN, Role.PARTNER_STAFF)
# R-PRIV-4: a caregiver organisation sees an agreement naming it from awaiting signatures on.
CAREGIVER_VISIBLE_STATUSES = (
    S.AWAITING_SIGNATURES,
    S.AWAITING_START,
    S.ACTIVE,
    S.NOTICE_GIVEN,
    S.EXPIRED,
    S.TERMINATED,
)


def is_agreement_staff(user: Actor) -> bool:
    return bool(user and user.is_authenticated and user.has_role(*AGREEMENT_STAFF_ROLES))


def is_caseworker(user: Actor) -> bool:
    return bool(user and user.is_authenticated and user.has_role(*CASEWORK_ROLES))


def is_coordinator(user: Actor) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.COORDINATOR))


def is_supervisor(user: Actor) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.SUPERVISOR))


def can_see_record_views(user: Actor) -> bool:
    """Supervisors and administrators see who viewed a tamaiti's record (R-PRIV-3)."""
    return bool(user and user.is_authenticated and user.has_role(Role.SUPERVISOR, Role.ADMIN))


def is_partner_user(user: Actor) -> bool:
    return bool(user and user.is_authenticated and user.has_role(*PARTNER_ROLES) and user.organisation_id)


# --- Scopes (R-PRIV-1) ----------------------------------------------------------------------------


def scope_agreements(queryset: models.QuerySet, user: Actor) -> models.QuerySet:
    """The agreements `user` may see: all for agreement staff, their own caregiving for partners (from
    awaiting signatures on, R-PRIV-4), else none. The one scope behind every portal page, API operation,
    PDF, list, count and search, so the rule cannot be missed on any of them."""
    if is_agreement_staff(user):
        return queryset
    if is_partner_user(user):
        return queryset.filter(caregiver_visible(), caregiver_organisation_id=user.organisation_id)
    return queryset.none()


def scope_children(queryset: models.QuerySet, user: Actor) -> models.QuerySet:
    """Tamariki `user` may see: all for agreement staff; for partner users only the tamariki of the
    agreements their organisation may see (R-PRIV-4: never through a draft)."""
    if is_agreement_staff(user):
        return queryset
    if is_partner_user(user):
        return queryset.filter(pk__in=_partner_child_ids(user.organisation_id))
    return queryset.none()


def caregiver_visible() -> models.Q:
    """R-PRIV-4: the agreements a caregiver organisation may see: those at or past awaiting signatures,
    and those cancelled from awaiting signatures (the caregiver saw them then). One cancelled earlier was
    never put to the caregiver; the audit trail's cancel entry records where it was cancelled from (an
    agreement returned to draft and cancelled there is hidden: its terms, even its caregiver, may have
    changed since the caregiver last saw it)."""
    from_signatures = AuditEntry.objects.filter(
        object_type="agreements.agreement",
        object_id=_audit_object_id(),
        action__in=("cancel", "lapse"),
        from_status=S.AWAITING_SIGNATURES,
    )
    # A lapsed agreement (R-ALL-10) likewise: seen if it lapsed while awaiting signatures.
    return models.Q(status__in=CAREGIVER_VISIBLE_STATUSES) | models.Q(
        models.Exists(from_signatures), status__in=(S.CANCELLED, S.LAPSED)
    )


def _audit_object_id() -> Any:
    """The outer agreement's key as the audit log writes it (str(uuid)): PostgreSQL's uuid::text is that
    form, so the (object_type, object_id) index serves; SQLite keeps 32 hex digits, hyphens added here."""
    pk = Cast(models.OuterRef("pk"), models.CharField())
    if connection.vendor == "postgresql":
        return pk
    parts = [Substr(pk, start, length) for start, length in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))]
    dash = models.Value("-")
    return Concat(
        parts[0],
        dash,
        parts[1],
        dash,
        parts[2],
        dash,
        parts[3],
        dash,
        parts[4],
        output_field=models.CharField(),
    )


def _partner_child_ids(organisation_id: Any) -> models.QuerySet:
    # By its label: agreements.models imports this module for the transition predicates.
    agreements = apps.get_model("agreements", "Agreement")._default_manager
    return agreements.filter(caregiver_visible(), caregiver_organisation_id=organisation_id).values(
        "child_id"
    )


# --- Actions outside the state machine -----------------------------------------------------------


def can_draft(user: Actor) -> bool:
    """Social workers draft agreements and record tamariki."""
    return is_caseworker(user)


def can_check_legal_maximum(user: Actor) -> bool:
    return is_agreement_staff(user)


# --- Transition predicates (permission= on each @transition) -------------------------------------

# The only columns of the agreement that the predicates below may read: the API list works out
# `allowed_transitions` from rows with just these loaded (agreements.api.rows), and any other column
# would be a deferred read there, which its tests catch.
TRANSITION_COLUMNS = ("agreement_type", "drafted_by_id", "status")


def casework(agreement: Any, user: Actor) -> bool:
    """Submit, record signatures, activate, record notice: the social worker's steps."""
    return is_caseworker(user)


def coordinator(agreement: Any, user: Actor) -> bool:
    """R-140-1: the care and protection coordinator certifies the FGC approval."""
    return is_coordinator(user)


def supervisor_not_drafter(agreement: Any, user: Actor) -> bool:
    """A supervisor approves, but never an agreement they drafted themselves (four eyes)."""
    return is_supervisor(user) and agreement.drafted_by_id != user.pk


def supervisor(agreement: Any, user: Actor) -> bool:
    return is_supervisor(user)


def drafter(agreement: Any, user: Actor) -> bool:
    """The social worker who drafted the agreement (recalling their own submission)."""
    return is_caseworker(user) and agreement.drafted_by_id == user.pk


def extender(agreement: Any, user: Actor) -> bool:
    """s139 extensions are the social worker's (R-139-2); s140(1)(d) extensions follow an FGC and are
    approved by the coordinator (R-140-1, R-140-3)."""
    if agreement.agreement_type == "s140":
        return is_coordinator(user)
    return is_caseworker(user)


def terminator(agreement: Any, user: Actor) -> bool:
    """Guardian reclaim (R-ALL-7) or an FGC decision (R-140-6): recorded by the social worker or the
    coordinator."""
    return is_caseworker(user) or is_coordinator(user)


def canceller(agreement: Any, user: Actor) -> bool:
    return is_caseworker(user) or is_supervisor(user)


def system_only(agreement: Any, user: Actor) -> bool:
    """Automatic endings (the daily sweep): no user may perform them."""
    return False
