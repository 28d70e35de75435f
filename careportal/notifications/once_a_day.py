"""Scheduled jobs that must run once per New Zealand date however many beat processes send them.

The claim is a row in the database (not a Redis lock: the cache is never a dependency, decision 0014).
A run that fails gives its claim back so Celery's retry, or the next beat, can run the day again.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import DailyRun


def claim(job: str, day: date) -> bool:
    """True if this process is the first to run `job` for `day`; False (and counted) otherwise."""
    try:
        with transaction.atomic():
            DailyRun.objects.create(job=job, day=day, claimed_by=f"{socket.gethostname()}:{os.getpid()}")
    except IntegrityError:
        DailyRun.objects.filter(job=job, day=day).update(refused=F("refused") + 1)
        return False
    return True


def run_once(job: str, day: date, work: Callable[[date], list[str]]) -> list[str]:
    """`work(day)` if no other process has run (or is running) `job` for `day`; its report either way."""
    if not claim(job, day):
        return [f"{job} for {day.isoformat()} already ran in another process: nothing done"]
    try:
        report = work(day)
    except BaseException:
        DailyRun.objects.filter(job=job, day=day).delete()  # give the day back for the retry
        raise
    DailyRun.objects.filter(job=job, day=day).update(finished_at=timezone.now())
    return report
