"""The daily sweep's reminders: exactly once (twice a day, two sweeps in parallel), constant queries."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.versions import requeue_documents
from careportal.notifications.models import Notification, Reminder
from careportal.notifications.sweep import run_daily_sweep
from quality.services.report import requeue_final_reports
from tests.agreements.factories import ActiveAgreementFactory, ActiveS140AgreementFactory
from tests.partners.factories import EvidenceFactory
from tests.quality.factories import InProgressActionFactory
from tests.referrals.factories import MonitoringReferralFactory, ReferralFactory, ReferredReferralFactory
from tests.reminders.conftest import at

DAY = date(2027, 5, 17)  # a Monday


def _due_on(day: date, n: int, *, worker, drc, partner_org, provider_org, evidence: bool = True) -> None:
    """n records of each of several kinds, all due on `day` (evidence needs the migration-seeded
    requirements catalogue, which an earlier transactional test's flush may have removed)."""
    with time_machine.travel(at(day - timedelta(days=14), 9), tick=False):
        for _ in range(n):
            ActiveAgreementFactory(
                start_date=day - timedelta(days=14),
                end_date=day + timedelta(days=5),
                drafted_by=worker,
                caregiver_organisation=partner_org,
            )
            ActiveS140AgreementFactory(
                start_date=day - timedelta(days=14), end_date=day + timedelta(days=50), drafted_by=worker
            )
            ReferralFactory(managed_by=drc)
            ReferredReferralFactory(managed_by=drc, provider=provider_org, response_due_on=day - timedelta(2))
            MonitoringReferralFactory(
                managed_by=drc, provider=provider_org, next_contact_due_on=day - timedelta(days=2)
            )
            InProgressActionFactory(due_on=day - timedelta(days=3))
            if evidence:
                EvidenceFactory(expires_on=day + timedelta(days=10))


def _queries(day: date) -> tuple[int, int]:
    # The PDFs are the worker's job too (a task per record, run eagerly here): make them first, so what
    # is counted is the sweep's own queries (its look for missing PDFs is then one query each).
    with time_machine.travel(at(day), tick=False):
        requeue_documents(day)
        requeue_final_reports(day)
    before = Reminder.objects.count()
    with time_machine.travel(at(day), tick=False), CaptureQueriesContext(connection) as ctx:
        run_daily_sweep(day)
    # The e-mails are the worker's job (a task per batch): mark them sent, as the worker would.
    Reminder.objects.update(emailed_at=timezone.now())
    return len(ctx.captured_queries), Reminder.objects.count() - before


@pytest.mark.django_db
def test_the_sweep_runs_the_same_number_of_queries_for_3_and_30_records_due(
    worker, supervisor, drc, partner_admin, partner_org, provider_org, provider_user
):
    _due_on(DAY, 3, worker=worker, drc=drc, partner_org=partner_org, provider_org=provider_org)
    few, sent_few = _queries(DAY)
    _due_on(DAY, 30, worker=worker, drc=drc, partner_org=partner_org, provider_org=provider_org)
    many, sent_many = _queries(DAY)
    assert sent_few > 0 and sent_many == 10 * sent_few  # 30 of each kind sent, in the same queries
    assert few == many, (few, many)


@pytest.mark.django_db
def test_running_the_sweep_twice_on_one_day_sends_nothing_new(
    sweep, worker, supervisor, drc, partner_admin, partner_org, provider_org, provider_user
):
    _due_on(DAY, 2, worker=worker, drc=drc, partner_org=partner_org, provider_org=provider_org)
    first = sweep(DAY)
    assert len(first) > 10
    outbox = len(mail.outbox)
    assert outbox == len(first)
    assert sweep(DAY) == []
    assert len(mail.outbox) == outbox and Notification.objects.count() == len(first)


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_started_in_parallel_send_each_reminder_once(
    worker, supervisor, drc, partner_admin, partner_org, provider_org, provider_user
):
    _due_on(
        DAY, 5, worker=worker, drc=drc, partner_org=partner_org, provider_org=provider_org, evidence=False
    )
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def one_sweep():
        try:
            barrier.wait()
            run_daily_sweep(DAY)
        except BaseException as exc:  # noqa: BLE001 - surfaced by the assert below
            errors.append(exc)
        finally:
            connection.close()

    with time_machine.travel(at(DAY), tick=False):
        threads = [threading.Thread(target=one_sweep) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    keys = list(Reminder.objects.values_list("kind", "subject_id", "due_on", "recipient_id"))
    assert len(keys) == len(set(keys)) > 30
    assert Notification.objects.count() == len(keys)
    assert len(mail.outbox) == len(keys)  # each e-mail once
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        Reminder.objects.values_list("recipient__email", flat=True)
    )


@pytest.mark.django_db
def test_run_reminders_today_reports_the_reminders_sent(worker, supervisor, partner_org):
    with time_machine.travel(at(DAY - timedelta(days=14), 9), tick=False):
        ActiveAgreementFactory(
            start_date=DAY - timedelta(days=14), end_date=DAY + timedelta(days=5), drafted_by=worker
        )
    out = StringIO()
    with time_machine.travel(at(DAY), tick=False):
        call_command("run_reminders", "--today", DAY.isoformat(), stdout=out)
    assert "reminders: 2 × agreement.ending.7d" in out.getvalue()
    assert "reminders: 2 × agreement.s139.extension_decision" in out.getvalue()
