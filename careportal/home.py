"""The "my work" home page: each app contributes sections (its `work_queue`, careportal.contributions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Window

from careportal.contributions import contributed


@dataclass(frozen=True)
class WorkItem:
    label: str
    url: str
    detail: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class WorkSection:
    """One queue on the home page: a title, a count, a link to the full list and the first few items."""

    title: str
    count: int
    url: str = ""
    items: list[WorkItem] = field(default_factory=list)
    urgent: bool = False


def work_sections(user) -> list[WorkSection]:
    return [section for queue in contributed(lambda c: c.work_queue) for section in queue(user)]


def counted_first(queryset: QuerySet, limit: int) -> tuple[int, list[Any]]:
    """The first `limit` rows of a queue and how many it holds, in one query (COUNT(*) OVER () is taken
    before the LIMIT). For queues of at most a few thousand rows (a Quality Hub's reviews and actions, the
    evidence awaiting review): the window reads every matching row, where a plain COUNT over a big table
    can answer from an index alone."""
    rows = list(queryset.annotate(queue_total=Window(Count("*")))[:limit])
    return (rows[0].queue_total if rows else 0), rows
