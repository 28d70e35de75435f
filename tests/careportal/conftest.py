"""A real Celery worker for the tests that are about tasks (marked `worker`)."""

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from careportal.celery import app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def email_backend():
    return "django.core.mail.backends.filebased.EmailBackend"


@pytest.fixture
def celery_worker_process(tmp_path, email_backend):
    """Start `celery worker --pool=solo` on a queue of its own, against this test's database; stop it by PID."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careportal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": email_backend,
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
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
            queue,
            "--loglevel=warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    try:
        yield tmp_path / "mail", worker
    finally:
        app.conf.task_always_eager = True
        app.conf.task_default_queue = "celery"
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
