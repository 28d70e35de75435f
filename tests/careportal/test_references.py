"""The one reference-number idiom (careportal.lib.references): per year, gap-free, never shared."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from agreements.models import ReferenceSequence
from quality.models import QAReferenceCounter
from referrals.models import ReferenceCounter


@pytest.mark.django_db
def test_numbers_run_per_year_in_each_series() -> None:
    assert ReferenceSequence.next_reference(2026) == "CA-2026-00001"
    assert ReferenceSequence.next_reference(2026) == "CA-2026-00002"
    assert ReferenceSequence.next_reference(2027) == "CA-2027-00001"
    assert ReferenceCounter.next_reference(2026) == "PR-2026-00001"
    assert QAReferenceCounter.next_reference(2026) == "QA-2026-0001"
    assert ReferenceSequence.objects.get(year=2026).last == 2


@pytest.mark.django_db
def test_an_existing_counter_carries_on_from_its_last_number() -> None:
    ReferenceCounter.objects.create(year=2026, last=41)
    assert ReferenceCounter.next_reference(2026) == "PR-2026-00042"


@pytest.mark.django_db
def test_a_rolled_back_creation_gives_its_number_back() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        QAReferenceCounter.next_reference(2026)
        raise RuntimeError
    assert not QAReferenceCounter.objects.exists()
    assert QAReferenceCounter.next_reference(2026) == "QA-2026-0001"


@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_never_share_a_number() -> None:
    barrier, taken, errors = threading.Barrier(4), [], []

    def take() -> None:
        try:
            barrier.wait()
            for _ in range(5):
                with transaction.atomic():
                    taken.append(ReferenceSequence.next_reference(2026))
        except Exception as exc:  # pragma: no cover - surfaced by the assert below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(taken) == [f"CA-2026-{n:05d}" for n in range(1, 21)]
