"""CSV export of a filtered list: streamed, audited, and safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone

from careportal.audit.models import AuditKind
from careportal.audit.services import audit_record

Column = tuple[str, Callable[[Any], Any]]  # (heading, value of a row)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> str:
    if isinstance(value, datetime):
        # R-DATE-1: a timestamp in an export is New Zealand time, never the database's UTC.
        value = (
            timezone.localtime(value).replace(microsecond=0, tzinfo=None)
            if timezone.is_aware(value)
            else value
        )
    text = "" if value is None else str(value)
    # A cell starting with a formula character is run by spreadsheets (CSV injection): make it text.
    return "'" + text if text.startswith(_FORMULA_START) else text


def _rows(columns: list[Column], rows: Iterable[Any]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a byte-order mark so Excel reads macrons (whānau, Māori) as UTF-8
    yield writer.writerow([heading for heading, _ in columns])
    for row in rows:
        yield writer.writerow([_cell(value(row)) for _, value in columns])


def csv_response(
    *, request: Any, name: str, columns: list[Column], rows: Iterable[Any], filters: dict
) -> StreamingHttpResponse:
    """Stream `rows` as `<name>-<date>.csv` and write an export entry (who, what, which filters) to the audit log."""
    audit_record(
        actor=request.user,
        kind=AuditKind.EXPORT,
        action=f"export:{name}",
        object_type=name,
        object_id="list",
        data={"filters": {k: v for k, v in filters.items() if k != "page"}},
    )
    response = StreamingHttpResponse(_rows(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate().isoformat()}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def queryset_csv(request: Any, queryset: Any, *, name: str, columns: list[Column]) -> StreamingHttpResponse:
    """A list page's filtered queryset as CSV (`csv_response`), the filters from the query string; read in
    chunks so a long list streams rather than loading at once."""
    return csv_response(
        request=request,
        name=name,
        columns=columns,
        rows=queryset.iterator(chunk_size=500),
        filters=request.GET.dict(),
    )
