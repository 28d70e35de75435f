"""Reads for the care partner pathway: scoped querysets, the evidence checklist, the pipeline, alerts."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from careportal.lib.actor import Actor
from careportal.lib.dates import add_months, nz_today  # nz_today: also `selectors.nz_today` in views

from . import permissions as perms
from .choices import (
    APPLICATION_CLOSED,
    APPLICATION_PHASES,
    CURRENT_ACCREDITATION_STATUSES,
    ApplicationStatus,
    EvidenceStatus,
    InvitationStatus,
)
from .models import Accreditation, Application, Evidence, Invitation, Organisation, Requirement, S396Approval


def current_level1_accreditation(today: date, organisation_ref: str = "organisation") -> Exists:
    """R-396-1: a Te Kāhui Kāhu Level 1 accreditation that is current on `today` (not lapsed, not overdue)."""
    return Exists(
        Accreditation.objects.filter(
            organisation=OuterRef(organisation_ref),
            level=1,
            status__in=CURRENT_ACCREDITATION_STATUSES,
            review_due_on__gte=today,
        )
    )


def has_current_level1(organisation_id: Any, today: date) -> bool:
    return Accreditation.objects.filter(
        organisation_id=organisation_id,
        level=1,
        status__in=CURRENT_ACCREDITATION_STATUSES,
        review_due_on__gte=today,
    ).exists()


# --- Scoped querysets (R-PRIV-1) -------------------------------------------------------------------


def organisations_for(user: Actor, today: date | None = None) -> QuerySet[Organisation]:
    qs = Organisation.objects.annotate(
        has_current_accreditation=current_level1_accreditation(today or nz_today(), "pk")
    )
    return perms.restrict(qs, user, organisation_path="pk", staff_see_all=True)


def applications_for(user: Actor) -> QuerySet[Application]:
    qs = Application.objects.select_related("organisation")
    return perms.restrict(qs, user, organisation_path="organisation_id", staff_see_all=False)


def evidence_for(user: Actor) -> QuerySet[Evidence]:
    # application is read by allowed_transitions (the supersede permission): select it with the row.
    qs = Evidence.objects.select_related(
        "application__organisation", "requirement", "uploaded_by", "reviewed_by"
    )
    return perms.restrict(qs, user, organisation_path="application__organisation_id", staff_see_all=False)


def accreditations_for(user: Actor) -> QuerySet[Accreditation]:
    qs = Accreditation.objects.select_related("organisation")
    return perms.restrict(qs, user, organisation_path="organisation_id", staff_see_all=True)


def approvals_for(user: Actor, today: date | None = None) -> QuerySet[S396Approval]:
    qs = S396Approval.objects.select_related("organisation", "granted_by").annotate(
        has_current_accreditation=current_level1_accreditation(today or nz_today())
    )
    return perms.restrict(qs, user, organisation_path="organisation_id", staff_see_all=True)


# --- The evidence checklist (R-396-3) --------------------------------------------------------------


@dataclass
class ChecklistItem:
    """One requirement of the current catalogue and the organisation's evidence for it."""

    requirement: Requirement
    versions: list[Evidence] = field(default_factory=list)
    today: date | None = None

    @property
    def live(self) -> Evidence | None:
        return next((e for e in self.versions if e.status != EvidenceStatus.SUPERSEDED), None)

    @property
    def expired(self) -> bool:
        live = self.live
        return bool(live and self.today and live.is_expired_on(self.today))

    @property
    def satisfied(self) -> bool:
        live = self.live
        return bool(live and live.status == EvidenceStatus.ACCEPTED and not self.expired)

    @property
    def state(self) -> str:
        """missing | submitted | accepted | changes_requested | expired."""
        live = self.live
        if live is None:
            return "missing"
        return "expired" if self.expired else live.status


def checklist(application: Application, today: date | None = None) -> list[ChecklistItem]:
    """The current catalogue with every version of the organisation's evidence, newest first (2 queries)."""
    today = today or nz_today()
    items = {r.code: ChecklistItem(requirement=r, today=today) for r in Requirement.objects.current()}
    versions = (
        Evidence.objects.filter(application=application)
        .select_related("requirement", "uploaded_by", "reviewed_by", "application")
        .order_by("requirement_code", "-version")
    )
    for evidence in versions:
        if evidence.requirement_code in items:
            items[evidence.requirement_code].versions.append(evidence)
    return list(items.values())


def missing_requirements(application: Application, today: date | None = None) -> list[Requirement]:
    """R-396-3: required items without accepted, unexpired evidence."""
    return [
        i.requirement for i in checklist(application, today) if i.requirement.required and not i.satisfied
    ]


