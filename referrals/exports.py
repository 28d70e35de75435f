"""CSV export of the staff referral list and of a provider's inbox (decision 0011): the same queryset as the
page. References, providers and dates only: never whānau details (R-PRIV-2)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, StreamingHttpResponse

from careportal.export import queryset_csv
from careportal.lib.dates import format_nz_date

from .choices import ReferralStatus

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


def _day(value: Any) -> str:
    """R-DATE-1: the New Zealand date, day first, as the pages show it ("4 Dec 2026")."""
    return format_nz_date(value, short=True)


INBOX_COLUMNS = [
    ("Reference", lambda r: r.reference),
    ("Status", lambda r: r.get_status_display()),
    ("Awaiting your answer", lambda r: "yes" if r.status == ReferralStatus.REFERRED else "no"),
    ("Service type", lambda r: r.service_type),
    ("Referred on", lambda r: _day(r.referred_on)),
    ("Please answer by", lambda r: _day(r.response_due_on)),
    ("Answered on", lambda r: _day(r.provider_responded_on)),
    ("Last contact", lambda r: _day(r.last_contact_on)),
    ("Next contact due", lambda r: _day(r.next_contact_due_on)),
    ("Contact overdue since", lambda r: _day(r.contact_overdue_since)),
    ("Last changed", lambda r: _day(r.updated_at)),  # a timestamp: its NZ date, never the UTC one
]


def inbox_csv(request: HttpRequest, queryset: Any) -> StreamingHttpResponse:
    """A provider's inbox: the referrals sent to it (its own only; the caller passes its scoped queryset)."""
    return queryset_csv(request, queryset, name="referral-inbox", columns=INBOX_COLUMNS)
