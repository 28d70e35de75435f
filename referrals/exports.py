"""CSV export of the staff referral list (decision 0011): the same filtered queryset as the page. References,
providers and dates only: never whānau details (R-PRIV-2)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, StreamingHttpResponse

from careportal.export import queryset_csv

COLUMNS = [
    ("Reference", lambda r: r.reference),
    ("Status", lambda r: r.get_status_display()),
    ("Site", lambda r: r.site),
    ("Provider", lambda r: r.provider.legal_name if r.provider_id else ""),
    ("Managed by", lambda r: r.managed_by.display_name if r.managed_by_id else ""),
    ("Referred on", lambda r: r.referred_on),
    ("Provider answer due", lambda r: r.response_due_on),
    ("Last contact", lambda r: r.last_contact_on),
    ("Next contact due", lambda r: r.next_contact_due_on),
    ("Contact overdue", lambda r: "yes" if r.contact_is_overdue else "no"),
]


def referrals_csv(request: HttpRequest, queryset: Any) -> StreamingHttpResponse:
    return queryset_csv(request, queryset, name="referrals", columns=COLUMNS)
