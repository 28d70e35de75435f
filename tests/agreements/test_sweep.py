"""The daily sweep (agreements.sweep): automatic expiry (R-ALL-1), notice taking effect (R-DATE-4,
R-140-6), a safety check after each ending (R-ALL-8); idempotent and set-based."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements import sweep
from agreements.models import Agreement, Termination
from careportal.audit.models import AuditEntry
from careportal.notifications.models import FollowUpTask
from tests.agreements.factories import agreement_in

pytestmark = pytest.mark.django_db


def _ending_on(today, days_ago=1, **kwargs):
    """An active s139 agreement whose last day was `days_ago` days before `today`."""
    end = today - timedelta(days=days_ago)
    return agreement_in("active", start_date=end - timedelta(days=10), end_date=end, **kwargs)


def test_an_agreement_expires_the_day_after_its_last_day(worker, today):
    """R-ALL-1: in force on its last day; expired from the day after, with an expiry termination."""
    agreement = _ending_on(today, days_ago=0, drafted_by=worker)
    assert sweep.run(today) == []
    lines = sweep.run(today + timedelta(days=1))
    assert lines == [
        f"agreements: {agreement.reference} expired (no effect from "
        f"{(today + timedelta(days=1)):%Y-%m-%d}); safety check task created"
    ]
    agreement.refresh_from_db()
    assert agreement.status == "expired"
    assert (agreement.termination.kind, agreement.termination.effective_on) == (
        "expiry",
        today + timedelta(days=1),
    )
    entry = AuditEntry.objects.for_object(agreement).history().last()
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == (
        "expire",
        "active",
        "expired",
        None,
    )


def test_each_ending_creates_a_safety_check_for_the_social_worker(worker, today):
    """R-ALL-8, also for automatic endings; the title carries the reference, not the name (R-PRIV-2)."""
    agreement = _ending_on(today, drafted_by=worker)
    sweep.run(today)
    task = FollowUpTask.objects.get(kind="agreement_safety_check", subject_id=str(agreement.pk))
    assert task.assignee == worker
    assert agreement.reference in task.title and agreement.child.name not in task.title
    assert task.due_on > today - timedelta(days=1)
    assert AuditEntry.objects.filter(action="task:agreement_safety_check", object_id=str(task.pk)).exists()


def test_notice_takes_effect_on_its_effective_date(worker, today):
    agreement = agreement_in("notice_given", drafted_by=worker, start_date=today - timedelta(days=10))
    Termination.objects.filter(agreement=agreement).update(effective_on=today)
    sweep.run(today)
    agreement.refresh_from_db()
    assert agreement.status == "terminated"
    assert agreement.termination.kind == "notice"
    entry = AuditEntry.objects.for_object(agreement).history().last()
    assert (entry.action, entry.to_status) == ("notice_took_effect", "terminated")


def test_a_notice_that_would_take_effect_after_the_term_gives_way_to_expiry(worker, today):
    """Whichever comes first ends it: here the term ran out before the notice's effective date."""
    agreement = agreement_in(
        "notice_given",
        drafted_by=worker,
        start_date=today - timedelta(days=20),
        end_date=today - timedelta(days=2),
    )
    Termination.objects.filter(agreement=agreement).update(effective_on=today)
    sweep.run(today)
    agreement.refresh_from_db()
    assert agreement.status == "expired"
    assert (agreement.termination.kind, agreement.termination.effective_on) == (
        "expiry",
        today - timedelta(days=1),
    )


def test_future_notice_and_current_terms_are_left_alone(worker, today):
    pending = agreement_in("notice_given", drafted_by=worker)
    current = agreement_in("active", drafted_by=worker)
    draft = agreement_in(
        "draft", drafted_by=worker, start_date=today - timedelta(days=30), end_date=today - timedelta(days=5)
    )
    assert sweep.run(today) == []
    assert list(
        Agreement.objects.filter(pk__in=[pending.pk, current.pk, draft.pk])
        .order_by("status")
        .values_list("status", flat=True)
    ) == ["active", "draft", "notice_given"]


def test_running_the_sweep_twice_changes_nothing_the_second_time(worker, today):
    _ending_on(today, drafted_by=worker)
    notice = agreement_in("notice_given", drafted_by=worker, start_date=today - timedelta(days=10))
    Termination.objects.filter(agreement=notice).update(effective_on=today)
    assert len(sweep.run(today)) == 2
    counts = (AuditEntry.objects.count(), FollowUpTask.objects.count(), Termination.objects.count())
    statuses = sorted(Agreement.objects.values_list("status", flat=True))
    assert sweep.run(today) == []
    assert (AuditEntry.objects.count(), FollowUpTask.objects.count(), Termination.objects.count()) == counts
    assert sorted(Agreement.objects.values_list("status", flat=True)) == statuses


def _sweep_queries(today, n, worker):
    for i in range(n):
        _ending_on(today, days_ago=1 + i % 3, drafted_by=worker)
        notice = agreement_in("notice_given", drafted_by=worker, start_date=today - timedelta(days=10))
        Termination.objects.filter(agreement=notice).update(effective_on=today)
    with CaptureQueriesContext(connection) as queries:
        assert len(sweep.run(today)) == 2 * n
    return len(queries)


def test_the_sweep_runs_a_constant_number_of_queries(worker, today):
    few = _sweep_queries(today, 3, worker)
    many = _sweep_queries(today, 30, worker)  # the first 3 have ended, so 60 new endings
    # Starts and lapses with none due (3, R-ALL-10): select, savepoint pair. Unsigned extensions with none
    # due (3, R-EXT-1): the same. Endings (9): select, 2 updates, delete+insert terminations, tasks, audit,
    # savepoint pair; then the reminders (19, decision 0009): one selection per reminder kind and
    # threshold (15) and the engine's constant send (4).
    assert few <= 3 + 3 + 9 + 19
    assert few == many


def test_run_reminders_prints_what_the_sweep_did(worker, today):
    agreement = _ending_on(today, drafted_by=worker)
    out = StringIO()
    call_command("run_reminders", "--today", today.isoformat(), stdout=out)
    assert f"{agreement.reference} expired" in out.getvalue()
