"""The in-process half of the write measurements (benchmarks/writes.py), run as a subprocess with the same
production settings as gunicorn: the records the writes start from, and the two Celery tasks run as a
worker would run them (no worker runs during the benchmark). Prints one JSON object on its last line.

    write_probe.py setup <runs> | render <agreement ids> | execute <document ids>
"""

from __future__ import annotations

import base64
import json
import os
import sys
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careportal.settings.benchmark")
# The executed copy is sealed: a key of the benchmark's own, made once, never the development one.
os.environ.setdefault("AGREEMENT_SEAL_KEY_FILE", str(ROOT / "var" / "bench-seal" / "agreements-seal.p12"))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402


def setup(runs: int) -> dict[str, Any]:
    """Fresh tamariki with no agreement (so a new s139 draft breaks no R-ALL-9/10 rule), the provider the
    referrals go to, the applicant's application, the evidence requirements and a small real PDF."""
    from agreements.models import Child
    from careportal.lib.dates import nz_today
    from partners.demo import demo_pdf
    from partners.models import Application, Requirement

    call_command("make_seal_key", if_missing=True)
    today = nz_today()
    born = today.replace(year=today.year - 9) - timedelta(days=40)
    children = Child.objects.bulk_create(
        Child(
            name=f"Tamaiti Tuhituhi {i}",
            date_of_birth=born,
            case_reference=f"BENCH-W-{uuid.uuid4().hex[:12]}",
        )
        for i in range(runs)
    )
    users = get_user_model().objects.in_bulk(["bench_provider", "bench_applicant"], field_name="username")
    application = Application.objects.get(organisation_id=users["bench_applicant"].organisation_id)
    requirements = Requirement.objects.current().order_by("position", "code")  # type: ignore[attr-defined]
    return {
        "today": today.isoformat(),
        "children": [str(child.pk) for child in children],
        "provider": str(users["bench_provider"].organisation_id),
        "application": str(application.pk),
        "application_status": application.status,
        "requirements": [[str(r.pk), r.code] for r in requirements],
        "pdf": base64.b64encode(demo_pdf("Readiness evidence for the benchmark")).decode(),
    }


def _timed(function: Any, *args: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = function(*args)
    return result, (time.perf_counter() - started) * 1000


def _warm_worker(agreement_id: str) -> None:
    """What a long-lived worker has loaded before its task: the PDF renderer's fonts, pyHanko and the key."""
    from agreements.documents import TEMPLATE, pdf_context
    from agreements.models import Agreement
    from agreements.selectors import with_list_data
    from careportal.pdf import render_pdf
    from careportal.sealing import merge_pdfs, seal_pdf

    agreement = with_list_data(Agreement.objects.filter(pk=agreement_id)).get()
    content = render_pdf(TEMPLATE, pdf_context(agreement), reference=agreement.reference, version=1).content
    seal_pdf(merge_pdfs([content, content]), reason="warm-up")


def render(agreement_ids: list[str]) -> dict[str, Any]:
    """issue_signing_version for each approved agreement, timed; its version and who signs it."""
    from agreements.models import Agreement, Party
    from agreements.versions import issue_signing_version

    _warm_worker(agreement_ids[0])
    times, versions = [], {}
    for pk in agreement_ids:
        agreement = Agreement.objects.get(pk=pk)
        if agreement.status != "awaiting_signatures" or agreement.signing_version_id is not None:
            raise RuntimeError(
                f"{agreement.reference} is {agreement.status}, not approved and awaiting its version"
            )
        document, elapsed = _timed(issue_signing_version, pk, timezone.localdate(agreement.approved_at))
        if document is None or document.kind != "agreement":
            raise RuntimeError(f"no signing version was issued for {agreement.reference}")
        times.append(elapsed)
        signatories = Party.objects.filter(agreement_id=pk, signatory=True).order_by("position", "created_at")
        versions[pk] = {"document": str(document.pk), "parties": [[str(p.pk), p.name] for p in signatories]}
    return {"times_ms": times, "versions": versions}


def execute(document_ids: list[str]) -> dict[str, Any]:
    """execute_version for each fully signed version, timed: the executed copy, sealed."""
    from agreements.models import AgreementDocument
    from agreements.versions import execute_version, unsigned_parties

    _warm_worker(str(AgreementDocument.objects.get(pk=document_ids[0]).agreement_id))
    times = []
    for pk in document_ids:
        unsigned = unsigned_parties(AgreementDocument.objects.get(pk=pk))
        if unsigned:
            raise RuntimeError(f"version {pk} still needs {len(unsigned)} signature(s)")
        executed, elapsed = _timed(execute_version, pk)
        if executed is None or executed.kind != "executed" or not executed.verification_code:
            raise RuntimeError(f"no executed copy was made of version {pk}")
        times.append(elapsed)
    return {"times_ms": times}


def main() -> None:
    what, argument = sys.argv[1], json.loads(sys.argv[2])
    handlers: dict[str, Callable[[Any], Any]] = {"setup": setup, "render": render, "execute": execute}
    print(json.dumps(handlers[what](argument)))


if __name__ == "__main__":
    main()
