"""CSV export of the agreement list (decision 0011): the same filtered, permission-scoped queryset as the page.

Rows carry the case reference, never the child's name (R-PRIV-2): a spreadsheet travels further than the
portal, and partner users only ever get the agreements they care under (R-PRIV-1, via the queryset).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, StreamingHttpResponse

from careportal.export import queryset_csv

COLUMNS = [
    ("Reference", lambda a: a.reference),
    ("Case reference", lambda a: a.child.case_reference),
    ("Type", lambda a: a.get_agreement_type_display()),
    ("s140 paragraph", lambda a: a.s140_paragraph),
    ("Status", lambda a: a.get_status_display()),
    ("Start date", lambda a: a.start_date),
    ("Last day", lambda a: a.end_date),
    ("Legal maximum", lambda a: a.legal_max_end_date),
    (
        "Care by",
        lambda a: a.caregiver_organisation.legal_name if a.caregiver_organisation else "Chief executive",
    ),
    ("Site", lambda a: a.site),
]


def agreements_csv(request: HttpRequest, queryset: Any) -> StreamingHttpResponse:
    return queryset_csv(request, queryset, name="agreements", columns=COLUMNS)
