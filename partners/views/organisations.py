"""Portal pages for an organisation: its accreditations (R-396-5) and its s396 approval actions (R-396-4)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from careportal.lib.actor import actor_of
from careportal.portal import BoundAction, submit_form, transition_view
from partners import forms, selectors, services
from partners import permissions as perms
from partners.models import S396Approval
from partners.views._common import record_context
from partners.views.invitations import invitations_url
from partners.workflow import APPROVAL


@login_required
def organisation_detail(request: HttpRequest, pk) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisations_for(actor_of(request)), pk=pk)
    context = {
        "organisation": organisation,
        "applications": selectors.applications_for(actor_of(request)).filter(organisation=organisation),
        "can_record": perms.can_record_accreditation(actor_of(request)),
        "invitations_url": invitations_url(request, organisation),
        **selectors.organisation_overview(organisation),
    }
    return render(request, "partners/organisation_detail.html", context)


@login_required
def accreditation_create(request: HttpRequest, pk) -> HttpResponse:
    """Staff record a Te Kāhui Kāhu outcome; the review falls due 2 years on by default (R-396-5)."""
    organisation = get_object_or_404(selectors.organisations_for(actor_of(request)), pk=pk)
    if not perms.can_record_accreditation(actor_of(request)):
        raise PermissionDenied
    form = forms.AccreditationForm(request.POST or None)
    done = submit_form(
        request, services.accreditation_record, form=form, success="Accreditation recorded.",
        then="partners:organisation", pk=organisation.pk, organisation=organisation, by=request.user,
    )  # fmt: skip
    if done is not None:
        return done
    context = {"form": form, "organisation": organisation}
    return render(request, "partners/accreditation_form.html", context, status=400 if form.errors else 200)


def _approval_context(
    request: HttpRequest, approval: S396Approval, failed: BoundAction | None = None
) -> dict:
    return {
        "approval": approval,
        "organisation": approval.organisation,
        **record_context(request, APPROVAL, approval, failed),
    }


@login_required
def approval_detail(request: HttpRequest, pk) -> HttpResponse:
    approval = get_object_or_404(selectors.approvals_for(actor_of(request)), pk=pk)
    return render(request, "partners/approval_detail.html", _approval_context(request, approval))


approval_action = transition_view(
    APPROVAL,
    get_object=lambda request, pk: get_object_or_404(selectors.approvals_for(actor_of(request)), pk=pk),
    render_page=lambda request, approval, failed: render(
        request, "partners/approval_detail.html", _approval_context(request, approval, failed)
    ),
    done_url=lambda request, approval: reverse("partners:approval", args=[approval.pk]),
)
