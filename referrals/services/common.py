"""Helpers every referral service shares: input checks, notifications."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.urls import reverse

from careportal.calendar import add_working_days
from careportal.exceptions import RuleViolation
from careportal.lib.actor import Actor
from careportal.lib.dates import nz_today
from careportal.notifications.kinds import TaskKind
from careportal.notifications.services import notify_on_commit, task_create
from careportal.workflow import begin_transition

from ..models import Referral

ALTERNATIVES_TASK = TaskKind.REFERRAL_EXPLORE_ALTERNATIVES


def detail_link(referral: Referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


def begin_step(referral: Referral, name: str, by: Actor, today: date | None) -> tuple[Referral, date]:
    """Lock the referral and pass the gate of transition `name`, with the day the step is judged on."""
    day = today or nz_today()
    return begin_transition(referral, name, by), day


def not_in_future(day: date, *, today: date, field: str, what: str) -> None:
    if day > today:
        raise RuleViolation(f"{what} cannot be in the future.", field=field)


def required_text(value: str, *, field: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise RuleViolation(f"{what} is required.", field=field)
    return value


def explore_alternatives(referral: Referral, *, day: date, because: str) -> None:
    """R-PR-2: without the whānau's consent the referral closes and its manager explores alternatives."""
    task_create(
        kind=ALTERNATIVES_TASK,
        title=f"Explore alternatives for referral {referral.reference}: {because}",
        subject=referral,
        assignee=referral.managed_by,
        due_on=add_working_days(day, settings.CAREPORTAL_PROVIDER_RESPONSE_WORKING_DAYS),
        link=detail_link(referral),
    )


def notify_manager(referral: Referral, kind: str, message: str) -> None:
    recipient, link = referral.managed_by, detail_link(referral)
    notify_on_commit(recipient=recipient, kind=kind, message=message, link=link)
