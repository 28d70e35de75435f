"""Improvement action pages: the list, the action page with its transitions, the evidence download."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse

from careportal.audit.models import AuditEntry
from careportal.lib.actor import actor_of
from careportal.portal import BoundAction, offered_actions, transition_view

from .. import selectors, services
from ..choices import ActionStatus
from ..downloads import evidence_download
from ..exports import actions_csv
from ..models import ImprovementAction
from ..workflow import IMPROVEMENT_ACTION
from ._common import page_of, query_without_page, require_reader, visible_action


@login_required
def action_list(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    require_reader(request)
    qs = selectors.actions_for(actor_of(request), services.nz_today()).order_by("due_on", "created_at")
    status = request.GET.get("status", "")
    if status:
        # An unknown status lists nothing rather than everything as if unfiltered.
        qs = qs.filter(status=status) if status in ActionStatus.values else qs.none()
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        qs = qs.filter(overdue=True)
    if request.GET.get("format") == "csv":
        return actions_csv(request, qs)
    context = {
        "page": page_of(request, qs),
        "query": query_without_page(request),
        "statuses": ActionStatus.choices,
        "status": status,
        "overdue": overdue,
    }
    return render(request, "quality/action_list.html", context)


def _detail(
    request: HttpRequest, action: ImprovementAction, failed: BoundAction | None = None
) -> HttpResponse:
    context = {
        "action": action,
        "today": services.nz_today(),
        "history": AuditEntry.objects.for_object(action).history(),
        "transitions": offered_actions(IMPROVEMENT_ACTION, action, actor_of(request), failed),
    }
    return render(request, "quality/action_detail.html", context)


@login_required
def action_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    return _detail(request, visible_action(request, pk))


action_transition = transition_view(
    IMPROVEMENT_ACTION,
    get_object=visible_action,
    render_page=_detail,
    done_url=lambda request, action: reverse("quality:action_detail", args=[action.pk]),
)


@login_required
def action_evidence(request: HttpRequest, pk: Any) -> Any:
    """The evidence file (audited download)."""
    action = visible_action(request, pk)
    if not action.evidence_file:
        raise Http404("No evidence file was uploaded for this action.")
    return evidence_download(action, by=actor_of(request))
