"""Celery's side: the request id travels in a message header into the task (and so onto the worker's log
lines and audit rows); a line as each task starts and ends; the counters; logging left to Django's
LOGGING (JSON or text, scrubbed) instead of Celery's own set-up."""

from __future__ import annotations

import logging
import time
from contextvars import Token
from typing import Any

from celery import signals

from careportal.middleware import (
    RequestContext,
    bind_request_id,
    current_request_context,
    reset_request_context,
)

from . import metrics

HEADER = "careportal_request_id"
log = logging.getLogger("careportal.task")
_running: dict[str, tuple[Token[RequestContext], float]] = {}


def _publish(sender: str | None = None, headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    request_id = current_request_context().request_id
    if headers is not None and request_id:
        headers[HEADER] = request_id
    metrics.task_published(sender=sender)


def _prerun(task_id: str | None = None, task: Any = None, **kwargs: Any) -> None:
    request_id = getattr(task.request, HEADER, None) or task_id or ""
    _running[task_id or ""] = (bind_request_id(str(request_id)), time.perf_counter())
    metrics.task_started(task_id=task_id)
    log.info("task %s started", task.name, extra={"task": task.name, "task_id": task_id})


def _postrun(task_id: str | None = None, task: Any = None, state: str | None = None, **kwargs: Any) -> None:
    metrics.task_finished(task_id=task_id, task=task, state=state)
    token, started = _running.pop(task_id or "", (None, time.perf_counter()))
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    log.info(
        "task %s %s in %sms",
        task.name,
        state,
        duration_ms,
        extra={"task": task.name, "task_id": task_id, "state": state, "duration_ms": duration_ms},
    )
    if token is not None:
        reset_request_context(token)


def _setup_logging(**kwargs: Any) -> None:
    """With JSON logs, Celery leaves the root logger alone: Django's LOGGING holds, as on the web nodes."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


def _worker_init(**kwargs: Any) -> None:
    """The worker's main process, before its children start: counts of an earlier run are not added again."""
    from django.conf import settings

    if settings.METRICS_WORKER_PORT and settings.PROMETHEUS_MULTIPROC_DIR:
        metrics.clear_multiprocess_folder(settings.PROMETHEUS_MULTIPROC_DIR)


def _worker_ready(**kwargs: Any) -> None:
    from django.conf import settings

    if settings.METRICS_WORKER_PORT and metrics.enabled():
        metrics.serve_worker_metrics(settings.METRICS_WORKER_PORT, settings.METRICS_WORKER_ADDRESS)


def connect() -> None:
    signals.before_task_publish.connect(_publish, weak=False, dispatch_uid="careportal.obs.publish")
    signals.task_prerun.connect(_prerun, weak=False, dispatch_uid="careportal.obs.prerun")
    signals.task_postrun.connect(_postrun, weak=False, dispatch_uid="careportal.obs.postrun")
    from django.conf import settings

    from .logs import is_json

    if is_json(settings.LOGGING):  # text: Celery's own format, as before
        signals.setup_logging.connect(_setup_logging, weak=False, dispatch_uid="careportal.obs.logging")
    signals.worker_init.connect(_worker_init, weak=False, dispatch_uid="careportal.obs.worker_init")
    signals.worker_ready.connect(_worker_ready, weak=False, dispatch_uid="careportal.obs.worker_ready")
