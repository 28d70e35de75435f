"""This app's part of the portal home page ("my work"): a few queries per section, whatever the data size."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import models
from django.urls import reverse

from agreements import permissions as perms
from agreements.choices import IN_FORCE_STATUSES, AgreementStatus
from agreements.models import Agreement
from careportal.home import WorkItem, WorkSection
from careportal.sweep import nz_today

ITEMS_PER_SECTION = 5
ENDING_SOON_DAYS = 14


def _section(
    title: str,
    queryset: models.QuerySet[Agreement],
    url: str,
    *,
    urgent: bool = False,
    detail=lambda a: a.get_status_display(),
) -> WorkSection:
    """A count and the first few rows: two queries. Labels carry the reference, not the child's name."""
    count = queryset.count()
    rows = queryset.select_related("child")[:ITEMS_PER_SECTION]
    items = [
        WorkItem(
            label=f"{a.reference} ({a.child.case_reference})", url=a.get_absolute_url(), detail=detail(a)
        )
        for a in rows
    ]
    return WorkSection(title=title, count=count, url=url, items=items, urgent=urgent and count > 0)


def _list_url(**filters: Any) -> str:
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    return f"{reverse('agreements:list')}?{query}" if query else reverse("agreements:list")


def _worker_sections(user: Any) -> list[WorkSection]:
    mine = Agreement.objects.filter(drafted_by=user)
    today = nz_today()
    ending = mine.filter(
        status__in=IN_FORCE_STATUSES, end_date__range=(today, today + timedelta(days=ENDING_SOON_DAYS))
    )
    return [
        _section(
            "My draft care agreements",
            mine.filter(status=AgreementStatus.DRAFT).order_by("-updated_at"),
            _list_url(status="draft"),
            detail=lambda a: "Returned to draft: see the reasons" if a.return_reason else "Draft",
        ),
        _section(
            "Care agreements awaiting signatures",
            mine.filter(status=AgreementStatus.AWAITING_SIGNATURES).order_by("start_date"),
            _list_url(status="awaiting_signatures"),
        ),
        _section(
            f"Care agreements ending within {ENDING_SOON_DAYS} days",
            ending.order_by("end_date"),
            _list_url(ends_within=ENDING_SOON_DAYS),
            urgent=True,
            detail=lambda a: f"Last day {a.end_date:%d %b %Y}",
        ),
    ]


def work_queue(user: Any) -> list[WorkSection]:
    """Social worker: my drafts (incl. returned), awaiting signatures, ending soon. Supervisor: awaiting my
    approval. Coordinator: awaiting FGC approval. Care partner: agreements it cares under ending soon."""
    if perms.is_caseworker(user):
        return _worker_sections(user)
    if perms.is_supervisor(user):
        waiting = (
            Agreement.objects.filter(status=AgreementStatus.AWAITING_SUPERVISOR, drafted_by__supervisor=user)
            .exclude(drafted_by=user)
            .order_by("updated_at")
        )
        return [
            _section(
                "Care agreements awaiting your approval", waiting, _list_url(status="awaiting_supervisor")
            )
        ]
    if perms.is_partner_user(user):
        today = nz_today()
        ours = Agreement.objects.filter(caregiver_organisation_id=user.organisation_id)
        ending = ours.filter(
            status__in=IN_FORCE_STATUSES, end_date__range=(today, today + timedelta(days=ENDING_SOON_DAYS))
        ).order_by("end_date")
        title = f"Care agreements for tamariki in our care ending within {ENDING_SOON_DAYS} days"
        return [_section(title, ending, _list_url(ends_within=ENDING_SOON_DAYS), urgent=True)]
    if perms.is_coordinator(user):
        waiting = Agreement.objects.filter(status=AgreementStatus.AWAITING_FGC).order_by("updated_at")
        return [_section("Care agreements awaiting FGC approval", waiting, _list_url(status="awaiting_fgc"))]
    return []
