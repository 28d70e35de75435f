"""Portal pages for an organisation: its accreditations (R-396-5) and its s396 approval actions (R-396-4)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from careportal.audit.models import AuditEntry
from careportal.portal import run_action
from partners import forms, selectors, services
from partners import permissions as perms
from partners.models import S396Approval

from .common import Action, BoundAction, offered_actions, run_posted_action

APPROVAL_ACTIONS: dict[str, Action] = {
    "propose_suspension": Action(
        services.approval_propose_suspension, forms.ReasonForm, "Give notice of a proposed suspension",
        "Notice given; the organisation may respond.", danger=True,
    ),
    "propose_revocation": Action(
        services.approval_propose_revocation, forms.ReasonForm, "Give notice of a proposed revocation",
        "Notice given; the organisation may respond.", danger=True,
    ),
    "respond": Action(services.approval_respond, forms.ResponseForm, "Send our response", "Your response has been recorded."),
    "withdraw_notice": Action(services.approval_withdraw_notice, forms.ReasonForm, "Withdraw the notice", "Notice withdrawn."),
    "suspend": Action(
        services.approval_suspend, forms.GazetteForm, "Suspend the approval", "The approval is suspended.", danger=True
    ),
    "revoke": Action(
        services.approval_revoke, forms.GazetteForm, "Revoke the approval", "The approval is revoked.", danger=True
    ),
    "reinstate": Action(
        services.approval_reinstate, forms.ReinstateForm, "Reinstate the approval", "The approval is reinstated."
    ),
}  # fmt: skip


@login_required
def organisation_detail(request: HttpRequest, pk) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisations_for(request.user), pk=pk)
    context = {
        "organisation": organisation,
        "applications": selectors.applications_for(request.user).filter(organisation=organisation),
        "can_record": perms.can_record_accreditation(request.user),
        **selectors.organisation_overview(organisation),
    }
    return render(request, "partners/organisation_detail.html", context)


@login_required
def accreditation_create(request: HttpRequest, pk) -> HttpResponse:
    """Staff record a Te Kāhui Kāhu outcome; the review falls due 2 years on by default (R-396-5)."""
    organisation = get_object_or_404(selectors.organisations_for(request.user), pk=pk)
    if not perms.can_record_accreditation(request.user):
        raise PermissionDenied
    form = forms.AccreditationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_action(
            request, services.accreditation_record, form=form, success="Accreditation recorded.",
            organisation=organisation, by=request.user, **form.cleaned_data,
        )  # fmt: skip
        if done is not None:
            return redirect("partners:organisation", pk=organisation.pk)
    context = {"form": form, "organisation": organisation}
    return render(request, "partners/accreditation_form.html", context, status=400 if form.errors else 200)


def _approval_context(
    request: HttpRequest, approval: S396Approval, failed: BoundAction | None = None
) -> dict:
    return {
        "approval": approval,
        "organisation": approval.organisation,
        "actions": offered_actions(approval, request.user, APPROVAL_ACTIONS, failed),
        "history": AuditEntry.objects.for_object(approval).history(),
        "today": selectors.nz_today(),
    }


@login_required
def approval_detail(request: HttpRequest, pk) -> HttpResponse:
    approval = get_object_or_404(selectors.approvals_for(request.user), pk=pk)
    return render(request, "partners/approval_detail.html", _approval_context(request, approval))


@login_required
@require_POST
def approval_action(request: HttpRequest, pk, name: str) -> HttpResponse:
    approval = get_object_or_404(selectors.approvals_for(request.user), pk=pk)
    done, bound = run_posted_action(request, "approval", approval, name, APPROVAL_ACTIONS)
    if done:
        return redirect("partners:approval", pk=approval.pk)
    approval = selectors.approvals_for(request.user).get(pk=approval.pk)
    return render(
        request, "partners/approval_detail.html", _approval_context(request, approval, bound), status=400
    )
