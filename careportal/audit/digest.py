"""Tamper evidence for the audit log: one SHA-256 digest a New Zealand day (R-DATE-1), chained.

A day's digest covers the canonical serialisation of that day's entries in id order (each with the records
a list showed), prefixed by the previous day's digest: changing, adding or removing any row of a digested
day changes its digest, and rewriting that digest breaks every later one. The daily sweep writes the days
up to yesterday that have none; `manage.py verify_audit` recomputes them all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import AuditEntry, DayDigest, ViewedRecord

GENESIS = "0" * 64
_FIELDS = (
    "id", "at", "actor_id", "kind", "action", "object_type", "object_id", "from_status", "to_status",
    "reason", "data", "request_id", "ip_address",
)  # fmt: skip
_CHUNK = 2000


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    """R-DATE-1: the day's first and the next day's first instant in New Zealand (DST-safe)."""
    zone = timezone.get_default_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def _canonical(row: dict, viewed: list[list[str]]) -> bytes:
    record = {**row, "at": row["at"].astimezone(UTC).isoformat(), "viewed": viewed}
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return text.encode() + b"\n"


def _rows(day: date) -> Iterator[bytes]:
    start, end = _day_bounds(day)
    entries = AuditEntry.objects.filter(at__gte=start, at__lt=end).order_by("id").values(*_FIELDS)
    chunk: list[dict] = []
    for row in entries.iterator(chunk_size=_CHUNK):
        chunk.append(row)
        if len(chunk) == _CHUNK:
            yield from _with_viewed(chunk)
            chunk = []
    yield from _with_viewed(chunk)


def _with_viewed(chunk: list[dict]) -> Iterator[bytes]:
    """Each entry with the records it names, in one query a chunk."""
    if not chunk:
        return
    records = ViewedRecord.objects.filter(entry_id__in=[row["id"] for row in chunk]).order_by(
        "entry_id", "id"
    )
    grouped = {
        entry_id: [[r[1], r[2]] for r in rows]
        for entry_id, rows in groupby(
            records.values_list("entry_id", "object_type", "object_id"), lambda r: r[0]
        )
    }
    for row in chunk:
        yield _canonical(row, grouped.get(row["id"], []))


def compute(day: date, previous: str) -> tuple[str, int]:
    """The digest of `day`'s rows chained to `previous`, and how many entries it covers."""
    sha = hashlib.sha256(previous.encode() + b"\n")
    count = 0
    for line in _rows(day):
        sha.update(line)
        count += 1
    return sha.hexdigest(), count


def _first_undigested_day() -> date | None:
    last = DayDigest.objects.order_by("-day").first()
    if last is not None:
        return last.day + timedelta(days=1)
    first = AuditEntry.objects.order_by("at").values_list("at", flat=True).first()
    return timezone.localdate(first) if first else None


def write_digests(up_to: date) -> list[DayDigest]:
    """Write a digest for every day from the first without one to `up_to` (never today: its rows are still
    being written). Idempotent: a day already written, here or by a concurrent sweep, is left alone."""
    last_day = min(up_to, timezone.localdate() - timedelta(days=1))
    day = _first_undigested_day()
    written: list[DayDigest] = []
    while day is not None and day <= last_day:
        previous = (
            DayDigest.objects.filter(day=day - timedelta(days=1)).values_list("digest", flat=True).first()
        )
        digest, count = compute(day, previous or GENESIS)
        try:
            with transaction.atomic():
                written.append(
                    DayDigest.objects.create(
                        day=day, entry_count=count, previous=previous or GENESIS, digest=digest
                    )
                )
        except IntegrityError:
            return written  # another sweep is writing these days
        day += timedelta(days=1)
    return written


def run(day: date) -> list[str]:
    """The daily sweep's step: digest every day up to yesterday."""
    return [
        f"audit digest for {d.day.isoformat()}: {d.digest} ({d.entry_count} entries)"
        for d in write_digests(day - timedelta(days=1))
    ]


@dataclass(frozen=True)
class Verification:
    days: int
    first_bad_day: date | None
    problem: str = ""


def verify() -> Verification:
    """Recompute every stored day in order; the first day whose rows, chain link or sequence is wrong."""
    expected_previous, expected_day, days = GENESIS, None, 0
    for stored in DayDigest.objects.order_by("day").iterator():
        if expected_day is not None and stored.day != expected_day:
            return Verification(days, expected_day, "its digest is missing")
        if stored.previous != expected_previous:
            return Verification(days, stored.day, "its link to the previous day's digest is broken")
        digest, count = compute(stored.day, stored.previous)
        if digest != stored.digest:
            change = f"{stored.entry_count} entries when digested, {count} now"
            return Verification(days, stored.day, f"its audit rows no longer match its digest ({change})")
        expected_previous, expected_day, days = stored.digest, stored.day + timedelta(days=1), days + 1
    return Verification(days, None)
