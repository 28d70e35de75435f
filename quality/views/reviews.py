"""Review pages: the list, the review page with its forms, transitions and the final report download."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import BoundField
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from careportal.audit.models import AuditEntry
from careportal.lib.actor import actor_of
from careportal.portal import BoundAction, OfferedActions, offered_actions, run_action, transition_view
from careportal.preparing import document_status, preparing_page

from .. import selectors, services
from ..choices import ACTION_CREATE_STATUSES, ACTIVITY_STATUSES, FINDING_STATUSES, ReviewStatus
from ..downloads import final_report_download
from ..exports import reviews_csv
from ..forms import ActionForm, ActivityForm, FindingEditForm, FindingForm, ReviewEditForm
from ..models import Finding, QAReview
from ..permissions import is_reviewer
from ..rules import period_has_started
from ..services.report import request_final_report
from ..workflow import REVIEW
from ._common import page_of, query_without_page, require_reader, visible_review


@login_required
def review_list(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    require_reader(request)
    qs = selectors.reviews_list_for(actor_of(request)).order_by("-planned_for", "-reference")
    status = request.GET.get("status", "")
    if status:
        # An unknown status lists nothing rather than everything as if unfiltered.
        qs = qs.filter(status=status) if status in ReviewStatus.values else qs.none()
    search = request.GET.get("q", "").strip()
    if search:
        qs = qs.filter(reference__icontains=search) | qs.filter(
            cycle__organisation__legal_name__icontains=search
        )
    if request.GET.get("format") == "csv":
        return reviews_csv(request, qs)
    context = {
        "page": page_of(request, qs),
        "query": query_without_page(request),
        "statuses": ReviewStatus.choices,
        "status": status,
        "q": search,
    }
    return render(request, "quality/review_list.html", context)


def _detail(
    request: HttpRequest,
    review: QAReview,
    forms: dict[str, Any] | None = None,
    failed: BoundAction | None = None,
) -> HttpResponse:
    """The review page; `forms` (or `failed`) carries a bound form with errors after a failed POST."""
    user, status = actor_of(request), review.status
    hub = is_reviewer(user)
    forms = forms or {}
    today = services.nz_today()
    offered = offered_actions(REVIEW, review, user, failed)
    # The partner's response form is laid out around the findings (an answer beside each), not with the
    # other actions.
    respond = next((a for a in offered if a.name == "respond"), None)
    may_edit_findings = hub and status in FINDING_STATUSES
    context = {
        "review": review,
        "finding_rows": [
            FindingRow(
                f,
                # a refused change comes back with its error, even when the review has just moved on
                edit=forms.get(f"finding-{f.pk}") or (FindingEditForm(finding=f) if may_edit_findings else None),
                answer=respond.form.answer_field(f) if respond is not None else None,  # type: ignore[attr-defined]
            )
            for f in selectors.findings_for(review)
        ],
        "respond": respond,
        # QA-D5: finalise is not offered before the period reviewed starts; the page says from when.
        "finalise_from": review.period_start
        if status == ReviewStatus.PARTNER_RESPONSE and hub and not period_has_started(review.period_start, today)
        else None,
        "activities": list(selectors.activities_for(review)),
        "actions": list(selectors.actions_for(user, today).filter(review=review)),
        "history": AuditEntry.objects.for_object(review).history(),
        "transitions": OfferedActions(a for a in offered if a is not respond),
        "edit_form": _hub_form(hub and status != ReviewStatus.FINAL, forms, "edit", ReviewEditForm, review=review,
                               initial=_edit_initial(review)),
        "activity_form": _hub_form(hub and status in ACTIVITY_STATUSES, forms, "activity", ActivityForm),
        "finding_form": _hub_form(hub and status in FINDING_STATUSES, forms, "finding", FindingForm, review=review),
        "action_form": _hub_form(hub and status in ACTION_CREATE_STATUSES, forms, "action", ActionForm, review=review),
    }  # fmt: skip
    return render(request, "quality/review_detail.html", context)


@dataclass(frozen=True)
class FindingRow:
    """A finding on the review page, with the Hub's form to change it or the partner's answer field."""

    finding: Finding
    edit: FindingEditForm | None = None
    answer: BoundField | None = None


def _hub_form(show: bool, forms: dict, key: str, form_class: Any, **kwargs: Any) -> Any:
    if not show:
        return None
    return forms.get(key) or form_class(**kwargs)


def _edit_initial(review: QAReview) -> dict:
    fields = ("planned_for", "period_start", "period_end", "summary")
    return {name: getattr(review, name) for name in fields}


@login_required
def review_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    return _detail(request, visible_review(request, pk))


review_transition = transition_view(
    REVIEW,
    get_object=visible_review,
    render_page=lambda request, review, failed: _detail(request, review, failed=failed),
    done_url=lambda request, review: reverse("quality:review_detail", args=[review.pk]),
)


def _record(
    request: HttpRequest, pk: Any, key: str, bind: Callable[[QAReview], Any], service: Any, success: str
) -> HttpResponse:
    """Validate a form on the review page (`bind` makes it from the POST for the review), run its service,
    or show the page again with the errors."""
    review = visible_review(request, pk)
    form = bind(review)
    if form.is_valid():
        arguments = (
            form.service_arguments() if hasattr(form, "service_arguments") else dict(form.cleaned_data)
        )
        if run_action(
            request, service, form=form, success=success, review=review, by=request.user, **arguments
        ):
            return redirect("quality:review_detail", pk=review.pk)
    return _detail(request, review, {key: form})


@login_required
@require_POST
def review_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    review = visible_review(request, pk)
    form = ReviewEditForm(request.POST, review=review)
    if form.is_valid() and run_action(
        request, services.review_update, form=form, success="The review was updated.",
        review=review, by=request.user, **form.changes(),
    ):  # fmt: skip
        return redirect("quality:review_detail", pk=review.pk)
    return _detail(request, review, {"edit": form})


@login_required
@require_POST
def activity_add(request: HttpRequest, pk: Any) -> HttpResponse:
    bind = lambda review: ActivityForm(request.POST)  # noqa: E731
    return _record(request, pk, "activity", bind, services.activity_record, "Activity recorded.")


@login_required
@require_POST
def finding_add(request: HttpRequest, pk: Any) -> HttpResponse:
    bind = lambda review: FindingForm(request.POST, review=review)  # noqa: E731
    return _record(request, pk, "finding", bind, services.finding_record, "Finding recorded.")


@login_required
@require_POST
def finding_edit(request: HttpRequest, pk: Any, finding_id: Any) -> HttpResponse:
    """The Hub changes a finding's rating or narrative (services.finding_update says while when)."""
    review = visible_review(request, pk)
    if not is_reviewer(actor_of(request)):
        raise PermissionDenied
    finding = get_object_or_404(Finding.objects.select_related("review"), pk=finding_id, review=review)
    form = FindingEditForm(request.POST, finding=finding)
    if form.is_valid() and run_action(
        request, services.finding_update, form=form, success="Finding changed.",
        finding=finding, by=request.user, **form.cleaned_data,
    ):  # fmt: skip
        return redirect(f"{reverse('quality:review_detail', args=[review.pk])}#finding-{finding.pk}")
    page = _detail(request, review, {f"finding-{finding.pk}": form})
    page.status_code = 400  # refused: the page again, the error beside that finding's form
    return page


