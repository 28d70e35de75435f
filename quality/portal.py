"""This app's part of the portal home page ("my work"): one query per section whatever the data size."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from careportal.calendar_feed import CalendarEvent, dated_events
from careportal.home import WorkItem, WorkSection, counted_first
from careportal.lib.actor import Actor
from careportal.lib.dates import format_nz_date

from . import selectors
from .choices import ActionStatus, ReviewStatus
from .permissions import is_partner_user, is_reviewer
from .services import nz_today

FIRST = 5


def _section(
    title: str, qs: QuerySet, url: str, item: Callable[[Any], WorkItem], urgent: bool = False
) -> WorkSection:
    count, rows = counted_first(qs, FIRST)
    return WorkSection(title, count, url, [item(obj) for obj in rows], urgent=urgent and count > 0)


def _item(detail_url: str, obj: Any, label: str, detail: str, overdue: bool = False) -> WorkItem:
    """A section's row, linking to the record's page (the URL named `detail_url`)."""
    return WorkItem(label, reverse(detail_url, args=[obj.pk]), detail, overdue)


def _review_item(review: Any) -> WorkItem:
    detail = f"{review.cycle.organisation} · planned {format_nz_date(review.planned_for, short=True)}"
    return _item("quality:review_detail", review, review.reference, detail)


def _action_item(action: Any) -> WorkItem:
    detail = f"{action.review.reference} · due {format_nz_date(action.due_on, short=True)}"
    return _item("quality:action_detail", action, action.title, detail, action.overdue)


def work_queue(user: Actor) -> list[WorkSection]:
    if is_reviewer(user):
        return _hub_queue(user)
    if is_partner_user(user):
        return _partner_queue(user)
    return []


def _hub_queue(user: Actor) -> list[WorkSection]:
    today, reviews, actions = (
        nz_today(),
        selectors.reviews_for(user),
        selectors.actions_for(user, today=nz_today()),
    )
    reviews_url, actions_url = reverse("quality:reviews"), reverse("quality:actions")
    in_progress = reviews.filter(status__in=[ReviewStatus.IN_PROGRESS, ReviewStatus.DRAFT_REPORT]).order_by(
        "planned_for"
    )
    with_partner = reviews.filter(status=ReviewStatus.PARTNER_RESPONSE).order_by("response_due_on")
    awaiting, answered = with_partner.filter(partner_response=""), with_partner.exclude(partner_response="")
    to_verify = actions.filter(status=ActionStatus.EVIDENCE_SUBMITTED).order_by("evidence_submitted_on")
    return [
        _section("Quality reviews in progress", in_progress, f"{reviews_url}?status=in_progress", _review_item),
        _section("Draft reports awaiting the partner's response", awaiting, f"{reviews_url}?status=partner_response",
                 _review_item),
        _section("Partner responses to finalise", answered, f"{reviews_url}?status=partner_response", _review_item),
        _section("Improvement actions to verify", to_verify, f"{actions_url}?status=evidence_submitted", _action_item),
        _section(
            "Overdue improvement actions", actions.overdue_on(today).order_by("due_on"), f"{actions_url}?overdue=1",
            _action_item, urgent=True,
        ),
    ]  # fmt: skip


def _partner_queue(user: Actor) -> list[WorkSection]:
    reviews = selectors.reviews_for(user).filter(status=ReviewStatus.PARTNER_RESPONSE, partner_response="")
    actions = selectors.actions_for(user, nz_today()).filter(
        owner_organisation_id=user.organisation_id, status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS]
    )
    return [
        _section("Draft quality reports to respond to", reviews.order_by("response_due_on"), reverse("quality:dashboard"),
                 _review_item, urgent=True),
        _section("Our open improvement actions", actions.order_by("due_on"), reverse("quality:actions"), _action_item),
    ]  # fmt: skip


def calendar_events(user: Actor) -> list[CalendarEvent]:
    """Quality Hub reviewer: reviews planned or in progress (the planned date), partner responses due and
    improvement actions due. References only (R-PRIV-2)."""
    if not is_reviewer(user):
        return []
    reviews = selectors.reviews_for(user).exclude(status=ReviewStatus.FINAL)
    events = []
    for review in reviews.order_by("planned_for"):
        url = reverse("quality:review_detail", args=[review.pk])
        if review.status == ReviewStatus.PARTNER_RESPONSE and review.response_due_on:
            title, day = f"Partner response due: quality review {review.reference}", review.response_due_on
        else:
            title, day = f"Quality review {review.reference} due", review.planned_for
        events.append(CalendarEvent(uid=f"qa-review-{review.pk}", title=title, day=day, url=url))
    open_actions = selectors.actions_for(user, today=nz_today()).filter(
        status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.EVIDENCE_SUBMITTED]
    )
    return events + dated_events(
        open_actions.select_related("review").order_by("due_on"),
        uid="qa-action-{pk}",
        title=lambda action: f"Improvement action due: quality review {action.review.reference}",
        day="due_on",
        detail_url="quality:action_detail",
    )
