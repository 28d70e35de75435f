"""Helpers every referral service shares: the state/permission pre-check, input checks, notifications."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django_fsm import can_proceed, has_transition_perm

from careportal.exceptions import NotPermitted, RuleViolation, TransitionNotAllowed
from careportal.notifications.kinds import TaskKind
from careportal.notifications.services import notify_on_commit

from ..models import Referral

ALTERNATIVES_TASK = TaskKind.REFERRAL_EXPLORE_ALTERNATIVES


def detail_link(referral: Referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


def check_ready(referral: Referral, name: str, by: Any) -> None:
    """Refuse a transition not possible from this state (409) or not for this user (403), before rules."""
    method = getattr(referral, name)
    if not can_proceed(method, check_conditions=False):
        raise TransitionNotAllowed(
            f"'{name}' is not possible while the referral is {referral.get_status_display().lower()}.",
            status=referral.status,
        )
    if not has_transition_perm(method, by):
        raise NotPermitted(f"You are not allowed to {name.replace('_', ' ')} this referral.")


def not_in_future(day: date, *, today: date, field: str, what: str) -> None:
    if day > today:
        raise RuleViolation(f"{what} cannot be in the future.", field=field)


def required_text(value: str, *, field: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise RuleViolation(f"{what} is required.", field=field)
    return value


def notify_manager(referral: Referral, kind: str, message: str) -> None:
    recipient, link = referral.managed_by, detail_link(referral)
    notify_on_commit(recipient=recipient, kind=kind, message=message, link=link)
