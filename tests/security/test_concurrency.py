"""Concurrency against real PostgreSQL with threads: one winner, the rest refused, one history entry.

Each thread has its own database connection (Django opens one per thread), so the row lock taken by
`careportal.workflow.lock` (SELECT … FOR UPDATE) is what serialises them; the losers re-read the row
after the winner commits and are refused by the state check (409).
"""

from __future__ import annotations

import re
import threading
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from agreements.choices import AgreementStatus
from careportal.audit.models import AuditEntry
from referrals.models import Referral
from tests.agreements.factories import agreement_in

THREADS = 20


def _in_threads(n: int, work) -> list:
    """Run `work(i)` in n threads released together by a barrier; answer the results in order."""
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - reported as a result, asserted by the test
            results[i] = exc
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_approvals_one_succeeds_rest_409_R_ALL_4(supervisor, worker, partner_org):
    agreement = agreement_in("awaiting_supervisor", caregiver_organisation=partner_org, drafted_by=worker)
    url = f"/api/v1/agreements/{agreement.pk}/approve/"

    def approve(_: int) -> int:
        client = APIClient()
        client.force_authenticate(supervisor)
        return client.post(url, {}, format="json").status_code

    codes = Counter(_in_threads(THREADS, approve))
    assert codes == Counter({200: 1, 409: THREADS - 1}), codes
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.AWAITING_SIGNATURES
    approvals = AuditEntry.objects.for_object(agreement).filter(action="approve")
    assert approvals.count() == 1


@pytest.mark.django_db(transaction=True)
def test_double_submitted_referral_form_creates_one_record(drc):
    """Two simultaneous POSTs of the same portal create form (a double click) create one draft: the
    form's one-time submission token is claimed in the database, in the transaction that creates the draft
    (a unique key: the second POST waits for the first to commit, then is refused)."""
    first = Client()
    first.force_login(drc, backend="django.contrib.auth.backends.ModelBackend")
    page = first.get("/referrals/new/").content.decode()
    token = re.search(r'name="submission_token" value="(\w+)"', page).group(1)
    data = {"site": "Manukau", "situation": "Struggling with routines.", "submission_token": token}

    def submit(_: int) -> int:
        client = Client()
        client.force_login(drc, backend="django.contrib.auth.backends.ModelBackend")
        return client.post("/referrals/new/", data).status_code

    codes = _in_threads(2, submit)
    assert codes == [302, 302], codes  # both land somewhere sensible: the draft, or the list with a message
    assert Referral.objects.count() == 1
    # A fresh form (a new token) still creates a second, deliberate referral.
    page = first.get("/referrals/new/").content.decode()
    token = re.search(r'name="submission_token" value="(\w+)"', page).group(1)
    assert first.post("/referrals/new/", {**data, "submission_token": token}).status_code == 302
    assert Referral.objects.count() == 2
