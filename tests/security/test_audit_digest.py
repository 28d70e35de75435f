"""Tamper evidence: chained daily digests of the audit log, written by the daily sweep and checked by
`manage.py verify_audit` (R-PRIV-3; days are New Zealand dates, R-DATE-1)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection

from careportal.audit.digest import GENESIS
from careportal.audit.models import AuditEntry, AuditKind, DayDigest
from careportal.audit.services import audit_list_view, audit_record
from careportal.lib.dates import nz_today
from careportal.notifications.sweep import run_daily_sweep

pytestmark = pytest.mark.django_db

NZ = ZoneInfo("Pacific/Auckland")


def _entries_on(day: date, actor, hours=(0, 12, 23)) -> list[AuditEntry]:
    made = []
    for hour in hours:
        # 00:xx and 23:xx New Zealand time: the day is the New Zealand date, not the UTC one (R-DATE-1).
        with time_machine.travel(datetime(day.year, day.month, day.day, hour, 30, tzinfo=NZ), tick=False):
            made.append(
                audit_record(
                    actor=actor, kind=AuditKind.CHANGE, action="edit", object_type="x.y", object_id="1"
                )
            )
    return made


@pytest.fixture
def history(worker):
    today = nz_today()
    first, second = today - timedelta(days=3), today - timedelta(days=2)
    _entries_on(first, worker)
    edited = _entries_on(second, worker)[1]
    with time_machine.travel(datetime.combine(second, datetime.min.time(), tzinfo=NZ) + timedelta(hours=9)):
        audit_list_view(actor=worker, object_type="agreements.child", object_ids=["a", "b"])
    _entries_on(today, worker, hours=(0,))  # today: not digested until tomorrow
    return first, second, edited


def _verify() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_the_sweep_digests_every_day_up_to_yesterday_chained_and_once(history):
    first, second, _ = history
    report = run_daily_sweep(nz_today())
    days = list(DayDigest.objects.order_by("day"))
    assert [d.day for d in days] == [first, second, nz_today() - timedelta(days=1)]
    assert [d.entry_count for d in days] == [3, 4, 0]
    assert (
        days[0].previous == GENESIS
        and days[1].previous == days[0].digest
        and days[2].previous == days[1].digest
    )
    assert f"audit digest for {second.isoformat()}: {days[1].digest} (4 entries)" in report
    assert not [line for line in run_daily_sweep(nz_today()) if line.startswith("audit digest")]
    assert DayDigest.objects.count() == 3
    assert _verify().strip() == "All 3 audit days verify."


def _as_owner_edit(entry: AuditEntry) -> None:
    """What only the owner role can do: lift the trigger, change a row, put the trigger back."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's transaction has deferred FK checks
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_no_update")
        cursor.execute("UPDATE audit_auditentry SET reason = 'nothing to see' WHERE id = %s", [entry.pk])
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_auditentry_no_update")


def test_verify_audit_names_the_day_whose_rows_were_edited_by_the_owner(history):
    first, second, edited = history
    run_daily_sweep(nz_today())
    _as_owner_edit(edited)
    with pytest.raises(CommandError, match=f"Audit day {second.isoformat()} does not verify: its audit rows"):
        _verify()


def test_verify_audit_names_a_day_with_a_row_added_later_or_a_list_record_changed(history, worker):
    first, second, _ = history
    run_daily_sweep(nz_today())
    with time_machine.travel(datetime.combine(first, datetime.min.time(), tzinfo=NZ) + timedelta(hours=5)):
        audit_record(actor=worker, kind=AuditKind.VIEW, action="view", object_type="x.y", object_id="2")
    with pytest.raises(
        CommandError, match=f"Audit day {first.isoformat()} does not verify: .*3 entries when"
    ):
        _verify()


def test_verify_audit_names_a_missing_or_rewritten_digest(history):
    first, second, _ = history
    run_daily_sweep(nz_today())
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_daydigest DISABLE TRIGGER audit_daydigest_no_update")
        cursor.execute("UPDATE audit_daydigest SET digest = %s WHERE day = %s", ["f" * 64, first])
        cursor.execute("ALTER TABLE audit_daydigest ENABLE TRIGGER audit_daydigest_no_update")
    with pytest.raises(CommandError, match=f"Audit day {first.isoformat()} does not verify"):
        _verify()


def test_digest_rows_are_append_only(history):
    from django.db import DatabaseError, transaction

    run_daily_sweep(nz_today())
    for statement in ("UPDATE audit_daydigest SET digest = 'x'", "DELETE FROM audit_viewedrecord"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(statement)
