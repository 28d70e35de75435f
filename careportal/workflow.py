"""The one path every status change takes: lock the row, check state and permission, transition, audit.

App services call `lock()` then their own rule guards, then `apply_transition()`, all inside
`transaction.atomic`. Side effects (e-mail, Celery, PDF) go through `transaction.on_commit` in the service.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record
from careportal.exceptions import NotPermitted, TransitionNotAllowed

M = TypeVar("M", bound=models.Model)
STATE_FIELD = "status"


def lock(instance: M) -> M:
    """Re-read the row FOR UPDATE so concurrent transitions of one record queue up behind each other."""
    model = type(instance)
    # of=("self",): locking the nullable side of an outer join is an error in PostgreSQL.
    return model._default_manager.select_for_update(of=("self",)).get(pk=instance.pk)


def _label(instance: models.Model) -> str:
    return str(instance._meta.verbose_name)


def apply_transition(
    instance: M, name: str, *, by: Any, reason: str = "", data: dict | None = None, **kwargs: Any
) -> M:
    """Run the FSM transition `name` on a locked instance as user `by`, save it and write the audit entry."""
    method = getattr(instance, name)
    current = getattr(instance, STATE_FIELD)
    if not can_proceed(method, check_conditions=False):
        raise TransitionNotAllowed(
            f"'{name}' is not possible while the {_label(instance)} is {current}.", status=current
        )
    if not has_transition_perm(method, by):
        raise NotPermitted(f"You are not allowed to {name.replace('_', ' ')} this {_label(instance)}.")
    method(**kwargs)
    try:
        instance.save()
    except ConcurrentTransition as exc:  # the row moved under us despite the lock (e.g. no lock taken)
        raise TransitionNotAllowed(
            f"The {_label(instance)} was changed by someone else; reload and try again.", status=current
        ) from exc
    audit_record(
        actor=by,
        kind=AuditKind.TRANSITION,
        action=name,
        obj=instance,
        from_status=current,
        to_status=getattr(instance, STATE_FIELD),
        reason=reason,
        data=data,
    )
    return instance


def audit_created(instance: models.Model, *, by: Any, data: dict | None = None) -> None:
    """The first history entry of a workflow record."""
    audit_record(
        actor=by,
        kind=AuditKind.CREATE,
        action="create",
        obj=instance,
        to_status=getattr(instance, STATE_FIELD, ""),
        data=data,
    )


def allowed_transitions(instance: models.Model, user: Any) -> list[str]:
    """Transition names `user` may perform now: allowed from the current state and permitted for the user.

    Conditions that need the database are checked by the services (which say which rule is unmet); here
    only state and permission count, so a list of records costs no extra queries.
    """
    if user is None or not user.is_authenticated:
        return []
    getter = getattr(instance, f"get_available_user_{STATE_FIELD}_transitions", None)
    if getter is None:
        return []
    return sorted({t.name for t in getter(user)})
