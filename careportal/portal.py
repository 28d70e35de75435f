"""Portal helpers shared by every app's views: run a service and turn domain errors into messages, and
the one POST view and action list of every app's transitions (the tables of `careportal.workflow`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST

from careportal.exceptions import ConditionUnmet, DomainError, NotPermitted, TransitionNotAllowed
from careportal.lib.actor import Actor, actor_of
from careportal.lib.dates import format_nz_date
from careportal.lib.plain import explained
from careportal.widgets import finding
from careportal.workflow import Transition, Workflow, check_transition, next_actions


def run_action(
    request: HttpRequest,
    service: Callable[..., Any],
    *,
    form: forms.Form | None = None,
    success: str = "",
    **kwargs: Any,
) -> Any | None:
    """Call `service(**kwargs)`; show a domain error beside its form field (or as a message), return None."""
    try:
        result = service(**kwargs)
    except DomainError as exc:
        field = exc.field if form is not None and exc.field in getattr(form, "fields", {}) else None
        # Plain words: the rule's id goes behind a "Why?" disclosure (careportal.lib.plain).
        if form is not None:
            form.add_error(field, explained(exc.message, exc.rule))
        else:
            messages.error(request, explained(exc.message, exc.rule).html())
        return None
    if success:
        messages.success(request, explained(success).html())
    return result


def submit_form(
    request: HttpRequest,
    service: Callable[..., Any],
    *,
    form: forms.Form,
    success: str,
    then: str,
    pk: Any = None,
    **kwargs: Any,
) -> HttpResponse | None:
    """Validate `form` and call `service(**kwargs, **form.cleaned_data)` through `run_action`; on success
    redirect to the URL named `then` of `pk` (by default the record the service returned). None when the
    form or the service refused (the errors are on the form, for the caller to show the page again) and for
    an unbound form, a GET's `Form(request.POST or None)`, which is never valid."""
    if not form.is_valid():
        return None
    result = run_action(request, service, form=form, success=success, **kwargs, **form.cleaned_data)
    if result is None:
        return None
    return redirect(then, pk=result.pk if pk is None else pk)


# --- Transitions from the portal: one POST view and one "what you can do now" list for every app ----


class ConfirmForm(forms.Form):
    """The form of a transition that takes no input: the button is the confirmation (an irreversible
    one's is the confirmation page's "Yes")."""


CONFIRMED = "confirmed"  # the confirmation page's "Yes" sends confirmed=yes with the inputs again


@dataclass
class BoundAction:
    """One transition offered on a page: its table row, its form (bound after a refusal) and its URL."""

    name: str
    transition: Transition
    form: forms.Form
    url: str


def transition_form(
    workflow: Workflow, name: str, instance: Any, data: Any = None, files: Any = None
) -> forms.Form:
    """The portal form of transition `name`; a form class with `takes_record = True` is given the record."""
    form_class = workflow[name].form or ConfirmForm
    kwargs: dict[str, Any] = {workflow.record: instance} if getattr(form_class, "takes_record", False) else {}
    if workflow.prefix_forms:
        kwargs["prefix"] = name
    return form_class(data, files, **kwargs)


class OfferedActions(list[BoundAction]):
    """The offered actions in order; `steps` and `final` (the irreversible ones) for the page's two groups."""

    @property
    def steps(self) -> list[BoundAction]:
        return [item for item in self if not item.transition.irreversible]

    @property
    def final(self) -> list[BoundAction]:
        return [item for item in self if item.transition.irreversible]


def offered_actions(
    workflow: Workflow, instance: Any, user: Actor, failed: BoundAction | None = None
) -> OfferedActions:
    """The transitions `user` may take now, next step first and irreversible last, each with its form;
    a refused one keeps its submitted form and errors."""
    names = next_actions(workflow, instance, user)
    offered = [
        failed
        if failed is not None and failed.name == name
        else BoundAction(
            name,
            workflow[name],
            transition_form(workflow, name, instance),
            reverse(workflow.portal_url, args=[instance.pk, name]),
        )
        for name in names
    ]
    # A refusal for an unmet condition is not among the offered ones: show it first, with its error.
    return OfferedActions([failed, *offered] if failed is not None and failed.name not in names else offered)


