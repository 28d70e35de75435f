"""This app's part of the portal home page ("my work"): a few queries per section whatever the data size."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from careportal.accounts.choices import Role
from careportal.calendar_feed import CalendarEvent, dated_events
from careportal.dashboard import Bar, Chart
from careportal.home import WorkItem, WorkSection, counted_first
from careportal.lib.actor import Actor
from careportal.lib.dates import format_nz_date

from . import permissions as perms
from . import selectors
from .choices import (
    APPLICATION_DECLINABLE,
    APPLICATION_OPEN,
    EVIDENCE_OPEN_PHASES,
    ApplicationStatus,
    EvidenceStatus,
    S396ApprovalStatus,
)
from .models import Application, Evidence, S396Approval

FIRST = 5


def _evidence_to_review() -> WorkSection:
    qs = Evidence.objects.filter(
        status=EvidenceStatus.SUBMITTED, application__status__in=EVIDENCE_OPEN_PHASES
    ).order_by("created_at")
    count, rows = counted_first(qs.select_related("application__organisation", "requirement"), FIRST)
    items = [
        WorkItem(
            label=f"{e.application.organisation}: {e.requirement.title} (v{e.version})",
            url=reverse("partners:evidence", args=[e.pk]),
            detail=f"uploaded {format_nz_date(e.created_at, short=True)}",
        )
        for e in rows
    ]
    return WorkSection("Evidence awaiting review", count, reverse("partners:pipeline"), items)


def _applications_by_phase() -> WorkSection:
    counts = dict(
        Application.objects.filter(status__in=APPLICATION_OPEN)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    pipeline = reverse("partners:pipeline")
    items = [
        WorkItem(
            label=f"{ApplicationStatus(phase).label}: {counts.get(phase, 0)}", url=f"{pipeline}#phase-{phase}"
        )
        for phase in APPLICATION_OPEN
    ]
    return WorkSection("Care partner applications by phase", sum(counts.values()), pipeline, items)


def _application_items(qs: Any, detail: str) -> list[WorkItem]:
    return [
        WorkItem(label=str(a.organisation), url=reverse("partners:detail", args=[a.pk]), detail=detail)
        for a in qs.select_related("organisation")[:FIRST]
    ]


def _delegate_sections(today: Any) -> list[WorkSection]:
    awaiting = Application.objects.filter(status=ApplicationStatus.CONFIRMATION).order_by(
        "confirmation_started_at"
    )
    # R-396-4: a proposed decline is ready to decide once answered or once its window has closed.
    ready = Application.objects.filter(
        status__in=APPLICATION_DECLINABLE, decline_proposed_on__isnull=False
    ).filter(Q(organisation_responded_on__isnull=False) | Q(submissions_due_on__lt=today))
    pipeline = reverse("partners:pipeline")
    return [
        WorkSection("Awaiting confirmation of partner", awaiting.count(), pipeline, _application_items(awaiting, "")),
        WorkSection(
            "Proposed declines ready to decide", ready.count(), pipeline,
            _application_items(ready.order_by("submissions_due_on"), "submissions window closed or answered"),
        ),
    ]  # fmt: skip


def _organisation_sections(user: Actor) -> list[WorkSection]:
    application = selectors.application_for_organisation(user)
    if application is None or application.status not in EVIDENCE_OPEN_PHASES:
        return []
    items = selectors.checklist(application)
    mine = reverse("partners:mine")
    upload = reverse("partners:evidence_upload", args=[application.pk])
    missing = [
        i for i in items if i.requirement.required and i.state in ("missing", "changes_requested", "expired")
    ]
    changes = [i for i in items if i.state == "changes_requested"]
    return [
        WorkSection(
            "Still needed for our application", len(missing), mine,
            [WorkItem(i.requirement.title, f"{upload}?requirement={i.requirement.pk}", i.state.replace("_", " "))
             for i in missing[:FIRST]],
            urgent=application.decline_pending,
        ),
        WorkSection(
            "Changes requested by reviewers", len(changes), mine,
            [WorkItem(i.requirement.title, mine, i.live.reviewer_reason[:80] if i.live else "") for i in changes[:FIRST]],
        ),
    ]  # fmt: skip


def _accreditation_alerts(today: Any) -> WorkSection:
    """R-396-5: live approvals whose organisation has no current Level 1 accreditation (alert only)."""
    qs = (
        S396Approval.objects.filter(status__in=[S396ApprovalStatus.ACTIVE, S396ApprovalStatus.SUSPENDED])
        .filter(~selectors.current_level1_accreditation(today))
        .order_by("organisation__legal_name")
    )
    items = [
        WorkItem(
            str(a.organisation), reverse("partners:approval", args=[a.pk]), "no current Level 1 accreditation"
        )
        for a in qs.select_related("organisation")[:FIRST]
    ]
    return WorkSection("Accreditation alerts", qs.count(), "", items, urgent=bool(items))


def work_queue(user: Actor) -> list[WorkSection]:
    today = selectors.nz_today()
    if perms.has_any_role(user, (Role.PFO,)):
        return [_evidence_to_review(), _applications_by_phase(), _accreditation_alerts(today)]
    if perms.has_any_role(user, perms.REVIEWERS):
        return [_evidence_to_review(), _applications_by_phase()]
    if perms.has_any_role(user, (Role.DELEGATE,)):
        return [*_delegate_sections(today), _accreditation_alerts(today)]
    if perms.has_any_role(user, perms.PARTNER_ROLES):
        return _organisation_sections(user)
    return []


def calendar_events(user: Actor) -> list[CalendarEvent]:
    """The approval delegate's and PfO's statutory dates: the end of each submissions window on a proposed
    decline (R-396-4) and on a notice about a live s396 approval. Organisation names only, no people."""
    if not perms.has_any_role(user, (Role.DELEGATE, Role.PFO)):
        return []
    declines = Application.objects.filter(status__in=APPLICATION_DECLINABLE, submissions_due_on__isnull=False)
    # A notice is pending while an action is proposed (cleared when the delegate decides).
    notices = S396Approval.objects.filter(response_due_on__isnull=False).exclude(proposed_action="")
    notices = notices.exclude(status=S396ApprovalStatus.REVOKED)
    return dated_events(
        declines.select_related("organisation").order_by("submissions_due_on"),
        uid="application-{pk}-submissions",
        title=lambda a: f"Submissions window closes: application by {a.organisation}",
        day="submissions_due_on",
        detail_url="partners:detail",
    ) + dated_events(
        notices.select_related("organisation").order_by("response_due_on"),
        uid="s396-{pk}-response",
        title=lambda n: f"Response to notice due: s396 approval of {n.organisation}",
        day="response_due_on",
        detail_url="partners:approval",
    )


def dashboard_charts(user: Actor) -> list[Chart]:
    """Applications by phase with the median days per phase (the pipeline's figures: one query)."""
    if not perms.sees_pathway(user):
        return []
    pipeline = reverse("partners:pipeline")
    bars = [
        Bar(
            g.label,
            len(g.applications),
            extra="—" if g.median_days is None else f"{g.median_days:g}",
            url=f"{pipeline}#phase-{g.status}",
        )
        for g in selectors.pipeline(user)
    ]
    return [
        Chart(
            "applications-phase",
            "Care partner applications by phase",
            bars,
            extra_heading="Median days in phase",
            note="The median is over applications that finished that phase.",
        )
    ]
