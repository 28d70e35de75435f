"""Links made in bulk: one reverse() for thousands of rows (decision 0010)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse


def link_maker(viewname: str) -> Callable[[Any], str]:
    """`reverse(viewname, args=[pk])` as a function made with one reverse(): a sweep links thousands of
    reminders to their records, and reverse() per row took a third of a sweep with nothing new due."""
    placeholder = "00000000-0000-4000-8000-000000000000"
    head, tail = reverse(viewname, args=[placeholder]).split(placeholder)
    return lambda pk: f"{head}{pk}{tail}"
