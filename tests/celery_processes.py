"""A real Celery worker for the tests that are about tasks (marked `worker`); tests/conftest.py offers
the fixtures everywhere."""

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from careportal.celery import app
from careportal.celery_queues import QUEUES, queue_name, task_routes

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def email_backend():
    return "django.core.mail.backends.filebased.EmailBackend"


@pytest.fixture
def worker_queues():
    """The queues (careportal.celery_queues) the test's worker takes: all of them, unless a test says."""
    return QUEUES


@pytest.fixture
def queue_prefix():
    """A prefix of this test's own, so its worker takes only the tasks this test queues."""
    return f"test-{uuid.uuid4().hex[:8]}-"


@pytest.fixture
def worker_env(tmp_path, email_backend, queue_prefix):
    """The environment of a Celery process (worker or beat) that works on this test's database."""
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careportal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": email_backend,
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "CELERY_QUEUE_PREFIX": queue_prefix,
        "AGREEMENT_SEAL_KEY_FILE": str(settings.AGREEMENT_SEAL_KEY_FILE),  # seals this test can check
    }
    return env


@pytest.fixture
def worker_loglevel():
    return "warning"


@pytest.fixture
def celery_worker_process(tmp_path, worker_env, queue_prefix, worker_queues, worker_loglevel):
    """Start `celery worker --pool=solo` on this test's queues, against this test's database; stop it by PID."""
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "careportal",
            "worker",
            "--pool=solo",
            "-Q",
            ",".join(queue_name(q, queue_prefix) for q in worker_queues),
            f"--loglevel={worker_loglevel}",
        ],
        cwd=ROOT,
        env=worker_env,
        stdout=(tmp_path / "worker.log").open("wb"),  # the test may read what it said (worker.log)
        stderr=subprocess.STDOUT,
    )
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue_name("celery", queue_prefix)
    app.conf.task_routes = task_routes(queue_prefix)
    _rebuild_router()
    try:
        yield tmp_path / "mail", worker
    finally:
        app.conf.task_always_eager = True
        app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
        app.conf.task_routes = settings.CELERY_TASK_ROUTES
        _rebuild_router()
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()


def _rebuild_router() -> None:
    # Celery builds its router once from the routes (a cached property): drop it to read them again.
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)
