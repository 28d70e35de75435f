"""Reads of the Quality Assurance cycle: scoped by `permissions`, with their joins in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery

from careportal.lib.actor import Actor
from partners.choices import CURRENT_ACCREDITATION_STATUSES, ApprovalStatus
from partners.models import Accreditation, Organisation

from .choices import OPEN_ACTION_STATUSES, ActionStatus, Rating, ReviewStatus
from .models import (
    Finding,
    ImprovementAction,
    ImprovementActionQuerySet,
    NationalCareStandard,
    QACycle,
    QAReview,
    ReviewActivity,
)
from .permissions import actions_visible_to, cycles_visible_to, reviews_visible_to
from .rules import accreditation_urgent_from, accreditation_warning_from

REVIEWS_DUE_DAYS = 60  # the dashboard's "reviews due" horizon


def cycles_for(user: Actor) -> QuerySet[QACycle]:
    qs = QACycle.objects.select_related("organisation").annotate(
        reviews_count=Count("reviews", distinct=True),
        next_review_on=Min("reviews__planned_for", filter=Q(reviews__status=ReviewStatus.PLANNED)),
    )
    return cycles_visible_to(user, qs).order_by("organisation__legal_name", "-started_on")


def reviews_for(user: Actor) -> QuerySet[QAReview]:
    qs = QAReview.objects.select_related("cycle__organisation", "lead_reviewer", "responded_by")
    return reviews_visible_to(user, qs)


def reviews_list_for(user: Actor) -> QuerySet[QAReview]:
    """Reviews with the counts a list shows (constant queries whatever the page size)."""
    return reviews_for(user).annotate(
        findings_count=Count("findings", distinct=True),
        open_actions_count=Count(
            "actions", filter=Q(actions__status__in=OPEN_ACTION_STATUSES), distinct=True
        ),
    )


def actions_for(user: Actor, today: date) -> ImprovementActionQuerySet:
    qs = ImprovementAction.objects.select_related(
        "review__cycle__organisation", "owner_organisation", "finding__standard"
    ).with_overdue(today)
    return cast(ImprovementActionQuerySet, actions_visible_to(user, qs))


def findings_for(review: QAReview) -> QuerySet[Finding]:
    return Finding.objects.filter(review=review).select_related("standard", "recorded_by")


def activities_for(review: QAReview) -> QuerySet[ReviewActivity]:
    return ReviewActivity.objects.filter(review=review).select_related("recorded_by")


@dataclass(frozen=True)
class StandardBar:
    """One standard's findings by rating, for the dashboard chart and its table."""

    standard: NationalCareStandard
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def segments(self) -> list[tuple[str, str, int]]:
        return [(value, str(label), self.counts.get(value, 0)) for value, label in Rating.choices]


def findings_by_standard(reviews: QuerySet[QAReview]) -> list[StandardBar]:
    """Counts of each rating per active standard over `reviews` (two queries)."""
    rows = (
        Finding.objects.filter(review__in=reviews.values("pk"))
        .values("standard_id", "rating")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[Any, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["standard_id"], {})[row["rating"]] = row["n"]
    standards = NationalCareStandard.objects.filter(Q(active=True) | Q(pk__in=list(counts)))
    return [StandardBar(s, counts.get(s.pk, {})) for s in standards]


def reviews_due(user: Actor, today: date, days: int = REVIEWS_DUE_DAYS) -> QuerySet[QAReview]:
    return (
        reviews_for(user)
        .filter(status=ReviewStatus.PLANNED, planned_for__lte=today + timedelta(days=days))
        .order_by("planned_for")
    )


def reviews_under_way(user: Actor) -> QuerySet[QAReview]:
    under_way = (ReviewStatus.IN_PROGRESS, ReviewStatus.DRAFT_REPORT, ReviewStatus.PARTNER_RESPONSE)
    return reviews_for(user).filter(status__in=under_way).order_by("planned_for")


def overdue_actions(user: Actor, today: date) -> ImprovementActionQuerySet:
    return actions_for(user, today).overdue_on(today).order_by("due_on")


# --- accreditation watch (R-396-5) ----------------------------------------------------------------


def _latest_accreditations() -> QuerySet[Accreditation]:
    """Each approved partner's most recent accreditation outcome (older outcomes are history)."""
    latest = (
        Accreditation.objects.filter(organisation=OuterRef("organisation"))
        .order_by("-granted_on", "-created_at")
        .values("pk")[:1]
    )
    return (
        Accreditation.objects.filter(
            pk=Subquery(latest), organisation__approval_status=ApprovalStatus.APPROVED
        )
        .select_related("organisation")
        .order_by("review_due_on", "organisation__legal_name")
    )


@dataclass(frozen=True)
class AccreditationWatch:
    due_soon: list[Accreditation]
    not_current: list[Accreditation]
    unaccredited: list[Organisation]
    overdue_actions: list[ImprovementAction]
    urgent_from: date


def accreditation_watch(user: Actor, today: date) -> AccreditationWatch:
    """R-396-5: reviews due within 3 months, lapsed or overdue accreditations, overdue actions (4 queries).

    A lapsed accreditation raises an alert here; it never changes an approval by itself.
    """
    latest = _latest_accreditations()
    due_soon = latest.filter(
        status__in=CURRENT_ACCREDITATION_STATUSES,
        review_due_on__gte=today,
        review_due_on__lte=accreditation_warning_from(today),
    )
    not_current = latest.filter(~Q(status__in=CURRENT_ACCREDITATION_STATUSES) | Q(review_due_on__lt=today))
    unaccredited = Organisation.objects.filter(
        approval_status=ApprovalStatus.APPROVED, accreditations__isnull=True
    ).order_by("legal_name")
    return AccreditationWatch(
        due_soon=list(due_soon),
        not_current=list(not_current),
        unaccredited=list(unaccredited),
        overdue_actions=list(overdue_actions(user, today)),
        urgent_from=accreditation_urgent_from(today),
    )


def action_counts(actions: QuerySet[ImprovementAction], today: date) -> dict[str, int]:
    """Counts for a dashboard in one query."""
    return actions.aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_ACTION_STATUSES)),
        awaiting_verification=Count("pk", filter=Q(status=ActionStatus.EVIDENCE_SUBMITTED)),
        overdue=Count("pk", filter=Q(due_on__lt=today) & ~Q(status=ActionStatus.VERIFIED_CLOSED)),
    )
