"""CSV export of the applications pipeline (decision 0011): every application staff may see, with its phase
and the days spent in it (the page's figures). Organisations, not people."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone

from careportal.export import csv_response

COLUMNS = [
    ("Organisation", lambda a: a.organisation.legal_name),
    ("NZBN", lambda a: a.organisation.nzbn),
    ("Region", lambda a: a.organisation.region),
    ("Phase", lambda a: a.get_status_display()),
    ("Days in phase", lambda a: a.days_in_phase),
    ("Evidence awaiting review", lambda a: a.awaiting_review),
    ("Started", lambda a: timezone.localdate(a.created_at)),  # R-DATE-1: the NZ day, not UTC's
]


def pipeline_csv(request: HttpRequest, groups: list[Any]) -> StreamingHttpResponse:
    """`groups` is `selectors.pipeline(user)`; `?status=<phase>` keeps one phase."""
    status = request.GET.get("status", "")
    rows = [a for g in groups if not status or g.status == status for a in g.applications]
    return csv_response(
        request=request, name="applications", columns=COLUMNS, rows=rows, filters=request.GET.dict()
    )
