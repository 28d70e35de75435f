"""QA cycle pages: the list (the Hub starts a cycle there), a cycle with its reviews and the R-396-6 flag."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from careportal.audit.models import AuditEntry
from careportal.lib.actor import actor_of
from careportal.portal import BoundAction, offered_actions, run_action, submit_form, transition_view

from .. import selectors, services
from ..forms import ScheduleReviewForm, StartCycleForm
from ..models import QACycle
from ..permissions import can_request_joint_review, is_reviewer
from ..workflow import CYCLE
from ._common import page_of, require_reader


@login_required
def cycle_list(request: HttpRequest, form: StartCycleForm | None = None) -> HttpResponse:
    require_reader(request)
    context = {
        "page": page_of(request, selectors.cycles_for(actor_of(request))),
        "start_form": form
        or (StartCycleForm(user=actor_of(request)) if is_reviewer(actor_of(request)) else None),
    }
    return render(request, "quality/cycle_list.html", context)


@login_required
@require_POST
def cycle_start(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    if not is_reviewer(actor_of(request)):  # refused before the form, whose choices are the Hub's (R-PRIV-1)
        raise PermissionDenied
    form = StartCycleForm(request.POST, user=actor_of(request))
    done = submit_form(
        request, services.qa_cycle_open, form=form, success="QA cycle started; the first review is planned.",
        then="quality:cycle_detail", by=request.user,
    )  # fmt: skip
    return done if done is not None else cycle_list(request, form)


def _visible_cycle(request: HttpRequest, pk: Any) -> QACycle:
    require_reader(request)
    return get_object_or_404(selectors.cycles_for(actor_of(request)), pk=pk)


@login_required
def cycle_detail(
    request: HttpRequest, pk: Any, form: ScheduleReviewForm | None = None, failed: BoundAction | None = None
) -> HttpResponse:
    cycle = _visible_cycle(request, pk)
    context = {
        "transitions": offered_actions(CYCLE, cycle, actor_of(request), failed),
        "history": AuditEntry.objects.for_object(cycle).history(),
        "cycle": cycle,
        "reviews": list(
            selectors.reviews_list_for(actor_of(request)).filter(cycle=cycle).order_by("planned_for")
        ),
        "schedule_form": form or (ScheduleReviewForm() if is_reviewer(actor_of(request)) else None),
        "may_set_joint_review": can_request_joint_review(actor_of(request), cycle.organisation_id),
    }
    return render(request, "quality/cycle_detail.html", context)


@login_required
@require_POST
def review_schedule(request: HttpRequest, pk: Any) -> HttpResponse:
    cycle = _visible_cycle(request, pk)
    form = ScheduleReviewForm(request.POST)
    done = submit_form(
        request,
        services.review_schedule,
        form=form,
        success="Review planned.",
        then="quality:review_detail",
        cycle=cycle,
        by=request.user,
    )
    return done if done is not None else cycle_detail(request, pk, form)


@login_required
@require_POST
def joint_review(request: HttpRequest, pk: Any) -> HttpResponse:
    """R-396-6: record or withdraw the partner's request for a joint review with Te Kāhui Kāhu."""
    cycle = _visible_cycle(request, pk)
    requested = request.POST.get("requested") == "1"
    message = "Joint review requested." if requested else "Joint review request withdrawn."
    run_action(
        request,
        services.qa_cycle_set_joint_review,
        success=message,
        cycle=cycle,
        requested=requested,
        by=request.user,
    )
    if request.POST.get("next") == "dashboard":
        return redirect("quality:dashboard")
    return redirect("quality:cycle_detail", pk=cycle.pk)


cycle_transition = transition_view(
    CYCLE,
    get_object=_visible_cycle,
    render_page=lambda request, cycle, failed: cycle_detail(request, cycle.pk, failed=failed),
    done_url=lambda request, cycle: reverse("quality:cycle_detail", args=[cycle.pk]),
)
