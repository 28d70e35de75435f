"""CSV export of the quality review and improvement action lists (decision 0011): the same filtered queryset as
the page (a partner user's own organisation only, R-PRIV-1). References and organisations, no names."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, StreamingHttpResponse

from careportal.export import queryset_csv

REVIEW_COLUMNS = [
    ("Reference", lambda r: r.reference),
    ("Organisation", lambda r: r.cycle.organisation.legal_name),
    ("Status", lambda r: r.get_status_display()),
    ("Planned for", lambda r: r.planned_for),
    ("Response due", lambda r: r.response_due_on),
    ("Finalised on", lambda r: r.finalised_on),
    ("Findings", lambda r: r.findings_count),
    ("Open actions", lambda r: r.open_actions_count),
]

ACTION_COLUMNS = [
    ("Review", lambda a: a.review.reference),
    ("Organisation", lambda a: a.owner_organisation.legal_name),
    ("Action", lambda a: a.title),
    ("Standard", lambda a: a.finding.standard if a.finding_id else ""),
    ("Status", lambda a: a.get_status_display()),
    ("Due on", lambda a: a.due_on),
    ("Overdue", lambda a: "yes" if a.overdue else "no"),
    ("Verified on", lambda a: a.verified_on),
]


def reviews_csv(request: HttpRequest, queryset: Any) -> StreamingHttpResponse:
    return queryset_csv(request, queryset, name="qa-reviews", columns=REVIEW_COLUMNS)


def actions_csv(request: HttpRequest, queryset: Any) -> StreamingHttpResponse:
    return queryset_csv(request, queryset, name="improvement-actions", columns=ACTION_COLUMNS)
