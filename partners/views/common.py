"""Shared pieces of the partners portal views: transition actions with their forms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django_fsm import can_proceed

from careportal.portal import run_action
from careportal.workflow import allowed_transitions
from partners import permissions as perms


@dataclass(frozen=True)
class Action:
    """A transition the portal offers: its service, the form for its inputs, the button and message."""

    service: Callable[..., Any]
    form: type[django_forms.Form]
    label: str
    success: str
    danger: bool = False


@dataclass
class BoundAction:
    name: str
    action: Action
    form: django_forms.Form


def offered_actions(
    instance: Any, user: Any, actions: dict[str, Action], failed: BoundAction | None = None
) -> list[BoundAction]:
    """The actions `user` may take now, each with a fresh form; a failed one first, with its errors."""
    offered = [failed] if failed is not None else []
    for name in allowed_transitions(instance, user):
        if name in actions and (failed is None or failed.name != name):
            offered.append(BoundAction(name, actions[name], actions[name].form(prefix=name)))
    return offered


def perform(
    request: HttpRequest, instance_kwarg: str, instance: Any, name: str, action: Action
) -> tuple[bool, BoundAction]:
    """Validate the action's form and run its service; (done, bound action with any errors)."""
    form = action.form(request.POST, prefix=name)
    bound = BoundAction(name, action, form)
    if not form.is_valid():
        return False, bound
    result = run_action(
        request, action.service, form=form, success=action.success, **{instance_kwarg: instance},
        by=request.user, **form.cleaned_data,
    )  # fmt: skip
    return result is not None, bound


def run_posted_action(
    request: HttpRequest, instance_kwarg: str, instance: Any, name: str, actions: dict[str, Action]
) -> tuple[bool, BoundAction]:
    """The transition `name` posted from a page: unknown → 404; allowed by the state but not for this
    user → 403 (before any form error); otherwise validate its form and run its service."""
    action = actions.get(name)
    if action is None:
        raise Http404
    if can_proceed(getattr(instance, name), check_conditions=False) and not perms.may_transition(
        instance, name, request.user
    ):
        raise PermissionDenied
    return perform(request, instance_kwarg, instance, name, action)
