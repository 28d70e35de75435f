"""Helpers every quality service shares: today's NZ date and the state/permission pre-check."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django_fsm import can_proceed, has_transition_perm

from careportal.exceptions import NotPermitted, TransitionNotAllowed
from careportal.lib.dates import nz_today

from ..permissions import PARTNER_ROLES

__all__ = ["ensure_transition", "nz_today", "partner_users"]


def ensure_transition(instance: models.Model, name: str, by: Any) -> None:
    """Refuse (409 / 403) exactly as `apply_transition` would, before any guard that reads the database.

    The order matters: a review in the wrong state answers "not possible now", a user without the
    role answers 403, and only then does a rule guard (QA-D1, QA-D2…) speak.
    """
    method = getattr(instance, name)
    current = instance.status  # type: ignore[attr-defined]
    if not can_proceed(method, check_conditions=False):
        label = instance._meta.verbose_name
        raise TransitionNotAllowed(
            f"'{name}' is not possible while the {label} is {current}.", status=current
        )
    if not has_transition_perm(method, by) and not _conditions_only_fail(method, by):
        raise NotPermitted(
            f"You are not allowed to {name.replace('_', ' ')} this {instance._meta.verbose_name}."
        )


def _conditions_only_fail(method: Any, by: Any) -> bool:
    """`has_transition_perm` also checks conditions; a permitted user with an unmet condition is no 403."""
    meta = method._django_fsm
    instance = method.__self__
    state = meta.field.get_state(instance)
    return meta.has_transition_perm(instance, state, by) and not meta.conditions_met(instance, state)


def partner_users(organisation_id: Any) -> models.QuerySet:
    """The active portal users of a partner organisation (for notifications)."""
    return get_user_model().objects.filter(
        organisation_id=organisation_id, role__in=PARTNER_ROLES, is_active=True
    )
