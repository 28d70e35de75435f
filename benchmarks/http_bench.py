"""Loopback HTTP measurements against gunicorn: latency, throughput, worker memory (decision 0010)."""

from __future__ import annotations

import os
import re
import signal
import statistics
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
_LOCK = threading.Lock()
PASSWORD = "bench-password"  # noqa: S105 - the load data's known benchmark password


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@contextmanager
def gunicorn(env: dict[str, str], port: int, workers: int = 2) -> Iterator[int]:
    """Run gunicorn on 127.0.0.1 only; yields the master's pid; stops it (and only it) afterwards."""
    command = [
        str(ROOT / ".venv/bin/gunicorn"), "careportal.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--timeout", "120", "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - our own fixed command
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=30).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.5)
        else:
            raise RuntimeError("gunicorn did not answer within 180 s")
        yield process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def login(base: str, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, "no CSRF token on the sign-in page"  # noqa: S101 - a broken setup must stop the run
    answer = session.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30,
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"sign-in of {username} failed: HTTP {answer.status_code}")
    return session


def latency(
    session: requests.Session, url: str, runs: int, warmup: int = 3, data: dict[str, str] | None = None
) -> dict[str, Any]:
    """Sequential requests, one at a time (a POST of `data` when given): median and p95 in milliseconds."""
    times, status = [], 0
    headers = {"X-CSRFToken": session.cookies.get("csrftoken", ""), "Referer": url}
    for i in range(warmup + runs):
        started = time.perf_counter()
        response = (
            session.get(url, timeout=60)
            if data is None
            else session.post(url, data=data, headers=headers, timeout=60)
        )
        elapsed = time.perf_counter() - started
        status = response.status_code
        if i >= warmup:
            times.append(elapsed * 1000)
    return {"median_ms": statistics.median(times), "p95_ms": p95(times), "status": status, "runs": runs}


def _hammer(session: requests.Session, urls: list[str], stop: Any, counter: list[int], limit: int) -> None:
    local = requests.Session()
    local.cookies.update(session.cookies)
    i = 0
    while not stop():
        with _LOCK:
            if limit and counter[0] >= limit:
                return
            counter[0] += 1
        response = local.get(urls[i % len(urls)], timeout=120)
        if response.status_code != 200:
            with _LOCK:
                counter[1] += 1
        i += 1


def throughput(session: requests.Session, url: str, clients: int, seconds: float) -> dict[str, Any]:
    """Requests per second with `clients` concurrent clients for `seconds` (bounded)."""
    counter = [0, 0]
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=_hammer,
            args=(session, [url], lambda: time.monotonic() > deadline, counter, 0),
            daemon=True,
        )
        for _ in range(clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {"rps": counter[0] / elapsed, "requests": counter[0], "errors": counter[1], "seconds": elapsed}


def _worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def memory(master: int, sessions: list[tuple[requests.Session, list[str]]], total: int) -> dict[str, Any]:
    """RSS of each gunicorn worker over `total` requests (4 clients); growth after a 10% warm-up."""
    workers = _worker_pids(master)
    samples: dict[int, list[tuple[int, int]]] = {pid: [] for pid in workers}
    counter = [0, 0]
    done = threading.Event()
    threads = [
        threading.Thread(target=_hammer, args=(session, urls, done.is_set, counter, total), daemon=True)
        for session, urls in sessions
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        for pid in workers:
            samples[pid].append((counter[0], _rss_kib(pid)))
        time.sleep(0.2)
    done.set()
    per_worker = {}
    for pid, rows in samples.items():
        warm = [rss for n, rss in rows if n >= total // 10] or [rss for _, rss in rows]
        per_worker[str(pid)] = {
            "after_warmup_mib": warm[0] / 1024,
            "peak_mib": max(rss for _, rss in rows) / 1024,
            "end_mib": rows[-1][1] / 1024,
            "growth_pct": (max(warm) - warm[0]) / warm[0] * 100,
        }
    return {"requests": counter[0], "errors": counter[1], "workers": per_worker}


def environment(database_url: str, port: int, redis_url: str = "redis://127.0.0.1:6379/14") -> dict[str, str]:
    """Production settings for a loopback-only run (DEBUG off, no TLS, no second factor)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careportal.settings.benchmark",
        "SECRET_KEY": "benchmark-only-not-a-secret-" + "x" * 40,
        "AGREEMENT_SEAL_KEY_PASSPHRASE": "benchmark-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        # Not the test settings' database (15): a test run beside the benchmark would flush its cache.
        "REDIS_URL": redis_url,
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "REQUIRE_TWO_FACTOR_FOR_STAFF": "false",
        "PRIVATE_MEDIA_ROOT": str(ROOT / "var" / "bench-private"),
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
    }
