"""The Quality Hub's dashboard (staff), the partner's own view, and the accreditation watch (R-396-5)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from careportal.lib.actor import actor_of

from .. import selectors
from ..charts import findings_chart
from ..choices import OPEN_ACTION_STATUSES, ReviewStatus
from ..permissions import is_partner_user
from ..services import nz_today
from ._common import require_reader, require_staff

LIST_LIMIT = 10


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Staff: reviews due, under way, overdue actions, findings by standard. Partners: their own view."""
    require_reader(request)
    if is_partner_user(actor_of(request)):
        return _partner_dashboard(request)
    user, today = actor_of(request), nz_today()
    due = selectors.reviews_due(user, today)
    under_way = selectors.reviews_under_way(user)
    overdue = selectors.overdue_actions(user, today)
    context = {
        "today": today,
        "due_days": selectors.REVIEWS_DUE_DAYS,
        "reviews_due": list(due[:LIST_LIMIT]),
        "under_way": list(under_way[:LIST_LIMIT]),
        "overdue_actions": list(overdue[:LIST_LIMIT]),
        "counts": _review_counts(user) | selectors.action_counts(selectors.actions_for(user, today), today),
        "chart": findings_chart(selectors.findings_by_standard(selectors.reviews_for(user))),
    }
    return render(request, "quality/dashboard.html", context)


def _review_counts(user) -> dict[str, int]:
    """How many reviews are due soon and under way (one query)."""
    today = nz_today()
    under_way = (ReviewStatus.IN_PROGRESS, ReviewStatus.DRAFT_REPORT, ReviewStatus.PARTNER_RESPONSE)
    horizon = today + timedelta(days=selectors.REVIEWS_DUE_DAYS)
    return selectors.reviews_for(user).aggregate(
        due=Count("pk", filter=Q(status=ReviewStatus.PLANNED, planned_for__lte=horizon)),
        under_way=Count("pk", filter=Q(status__in=under_way)),
        awaiting_response=Count("pk", filter=Q(status=ReviewStatus.PARTNER_RESPONSE, partner_response="")),
    )


def _partner_dashboard(request: HttpRequest) -> HttpResponse:
    """The partner's own reviews (sent to it or final) and actions; nothing of any other organisation."""
    user, today = actor_of(request), nz_today()
    actions = selectors.actions_for(user, today)
    context = {
        "today": today,
        "cycles": list(selectors.cycles_for(user)),
        "reviews": list(selectors.reviews_list_for(user).order_by("-planned_for")[:LIST_LIMIT]),
        "open_actions": list(actions.filter(status__in=OPEN_ACTION_STATUSES).order_by("due_on")[:LIST_LIMIT]),
        "counts": selectors.action_counts(actions, today),
        "chart": findings_chart(selectors.findings_by_standard(selectors.reviews_for(user))),
    }
    return render(request, "quality/partner_dashboard.html", context)


@login_required
def watch(request: HttpRequest) -> HttpResponse:
    """R-396-5: Te Kāhui Kāhu reviews due within 3 months, lapsed accreditations, overdue actions."""
    require_staff(request)
    today = nz_today()
    return render(
        request,
        "quality/watch.html",
        {"today": today, "watch": selectors.accreditation_watch(actor_of(request), today)},
    )
