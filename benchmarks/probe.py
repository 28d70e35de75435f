"""In-process measurements on the load database, run by benchmarks/run.py as a subprocess with the same
production settings as gunicorn. Prints one JSON object on its last line.

    probe.py ids | queries | pdf | form | sweep
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careportal.settings.benchmark")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from endpoints import USERS, endpoints, ids, lookups, portal_searches  # noqa: E402


def queries(id_map: dict[str, Any]) -> dict[str, Any]:
    """Queries and HTML size per request through the Django test client: `queries` with no list count
    kept (the first request of a list, or one after COUNT_CACHE_SECONDS), the most a request takes;
    `queries_warm` for the request right after, which takes a kept count of more than
    COUNT_CACHE_THRESHOLD rows; `bytes` of the page (the CSRF token's length is fixed). A search or a
    look-up is POSTed; the search's 303 is followed to its results page."""
    from django.core.cache import cache

    users = get_user_model().objects.in_bulk(list(USERS.values()), field_name="username")
    clients = {}
    for key, username in USERS.items():
        clients[key] = Client()
        clients[key].force_login(users[username])
    requests = [(user, label, path, None) for user, label, path in endpoints(id_map)]
    requests += [*portal_searches(id_map), *lookups(id_map)]
    result = {}
    for user, label, path, data in requests:
        _asked(clients[user], path, data)  # the session, the user and the planner's caches are warm
        cache.clear()  # ... but no list count is kept
        (counts, response), (warm, _) = _asked(clients[user], path, data), _asked(clients[user], path, data)
        result[f"{user}|{label}"] = {
            "queries": counts,
            "queries_warm": warm,
            "status": response.status_code,
            "bytes": len(response.content),
        }
    return result


def _asked(client: Client, path: str, data: dict[str, str] | None) -> tuple[int, Any]:
    """A GET, or a POST of `data` with its 303 followed: the most queries one of its requests took, and
    the last response."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path) if data is None else client.post(path, data)
    most = len(captured)
    if response.status_code == 303:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(response["Location"])
        most = max(most, len(captured))
    return most, response


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


def _timed_sweep(day: Any) -> tuple[float, list[str]]:
    """Run the whole daily sweep for `day`; its report with the one-line-per-agreement endings counted."""
    from careportal.notifications.sweep import run_daily_sweep

    started = time.perf_counter()
    lines = run_daily_sweep(day)
    elapsed = time.perf_counter() - started
    endings = [line for line in lines if line.startswith("agreements: CA-")]
    summary = [f"agreements: {len(endings)} agreements ended (one line each)"] if endings else []
    return elapsed, summary + [line for line in lines if not line.startswith("agreements: CA-")]


class _Rollback(Exception):
    pass


def _dry_run(day: Any) -> tuple[int, list[tuple[str, Any, bool]]]:
    """The sweep for `day` inside a transaction that is rolled back: the reminders it would send, and
    every SQL statement it ran with its parameters (in order)."""
    from careportal.notifications.models import Reminder
    from careportal.notifications.sweep import run_daily_sweep

    statements: list[tuple[str, Any, bool]] = []

    def capture(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append((sql, params, many))
        return execute(sql, params, many, context)

    before = Reminder.objects.count()
    try:
        with transaction.atomic(), connection.execute_wrapper(capture):
            run_daily_sweep(day)
            sent = Reminder.objects.count() - before
            raise _Rollback
    except _Rollback:
        pass
    return sent, statements[:-1]  # without the count above


_UPDATE = re.compile(r"^\s*UPDATE\s+(?P<table>\S+)\s+SET\s+(?P<set>.*?)\s+WHERE\s+(?P<where>.*)$", re.S)


def _finding_part(sql: str, params: Any) -> tuple[str, Any] | None:
    """An UPDATE finds the rows it changes (the referrals overdue for contact, the agreements to end):
    that finding, as the SELECT of its WHERE clause with the SET clause's parameters left out."""
    match = _UPDATE.match(sql)
    if match is None:
        return None
    select = f"SELECT 1 FROM {match['table']} WHERE {match['where']}"  # noqa: S608 - our own captured SQL
    return select, list(params)[match["set"].count("%s") :]


def _timed(cursor: Any, sql: str, params: Any, many: bool = False) -> float:
    started = time.perf_counter()
    if many:
        cursor.executemany(sql, params)
    else:
        cursor.execute(sql, params)
    if cursor.description is not None:
        cursor.fetchall()
    return time.perf_counter() - started


def _replay(statements: list[tuple[str, Any, bool]]) -> tuple[float, float]:
    """The sweep's own SQL run again as plain statements, no ORM and no Python between them, in a
    transaction rolled back afterwards: (seconds finding the due rows: its SELECTs and its UPDATEs'
    WHERE clauses run as SELECTs just before them; seconds in all its statements)."""
    finding = total = 0.0
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for sql, params, many in statements:
                part = None if many else _finding_part(sql, params)
                if part is not None:
                    finding += _timed(cursor, *part)
                elapsed = _timed(cursor, sql, params, many)
                total += elapsed
                if sql.lstrip().upper().startswith("SELECT"):
                    finding += elapsed
            raise _Rollback
    except _Rollback:
        pass
    return finding, total


def _emails_sent_overnight() -> int:
    """The benchmark runs no Celery worker; mark the e-mails a worker would have sent since the last
    sweep, so the next sweep does not queue them again as owed (which it does after an outage)."""
    from careportal.notifications.models import Reminder

    return Reminder.objects.filter(emailed_at__isnull=True).update(emailed_at=timezone.now())


def sweep(target: int = 5000, horizon: int = 60) -> dict[str, Any]:
    """The daily sweep: once to settle today, again with nothing due, then on the first later day on which
    it sends at least `target` reminders (found by dry runs rolled back). Just before that run, the same
    sweep's SQL statements are replayed as plain SQL: the raw time to find the due rows (its SELECTs) and
    the database's whole share of the work (every statement, writes too)."""
    import importlib.util

    today = timezone.localdate()
    reminders = sorted(
        app
        for app in ("agreements", "partners", "referrals", "quality")
        if importlib.util.find_spec(f"{app}.reminders")
    )
    settle_s, settle_lines = _timed_sweep(today)
    _emails_sent_overnight()
    idle_s, idle_lines = _timed_sweep(today)
    best: tuple[int, Any, list] = (-1, today, [])
    for ahead in range(1, horizon + 1):
        day = today + timedelta(days=ahead)
        sent, statements = _dry_run(day)
        if sent > best[0]:
            best = (sent, day, statements)
        if sent >= target:
            break
    planned, day, statements = best
    finding_s, sql_s = _replay(statements)
    due_s, due_lines = _timed_sweep(day)
    return {
        "reminders_modules": reminders,
        "settle_s": settle_s,
        "settle_lines": settle_lines,
        "idle_s": idle_s,
        "idle_lines": idle_lines,
        "due_day": day.isoformat(),
        "due_reminders": planned,
        "statements": len(statements),
        "raw_find_s": finding_s,
        "raw_sql_s": sql_s,
        "due_s": due_s,
        "due_lines": due_lines,
    }


def form(id_map: dict[str, Any]) -> dict[str, Any]:
    """The agreement form's HTML size (bytes, the CSRF token's length is fixed) and queries, empty and with
    a tamaiti chosen, and the look-ups' queries: the same at every scale (the page never lists tamariki)."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=USERS["worker"]))
    result: dict[str, Any] = {}
    paths = {"empty": "/agreements/new/", "child": f"/agreements/new/?child={id_map['worker']['child']}"}
    for key, path in paths.items():
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        result[key] = {
            "bytes": len(response.content),
            "queries": len(captured),
            "status": response.status_code,
        }
    for _, label, path, data in lookups(id_map):
        with CaptureQueriesContext(connection) as captured:
            response = client.post(path, data)
        body = response.json() if response.status_code == 200 else {}
        result[label] = {
            "queries": len(captured),
            "status": response.status_code,
            "results": len(body.get("results", [])),
        }
    return result


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    what = sys.argv[1]
    id_map = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    handlers = {
        "ids": ids,
        "queries": lambda: queries(id_map),
        "pdf": lambda: pdf(id_map),
        "form": lambda: form(id_map),
        "sweep": sweep,
    }
    print(json.dumps(handlers[what](), default=str))


if __name__ == "__main__":
    main()
