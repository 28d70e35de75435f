"""Queueing a Celery task without making the broker a dependency of the request."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task: Task, *args: Any) -> bool:
    """Queue `task`; False (logged, never raised) when the broker cannot be reached.

    What was queued must be safe to queue again: the caller, or the daily sweep, asks once more later.
    """
    try:
        task.delay(*args)
    except Exception:  # kombu raises several types for an unreachable broker; none may reach the user
        logger.warning("Could not queue %s%r; it is asked for again later", task.name, args, exc_info=True)
        return False
    return True


def enqueue_on_commit(task: Task, *args: Any) -> None:
    """Queue `task` once the current transaction commits (nothing is queued for a change rolled back)."""
    transaction.on_commit(lambda: enqueue(task, *args))
