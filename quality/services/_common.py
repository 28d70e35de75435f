"""Helpers every quality service shares: today's NZ date and the users of a partner organisation."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import models

from careportal.lib.dates import nz_today

from ..permissions import PARTNER_ROLES

__all__ = ["nz_today", "partner_users"]


def partner_users(organisation_id: Any) -> models.QuerySet:
    """The active portal users of a partner organisation (for notifications)."""
    return get_user_model().objects.filter(
        organisation_id=organisation_id, role__in=PARTNER_ROLES, is_active=True
    )
