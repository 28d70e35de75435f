"""In-process measurements on the load database, run by benchmarks/run.py as a subprocess with the same
production settings as gunicorn. Prints one JSON object on its last line.

    probe.py ids | queries | pdf | sweep
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careportal.settings.production")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from endpoints import USERS, endpoints  # noqa: E402


def ids() -> dict[str, Any]:
    """A recent agreement and referral for staff; an agreement the partner's organisation cares under."""
    from agreements.models import Agreement
    from referrals.models import Referral

    partner = get_user_model().objects.get(username=USERS["partner"])
    mid = Agreement.objects.filter(status="active").order_by("reference")[10]
    own = Agreement.objects.filter(caregiver_organisation_id=partner.organisation_id).order_by("-created_at")[
        3
    ]
    referral = Referral.objects.filter(status="monitoring").order_by("reference")[10]
    return {
        "supervisor": {
            "agreement": str(mid.pk),
            "reference": mid.reference,
            "case_reference": mid.child.case_reference,
            "referral": str(referral.pk),
            "referral_reference": referral.reference,
        },
        "partner": {"agreement": str(own.pk), "reference": own.reference},
    }


def queries(id_map: dict[str, Any]) -> dict[str, Any]:
    """Queries per request through the Django test client (the second request: caches warm)."""
    users = get_user_model().objects.in_bulk(list(USERS.values()), field_name="username")
    clients = {}
    for key, username in USERS.items():
        clients[key] = Client()
        clients[key].force_login(users[username])
    result = {}
    for user, label, path in endpoints(id_map):
        clients[user].get(path)
        with CaptureQueriesContext(connection) as captured:
            response = clients[user].get(path)
        result[f"{user}|{label}"] = {"queries": len(captured), "status": response.status_code}
    return result


def pdf(id_map: dict[str, Any], runs: int = 50) -> dict[str, Any]:
    """Median render time of the agreement PDF (the document function, without storing a file)."""
    from agreements.documents import TEMPLATE, pdf_context
    from agreements.models import Agreement
    from agreements.selectors import with_list_data
    from careportal.pdf import render_pdf

    agreement = with_list_data(Agreement.objects.filter(pk=id_map["supervisor"]["agreement"])).get()
    times = []
    for _ in range(runs + 2):
        started = time.perf_counter()
        render_pdf(TEMPLATE, pdf_context(agreement), reference=agreement.reference, version=1)
        times.append(time.perf_counter() - started)
    times = times[2:]  # the first renders load fonts
    return {"pdf_median_ms": statistics.median(times) * 1000, "pdf_p95_ms": _p95(times) * 1000, "runs": runs}


RAW_DUE_SQL = """
SELECT a.id FROM agreements_agreement a LEFT JOIN agreements_termination t ON t.agreement_id = a.id
 WHERE a.status IN ('active', 'notice_given')
   AND (a.end_date < %(d)s OR (a.status = 'notice_given' AND t.effective_on <= %(d)s))
UNION ALL
SELECT id FROM referrals_referral
 WHERE status IN ('accepted', 'monitoring') AND next_contact_due_on < %(d)s AND contact_overdue_since IS NULL
UNION ALL
SELECT id FROM referrals_referral
 WHERE status = 'referred' AND response_due_on < %(d)s AND response_overdue_since IS NULL
"""


def _raw_due(day: Any) -> tuple[int, float]:
    """The due rows found with one plain SQL statement: (count, best of 3 seconds)."""
    best, found = float("inf"), 0
    for _ in range(3):
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(RAW_DUE_SQL, {"d": day})
            found = len(cursor.fetchall())
            best = min(best, time.perf_counter() - started)
    return found, best


def _timed_sweep(day: Any) -> tuple[float, list[str]]:
    """Run the whole daily sweep for `day`; its report with the one-line-per-agreement endings counted."""
    from careportal.sweep import run_daily_sweep

    started = time.perf_counter()
    lines = run_daily_sweep(day)
    elapsed = time.perf_counter() - started
    endings = [line for line in lines if line.startswith("agreements: CA-")]
    summary = [f"agreements: {len(endings)} agreements ended (one line each)"] if endings else []
    return elapsed, summary + [line for line in lines if not line.startswith("agreements: CA-")]


def sweep(target: int = 5000) -> dict[str, Any]:
    """The daily sweep: once to settle today, again with nothing due, then on the first later day with
    about `target` rows due; the raw SQL that finds those rows is timed just before."""
    import importlib.util

    today = timezone.localdate()
    reminders = sorted(
        app
        for app in ("agreements", "partners", "referrals", "quality")
        if importlib.util.find_spec(f"{app}.reminders")
    )
    settle_s, settle_lines = _timed_sweep(today)
    idle_s, idle_lines = _timed_sweep(today)
    day, due = today, 0
    for ahead in range(1, 400):
        day = today + timedelta(days=ahead)
        due, _ = _raw_due(day)
        if due >= target:
            break
    due, raw_s = _raw_due(day)
    due_s, due_lines = _timed_sweep(day)
    return {
        "reminders_modules": reminders,
        "settle_s": settle_s,
        "settle_lines": settle_lines,
        "idle_s": idle_s,
        "idle_lines": idle_lines,
        "due_day": day.isoformat(),
        "due_rows": due,
        "raw_sql_s": raw_s,
        "due_s": due_s,
        "due_lines": due_lines,
    }


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    what = sys.argv[1]
    id_map = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    handlers = {"ids": ids, "queries": lambda: queries(id_map), "pdf": lambda: pdf(id_map), "sweep": sweep}
    print(json.dumps(handlers[what](), default=str))


if __name__ == "__main__":
    main()
