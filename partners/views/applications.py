"""Portal pages for applications: the staff pipeline, the detail page, the organisation's own page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from careportal.accounts.choices import Role
from careportal.audit.models import AuditEntry
from careportal.portal import run_action
from partners import forms, selectors, services
from partners import permissions as perms
from partners.choices import APPLICATION_PHASES, EVIDENCE_OPEN_PHASES, ApplicationStatus
from partners.exports import pipeline_csv
from partners.models import Application

from .common import Action, BoundAction, offered_actions, run_posted_action

ACTIONS: dict[str, Action] = {
    "begin_readiness": Action(
        services.application_begin_readiness, forms.EmptyForm, "Begin readiness", "Readiness has begun."
    ),
    "request_confirmation": Action(
        services.application_request_confirmation, forms.EmptyForm, "Request confirmation of partner",
        "Readiness is complete; confirmation requested.",
    ),
    "confirm_partner": Action(
        services.application_confirm_partner, forms.ConfirmPartnerForm, "Confirm partner (s396 approval)",
        "The partner is confirmed and the s396 approval recorded.",
    ),
    "complete_transition": Action(
        services.application_complete_transition, forms.EmptyForm, "Complete transition into the QA cycle",
        "The partner is approved in the QA cycle; the first QA review is planned.",
    ),
    "propose_decline": Action(
        services.application_propose_decline, forms.ReasonForm, "Propose to decline",
        "The decline is proposed; the organisation has been told and may respond.", danger=True,
    ),
    "respond": Action(
        services.application_respond, forms.ResponseForm, "Send our response", "Your response has been recorded."
    ),
    "cancel_decline_proposal": Action(
        services.application_cancel_decline_proposal, forms.ReasonForm, "Cancel the proposed decline",
        "The proposed decline is cancelled.",
    ),
    "decline": Action(
        services.application_decline, forms.ReasonForm, "Decline the application", "The application is declined.",
        danger=True,
    ),
    "withdraw": Action(
        services.application_withdraw, forms.ReasonForm, "Withdraw the application", "The application is withdrawn.",
        danger=True,
    ),
}  # fmt: skip


def _progress(application: Application) -> list[dict]:
    """The four phases for the progress bar: done, current or to come."""
    index = application.phase_index
    return [
        {"label": ApplicationStatus(phase).label, "done": i < index, "current": i == index}
        for i, phase in enumerate(APPLICATION_PHASES)
    ]


def _page_context(request: HttpRequest, application: Application, failed: BoundAction | None = None) -> dict:
    today = selectors.nz_today()
    items = selectors.checklist(application, today)
    return {
        "application": application,
        "organisation": application.organisation,
        "progress": _progress(application),
        "checklist": items,
        "missing": [i for i in items if i.requirement.required and not i.satisfied],
        "changes_requested": [i for i in items if i.state == "changes_requested"],
        "actions": offered_actions(application, request.user, ACTIONS, failed),
        "history": AuditEntry.objects.for_object(application).history(),
        "can_upload": perms.can_upload_evidence(application, request.user)
        and application.status in EVIDENCE_OPEN_PHASES,
        "upload_form": forms.EvidenceUploadForm(),
        "can_edit": perms.can_edit_application(application, request.user) and application.is_open,
        "today": today,
        **selectors.organisation_overview(application.organisation, today),
    }


@login_required
def pipeline(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Staff: applications by phase, with days in each phase and the median per phase."""
    if not perms.sees_pathway(request.user):
        raise PermissionDenied
    groups = selectors.pipeline(request.user)
    if request.GET.get("format") == "csv":
        return pipeline_csv(request, groups)
    only = request.GET.get("status", "")
    return render(
        request,
        "partners/pipeline.html",
        {
            "groups": selectors.limit_closed_groups(groups, only),
            "only": only if only in ApplicationStatus.values else "",
            "phases": APPLICATION_PHASES,
            "can_start": perms.has_any_role(request.user, (Role.PFO,)),
        },
    )


@login_required
def detail(request: HttpRequest, pk) -> HttpResponse:
    application = get_object_or_404(selectors.applications_for(request.user), pk=pk)
    return render(request, "partners/detail.html", _page_context(request, application))


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The organisation's own view: its application, what is still needed, the reviewers' messages."""
    if not perms.has_any_role(request.user, perms.PARTNER_ROLES):
        raise PermissionDenied
    organisation = request.user.organisation  # type: ignore[union-attr]  # signed in: a real user
    application = selectors.application_for_organisation(request.user)
    if application is None:
        context = {
            "application": None,
            "organisation": organisation,
            **selectors.organisation_overview(organisation),
        }
        return render(request, "partners/mine.html", context)
    return render(request, "partners/mine.html", _page_context(request, application))


@login_required
@require_POST
def transition(request: HttpRequest, pk, name: str) -> HttpResponse:
    """Run one transition from the detail (staff) or own (organisation) page."""
    application = get_object_or_404(selectors.applications_for(request.user), pk=pk)
    done, bound = run_posted_action(request, "application", application, name, ACTIONS)
    own_page = request.user.is_organisation_user  # type: ignore[union-attr]  # signed in: a real user
    if done:
        return redirect("partners:mine") if own_page else redirect("partners:detail", pk=application.pk)
    application.refresh_from_db()
    template = "partners/mine.html" if own_page else "partners/detail.html"
    return render(request, template, _page_context(request, application, failed=bound), status=400)


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """PfO opens an application for a care partner organisation."""
    if not perms.has_any_role(request.user, (Role.PFO,)):
        raise PermissionDenied
    form = forms.ApplicationStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        application = run_action(
            request, services.application_start, form=form, success="Application started.",
            by=request.user, **form.cleaned_data,
        )  # fmt: skip
        if application is not None:
            return redirect("partners:detail", pk=application.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "partners/application_form.html",
        {"form": form, "title": "Start an application"},
        status=status,
    )


@login_required
def edit(request: HttpRequest, pk) -> HttpResponse:
    """R-396-2: staff record the local provision and the stakeholders consulted."""
    application = get_object_or_404(selectors.applications_for(request.user), pk=pk)
    if not perms.can_edit_application(application, request.user):
        raise PermissionDenied
    initial = {f: getattr(application, f) for f in forms.ApplicationEditForm.base_fields}
    form = forms.ApplicationEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = run_action(
            request, services.application_update, form=form, success="Application updated.",
            application=application, by=request.user, **form.cleaned_data,
        )  # fmt: skip
        if done is not None:
            return redirect("partners:detail", pk=application.pk)
    context = {
        "form": form,
        "title": f"Application of {application.organisation}",
        "application": application,
    }
    return render(request, "partners/application_form.html", context, status=400 if form.errors else 200)
