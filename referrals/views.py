"""Portal pages for referrals. GET: selector → template; POST: form → service → redirect."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from careportal.accounts.submissions import claim_submission
from careportal.audit.models import AuditEntry
from careportal.audit.services import audit_view
from careportal.lib.actor import Actor, actor_of
from careportal.lib.dates import nz_today
from careportal.pagination import LargeCountPaginator
from careportal.portal import BoundAction, offered_actions, run_action, transition_view
from careportal.widgets import filter_data

from . import forms, permissions, selectors, services
from .choices import CONTACT_LOG_STATUSES, REFERRAL_FIELDS, ReferralStatus
from .exports import inbox_csv, referrals_csv
from .models import Referral
from .workflow import REFERRAL

PAGE_SIZE = 25
# A refused form shown again on the detail page: a transition's, or the contact log's ("contact", form).
FailedForm = BoundAction | tuple[str, Any] | None


PROGRESS_STEPS = [
    (status, ReferralStatus(status).label)
    for status in ("draft", "consent_pending", "consented", "referred", "accepted", "monitoring", "closed")
]


def _done_steps(referral: Referral) -> set[str]:
    """The main-path steps this referral has been through, from what it records (for the progress bar)."""
    S = ReferralStatus
    done: set[str] = set()
    if referral.status != S.DRAFT:
        done.add(S.DRAFT)
    if referral.consent_given is not None:
        done.add(S.CONSENT_PENDING)
    if referral.referred_on:
        done.add(S.CONSENTED)
    if referral.status in (S.ACCEPTED, S.MONITORING) or (
        referral.provider_id and referral.provider_responded_on
    ):
        done.add(S.REFERRED)
    if referral.status == S.MONITORING:
        done.add(S.ACCEPTED)
    return done


def _visible(request: HttpRequest, pk: Any) -> Referral:
    """The referral if this user may see it; anything else (another provider's included) is a 404."""
    return get_object_or_404(selectors.referrals_for(actor_of(request)), pk=pk)


@login_required
def referral_list(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Staff list of referrals with filters (status, provider, site, overdue contact)."""
    if permissions.is_provider_user(actor_of(request)):
        return redirect("referrals:inbox")
    if not permissions.is_staff_reader(actor_of(request)):
        raise PermissionDenied
    form = forms.ReferralFilterForm(request.GET or None)
    # A POST is the provider look-up's "Find" without JavaScript: the filters again with the matches, the
    # list as the URL's filters have it (typed text is POSTed, never in the URL: R-PRIV-2).
    shown = forms.ReferralFilterForm(filter_data(request)) if request.method == "POST" else form
    filters = selectors.ReferralFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.ReferralFilters(
            status=data["status"],
            provider=str(data["provider"].pk) if data["provider"] else "",
            site=data["site"],
            contact_overdue=data["contact_overdue"],
        )
    today = nz_today()
    queryset = selectors.referral_list(actor_of(request), filters, today=today)
    if form.is_bound and not form.is_valid():
        queryset = queryset.none()  # an invalid filter lists nothing, not everything under the error
    if request.GET.get("format") == "csv":
        return referrals_csv(request, queryset)
    page = LargeCountPaginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": shown,
        "page": page,
        "query": query.urlencode(),
        "today": today,
        "can_create": permissions.is_manager(actor_of(request)),
    }
    return render(request, "referrals/list.html", context)


@login_required
def referral_inbox(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """A provider's referrals: those to accept or decline, then the ones it is working on (or as CSV)."""
    if not permissions.is_provider_user(actor_of(request)):
        raise PermissionDenied
    if request.GET.get("format") == "csv":
        return inbox_csv(request, selectors.provider_inbox(actor_of(request)))
    awaiting = list(selectors.provider_awaiting(actor_of(request)))
    page = LargeCountPaginator(selectors.provider_current(actor_of(request)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "referrals/inbox.html", {"awaiting": awaiting, "page": page, "today": nz_today()})


def _detail_context(request: HttpRequest, referral: Referral, failed: FailedForm = None) -> dict:
    user = actor_of(request)
    failed_action = failed if isinstance(failed, BoundAction) else None
    can_contact = permissions.can_log_contact(referral, user) and referral.status in CONTACT_LOG_STATUSES
    contact_form = (
        failed[1]
        if isinstance(failed, tuple) and failed[0] == "contact"
        else forms.ContactForm(initial={"contacted_on": nz_today()})
    )
    return {
        "referral": referral,
        "actions": offered_actions(REFERRAL, referral, user, failed_action),
        "contacts": selectors.contacts_for(referral),
        "contact_form": contact_form if can_contact else None,
        "today": nz_today(),
    }


def _render_detail(request: HttpRequest, referral: Referral, failed: FailedForm = None, status: int = 200):
    context = _detail_context(request, referral, failed)
    if permissions.is_provider_user(actor_of(request)):
        # R-PRIV-1: the provider's page shows the eight fields, the status and the contact log only.
        return render(request, "referrals/detail_provider.html", context, status=status)
    missing = referral.missing_fields
    context.update(
        {
            "checklist": [(label, name not in missing) for name, label, _ in REFERRAL_FIELDS],
            "complete_count": len(REFERRAL_FIELDS) - len(missing),
            "steps": PROGRESS_STEPS,
            "done_steps": _done_steps(referral),
            "decisions": selectors.decisions_for(referral),
            "history": AuditEntry.objects.for_object(referral).history(),
            "can_edit": permissions.is_manager(actor_of(request)) and referral.is_editable,
        }
    )
    return render(request, "referrals/detail.html", context, status=status)


@login_required
def referral_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    referral = _visible(request, pk)
    audit_view(actor=request.user, obj=referral)  # R-PRIV-3
    return _render_detail(request, referral)


@login_required
def referral_create(request: HttpRequest) -> HttpResponse:
    if not permissions.is_manager(actor_of(request)):
        raise PermissionDenied
    form = forms.ReferralForm(request.POST or None, user=actor_of(request))
    if request.method == "POST" and form.is_valid():
        # A double click or a resent form makes one draft: the form's one-time key is claimed in the
        # transaction that creates the referral (in the database, so a cache outage changes nothing).
        with transaction.atomic():
            if not claim_submission(actor_of(request), request.POST.get("submission_token", "")):
                messages.info(request, "This referral was already submitted: it is in the list below.")
                return redirect("referrals:list")
            referral = run_action(
                request,
                services.referral_create,
                form=cast(Any, form),  # run_action is typed for Form; a ModelForm works the same
                success="Draft referral saved.",
                by=request.user,
                **form.cleaned_data,
            )
            if referral is None:
                transaction.set_rollback(True)  # refused: the key stays unclaimed
        if referral is not None:
            return redirect("referrals:detail", pk=referral.pk)
    context = {"form": form, "referral": None, "submission_token": uuid.uuid4().hex}
    return render(request, "referrals/form.html", context)


@login_required
def referral_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    referral = _visible(request, pk)
    if not permissions.is_manager(actor_of(request)):
        raise PermissionDenied
    if not referral.is_editable:
        messages.error(request, "This referral has been sent to a provider and can no longer be changed.")
        return redirect("referrals:detail", pk=referral.pk)
    # The form gets its own copy: validating a ModelForm writes the typed values onto its instance, and
    # the service compares the new values with what is saved.
    form = forms.ReferralForm(request.POST or None, instance=Referral.objects.get(pk=referral.pk))
    if request.method == "POST" and form.is_valid():
        done = run_action(
            request,
            services.referral_update,
            form=cast(Any, form),
            success="Referral saved.",
            referral=referral,
            by=request.user,
            **form.cleaned_data,
        )
        if done is not None:
            return redirect("referrals:detail", pk=referral.pk)
    return render(request, "referrals/form.html", {"form": form, "referral": referral})


def _after_transition(request: HttpRequest, referral: Referral) -> str:
    if not selectors.referrals_for(actor_of(request)).filter(pk=referral.pk).exists():
        return reverse("referrals:inbox")  # a provider that declined no longer sees it
    return reverse("referrals:detail", args=[referral.pk])


referral_transition = transition_view(
    REFERRAL,
    get_object=_visible,
    render_page=lambda request, referral, failed: _render_detail(request, referral, failed),
    done_url=_after_transition,
)


@login_required
@require_POST
def referral_contact_add(request: HttpRequest, pk: Any) -> HttpResponse:
    referral = _visible(request, pk)
    form = forms.ContactForm(request.POST)
    if form.is_valid():
        contact = run_action(
            request,
            services.referral_contact_log,
            form=form,
            success="Contact logged.",
            referral=referral,
            by=request.user,
            **form.cleaned_data,
        )
        if contact is not None:
            return redirect(f"{referral_url(referral)}#contacts")
    return _render_detail(request, referral, failed=("contact", form), status=400)


def referral_url(referral: Referral) -> str:
    return services.detail_link(referral)


@login_required
def pathways_agenda(request: HttpRequest) -> HttpResponse:
    """R-PR-4: a site's pathways meeting agenda: the referrals escalated to it on the chosen date.

    Without a choice it shows the user's site and its next meeting with escalated referrals (or today).
    """
    if not permissions.is_staff_reader(actor_of(request)):
        raise PermissionDenied
    today = nz_today()
    user: Actor = actor_of(request)
    form = forms.AgendaForm(request.GET or None, extra_site=user.site)
    site: str = form.cleaned_data["site"] if form.is_valid() else user.site
    meetings = selectors.upcoming_meetings(site=site, today=today)
    day: date = form.cleaned_data["day"] if form.is_valid() else today
    if not form.is_bound and meetings:
        day = meetings[0]["pathways_meeting_on"]
    if not form.is_bound:
        form = forms.AgendaForm(initial={"site": site, "day": day}, extra_site=user.site)
    context = {
        "form": form,
        "site": site,
        "day": day,
        "referrals": list(selectors.pathways_agenda(site=site, day=day)),
        "meetings": meetings,
    }
    return render(request, "referrals/agenda.html", context)
