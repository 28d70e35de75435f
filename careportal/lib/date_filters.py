"""The portal's one date style, as template filters available in every template (TEMPLATES builtins).

R-DATE-1: a timestamp is shown as its New Zealand date and time, whatever the server's zone. Day first,
month spelled out: "4 December 2026" (`nz_date`), "4 Dec 2026" (`nz_date:"short"`, tables), and
"4 Dec 2026, 14:28" (`nz_datetime`). The words come from `careportal.lib.dates.format_nz_date`.
"""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone

from careportal.lib.dates import format_nz_date

register = template.Library()


@register.filter
def nz_date(value: date | datetime | None, style: str = "") -> str:
    """`{{ value|nz_date }}` → "4 December 2026"; `{{ value|nz_date:"short" }}` → "4 Dec 2026"."""
    if not isinstance(value, date):
        return ""
    return format_nz_date(value, short=style == "short")


@register.filter
def nz_datetime(value: datetime | None) -> str:
    """`{{ value|nz_datetime }}` → "4 Dec 2026, 14:28" in New Zealand time (R-DATE-1)."""
    if not isinstance(value, datetime):
        return nz_date(value, "short")
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_nz_date(local.date(), short=True)}, {local:%H:%M}"
