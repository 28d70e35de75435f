"""Several real app servers for one test: gunicorn with the production settings on free loopback ports,
against the test's own database, Redis and storage (`web_nodes`).

Nothing may live on one node (sessions, files, caches, locks), so a test can walk a journey from node
to node. Production settings, unchanged but for the loopback host and plain http; Chromium sends their
Secure cookies to http://127.0.0.1 and shares them between its ports, as a browser behind one load
balancer would.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(base: dict[str, str]) -> dict[str, str]:
    """`base` (a Celery process's environment for this test) as the production settings need it."""
    return {
        **base,
        "DJANGO_SETTINGS_MODULE": "careportal.settings.production",
        "SECRET_KEY": "web-nodes-test-only-" + "n" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "CELERY_TASK_ALWAYS_EAGER": "false",  # documents are rendered by the test's worker, as deployed
    }


def collect_static(env: dict[str, str]) -> None:
    """The production static files (hashed names, a manifest), as the image's web command makes them."""
    subprocess.run(  # noqa: S603 - this interpreter and fixed arguments
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )


class WebNode:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        command = [
            sys.executable, "-m", "gunicorn", "-c", "careportal/gunicorn_conf.py", "careportal.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--timeout", "120",
        ]  # fmt: skip
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command
            command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
        )

    def wait_until_up(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"web node on {self.port} stopped:\n{self.log.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.url}/accounts/login/", timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"web node on {self.port} did not answer within {timeout} s")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_nodes(env: dict[str, str], count: int, logs: Path) -> list[WebNode]:
    env = production_env(env)
    collect_static(env)
    nodes = [WebNode(env, logs / f"node-{n}.log") for n in range(1, count + 1)]
    try:
        for node in nodes:
            node.wait_until_up()
    except BaseException:
        for node in nodes:
            node.stop()
        raise
    return nodes
