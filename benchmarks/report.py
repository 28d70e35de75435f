"""RESULTS.md and latency.png from benchmarks/results/raw-<scale>.json (decision 0010)."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
from pathlib import Path
from typing import Any

TARGETS = (
    "median < 50 ms and p95 < 150 ms for every page and endpoint; at most 15 queries per request, the same "
    "at every scale; agreements API list throughput at least 50% of the baseline; sweep < 30 s with ~5,000 "
    "due and within 3x the raw SQL; PDF median < 500 ms; worker memory growth < 10%"
)


def machine() -> dict[str, str]:
    pg = subprocess.run(  # noqa: S603 - a fixed command
        [shutil.which("psql") or "/usr/bin/psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version"],
        capture_output=True, text=True, check=False,
    ).stdout.strip()  # fmt: skip
    ram = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    return {
        "nproc": str(os.cpu_count()), "RAM": f"{ram:.1f} GiB", "CPU": cpu,
        "Python": platform.python_version(), "PostgreSQL": pg, "OS": platform.platform(),
    }  # fmt: skip


def _load(results: Path) -> list[dict[str, Any]]:
    runs = [json.loads(p.read_text()) for p in results.glob("raw-*.json")]
    return sorted(runs, key=lambda r: r["scale"])


def summary(run: dict[str, Any]) -> dict[str, Any]:
    lat = run["latency"]
    sweep = run["sweep"]
    workers = run["memory"]["workers"].values()
    return {
        "generate_s": run.get("generate_s"),
        "worst_median": max(lat.items(), key=lambda kv: kv[1]["median_ms"]),
        "worst_p95": max(lat.items(), key=lambda kv: kv[1]["p95_ms"]),
        "max_queries": max(q["queries"] for q in run["queries"].values()),
        "non_200": sorted(k for k, v in {**lat, **run["queries"]}.items() if v["status"] != 200),
        "ratio": run["throughput_api"]["rps"] / run["throughput_baseline"]["rps"],
        "sweep_ratio": sweep["due_s"] / sweep["raw_find_s"] if sweep["raw_find_s"] else float("inf"),
        "sweep_sql_ratio": sweep["due_s"] / sweep["raw_sql_s"] if sweep["raw_sql_s"] else float("inf"),
        "growth": max(w["growth_pct"] for w in workers),
        "peak_mib": max(w["peak_mib"] for w in workers),
    }


def _ok(flag: bool) -> str:
    return "met" if flag else "**missed**"


def _form_size(runs: list[dict[str, Any]]) -> tuple[str, str, str, bool]:
    """The agreement form (a tamaiti chosen) is the same size at every scale: it never lists tamariki."""
    sizes = [r["agreement_form"]["child"]["bytes"] for r in runs if "agreement_form" in r]
    if not sizes:
        return ("agreement form HTML size", "not measured", "the same at every scale (±5%)", False)
    spread = (max(sizes) - min(sizes)) / min(sizes)
    shown = " / ".join(f"{size:,} B" for size in sizes)
    return (
        "agreement form HTML size",
        f"{shown} ({spread * 100:.1f}%)",
        "the same at every scale (±5%)",
        spread <= 0.05,
    )


def _targets(run: dict[str, Any], runs: list[dict[str, Any]]) -> list[str]:
    s = summary(run)
    (med_name, med), (p95_name, p95) = s["worst_median"], s["worst_p95"]
    per_scale = [{k: v["queries"] for k, v in r["queries"].items()} for r in runs]
    constant = all(q == per_scale[0] for q in per_scale)
    sweep, pdf = run["sweep"], run["pdf"]["pdf_median_ms"]
    rows = [
        ("slowest median", f"{med['median_ms']:.1f} ms ({med_name})", "< 50 ms", med["median_ms"] < 50),
        ("slowest p95", f"{p95['p95_ms']:.1f} ms ({p95_name})", "< 150 ms", p95["p95_ms"] < 150),
        ("most queries per request", str(s["max_queries"]), "<= 15", s["max_queries"] <= 15),
        (
            "queries the same at every scale",
            ("yes" if constant else "no") if len(runs) > 1 else "one scale measured: not shown",
            "yes",
            constant and len(runs) > 1,
        ),
        ("agreements API / baseline throughput", f"{s['ratio'] * 100:.0f}%", ">= 50%", s["ratio"] >= 0.5),
        (
            "sweep, ~5,000 reminders due",
            f"{sweep['due_s']:.2f} s ({sweep['due_reminders']} reminders)",
            "< 30 s",
            sweep["due_s"] < 30,
        ),
        (
            "sweep / raw SQL finding the due rows (its SELECTs replayed)",
            f"{s['sweep_ratio']:.1f}x ({sweep['raw_find_s'] * 1000:.0f} ms)",
            "<= 3x",
            s["sweep_ratio"] <= 3,
        ),
        ("PDF median", f"{pdf:.0f} ms", "< 500 ms", pdf < 500),
        _form_size(runs),
        (
            "worker memory growth",
            f"{s['growth']:.1f}% (peak {s['peak_mib']:.0f} MiB)",
            "< 10%",
            s["growth"] < 10,
        ),
    ]
    lines = ["| measure | result | target | |", "|---|---|---|---|"]
    lines += [f"| {name} | {value} | {target} | {_ok(flag)} |" for name, value, target, flag in rows]
    return lines


def _per_scale(runs: list[dict[str, Any]]) -> list[str]:
    head = "| | " + " | ".join(f"scale {r['scale']:g}" for r in runs) + " |"
    lines = [head, "|---" * (len(runs) + 1) + "|"]
    fields = (
        ("generation", lambda r, s: f"{r['generate_s']:.0f} s" if r.get("generate_s") else "reused"),
        ("API list req/s (8 clients)", lambda r, s: f"{r['throughput_api']['rps']:.1f}"),
        ("baseline req/s (8 clients)", lambda r, s: f"{r['throughput_baseline']['rps']:.1f}"),
        ("ratio", lambda r, s: f"{s['ratio'] * 100:.0f}%"),
        ("sweep, nothing due", lambda r, s: f"{r['sweep']['idle_s']:.2f} s"),
        (
            "sweep, reminders sent / time",
            lambda r, s: f"{r['sweep']['due_reminders']} / {r['sweep']['due_s']:.2f} s",
        ),
        (
            "raw SQL finding the due rows (ratio)",
            lambda r, s: f"{r['sweep']['raw_find_s'] * 1000:.0f} ms ({s['sweep_ratio']:.1f}x)",
        ),
        (
            "all the sweep's SQL run raw, writes too (ratio)",
            lambda r, s: f"{r['sweep']['raw_sql_s'] * 1000:.0f} ms ({s['sweep_sql_ratio']:.1f}x)",
        ),
        (
            "PDF median / p95",
            lambda r, s: f"{r['pdf']['pdf_median_ms']:.0f} / {r['pdf']['pdf_p95_ms']:.0f} ms",
        ),
        ("memory growth (peak RSS)", lambda r, s: f"{s['growth']:.1f}% ({s['peak_mib']:.0f} MiB)"),
        (
            "requests in memory run (errors)",
            lambda r, s: f"{r['memory']['requests']} ({r['memory']['errors']})",
        ),
    )
    for label, fn in fields:
        lines.append(f"| {label} | " + " | ".join(fn(r, summary(r)) for r in runs) + " |")
    return lines


def _latency(runs: list[dict[str, Any]]) -> list[str]:
    head = "| user | page or endpoint | " + " | ".join(
        f"{r['scale']:g}: median / p95 ms, queries (kept count)" for r in runs
    )
    lines = [head + " |", "|---|---" + "|---" * len(runs) + "|"]
    for key in runs[0]["latency"]:
        user, label = key.split("|")
        cells = []
        for r in runs:
            lat, q = r["latency"].get(key), r["queries"].get(key, {})
            warm = q.get("queries_warm", q.get("queries"))
            queries = f"{q.get('queries', '?')}" + (f" ({warm})" if warm != q.get("queries") else "")
            cells.append(f"{lat['median_ms']:.1f} / {lat['p95_ms']:.1f}, {queries}" if lat else "-")
        lines.append(f"| {user} | {label} | " + " | ".join(cells) + " |")
    return lines


def plot(runs: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(13, 6), sharey=True)
    scales = [r["scale"] for r in runs]
    for ax, metric in zip(axes, ("median_ms", "p95_ms"), strict=True):
        for key in runs[0]["latency"]:
            # a run committed before a probe existed has no point for it (NaN leaves a gap in the line)
            points = [r["latency"].get(key, {}).get(metric, float("nan")) for r in runs]
            ax.plot(scales, points, marker="o", linewidth=1, label=key)
        ax.set_xscale("log")
        ax.set_xlabel("scale (1 = 100,000 agreements, 200,000 referrals)")
        ax.set_title(metric.replace("_ms", "") + " latency (ms)")
        ax.axhline(50 if metric == "median_ms" else 150, color="red", linestyle="--", label="target")
        ax.grid(True, alpha=0.3)
    axes[1].legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def write(results: Path, note: str = "") -> None:
    runs = _load(results)
    if not runs:
        return
    info = machine()
    largest = runs[-1]
    lines = [
        "# careportal benchmark results",
        "",
        f"Date: {largest['date']}. Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()) + ".",
        "",
        "Command: `.venv/bin/python benchmarks/run.py` (gunicorn, 2 sync workers, production settings, "
        "DEBUG off, loopback only). Targets: " + TARGETS + ".",
        "",
        f"## Against the targets at scale {largest['scale']:g}",
        "",
        *_targets(largest, runs),
        "",
        "## Per scale",
        "",
        *_per_scale(runs),
        "",
        "## Latency and queries per request",
        "",
        *_latency(runs),
        "",
        "## Conditions",
        "",
        *(
            f"- scale {r['scale']:g}: load average (1, 5, 15 min) {' '.join(r.get('loadavg_start', ['?']))} at "
            f"the start, {' '.join(r.get('loadavg_end', ['?']))} at the end of its measurements"
            for r in runs
        ),
        *([note] if note else []),
        "",
        "## The sweep",
        "",
    ]
    for r in runs:
        sw = r["sweep"]
        lines.append(
            f"- scale {r['scale']:g}: first run today {sw['settle_s']:.2f} s; nothing due {sw['idle_s']:.2f} s; "
            f"on {sw['due_day']} ({sw['statements']} statements): " + "; ".join(sw["due_lines"][:10])
        )
    (results / "RESULTS.md").write_text("\n".join(lines) + "\n")
    plot(runs, results / "latency.png")


if __name__ == "__main__":
    import sys

    # Rewrite RESULTS.md and latency.png from the raw files: `report.py [note]`.
    write(Path(__file__).resolve().parent / "results", " ".join(sys.argv[1:]))
