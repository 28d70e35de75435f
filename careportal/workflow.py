"""The one workflow engine: each app's transition table, the gate every status change passes, the audit.

Each app declares its transitions once, in `<app>/workflow.py`, as a `Workflow` of `Transition` rows
(service, portal form, API input, button label, success message, irreversible or not). The portal
(`careportal.portal.transition_view`) and the API (`careportal.api.workflow.transition_actions`) read the
same table. A service takes the record with `begin_transition()` (row lock, then the gate) and ends with
`apply_transition()`, inside `transaction.atomic`; side effects go through `transaction.on_commit`.

The gate answers in one order, once: a transition not possible from the current state is 409, a user
whose role may not perform it is 403, a condition that is not met is 409 naming its rule.

A condition reads only the record's row (django-fsm's `conditions=[…]`: it also decides which actions are
listed, so a list of records costs no queries). A precondition that reads other rows goes in the
transition's `custom={GATE_CHECKS: […]}`: only the gate asks it, so the action stays offered and a press
is refused with the reason, before any confirmation page; the service asks it again under its locks,
since `apply_transition` passes the gate again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django_fsm import ConcurrentTransition

from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record
from careportal.exceptions import ConditionUnmet, NotPermitted, TransitionNotAllowed
from careportal.lib.actor import Actor, RequestUser

if TYPE_CHECKING:
    from django import forms
    from rest_framework import serializers

M = TypeVar("M", bound=models.Model)
STATE_FIELD = "status"
Condition = Callable[[Any], bool]
GATE_CHECKS = "gate_checks"  # django-fsm `custom` key: conditions the gate asks that read other rows


# --- The tables ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    """One row of an app's table: how a person or an integrator performs the transition of that name.

    `service` is called as `service(<record>=instance, by=user, **inputs)`. `form` (portal) and
    `api_input` (API) collect the inputs; None means the transition takes none; `api_response` documents
    an answer other than the resource's usual one. `success` says what happens next and who acts (text,
    or a function of the record after the step when that depends on it: `message()`). An `irreversible`
    transition is offered last, set apart, and the portal runs it only once confirmed on a page that
    restates `consequence` (the API does not ask: an integrator's call is its confirmation).
    `applies_to` leaves out a transition that does not apply to the record now (the API still answers
    it, with a 409 naming the rule).
    """

    service: Callable[..., Any]
    label: str
    success: str | Callable[[Any], str]
    form: type[forms.Form] | None = None
    api_input: type[serializers.Serializer] | None = None
    api_response: type[serializers.Serializer] | None = None  # when not the resource's usual serializer
    irreversible: bool = False
    applies_to: Callable[[Any], bool] | None = None
    description: str = ""  # the API operation's description
    consequence: str = ""  # what an irreversible step does, restated before it is confirmed

    def message(self, record: Any) -> str:
        """The success message for `record` as the step left it: what happens next, and who does it."""
        return self.success(record) if callable(self.success) else self.success


@dataclass(frozen=True)
class Workflow:
    """An app's transitions for one kind of record, in the order the portal offers them (next step first)."""

    record: str  # the service's keyword for the record ("agreement", "referral", …)
    portal_url: str  # the URL name of the portal's POST view, taking (pk, name)
    transitions: dict[str, Transition] = field(default_factory=dict)
    prefix_forms: bool = True  # each form's fields prefixed by the transition's name (several on a page)
    automatic: frozenset[str] = frozenset()  # transitions only the system makes (the sweep, a new version)

    def __contains__(self, name: object) -> bool:
        return name in self.transitions

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def run(self, name: str, instance: Any, *, by: Actor, **inputs: Any) -> Any:
        return self.transitions[name].service(**{self.record: instance}, by=by, **inputs)


@dataclass(frozen=True)
class Rows:
    """Builds an app's table rows with the app's forms, so a row names only its service, texts and inputs.

    A row without inputs gets `confirm_form` (None: the portal's, the button is all); `reason()` is a row
    whose one input is a reason: `reason_form` in the portal, `reason_input` in the API.
    """

    confirm_form: type[forms.Form] | None = None
    reason_form: type[forms.Form] | None = None
    reason_input: type[serializers.Serializer] | None = None

    def __call__(
        self,
        service: Callable[..., Any],
        label: str,
        success: str | Callable[[Any], str],
        form: type[forms.Form] | None = None,
        api_input: type[serializers.Serializer] | None = None,
        **options: Any,
    ) -> Transition:
        return Transition(
            service, label, success, form=form or self.confirm_form, api_input=api_input, **options
        )

    def reason(
        self, service: Callable[..., Any], label: str, success: str | Callable[[Any], str], **options: Any
    ) -> Transition:
        return self(service, label, success, self.reason_form, self.reason_input, **options)


def fsm_permission(check: Callable[[Any, Actor], bool]) -> Callable[[models.Model, Any], bool]:
    """An app's permission check on an Actor, as django-fsm calls it: with `request.user`, which django-fsm
    types loosely and which may be anonymous. An anonymous user may take no transition."""

    @functools.wraps(check)
    def permitted(instance: models.Model, user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and check(instance, user)

    return permitted


def condition(*, rule: str, message: str | Callable[[Any], str]) -> Callable[[Condition], Condition]:
    """Mark a django-fsm condition with the rule it enforces and the message an unmet one gives (a 409):
    text, or a function of the record when the message names what is missing."""

    def mark(check: Condition) -> Condition:
        check.rule = rule  # type: ignore[attr-defined]
        check.message = message  # type: ignore[attr-defined]
        return check

    return mark


# --- The gate --------------------------------------------------------------------------------------


def _label(instance: models.Model) -> str:
    return str(instance._meta.verbose_name)


def _status_text(instance: models.Model) -> str:
    display = getattr(instance, f"get_{STATE_FIELD}_display", None)
    return str(display()).lower() if display else str(getattr(instance, STATE_FIELD))


def check_transition(instance: models.Model, name: str, by: Actor) -> None:
    """State (409), then role (403), then conditions (409 naming the rule): the gate, in that order.

    django-fsm's own `has_transition_perm` also checks the conditions, which would turn an unmet rule
    into a 403; the role and the conditions are asked for separately here.
    """
    method = getattr(instance, name)
    meta = method._django_fsm
    current = meta.field.get_state(instance)
    transition = meta.get_transition(current) if meta.has_transition(current) else None
    if transition is None:
        raise TransitionNotAllowed(
            f"'{name}' is not possible while the {_label(instance)} is {_status_text(instance)}.",
            status=current,
        )
    if not transition.has_perm(instance, by):
        raise NotPermitted(f"You are not allowed to {name.replace('_', ' ')} this {_label(instance)}.")
    for check in (*(transition.conditions or ()), *(transition.custom or {}).get(GATE_CHECKS, ())):
        if not check(instance):
            message = getattr(check, "message", f"'{name}' is not possible now.")
            raise ConditionUnmet(
                message(instance) if callable(message) else message,
                rule=getattr(check, "rule", ""),
                status=current,
            )


def lock(instance: M) -> M:
    """Re-read the row FOR UPDATE so concurrent transitions of one record queue up behind each other."""
    model = type(instance)
    # of=("self",): locking the nullable side of an outer join is an error in PostgreSQL.
    return model._default_manager.select_for_update(of=("self",)).get(pk=instance.pk)


def begin_transition(instance: M, name: str, by: Actor) -> M:
    """Lock the record and pass the gate: a service's first line, before its own rule guards."""
    locked = lock(instance)
    check_transition(locked, name, by)
    return locked


def apply_transition(
    instance: M, name: str, *, by: Actor, reason: str = "", data: dict | None = None, **kwargs: Any
) -> M:
    """Run the FSM transition `name` on a locked instance as user `by`, save it and write the audit entry."""
    check_transition(instance, name, by)  # again: the service's guards may have changed the record
    current = getattr(instance, STATE_FIELD)
    getattr(instance, name)(**kwargs)
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


def transition_locked(instance: M, name: str, *, by: Actor, **kwargs: Any) -> M:
    """The whole of a service whose transition checks nothing beyond the gate: lock, then apply."""
    return apply_transition(lock(instance), name, by=by, **kwargs)


def audit_created(instance: models.Model, *, by: Actor, data: dict | None = None) -> None:
    """The first history entry of a workflow record."""
    audit_record(
        actor=by,
        kind=AuditKind.CREATE,
        action="create",
        obj=instance,
        to_status=getattr(instance, STATE_FIELD, ""),
        data=data,
    )


# --- What a user can do now ------------------------------------------------------------------------


def allowed_transitions(instance: models.Model, user: RequestUser | None) -> list[str]:
    """Transition names `user` may perform now: possible from the state, permitted, conditions met.

    Conditions that need the database are checked by the services (which say which rule is unmet); the
    model's conditions read only the row, so a list of records costs no extra queries.
    """
    if user is None or not user.is_authenticated:
        return []
    getter = getattr(instance, f"get_available_user_{STATE_FIELD}_transitions", None)
    if getter is None:
        return []
    return sorted({t.name for t in getter(user)})


def next_actions(workflow: Workflow, instance: models.Model, user: Actor) -> list[str]:
    """The transitions of `workflow` that `user` may take now, in the table's order, irreversible last."""
    allowed = set(allowed_transitions(instance, user))
    names = [
        name
        for name, row in workflow.transitions.items()
        if name in allowed and (row.applies_to is None or row.applies_to(instance))
    ]
    return sorted(names, key=lambda name: workflow.transitions[name].irreversible)
