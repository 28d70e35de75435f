"""The performance benchmark (decision 0010): one command, bounded, loopback only, stops by itself.

    .venv/bin/python benchmarks/run.py                 # scales 0.01, 0.1 and 1 (11 to 21 minutes)
    .venv/bin/python benchmarks/run.py --scales 0.01   # a quick check

For each scale: recreate the `careportal_load` database, migrate, generate the load data (timed), then
with production settings (DEBUG off) measure queries and HTML size per request (Django test client),
the agreement PDF, latency of every persona's pages, searches and look-ups through gunicorn on
127.0.0.1, then the writes (benchmarks/writes.py), the agreements API list's throughput with 8 clients
against the `.values()` baseline, worker memory over 10,000 requests, and last the daily sweep (the
writes and the sweep change data). Writes benchmarks/results/raw-<scale>.json (the
previous run's moved to results/previous/), RESULTS.md and the plots.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import http_bench  # noqa: E402
import report  # noqa: E402
import writes  # noqa: E402
from endpoints import USERS, endpoints, lookups, portal_searches  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PYTHON = str(ROOT / ".venv/bin/python")
SERVER = "postgres://postgres@127.0.0.1:5432"


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def _probe(what: str, env: dict[str, str], id_map: dict[str, Any] | None = None) -> Any:
    probe_env = {**env, "ALLOWED_HOSTS": "127.0.0.1,testserver"}
    out = _run([PYTHON, "benchmarks/probe.py", what, json.dumps(id_map or {})], probe_env)
    return json.loads(out.strip().splitlines()[-1])


def prepare(scale: float, database: str, env: dict[str, str]) -> float:
    """A fresh, migrated database with the load data; returns the generation time in seconds."""
    _run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {database}"], env)
    _run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {database}"], env)
    _run([PYTHON, "manage.py", "migrate", "-v0"], env)
    started = time.perf_counter()
    print(_run([PYTHON, "manage.py", "generate_load_data", "--scale", str(scale)], env), flush=True)
    return time.perf_counter() - started


def http_measurements(
    env: dict[str, str], id_map: dict[str, Any], args: argparse.Namespace
) -> dict[str, Any]:
    base = f"http://127.0.0.1:{args.port}"
    result: dict[str, Any] = {"latency": {}}
    with http_bench.gunicorn(env, args.port) as master:
        sessions = {key: http_bench.login(base, username) for key, username in USERS.items()}
        for user, label, path in endpoints(id_map):
            result["latency"][f"{user}|{label}"] = http_bench.latency(sessions[user], base + path, args.runs)
            print(
                f"  {user:10} {label:30} {result['latency'][f'{user}|{label}']['median_ms']:7.1f} ms",
                flush=True,
            )
        for user, label, path, data in [*portal_searches(id_map), *lookups(id_map)]:
            timed = http_bench.latency(sessions[user], base + path, args.runs, data=data)
            result["latency"][f"{user}|{label}"] = timed
            print(f"  {user:10} {label:30} {timed['median_ms']:7.1f} ms", flush=True)
        # After the reads: the writes add records to the load database.
        result["writes"] = writes.measure(base, sessions, env, runs=min(args.runs, writes.RUNS))
        staff = sessions["supervisor"]
        result["throughput_api"] = http_bench.throughput(staff, f"{base}/api/v1/agreements/", 8, args.seconds)
        result["throughput_baseline"] = http_bench.throughput(
            staff, f"{base}/bench/baseline/agreements/", 8, args.seconds
        )
        urls = {key: [base + path for user, _, path in endpoints(id_map) if user == key] for key in USERS}
        mix = [(sessions[key], urls[key]) for key in USERS]
        result["memory"] = http_bench.memory(master, mix, args.memory_requests)
    return result


def measure(scale: float, args: argparse.Namespace) -> dict[str, Any]:
    database_url = f"{SERVER}/{args.database}"
    env = http_bench.environment(database_url, args.port, args.redis_url)
    result: dict[str, Any] = {"scale": scale, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    # Other work on the machine distorts every figure: the 1/5/15-minute load averages say how much.
    result["loadavg_start"] = Path("/proc/loadavg").read_text().split()[:3]
    if not args.reuse:
        result["generate_s"] = prepare(scale, args.database, env)
    id_map = _probe("ids", env)
    result["queries"] = _probe("queries", env, id_map)
    result["pdf"] = _probe("pdf", env, id_map)
    result["agreement_form"] = _probe("form", env, id_map)
    result.update(http_measurements(env, id_map, args))
    result["sweep"] = _probe("sweep", env)
    result["loadavg_end"] = Path("/proc/loadavg").read_text().split()[:3]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", type=float, nargs="+", default=[0.01, 0.1, 1.0])
    parser.add_argument("--database", default="careportal_load")
    parser.add_argument("--port", type=int, default=8031)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--runs", type=int, default=40, help="timed requests per endpoint")
    parser.add_argument("--seconds", type=float, default=15, help="per throughput measurement")
    parser.add_argument("--memory-requests", type=int, default=10_000)
    parser.add_argument("--reuse", action="store_true", help="measure the data already in the database")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    http_env = http_bench.environment(f"{SERVER}/{args.database}", args.port, args.redis_url)
    _run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], http_env)
    for scale in args.scales:
        print(f"== scale {scale}", flush=True)
        result = measure(scale, args)
        raw = RESULTS / f"raw-{scale:g}.json"
        if raw.exists():  # the last run's figures stay, set beside the new ones in RESULTS.md
            (RESULTS / "previous").mkdir(exist_ok=True)
            raw.replace(RESULTS / "previous" / raw.name)
        raw.write_text(json.dumps(result, indent=1, default=str))
        report.write(RESULTS)
    print(f"wrote {RESULTS / 'RESULTS.md'} and the plots beside it")


if __name__ == "__main__":
    main()
