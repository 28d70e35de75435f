"""Shared pieces of the partners portal views: transition actions with their forms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.http import HttpRequest

from careportal.portal import run_action
from careportal.workflow import allowed_transitions


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
