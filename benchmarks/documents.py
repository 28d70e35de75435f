"""The signed care agreement's document work, timed in process: a script that prints figures, not a test.

    PYTHONPATH=. DJANGO_SETTINGS_MODULE=careportal.settings.test \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/careportal_bench REDIS_URL=redis://127.0.0.1:6379/13 \\
    .venv/bin/python benchmarks/documents.py --runs 15

Recreates and migrates the database named in DATABASE_URL (every time), makes the seal key, then
for each run takes a fresh agreement through the real services (approved by the supervisor, one party
signing drawn and the others on paper) and times: issuing the version for signing (WeasyPrint), the
portal agreement page and documents panel while it awaits signatures (the worker, Django test client,
queries counted), the executed copy (signature page, merge and PAdES seal with pyHanko) and the two pages
again once it is executed. The version functions are called directly, not through on_commit and the
eager Celery tasks the services queue. Target: executed copy median < 1.5 s.
"""

from __future__ import annotations

import argparse
import base64
import io
import logging
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careportal.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/careportal_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/13")
EXECUTED_TARGET_S = 1.5


def recreate_database() -> None:
    """DROP and CREATE the database of DATABASE_URL, then migrate it (as benchmarks/run.py does)."""
    name = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"unexpected database name {name!r}")
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)  # noqa: S603,S607
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)  # noqa: S603


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, format="PNG")
    return out.getvalue()


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Bench:
    def __init__(self) -> None:
        from django.test import Client

        from careportal.accounts.choices import Role
        from tests.factories import UserFactory

        self.supervisor = UserFactory(username="bench_doc_supervisor", role=Role.SUPERVISOR)
        self.worker = UserFactory(
            username="bench_doc_worker", role=Role.SOCIAL_WORKER, supervisor=self.supervisor
        )
        self.client = Client()
        self.client.force_login(self.worker)
        self.times: dict[str, list[float]] = {}
        self.queries: dict[str, list[int]] = {}
        self.sizes: dict[str, list[int]] = {}
        self.png = _png()

    def _timed(self, label: str, fn: Any, *args: Any) -> Any:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = fn(*args)
            self.times.setdefault(label, []).append(time.perf_counter() - started)
        self.queries.setdefault(label, []).append(len(captured))
        return result

    def approved(self) -> Any:
        """An agreement approved by the supervisor, its version for signing not yet issued."""
        from agreements import services
        from agreements.models import Agreement, Party
        from careportal.lib.dates import nz_today
        from tests.agreements.factories import agreement_in

        draft = agreement_in(
            "awaiting_supervisor", drafted_by=self.worker, start_date=nz_today() + timedelta(days=3)
        )
        Party.objects.create(agreement=draft, position=5, name="Hēmi Tipene", role="guardian", signatory=True)
        with mock.patch("agreements.versions.issue_on_commit"):  # issued below, timed
            services.agreement_approve(agreement=draft, by=self.supervisor, acknowledged_warnings=True)
        return Agreement.objects.get(pk=draft.pk)

    def sign_all(self, agreement: Any) -> Any:
        """One party signs drawn (a PNG data URL), the others on paper (a scan)."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        from agreements import services
        from agreements.models import Agreement

        drawing = "data:image/png;base64," + base64.b64encode(self.png).decode()
        day = agreement.signing_version.issued_on
        parties = list(agreement.parties.filter(signatory=True).order_by("position"))
        with mock.patch("agreements.versions.execute_on_commit"):  # executed below, timed
            for index, party in enumerate(parties):
                options: dict[str, Any] = {"drawing": drawing}
                if index:
                    scan = SimpleUploadedFile("signed.png", self.png, "image/png")
                    options = {"method": "paper", "scan": scan}
                agreement = services.agreement_record_signature(
                    agreement=Agreement.objects.get(pk=agreement.pk),
                    by=self.worker,
                    party=party,
                    signed_on=day,
                    **options,
                )
        return Agreement.objects.get(pk=agreement.pk), len(parties)

    def page(self, label: str, path: str, shows: bytes = b"") -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = self.client.get(path)
            self.times.setdefault(label, []).append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path}: {response.status_code}")
        if shows not in response.content:
            raise RuntimeError(f"GET {path} does not show {shows!r}")
        self.queries.setdefault(label, []).append(len(captured))

    def pages(self, agreement: Any, stage: str) -> None:
        signing_form = b"Signing <strong>version" if stage == "awaiting signatures" else b""
        self.page(f"agreement page ({stage})", f"/agreements/{agreement.pk}/", signing_form)
        self.page(f"documents panel ({stage})", f"/agreements/{agreement.pk}/documents/")

    def run(self, *, timed: bool = True) -> int:
        from agreements import versions
        from careportal.lib.dates import nz_today

        agreement = self.approved()
        version = self._timed(
            "issue_signing_version", versions.issue_signing_version, agreement.pk, nz_today()
        )
        agreement.refresh_from_db()
        self.pages(agreement, "awaiting signatures")
        agreement, signatories = self.sign_all(agreement)
        executed = self._timed("execute_version", versions.execute_version, agreement.signing_version_id)
        if executed is None:
            raise RuntimeError("execute_version made no executed copy")
        self.pages(agreement, "executed")
        self.sizes.setdefault("version", []).append(version.file.size)
        self.sizes.setdefault("executed", []).append(executed.file.size)
        if not timed:
            self.times.clear()
            self.queries.clear()
            self.sizes.clear()
        return signatories


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15, help="agreements taken through, each timed once")
    args = parser.parse_args()
    recreate_database()  # the factories' sequences start again each run: a fresh database every time

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its per-render progress lines
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("make_seal_key", "--if-missing")
    cache.clear()
    load_start = Path("/proc/loadavg").read_text().split()[:3]
    bench = Bench()
    bench.run(timed=False)  # loads fonts, pyHanko, templates; warms the session and caches
    signatories = 0
    for _ in range(args.runs):
        signatories = bench.run()
    load_end = Path("/proc/loadavg").read_text().split()[:3]

    print(f"careportal document benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"{args.runs} runs (after 1 warm-up), {signatories} signatories (1 drawn, the others on paper);")
    print(
        f"{os.cpu_count()} CPUs, load average (1, 5, 15 min) {' '.join(load_start)} -> {' '.join(load_end)}"
    )
    print()
    print(f"{'measure':40} {'median ms':>10} {'p95 ms':>8} {'min ms':>8} {'queries':>8}")
    for label, values in bench.times.items():
        ms = [v * 1000 for v in values]
        counts = sorted(set(bench.queries.get(label, [])))
        queries = "-" if not counts else "/".join(str(c) for c in counts)
        print(f"{label:40} {statistics.median(ms):10.1f} {_p95(ms):8.1f} {min(ms):8.1f} {queries:>8}")
    print()
    for kind, sizes in bench.sizes.items():
        print(f"{kind} PDF: {statistics.median(sizes) / 1024:.0f} KiB (median)")
    executed = statistics.median(bench.times["execute_version"])
    verdict = "met" if executed < EXECUTED_TARGET_S else "MISSED"
    print(f"executed copy median {executed:.2f} s, target < {EXECUTED_TARGET_S} s: {verdict}")


if __name__ == "__main__":
    main()
