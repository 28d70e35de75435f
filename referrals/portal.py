"""This app's part of the portal home page ("my work"): a few queries whatever the data size."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from careportal.calendar_feed import CalendarEvent
from careportal.dashboard import Bar, Chart
from careportal.home import WorkItem, WorkSection
from careportal.lib.dates import format_nz_date, nz_today

from . import permissions
from .choices import OPEN_STATUSES, ReferralStatus
from .models import Referral, contact_overdue_q

S = ReferralStatus
FIRST = 5


def _items(queryset: QuerySet[Referral], detail: str, overdue: bool = False) -> list[WorkItem]:
    return [
        WorkItem(
            label=r.reference, url=reverse("referrals:detail", args=[r.pk]), detail=detail, overdue=overdue
        )
        for r in queryset[:FIRST]
    ]


def _manager_queue(user) -> list[WorkSection]:
    """R-PR-4: the coordinator's or senior practitioner's own referrals that need them."""
    today = nz_today()
    mine = Referral.objects.filter(managed_by=user)
    overdue_q = contact_overdue_q(today)
    queues = {
        "drafts": (Q(status=S.DRAFT), "Referral drafts to complete", "draft"),
        "consent": (Q(status=S.CONSENT_PENDING), "Referrals awaiting whānau consent", "consent pending"),
        "overdue": (overdue_q, "Referrals overdue for contact", "contact overdue"),
        "declined": (
            Q(status=S.PROVIDER_DECLINED),
            "Referrals declined by a provider: refer again",
            "declined",
        ),
    }
    counts = mine.aggregate(**{key: Count("id", filter=q) for key, (q, _, _) in queues.items()})
    url = reverse("referrals:list")
    # The full list behind each section (the list's filters show all managers' referrals).
    filters = {
        "drafts": "?status=draft",
        "consent": "?status=consent_pending",
        "overdue": "?contact_overdue=on",
        "declined": "?status=provider_declined",
    }
    sections = []
    for key, (q, title, detail) in queues.items():
        items = _items(mine.filter(q).order_by("next_contact_due_on", "created_at"), detail, key == "overdue")
        sections.append(
            WorkSection(
                title=title,
                count=counts[key],
                url=url + filters[key],
                items=items,
                urgent=key == "overdue" and counts[key] > 0,
            )
        )
    return sections


def _provider_queue(user) -> list[WorkSection]:
    today = nz_today()
    awaiting = Referral.objects.filter(provider_id=user.organisation_id, status=S.REFERRED)
    items = [
        WorkItem(
            label=r.reference,
            url=reverse("referrals:detail", args=[r.pk]),
            detail=f"answer by {format_nz_date(r.response_due_on, short=True)}" if r.response_due_on else "",
            overdue=bool(r.response_due_on and r.response_due_on < today),
        )
        for r in awaiting.order_by("response_due_on")[:FIRST]
    ]
    count = awaiting.count()
    overdue = any(item.overdue for item in items)
    return [
        WorkSection(
            title="Referrals awaiting your response",
            count=count,
            url=reverse("referrals:inbox"),
            items=items,
            urgent=overdue,
        )
    ]


def work_queue(user) -> list[WorkSection]:
    if permissions.is_manager(user):
        return _manager_queue(user)
    if permissions.is_provider_user(user):
        return _provider_queue(user)
    return []


def calendar_events(user) -> list[CalendarEvent]:
    """R-PR-4: the coordinator's or senior practitioner's own open referrals: next contact due, the
    provider's answer due and the pathways meeting. References only, never whānau names (R-PRIV-2)."""
    if not permissions.is_manager(user):
        return []
    mine = Referral.objects.filter(managed_by=user).filter(
        Q(status__in=OPEN_STATUSES) | Q(status=S.ESCALATED, pathways_meeting_on__isnull=False)
    )
    dates = (
        ("next_contact_due_on", "contact", "Contact due: referral {}"),
        ("response_due_on", "response", "Provider answer due: referral {}"),
        ("pathways_meeting_on", "pathways", "Pathways meeting: referral {}"),
    )
    events = []
    for r in mine.order_by("created_at"):
        url = reverse("referrals:detail", args=[r.pk])
        for field, key, title in dates:
            day = getattr(r, field)
            if day is not None and (key != "response" or r.status == S.REFERRED):
                events.append(CalendarEvent(f"referral-{r.pk}-{key}", title.format(r.reference), day, url))
    return events


def dashboard_charts(user) -> list[Chart]:
    """Referrals by status (one query), for staff who read referrals."""
    if not permissions.is_staff_reader(user):
        return []
    counts = dict(Referral.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    url = reverse("referrals:list")
    bars = [Bar(label, counts.get(value, 0), url=f"{url}?status={value}") for value, label in S.choices]
    return [Chart("referrals-status", "Partnered response referrals by status", bars)]
