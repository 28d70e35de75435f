"""Fixtures for the reminder tests: a frozen-time sweep that reports exactly what it sent."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from careportal.notifications.models import Reminder
from careportal.notifications.sweep import run_daily_sweep

NZ = ZoneInfo("Pacific/Auckland")
Sent = list[tuple[str, str]]


def at(day: date, hour: int = 6) -> datetime:
    """06:00 New Zealand time on `day`: when the beat task runs the sweep."""
    return datetime.combine(day, time(hour), tzinfo=NZ)


def days(first: date, last: date) -> Iterator[date]:
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks) -> Callable[[date], Sent]:
    """Run the daily sweep at 06:00 NZ on `day` (time frozen), delivering e-mails on commit; returns the
    (kind, recipient username) of every reminder this run sent, sorted."""

    def run(day: date) -> Sent:
        before = set(Reminder.objects.values_list("pk", flat=True))
        with time_machine.travel(at(day), tick=False), django_capture_on_commit_callbacks(execute=True):
            run_daily_sweep(day)
        new = Reminder.objects.exclude(pk__in=before).select_related("recipient")
        return sorted((r.kind, r.recipient.username) for r in new)

    return run


@pytest.fixture
def walk(sweep) -> Callable[..., dict[date, Sent]]:
    """Sweep every day from `first` to `last` at 06:00 (twice: the second run must send nothing), then do
    `actions[day]()` at 09:00 that day (time frozen); returns {day: what was sent}."""

    def run(first: date, last: date, actions: dict[date, Callable[[], object]] | None = None):
        sent: dict[date, Sent] = {}
        for day in days(first, last):
            today = sweep(day)
            assert sweep(day) == [], f"the second sweep on {day} sent reminders again"
            if today:
                sent[day] = today
            if actions and day in actions:
                with time_machine.travel(at(day, 9), tick=False):
                    actions[day]()
        return sent

    return run
