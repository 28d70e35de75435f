"""Two benchmark runs side by side: every latency, query count and throughput figure, old against new.

    .venv/bin/python benchmarks/compare.py OLD.json NEW.json
    .venv/bin/python benchmarks/compare.py 00e81bb:benchmarks/results/raw-1.json benchmarks/results/raw-1.json

A side written `REV:path` is read from that git revision, so a run can be held against the committed one.
Prints one row per figure with the change in percent, then the figures that moved more than --tolerance.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def load(where: str) -> dict[str, Any]:
    if ":" in where and not Path(where).exists():
        revision, path = where.split(":", 1)
        text = subprocess.run(  # noqa: S603
            ["git", "show", f"{revision}:{path}"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    else:
        text = Path(where).read_text()
    data: dict[str, Any] = json.loads(text)
    return data


def figures(run: dict[str, Any]) -> dict[str, tuple[float, bool]]:
    """Name → (value, higher is better)."""
    found: dict[str, tuple[float, bool]] = {}
    for name, latency in run.get("latency", {}).items():
        found[f"{name} median ms"] = (float(latency["median_ms"]), False)
        found[f"{name} p95 ms"] = (float(latency["p95_ms"]), False)
    for name, measured in run.get("queries", {}).items():
        if isinstance(measured, dict) and "queries" in measured:
            found[f"{name} queries"] = (float(measured["queries"]), False)
    for key in ("throughput_api", "throughput_baseline"):
        if key in run:
            found[f"{key} req/s"] = (float(run[key]["rps"]), True)
    if "pdf" in run:
        found["pdf median ms"] = (float(run["pdf"]["pdf_median_ms"]), False)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--tolerance", type=float, default=5.0, help="percent")
    args = parser.parse_args()
    old_run, new_run = load(args.old), load(args.new)
    old, new = figures(old_run), figures(new_run)
    print(f"load average: old {old_run.get('loadavg_start')}, new {new_run.get('loadavg_start')}")
    worse: list[str] = []
    for name in sorted(old.keys() & new.keys()):
        (before, higher_better), (after, _) = old[name], new[name]
        change = (after - before) / before * 100 if before else 0.0
        print(f"{name:60} {before:9.1f} {after:9.1f} {change:+7.1f}%")
        if (change < -args.tolerance) if higher_better else (change > args.tolerance):
            worse.append(f"{name}: {before:.1f} → {after:.1f} ({change:+.1f}%)")
    for name in sorted(old.keys() ^ new.keys()):
        print(f"{name:60} only in {'old' if name in old else 'new'}")
    print(f"\n{len(worse)} figures worse by more than {args.tolerance:g}%:")
    for line in worse:
        print(f"  {line}")


if __name__ == "__main__":
    main()
