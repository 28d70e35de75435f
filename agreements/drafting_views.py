"""The portal's create/edit form for a draft agreement: terms, parties and the legal maximum.

With JavaScript the maximum appears as dates are entered (static/agreements/legal-maximum.js calling
GET /api/v1/agreements/legal-maximum/); without it, "Check the legal maximum" (or any submit) shows it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from agreements import permissions as perms
from agreements import rules, services
from agreements.choices import AgreementStatus, PartyRole
from agreements.forms import AgreementForm, PartyFormSet, add_violations, parties_from
from agreements.models import Agreement
from agreements.selectors import visible_agreements, visible_children
from agreements.validation import legal_limit, term_violations
from careportal.audit.services import audit_view
from careportal.exceptions import RuleViolation
from careportal.lib.actor import actor_of
from careportal.portal import run_action
from careportal.widgets import finding

PARTIES_PREFIX = "parties"


def _preview(form: AgreementForm) -> dict[str, Any] | None:
    """The legal maximum for whatever the form holds so far, or the reason it cannot be worked out."""
    data = getattr(form, "cleaned_data", {})
    child, start = data.get("child"), data.get("start_date")
    if child is None or start is None or not data.get("agreement_type"):
        return None
    try:
        limit = legal_limit(data, child.date_of_birth)
    except RuleViolation as exc:
        return {"error": exc.full_message}
    return {"max_end_date": rules.format_nz_date(limit.max_end_date), "legal_basis": limit.legal_basis}


def _handle(request: HttpRequest, form: AgreementForm, formset: Any, save) -> Agreement | None:
    """Validate terms and parties with the shared rules; save unless the user only asked for the maximum."""
    if not (form.is_valid() and formset.is_valid()):
        return None
    parties = parties_from(formset)
    values = {k: v for k, v in form.cleaned_data.items() if k != "child"}
    child = form.cleaned_data["child"]
    violations = term_violations(values, date_of_birth=child.date_of_birth, parties=parties)
    add_violations(form, violations)
    if violations or request.POST.get("action") == "check":
        return None
    return run_action(request, save, form=form, child=child, parties=parties, by=request.user, **values)


def _render(
    request: HttpRequest, form: AgreementForm, formset: Any, agreement: Agreement | None
) -> HttpResponse:
    context = {
        "form": form,
        "formset": formset,
        "agreement": agreement,
        "preview": _preview(form) if form.is_bound else None,
        "legal_maximum_url": reverse("agreement-legal-maximum"),
    }
    # A look-up's "Find" (no JavaScript) shows the form again with the matches: not a refusal.
    invalid = not finding(form) and (form.errors or formset.total_error_count())  # e.g. too many parties
    return render(request, "agreements/form.html", context, status=400 if invalid else 200)


@login_required
def agreement_create(request: HttpRequest) -> HttpResponse:
    """Draft a new agreement (social workers)."""
    if not perms.can_draft(actor_of(request)):
        raise PermissionDenied
    children = visible_children(actor_of(request)).order_by("case_reference")
    initial = {"child": request.GET.get("child")} if request.GET.get("child") else None
    form = AgreementForm(request.POST or None, children=children, initial=initial)
    formset = PartyFormSet(request.POST or None, prefix=PARTIES_PREFIX)
    if request.method == "POST":
        agreement = _handle(request, form, formset, services.agreement_create)
        if agreement is not None:
            return redirect(agreement)
    return _render(request, form, formset, None)


@login_required
def agreement_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    """Change a draft's terms and parties; te tamaiti's own party is kept by the system (R-140-4)."""
    agreement = get_object_or_404(visible_agreements(actor_of(request)), pk=pk)
    if not perms.can_draft(actor_of(request)):
        raise PermissionDenied
    if agreement.status != AgreementStatus.DRAFT:
        return redirect(agreement)
    children = visible_children(actor_of(request)).order_by("case_reference")
    parties = [
        {"name": p.name, "role": p.role, "has_custody_right": p.has_custody_right, "signatory": p.signatory}
        for p in agreement.parties.all()
        if p.role != PartyRole.CHILD
    ]
    form = AgreementForm(
        request.POST or None, children=children, initial=AgreementForm.initial_for(agreement)
    )
    formset = PartyFormSet(request.POST or None, prefix=PARTIES_PREFIX, initial=parties)
    if request.method == "POST":

        def save(**kwargs: Any) -> Agreement:
            return services.agreement_update(agreement=agreement, **kwargs)

        if _handle(request, form, formset, save) is not None:
            return redirect(agreement)
    # R-PRIV-3: the form shows the draft's terms and parties, so showing it is a view of the agreement.
    audit_view(actor=request.user, obj=agreement, what="view_draft_form")
    return _render(request, form, formset, agreement)
