"""Portal pages for care agreements and tamariki. GET: selector → template; POST: form → service → redirect."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from agreements import permissions as perms
from agreements import services, versions
from agreements.choices import AgreementStatus
from agreements.exports import agreements_csv
from agreements.filters import AgreementListFilter
from agreements.forms import ChildForm, RedraftForm
from agreements.models import Agreement, Child
from agreements.overlaps import recent_s139
from agreements.selectors import (
    history,
    record_views,
    visible_agreement_rows,
    visible_agreements,
    visible_children,
)
from agreements.services.common import out_of_time
from agreements.workflow import AGREEMENT
from careportal.audit.services import audit_list_view, audit_view
from careportal.lib.actor import Actor, actor_of
from careportal.lib.dates import nz_today
from careportal.pagination import LargeCountPaginator
from careportal.portal import BoundAction, offered_actions, submit_form, transition_view
from careportal.widgets import filter_data
from careportal.workflow import allowed_transitions

from .drafting_views import agreement_create, agreement_edit  # noqa: F401 - re-exported for urls


def documents_context(agreement: Agreement) -> dict[str, Any]:
    """The documents section (agreement page and its refreshed panel): every version, and whether the
    queue is still making one."""
    return {
        "documents": list(agreement.documents.all()),  # prefetched, oldest first (selectors)
        "preparing": versions.being_prepared(agreement),
    }


PAGE_SIZE = 25


def _require_visibility(user: Actor) -> None:
    """Roles that can see no agreement at all (e.g. providers) get 404, like any record they cannot see."""
    if not (perms.is_agreement_staff(user) or perms.is_partner_user(user)):
        raise Http404


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """All visible agreements, filtered (status, type, site, caregiver, ends within N days, case reference).
    A POST is a look-up's "Find" without JavaScript: the filters again with the matches to choose from,
    the list as the URL's filters have it (R-PRIV-2: typed names are POSTed, never in the URL)."""
    _require_visibility(actor_of(request))
    rows = visible_agreement_rows(actor_of(request)).order_by("-created_at")
    # The look-ups' choices are the user's to see (R-PRIV-1).
    filterset = AgreementListFilter(request.GET or None, queryset=rows, request=request)
    shown = (
        AgreementListFilter(filter_data(request), queryset=rows, request=request)
        if request.method == "POST"
        else filterset
    )
    if request.GET.get("format") == "csv" and filterset.is_valid():
        return agreements_csv(request, filterset.qs)
    page = LargeCountPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for agreement in page:
        agreement.transitions = allowed_transitions(agreement, actor_of(request))
    return render(
        request,
        "agreements/list.html",
        {
            "filter": shown,
            "page": page,
            "query": _query_without_page(request),
            "can_draft": perms.can_draft(actor_of(request)),
        },
    )


def _visible_agreement(request: HttpRequest, pk: Any) -> Agreement:
    # The approver is shown once approved: joined, so every state costs the same queries (decision 0010).
    return get_object_or_404(visible_agreements(actor_of(request)).select_related("approved_by"), pk=pk)


def _render_detail(
    request: HttpRequest,
    agreement: Agreement,
    failed: BoundAction | None = None,
    redraft_form: RedraftForm | None = None,
) -> HttpResponse:
    lapsed = agreement.status == AgreementStatus.LAPSED
    awaiting = agreement.status == AgreementStatus.AWAITING_SUPERVISOR
    context = {
        # R-DATE-5: a lapsed agreement is started again as a new draft with new dates.
        "redraft_form": (redraft_form or RedraftForm())
        if lapsed and perms.can_draft(actor_of(request))
        else None,
        # R-ALL-9: the warning the supervisor acknowledges when approving.
        "repeat_warning": recent_s139(agreement) if awaiting else None,
        # R-ALL-10: judged on today, before the sweep has changed the status.
        "out_of_time": out_of_time(agreement, nz_today()),
        "agreement": agreement,
        "child": agreement.child,
        "termination": agreement.current_termination,
        "actions": offered_actions(AGREEMENT, agreement, actor_of(request), failed),
        "history": history(agreement),
        **documents_context(agreement),
        "can_edit": agreement.status == AgreementStatus.DRAFT and perms.can_draft(actor_of(request)),
    }
    return render(request, "agreements/detail.html", context)


@login_required
def agreement_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    """Summary, legal basis, warnings, signatories, extensions, ending, history and the actions; audited."""
    agreement = _visible_agreement(request, pk)
    audit_view(actor=request.user, obj=agreement)
    return _render_detail(request, agreement)


@login_required
def agreement_redraft(request: HttpRequest, pk: Any) -> HttpResponse:
    """POST: a new draft from a lapsed agreement with new dates (R-DATE-5); the new draft's page next."""
    agreement = _visible_agreement(request, pk)
    if request.method != "POST":
        return redirect(agreement)
    if not perms.can_draft(actor_of(request)):
        raise PermissionDenied
    form = RedraftForm(request.POST)
    done = submit_form(
        request,
        services.agreement_redraft,
        form=form,
        success="A new draft was started with the new dates. Check it, then submit it for approval.",
        then="agreements:detail",
        agreement=agreement,
        by=actor_of(request),
    )
    if done is not None:
        return done
    response = _render_detail(request, agreement, redraft_form=form)
    response.status_code = 400
    return response


agreement_transition = transition_view(
    AGREEMENT,
    get_object=_visible_agreement,
    render_page=_render_detail,
    done_url=lambda request, agreement: agreement.get_absolute_url(),
)


# --- Tamariki --------------------------------------------------------------------------------------


@login_required
def child_list(request: HttpRequest) -> HttpResponse:
    """Tamariki, searchable by case reference only (no names in URLs, R-PRIV-2)."""
    _require_visibility(actor_of(request))
    children = visible_children(actor_of(request)).order_by("case_reference")
    search = request.GET.get("case_reference", "").strip()
    if search:
        children = children.filter(case_reference__icontains=search)
    page = LargeCountPaginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    # R-PRIV-3: names and dates of birth are shown, so the page is a view of each tamaiti on it.
    audit_list_view(actor=request.user, object_type=Child._meta.label_lower, object_ids=[c.pk for c in page])
    return render(
        request,
        "agreements/children.html",
        {
            "page": page,
            "search": search,
            "query": _query_without_page(request),
            "can_draft": perms.can_draft(actor_of(request)),
        },
    )


@login_required
def child_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    """Te tamaiti and the agreements about them that the user may see; the view is audited (R-PRIV-3)."""
    child = get_object_or_404(visible_children(actor_of(request)), pk=pk)
    audit_view(actor=request.user, obj=child)
    agreements = visible_agreements(actor_of(request)).filter(child=child).order_by("-start_date")
    context = {"child": child, "agreements": agreements, "can_draft": perms.can_draft(actor_of(request))}
    if perms.can_see_record_views(actor_of(request)):
        context["record_views"] = record_views(child)
    return render(request, "agreements/child_detail.html", context)


@login_required
def child_create(request: HttpRequest) -> HttpResponse:
    if not perms.can_draft(actor_of(request)):
        raise PermissionDenied
    form = ChildForm(request.POST or None)
    done = submit_form(
        request,
        services.child_create,
        form=form,
        success="Tamaiti recorded.",
        then="agreements:child_detail",
        by=actor_of(request),
    )
    return done or render(request, "agreements/child_form.html", {"form": form})
