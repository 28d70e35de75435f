"""Helpers the quality portal views share: access checks, paging, the visible record or 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from careportal.lib.actor import actor_of
from careportal.pagination import LargeCountPaginator

from .. import selectors
from ..models import ImprovementAction, QAReview
from ..permissions import can_read_quality, is_quality_staff
from ..services import nz_today

PAGE_SIZE = 25


def require_reader(request: HttpRequest) -> None:
    if not can_read_quality(actor_of(request)):
        raise PermissionDenied


def require_staff(request: HttpRequest) -> None:
    if not is_quality_staff(actor_of(request)):
        raise PermissionDenied


def page_of(request: HttpRequest, qs: Any, size: int = PAGE_SIZE) -> Page:
    return LargeCountPaginator(qs, size).get_page(request.GET.get("page"))


def visible_review(request: HttpRequest, pk: Any) -> QAReview:
    """The review if this user may see it; another organisation's (or an internal one) is 404."""
    require_reader(request)
    return get_object_or_404(selectors.reviews_for(actor_of(request)), pk=pk)


def visible_action(request: HttpRequest, pk: Any) -> ImprovementAction:
    require_reader(request)
    return get_object_or_404(selectors.actions_for(actor_of(request), nz_today()), pk=pk)


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
