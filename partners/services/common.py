"""Helpers the partners services share: today's date, notifying an organisation or a role after commit."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from careportal.accounts.choices import Role
from careportal.lib.dates import nz_today
from careportal.notifications.services import notify_all_on_commit
from partners.permissions import PARTNER_ROLES

__all__ = ["notify_organisation", "notify_role", "nz_today"]


def _notify(users_filter: dict[str, Any], *, kind: str, message: str, link: str) -> None:
    """Create one in-app notification per matching active user, once the transaction has committed."""
    users = get_user_model().objects.filter(is_active=True, **users_filter).only("pk")
    notify_all_on_commit(users, kind=kind, message=message, link=link)


def notify_organisation(organisation_id: Any, *, kind: str, message: str, link: str = "") -> None:
    """Tell the organisation's own users (no child is ever named in these messages, R-PRIV-2)."""
    _notify(
        {"organisation_id": organisation_id, "role__in": PARTNER_ROLES}, kind=kind, message=message, link=link
    )


def notify_role(role: Role, *, kind: str, message: str, link: str = "") -> None:
    _notify({"role": role}, kind=kind, message=message, link=link)