# --- The staff pipeline ----------------------------------------------------------------------------


@dataclass
class PhaseGroup:
    status: str
    label: str
    applications: list[Application]
    median_days: float | None = None
    # The rows the page lists; the count, the median and the CSV cover every application.
    shown: list[Application] = field(default_factory=list)


# A closed phase (approved, declined, withdrawn) lists its most recently closed applications only; at
# national scale "approved" holds hundreds and drawing every row took most of the page (decision 0010).
CLOSED_ROWS_SHOWN = 10


def limit_closed_groups(groups: list[PhaseGroup], only: str = "") -> list[PhaseGroup]:
    """The page's groups: `only` (a status) keeps one group with all its rows; otherwise each closed
    group shows its CLOSED_ROWS_SHOWN most recently closed applications."""
    if only in {g.status for g in groups}:
        groups = [g for g in groups if g.status == only]
        for group in groups:
            group.shown = group.applications
        return groups
    for group in groups:
        if group.status in APPLICATION_CLOSED:
            latest = sorted(
                group.applications, key=lambda a: a.closed_at or a.approved_at or a.created_at, reverse=True
            )
            group.shown = latest[:CLOSED_ROWS_SHOWN]
        else:
            group.shown = group.applications
    return groups


# What the pipeline, its CSV and the home page's chart read of each application: whole rows of 300
# applications and their organisations were most of the page's cost (decision 0010).
PIPELINE_COLUMNS = (
    "status", "created_at", "readiness_started_at", "confirmation_started_at", "qa_transition_started_at",
    "approved_at", "closed_at", "decline_proposed_on", "submissions_due_on",
    "organisation__legal_name", "organisation__region",
)  # fmt: skip


def pipeline(user: Actor, now: datetime | None = None) -> list[PhaseGroup]:
    """Applications by status, each with days per phase; medians over the phases applications finished.

    One query whatever the number of applications: the medians need every row's timestamps anyway.
    """
    now = now or timezone.now()
    rows = list(
        applications_for(user)
        .annotate(awaiting_review=Count("evidence", filter=Q(evidence__status=EvidenceStatus.SUBMITTED)))
        .only(*PIPELINE_COLUMNS)
        .order_by("created_at")
    )
    finished: dict[str, list[int]] = {phase: [] for phase in APPLICATION_PHASES}
    for application in rows:
        durations = application.phase_durations(now)
        # For the page, as text: a loop in the template cost more than the rest of the row (decision 0010).
        running = " (so far)" if application.status in APPLICATION_PHASES else ""
        application.phase_summary = "; ".join(  # type: ignore[attr-defined]
            f"{ApplicationStatus(phase).label}: {days}{'' if done else running}"
            for phase, (days, done) in durations.items()
        )
        current = durations.get(application.status)
        application.days_in_phase = current[0] if current else None  # type: ignore[attr-defined]
        for phase, (days, done) in durations.items():
            if done:
                finished[phase].append(days)
    groups = []
    for status, label in ApplicationStatus.choices:
        median = statistics.median(finished[status]) if finished.get(status) else None
        groups.append(PhaseGroup(status, label, [a for a in rows if a.status == status], median))
    return groups


def application_for_organisation(user: Actor) -> Application | None:
    """The organisation user's own application: the live one, else the most recent."""
    qs = applications_for(user).order_by("-created_at")
    live = qs.exclude(status__in=[ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN]).first()
    return live or qs.first()


def organisation_overview(organisation: Organisation | None, today: date | None = None) -> dict[str, Any]:
    """Accreditations and approvals of one organisation, with the R-396-5 alert flag."""
    today = today or nz_today()
    # R-396-5: the portal warns from 3 months before a review is due.
    warn_from = add_months(today, 3)
    if organisation is None:
        return {"accreditations": [], "approvals": [], "today": today, "review_warning_until": warn_from}
    approvals = S396Approval.objects.filter(organisation=organisation).annotate(
        has_current_accreditation=current_level1_accreditation(today)
    )
    return {
        "accreditations": list(organisation.accreditations.all()),
        "approvals": list(approvals.select_related("granted_by")),
        "today": today,
        "review_warning_until": warn_from,
    }


def pending_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    """An organisation's invitations not yet accepted or revoked (expired ones too: they can be resent)."""
    return (
        Invitation.objects.filter(organisation=organisation, status=InvitationStatus.PENDING)
        .select_related("invited_by")
        .order_by("-created_at")
    )
