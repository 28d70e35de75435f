"""Improvement action pages: the list, the action page with its transitions, the evidence download."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from careportal.audit.models import AuditEntry
from careportal.files import file_field_response
from careportal.portal import run_action
from careportal.workflow import allowed_transitions

from .. import selectors, services
from ..choices import ActionStatus
from ..exports import actions_csv
from ..forms import EvidenceForm, ReasonForm
from ..models import ImprovementAction
from ._common import page_of, query_without_page, require_reader, visible_action

# transition: (form key on the page, form, service, message)
FORMS: dict[str, tuple[str, Any, Any, str]] = {
    "submit_evidence": (
        "evidence",
        EvidenceForm,
        services.action_submit_evidence,
        "Evidence submitted for verification.",
    ),
    "reopen": ("reopen", ReasonForm, services.action_reopen, "The action is reopened."),
}
BUTTONS: dict[str, tuple[Any, str]] = {
    "start": (services.action_start, "The action is in progress."),
    "verify_close": (services.action_verify_close, "The action is verified and closed."),
}


@login_required
def action_list(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    require_reader(request)
    qs = selectors.actions_for(request.user, services.nz_today()).order_by("due_on", "created_at")
    status = request.GET.get("status", "")
    if status in ActionStatus.values:
        qs = qs.filter(status=status)
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
    request: HttpRequest, action: ImprovementAction, forms: dict[str, Any] | None = None
) -> HttpResponse:
    allowed = allowed_transitions(action, request.user)
    forms = forms or {}
    context = {
        "action": action,
        "today": services.nz_today(),
        "history": AuditEntry.objects.for_object(action).history(),
        "buttons": [name for name in allowed if name in BUTTONS],
        "evidence_form": forms.get("evidence") or (EvidenceForm() if "submit_evidence" in allowed else None),
        "reopen_form": forms.get("reopen") or (ReasonForm() if "reopen" in allowed else None),
    }
    return render(request, "quality/action_detail.html", context)


@login_required
def action_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    return _detail(request, visible_action(request, pk))


@login_required
@require_POST
def action_transition(request: HttpRequest, pk: Any, name: str) -> HttpResponse:
    action = visible_action(request, pk)
    if name in BUTTONS:
        service, success = BUTTONS[name]
        run_action(request, service, success=success, action=action, by=request.user)
        return redirect("quality:action_detail", pk=action.pk)
    if name not in FORMS:
        raise Http404
    key, form_class, service, success = FORMS[name]
    form = form_class(request.POST, request.FILES)
    if form.is_valid() and run_action(
        request, service, form=form, success=success, action=action, by=request.user, **form.cleaned_data
    ):
        return redirect("quality:action_detail", pk=action.pk)
    return _detail(request, action, {key: form})


@login_required
def action_evidence(request: HttpRequest, pk: Any) -> Any:
    """The evidence file (audited download)."""
    action = visible_action(request, pk)
    if not action.evidence_file:
        raise Http404("No evidence file was uploaded for this action.")
    services.action_evidence_downloaded(action=action, by=request.user)
    name = action.evidence_file.name.rsplit("/", 1)[-1]
    return file_field_response(
        action.evidence_file,
        file_name=name,
        content_type=action.evidence_content_type or "application/octet-stream",
    )
