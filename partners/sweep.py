"""This app's part of the daily sweep (`run_reminders`): accreditation alerts and review warnings (R-396-5).

Set-based and idempotent: each step selects its rows in one query, notifies in one bulk insert and marks
the rows in one update, so running twice sends nothing the second time. A lapsed accreditation raises an
alert; it never suspends or revokes an approval (R-396-5). The review warnings (3 months and 1 month
before) and evidence expiry go through the shared reminder engine (partners/reminders.py, decision 0009).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from careportal.accounts.choices import Role
from careportal.notifications.kinds import NotificationKind
from careportal.notifications.models import Notification

from .choices import S396ApprovalStatus
from .models import S396Approval
from .reminders import send_due_reminders
from .selectors import current_level1_accreditation
from .services.invitations import invitation_emails_requeue

LIVE = [S396ApprovalStatus.ACTIVE, S396ApprovalStatus.SUSPENDED]


def _pfo_users() -> list[Any]:
    return list(get_user_model().objects.filter(role=Role.PFO, is_active=True).only("pk"))


def _accreditation_alerts(today: date) -> list[str]:
    """Tell PfO once about each live approval whose organisation lost its current Level 1 accreditation."""
    with transaction.atomic():
        # Locked, so an overlapping sweep waits and then finds these rows already marked.
        rows = list(
            S396Approval.objects.select_for_update(of=("self",))
            .filter(status__in=LIVE, accreditation_alert_raised_on__isnull=True)
            .annotate(current=current_level1_accreditation(today))
            .filter(current=False)
            .select_related("organisation")
        )
        if not rows:
            return []
        pfo = _pfo_users()
        Notification.objects.bulk_create(
            Notification(
                recipient=user,
                kind=NotificationKind.PARTNERS_ACCREDITATION_ALERT,
                message=f"{a.organisation} no longer holds a current Te Kāhui Kāhu Level 1 accreditation "
                "(R-396-5). Its s396 approval stands; please follow up.",
                link=reverse("partners:approval", args=[a.pk]),
            )
            for a in rows
            for user in pfo
        )
        S396Approval.objects.filter(pk__in=[a.pk for a in rows]).update(accreditation_alert_raised_on=today)
    return [f"partners: accreditation alert raised for {a.organisation} (R-396-5)" for a in rows]


def _clear_alerts(today: date) -> list[str]:
    """Once an organisation is accredited again, a later lapse alerts afresh."""
    count = (
        S396Approval.objects.filter(accreditation_alert_raised_on__isnull=False)
        .filter(current_level1_accreditation(today))
        .update(accreditation_alert_raised_on=None)
    )
    return [f"partners: {count} accreditation alert(s) cleared (accredited again)"] if count else []


def run(today: date) -> list[str]:
    lines = _clear_alerts(today)
    lines += _accreditation_alerts(today)
    # R-396-5 review warnings and evidence expiry, through the reminder engine (decision 0009).
    lines += send_due_reminders(today)
    # Invitation e-mails that could not be queued when they were asked for (decision 0022).
    lines += invitation_emails_requeue()
    return lines
