"""This app's part of the portal home page ("my work"): a few queries per section, whatever the data size."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import models
from django.urls import reverse

from agreements import permissions as perms
from agreements.choices import IN_FORCE_STATUSES, AgreementStatus
from agreements.models import Agreement
from careportal.calendar_feed import CalendarEvent
from careportal.dashboard import Bar, Chart
from careportal.home import WorkItem, WorkSection
from careportal.lib.actor import Actor
from careportal.lib.dates import format_nz_date, nz_today

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


def _draft_detail(agreement: Agreement, today: Any) -> str:
    """R-DATE-5: a draft whose start date has passed cannot be submitted until its dates change."""
    if agreement.start_date < today:
        return (
            f"Start date {format_nz_date(agreement.start_date, short=True)} has passed: change the dates "
            "before submitting"
        )
    return "Returned to draft: see the reasons" if agreement.return_reason else "Draft"


def _worker_sections(user: Actor) -> list[WorkSection]:
    mine = Agreement.objects.filter(drafted_by=user)
    today = nz_today()
    ending = mine.filter(
        status__in=IN_FORCE_STATUSES, end_date__range=(today, today + timedelta(days=ENDING_SOON_DAYS))
    )
    return [
        _section(
            "My draft care agreements",
            mine.filter(status=AgreementStatus.DRAFT).order_by("-updated_at"),
            _list_url(status=AgreementStatus.DRAFT),
            detail=lambda a: _draft_detail(a, today),
        ),
        _section(
            "Care agreements awaiting signatures",
            mine.filter(status=AgreementStatus.AWAITING_SIGNATURES).order_by("start_date"),
            _list_url(status=AgreementStatus.AWAITING_SIGNATURES),
        ),
        _section(
            f"Care agreements ending within {ENDING_SOON_DAYS} days",
            ending.order_by("end_date"),
            _list_url(ends_within=ENDING_SOON_DAYS),
            urgent=True,
            detail=lambda a: f"Last day {format_nz_date(a.end_date, short=True)}",
        ),
    ]


def work_queue(user: Actor) -> list[WorkSection]:
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
                "Care agreements awaiting your approval",
                waiting,
                _list_url(status=AgreementStatus.AWAITING_SUPERVISOR),
            )
        ]
    if perms.is_partner_user(user):
        today = nz_today()
        ours = perms.scope_agreements(Agreement.objects.all(), user)  # R-PRIV-4 as everywhere
        ending = ours.filter(
            status__in=IN_FORCE_STATUSES, end_date__range=(today, today + timedelta(days=ENDING_SOON_DAYS))
        ).order_by("end_date")
        title = f"Care agreements for tamariki in our care ending within {ENDING_SOON_DAYS} days"
        return [_section(title, ending, _list_url(ends_within=ENDING_SOON_DAYS), urgent=True)]
    if perms.is_coordinator(user):
        waiting = Agreement.objects.filter(status=AgreementStatus.AWAITING_FGC).order_by("updated_at")
        return [
            _section(
                "Care agreements awaiting FGC approval",
                waiting,
                _list_url(status=AgreementStatus.AWAITING_FGC),
            )
        ]
    return []


def calendar_events(user: Actor) -> list[CalendarEvent]:
    """The deadlines of in-force agreements the user is responsible for: each last day of care and each
    notice's effective date (R-PRIV-2: titles carry the agreement reference, never the child's name).
    Social worker: the agreements they drafted; supervisor: those of the workers they supervise."""
    if perms.is_caseworker(user):
        mine = Agreement.objects.filter(drafted_by=user)
    elif perms.is_supervisor(user):
        mine = Agreement.objects.filter(models.Q(drafted_by__supervisor=user) | models.Q(drafted_by=user))
    else:
        return []
    in_force = mine.filter(status__in=IN_FORCE_STATUSES).select_related("termination").order_by("end_date")
    events: list[Any] = []
    for a in in_force:
        events.append(_event(a, "last-day", f"Last day of care agreement {a.reference}", a.end_date))
        termination = getattr(a, "termination", None)
        if termination is not None:
            title = f"Notice takes effect: care agreement {a.reference}"
            events.append(_event(a, "notice", title, termination.effective_on))
    return events


def _event(agreement: Agreement, what: str, title: str, day: date) -> CalendarEvent:
    return CalendarEvent(
        uid=f"agreement-{agreement.pk}-{what}", title=title, day=day, url=agreement.get_absolute_url()
    )


# Weeks to the last day of care for agreements in force: (label, first day offset, last day offset).
EXPIRY_BUCKETS = (
    ("Past the last day", None, -1),
    ("This week (0–6 days)", 0, 6),
    ("1–2 weeks", 7, 13),
    ("2–4 weeks", 14, 27),
    ("4–8 weeks", 28, 55),
    ("8–13 weeks", 56, 90),
    ("More than 13 weeks", 91, None),
)


def dashboard_charts(user: Actor) -> list[Chart]:
    """Agreements by status, and agreements in force by weeks to their last day: two queries in all."""
    if not perms.is_agreement_staff(user):
        return []
    visible = perms.scope_agreements(Agreement.objects.all(), user)
    counts = dict(visible.values_list("status").annotate(n=models.Count("id")).values_list("status", "n"))
    by_status = [
        Bar(label, counts.get(value, 0), url=_list_url(status=value))
        for value, label in AgreementStatus.choices
    ]
    today = nz_today()
    filters = {}
    for i, (_, first, last) in enumerate(EXPIRY_BUCKETS):
        q = models.Q()
        if first is not None:
            q &= models.Q(end_date__gte=today + timedelta(days=first))
        if last is not None:
            q &= models.Q(end_date__lte=today + timedelta(days=last))
        filters[f"b{i}"] = models.Count("id", filter=q)
    buckets = visible.filter(status__in=IN_FORCE_STATUSES).aggregate(**filters)
    by_expiry = [Bar(label, buckets[f"b{i}"]) for i, (label, _, _) in enumerate(EXPIRY_BUCKETS)]
    return [
        Chart("agreements-status", "Care agreements by status", by_status),
        Chart(
            "agreements-expiry",
            "Care agreements in force by weeks to their last day",
            by_expiry,
            note="Active agreements and those under notice, by the weeks left until the last day of care.",
        ),
    ]
