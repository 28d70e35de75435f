"""Portal pages for evidence: upload a new version, review it, download it (R-396-3)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record
from careportal.files import Download, file_field_response
from careportal.lib.actor import actor_of
from careportal.portal import BoundAction, run_action, transition_view
from partners import forms, selectors, services
from partners import permissions as perms
from partners.models import Evidence
from partners.views._common import record_context
from partners.workflow import EVIDENCE


@login_required
def upload(request: HttpRequest, pk) -> HttpResponse:
    """The organisation uploads a new version against a requirement; refusals say why, nothing is kept."""
    application = get_object_or_404(selectors.applications_for(actor_of(request)), pk=pk)
    if not perms.can_upload_evidence(application, actor_of(request)):
        raise PermissionDenied
    initial = {"requirement": request.GET.get("requirement")} if request.GET.get("requirement") else None
    form = forms.EvidenceUploadForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        evidence = run_action(
            request, services.evidence_upload, form=form, success="Uploaded. A reviewer will look at it.",
            application=application, by=request.user, **form.cleaned_data,
        )  # fmt: skip
        if evidence is not None:
            return redirect("partners:mine")
    status = 400 if form.errors else 200
    context = {"form": form, "application": application}
    return render(request, "partners/evidence_upload.html", context, status=status)


def _detail_context(request: HttpRequest, evidence: Evidence, failed: BoundAction | None = None) -> dict:
    versions = selectors.evidence_for(actor_of(request)).filter(
        application_id=evidence.application_id, requirement_code=evidence.requirement_code
    )
    return {
        "evidence": evidence,
        "application": evidence.application,
        "versions": versions.order_by("-version"),
        **record_context(request, EVIDENCE, evidence, failed),
    }


@login_required
def detail(request: HttpRequest, pk) -> HttpResponse:
    """One version, its earlier and later versions, and the review forms for reviewers."""
    evidence = get_object_or_404(selectors.evidence_for(actor_of(request)), pk=pk)
    return render(request, "partners/evidence_detail.html", _detail_context(request, evidence))


def _visible_evidence(request: HttpRequest, pk) -> Evidence:
    return get_object_or_404(selectors.evidence_for(actor_of(request)), pk=pk)


review = transition_view(
    EVIDENCE,
    get_object=_visible_evidence,
    render_page=lambda request, evidence, failed: render(
        request, "partners/evidence_detail.html", _detail_context(request, evidence, failed)
    ),
    done_url=lambda request, evidence: reverse("partners:detail", args=[evidence.application_id]),
)


@login_required
def download(request: HttpRequest, pk) -> Download:
    """Serve the stored file only to users who may see the evidence (404 otherwise); audited."""
    evidence = get_object_or_404(selectors.evidence_for(actor_of(request)), pk=pk)
    if not evidence.file:
        raise Http404
    audit_record(actor=request.user, kind=AuditKind.DOWNLOAD, action="download", obj=evidence)
    return file_field_response(
        evidence.file, file_name=evidence.file_name, content_type=evidence.content_type
    )
