"""This app's part of the daily sweep (`run_reminders`): accreditation alerts and review warnings (R-396-5).

Set-based and idempotent: each step selects its rows in one query, notifies in one bulk insert and marks
the rows in one update, so running twice sends nothing the second time. A lapsed accreditation raises an
alert; it never suspends or revokes an approval (R-396-5).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from careportal.accounts.choices import Role
from careportal.notifications.models import Notification

from .choices import CURRENT_ACCREDITATION_STATUSES, S396ApprovalStatus
from .dates import add_months
from .models import Accreditation, S396Approval
from .selectors import current_level1_accreditation

LIVE = [S396ApprovalStatus.ACTIVE, S396ApprovalStatus.SUSPENDED]
# R-396-5: warn 3 months and 1 month before a review is due (the nearer warning first, so an
# accreditation first seen inside a month gets only the 1-month warning).
REVIEW_WARNINGS = (1, 3)


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
                kind="partners.accreditation_alert",
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


def _review_notifications(rows: list[Accreditation]) -> list[Notification]:
    """PfO and the organisation's own administrators hear of each review falling due (one query)."""
    recipients = list(
        get_user_model().objects.filter(
            Q(role=Role.PFO)
            | Q(role=Role.PARTNER_ADMIN, organisation_id__in={a.organisation_id for a in rows}),
            is_active=True,
        )
    )
    return [
        Notification(
            recipient=user,
            kind="partners.accreditation_review_due",
            message=f"The Te Kāhui Kāhu review of {a.organisation}'s accreditation is due on "
            f"{a.review_due_on:%-d %B %Y} (R-396-5).",
            link=reverse("partners:organisation", args=[a.organisation_id]),
        )
        for a in rows
        for user in recipients
        if user.role == Role.PFO or user.organisation_id == a.organisation_id
    ]


def _review_warnings(today: date, months: int) -> list[str]:
    with transaction.atomic():
        rows = list(
            Accreditation.objects.select_for_update(of=("self",))
            .filter(status__in=CURRENT_ACCREDITATION_STATUSES, review_due_on__gte=today)
            .filter(review_due_on__lte=add_months(today, months))
            .filter(Q(review_warning_months__isnull=True) | Q(review_warning_months__gt=months))
            .select_related("organisation")
        )
        if not rows:
            return []
        recipients = list(
            get_user_model().objects.filter(
                Q(role=Role.PFO)
                | Q(role=Role.PARTNER_ADMIN, organisation_id__in={a.organisation_id for a in rows}),
                is_active=True,
            )
        )
        Notification.objects.bulk_create(
            Notification(
                recipient=user,
                kind="partners.accreditation_review_due",
                message=f"The Te Kāhui Kāhu review of {a.organisation}'s accreditation is due on "
                f"{a.review_due_on:%-d %B %Y} (R-396-5).",
                link=reverse("partners:organisation", args=[a.organisation_id]),
            )
            for a in rows
            for user in recipients
            if user.role == Role.PFO or user.organisation_id == a.organisation_id
        )
        Accreditation.objects.filter(pk__in=[a.pk for a in rows]).update(review_warning_months=months)
    return [f"partners: {months}-month review warning for {a.organisation}" for a in rows]


def run(today: date) -> list[str]:
    lines = _clear_alerts(today)
    lines += _accreditation_alerts(today)
    for months in REVIEW_WARNINGS:
        lines += _review_warnings(today, months)
    return lines
