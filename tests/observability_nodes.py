"""A gunicorn node with the production settings for the health, metrics and logs tests, with whatever
environment a test gives it (a dead database, a dead Redis, JSON logs, a metrics token). Waits on /healthz,
which answers without the database."""

from __future__ import annotations

import os
import time
from pathlib import Path

import requests
from django.conf import settings

from tests.web_nodes import WebNode, collect_static, production_env


def test_database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def node_env(**overrides: str) -> dict[str, str]:
    base = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "AGREEMENT_SEAL_KEY_FILE": str(settings.AGREEMENT_SEAL_KEY_FILE),
    }
    return {**production_env(base), **overrides}


class ProbedNode(WebNode):
    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"web node stopped:\n{self.log.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"web node did not answer /healthz within {timeout} s")


def start_node(env: dict[str, str], log: Path, *, pages: bool = False) -> ProbedNode:
    """A node; `pages`: with the production static files, for tests that render portal pages."""
    if pages:
        collect_static(env)
    node = ProbedNode(env, log)
    try:
        node.wait_until_up()
    except BaseException:
        node.stop()
        raise
    return node