def transition_view(
    workflow: Workflow,
    *,
    get_object: Callable[[HttpRequest, Any], Any],
    render_page: Callable[[HttpRequest, Any, BoundAction], HttpResponse],
    done_url: Callable[[HttpRequest, Any], str],
) -> Callable[..., HttpResponse]:
    """The one POST view of an app's transitions: `…/<pk>/<name>/`.

    Unknown name 404; a role that may not 403; a transition no longer possible from the state (someone
    else moved the record) is said in a message on the record's page. Otherwise the form is validated
    and the service run; an unmet condition or a refusal shows the page again (400) with the error
    beside the form.
    """

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: Any, name: str) -> HttpResponse:
        instance = get_object(request, pk)
        if name not in workflow:
            raise Http404
        row = workflow[name]
        form = transition_form(workflow, name, instance, request.POST, request.FILES)
        try:
            check_transition(instance, name, actor_of(request))
        except NotPermitted as exc:
            raise PermissionDenied(exc.message) from exc
        except ConditionUnmet as exc:
            # Beside the form the person used, before any confirmation; the rule behind "Why?".
            form.add_error(None, explained(exc.message, exc.rule))
        except TransitionNotAllowed as exc:
            messages.error(request, explained(exc.message, exc.rule).html())
            return redirect(done_url(request, instance))
        url = reverse(workflow.portal_url, args=[instance.pk, name])
        if not form.errors and form.is_valid():
            if row.irreversible and request.POST.get(CONFIRMED) != "yes":
                # Not run until confirmed: the page restates what will happen, "Yes" sends it all again.
                return confirmation_page(request, row, instance, form, url, done_url(request, instance))
            inputs = dict(form.cleaned_data)
            # A closure: a form may have a field called "form" or "service", which run_action itself takes.
            done = run_action(
                request,
                lambda: workflow.run(name, instance, by=actor_of(request), **inputs),
                form=form,
            )
            if done is not None:
                # The message says who acts next from where the step left the record (the service's copy).
                model = type(instance)
                after = done if isinstance(done, model) else model._default_manager.get(pk=instance.pk)
                messages.success(request, explained(row.message(after)).html())
                return redirect(done_url(request, instance))
        page = render_page(request, get_object(request, pk), BoundAction(name, row, form, url))
        page.status_code = 200 if finding(form) else 400  # a look-up's "Find" is no refusal
        return page

    return view


def _answer(field: forms.BoundField, value: Any) -> str:
    """What a person entered, as they chose it: a choice's label, a date in words, "Yes" for a tick."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "isoformat") and not hasattr(value, "hour"):
        return format_nz_date(value)
    if isinstance(field.field, forms.ChoiceField) and not isinstance(field.field, forms.ModelChoiceField):
        choices: Any = field.field.choices  # a flat list on a portal form's choice field
        labels = {str(key): label for key, label in choices}
        return str(labels.get(str(value), value))
    return str(value)


def confirmation_page(
    request: HttpRequest, row: Transition, instance: Any, form: forms.Form, url: str, back: str
) -> HttpResponse:
    """The confirmation of an irreversible step: what will happen, what was entered, "Yes, …" (a POST of
    the same inputs with confirmed=yes) and "No, go back" (a link to the record: nothing is sent)."""
    resend = [
        (key, value)
        for key in request.POST
        if key not in ("csrfmiddlewaretoken", CONFIRMED)
        for value in request.POST.getlist(key)
    ]
    answers = [
        (str(explained(str(field.label))), _answer(field, form.cleaned_data[field.name]))
        for field in form
        if not field.is_hidden and form.cleaned_data.get(field.name) not in (None, "", [])
    ]
    context = {
        "row": row,
        "record": instance,
        "answers": answers,
        "resend": resend,
        "action_url": url,
        "back_url": back,
        "yes": f"Yes, {row.label[:1].lower()}{row.label[1:]}",
    }
    return render(request, "portal/confirm.html", context)


def record_routes(
    *,
    list_view: Callable[..., HttpResponseBase],
    create: Callable[..., HttpResponseBase],
    detail: Callable[..., HttpResponseBase],
    edit: Callable[..., HttpResponseBase],
    transition: Callable[..., HttpResponseBase],
    pages: Sequence[URLPattern] = (),
) -> list[URLPattern]:
    """A kind of record's portal routes: its list, new, the record, its edit page and its own `pages`
    (`<uuid:pk>/…`), then its transitions, last, since `<slug:name>` would also take a page's name."""
    return [
        path("", list_view, name="list"),
        path("new/", create, name="create"),
        path("<uuid:pk>/", detail, name="detail"),
        path("<uuid:pk>/edit/", edit, name="edit"),
        *pages,
        path("<uuid:pk>/<slug:name>/", transition, name="transition"),
    ]
