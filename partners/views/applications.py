"""Portal pages for applications: the staff pipeline, the detail page, the organisation's own page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from careportal.accounts.choices import Role
from careportal.audit.models import AuditEntry
from careportal.lib.actor import actor_of
from careportal.portal import BoundAction, offered_actions, submit_form, transition_view
from careportal.widgets import finding
from partners import forms, selectors, services
from partners import permissions as perms
from partners.choices import APPLICATION_PHASES, EVIDENCE_OPEN_PHASES, ApplicationStatus
from partners.exports import pipeline_csv
from partners.models import Application
from partners.views.invitations import invitations_url
from partners.workflow import APPLICATION


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
        "actions": offered_actions(APPLICATION, application, actor_of(request), failed),
        "history": AuditEntry.objects.for_object(application).history(),
        "can_upload": perms.can_upload_evidence(application, actor_of(request))
        and application.status in EVIDENCE_OPEN_PHASES,
        "upload_form": forms.EvidenceUploadForm(),
        "can_edit": perms.can_edit_application(application, actor_of(request)) and application.is_open,
        "today": today,
        **selectors.organisation_overview(application.organisation, today),
    }


@login_required
def pipeline(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Staff: applications by phase, with days in each phase and the median per phase."""
    if not perms.sees_pathway(actor_of(request)):
        raise PermissionDenied
    groups = selectors.pipeline(actor_of(request))
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
            "can_start": perms.has_any_role(actor_of(request), (Role.PFO,)),
        },
    )


@login_required
def detail(request: HttpRequest, pk) -> HttpResponse:
    application = get_object_or_404(selectors.applications_for(actor_of(request)), pk=pk)
    return render(request, "partners/detail.html", _page_context(request, application))


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The organisation's own view: its application, what is still needed, the reviewers' messages."""
    if not perms.has_any_role(actor_of(request), perms.PARTNER_ROLES):
        raise PermissionDenied
    organisation = request.user.organisation  # type: ignore[union-attr]  # signed in: a real user
    application = selectors.application_for_organisation(actor_of(request))
    invite = {"invitations_url": invitations_url(request, organisation)}
    if application is None:
        context = {
            "application": None,
            "organisation": organisation,
            **selectors.organisation_overview(organisation),
        }
        return render(request, "partners/mine.html", {**context, **invite})
    return render(request, "partners/mine.html", {**_page_context(request, application), **invite})


def _own_page(request: HttpRequest) -> bool:
    return request.user.is_organisation_user  # type: ignore[union-attr]  # signed in: a real user


def _render_after_refusal(
    request: HttpRequest, application: Application, failed: BoundAction
) -> HttpResponse:
    template = "partners/mine.html" if _own_page(request) else "partners/detail.html"
    return render(request, template, _page_context(request, application, failed=failed))


# One transition from the detail (staff) or own (organisation) page.
transition = transition_view(
    APPLICATION,
    get_object=lambda request, pk: get_object_or_404(selectors.applications_for(actor_of(request)), pk=pk),
    render_page=_render_after_refusal,
    done_url=lambda request, application: (
        reverse("partners:mine") if _own_page(request) else reverse("partners:detail", args=[application.pk])
    ),
)


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """PfO opens an application for a care partner organisation."""
    if not perms.has_any_role(actor_of(request), (Role.PFO,)):
        raise PermissionDenied
    form = forms.ApplicationStartForm(request.POST or None)
    done = submit_form(
        request, services.application_start, form=form, success="Application started.",
        then="partners:detail", by=request.user,
    )  # fmt: skip
    if done is not None:
        return done
    status = 400 if request.method == "POST" and not finding(form) else 200
    return render(
        request,
        "partners/application_form.html",
        {"form": form, "title": "Start an application"},
        status=status,
    )


@login_required
def edit(request: HttpRequest, pk) -> HttpResponse:
    """R-396-2: staff record the local provision and the stakeholders consulted."""
    application = get_object_or_404(selectors.applications_for(actor_of(request)), pk=pk)
    if not perms.can_edit_application(application, actor_of(request)):
        raise PermissionDenied
    initial = {f: getattr(application, f) for f in forms.ApplicationEditForm.base_fields}
    form = forms.ApplicationEditForm(request.POST or None, initial=initial)
    done = submit_form(
        request, services.application_update, form=form, success="Application updated.",
        then="partners:detail", pk=application.pk, application=application, by=request.user,
    )  # fmt: skip
    if done is not None:
        return done
    context = {
        "form": form,
        "title": f"Application of {application.organisation}",
        "application": application,
    }
    return render(request, "partners/application_form.html", context, status=400 if form.errors else 200)
