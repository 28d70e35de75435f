"""Celery tasks: take ids, call one function, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from agreements import sweep
from agreements.versions import (  # defined beside the rendering they run
    execute_version_task,
    issue_extension_version_task,
    issue_signing_version_task,
)
from careportal.lib.dates import nz_today
from careportal.notifications.once_a_day import run_once

__all__ = [
    "automatic_changes",
    "execute_version_task",
    "issue_extension_version_task",
    "issue_signing_version_task",
]


@shared_task(acks_late=True)
def automatic_changes() -> list[str]:
    """Beat runs this at 00:05 New Zealand time (R-ALL-10): the day's starts, lapses and endings; the
    06:00 daily sweep runs them again (finding nothing left) before the reminders. Safe to run twice."""
    return run_once("agreements-automatic-changes", nz_today(), sweep.automatic_changes)
