"""The "my work" home page: each app contributes sections through `<app>.portal.work_queue(user)`."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.module_loading import import_string

QUEUE_PROVIDERS = (
    "agreements.portal.work_queue",
    "partners.portal.work_queue",
    "referrals.portal.work_queue",
    "quality.portal.work_queue",
)


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
    sections: list[WorkSection] = []
    for path in QUEUE_PROVIDERS:
        sections.extend(import_string(path)(user))
    return sections