@login_required
@require_POST
def action_add(request: HttpRequest, pk: Any) -> HttpResponse:
    bind = lambda review: ActionForm(request.POST, review=review)  # noqa: E731
    return _record(request, pk, "action", bind, services.action_create, "Improvement action recorded.")


@login_required
def review_pdf(request: HttpRequest, pk: Any) -> Any:
    """The final report (audited download); none before the review is final (404), and while the queue
    is still making it a page says so (202)."""
    review = visible_review(request, pk)
    if review.status != ReviewStatus.FINAL:
        raise Http404("The final report exists once the review is final.")
    if not (review.final_report or request_final_report(review)):
        return preparing_page(
            request,
            title=f"Final report of review {review.reference}",
            download_url=reverse("quality:review_pdf", args=[review.pk]),
            status_url=reverse("quality:review_pdf_status", args=[review.pk]),
            back_url=reverse("quality:review_detail", args=[review.pk]),
        )
    return final_report_download(review, by=actor_of(request))


@login_required
def review_pdf_status(request: HttpRequest, pk: Any) -> Any:
    """Whether the final report is ready (polled by the preparing page; nothing downloaded or queued)."""
    review = visible_review(request, pk)
    return document_status(
        ready=bool(review.final_report), download_url=reverse("quality:review_pdf", args=[review.pk])
    )
