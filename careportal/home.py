"""The "my work" home page: each app contributes sections (its `work_queue`, careportal.contributions)."""

from __future__ import annotations

from dataclasses import dataclass, field

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
