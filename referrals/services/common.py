"""Helpers every referral service shares: input checks, notifications."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from careportal.exceptions import RuleViolation
from careportal.notifications.kinds import TaskKind
from careportal.notifications.services import notify_on_commit

from ..models import Referral

ALTERNATIVES_TASK = TaskKind.REFERRAL_EXPLORE_ALTERNATIVES


def detail_link(referral: Referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


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
