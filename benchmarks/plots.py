"""The benchmark's plots (decision 0010): latency by scale, and every request at the largest scale
against its targets."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def by_scale(runs: list[dict[str, Any]], path: Path) -> None:
    plt = _pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(14, 7), sharey=True)
    scales = [r["scale"] for r in runs]
    for ax, metric, target in zip(axes, ("median_ms", "p95_ms"), (30, 80), strict=True):
        for key in runs[-1]["latency"]:
            # a run made before a page was measured has no point for it (NaN leaves a gap in the line)
            points = [r["latency"].get(key, {}).get(metric, float("nan")) for r in runs]
            ax.plot(scales, points, marker="o", linewidth=1, label=key)
        ax.set_xscale("log")
        ax.set_xlabel("scale (1 = 100,000 agreements, 200,000 referrals)")
        ax.set_title(metric.replace("_ms", "") + " latency of every GET (ms)")
        ax.axhline(target, color="red", linestyle="--", label="target")
        ax.grid(True, alpha=0.3)
    axes[1].legend(fontsize=5, loc="upper left", bbox_to_anchor=(1.01, 1), ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def at_largest(run: dict[str, Any], path: Path) -> None:
    """Median and p95 of every GET and write at the largest scale, with the targets drawn."""
    plt = _pyplot()
    rows = [(k, v) for k, v in run["latency"].items()]
    rows += [(f"write|{k}", v) for k, v in run.get("writes", {}).items() if v.get("status") != "task"]
    fig, ax = plt.subplots(figsize=(10, max(6, len(rows) * 0.18)))
    names = [k.replace("|", ": ") for k, _ in rows]
    ax.barh(names, [v["p95_ms"] for _, v in rows], color="#c8d7e6", label="p95")
    ax.barh(names, [v["median_ms"] for _, v in rows], color="#2f5f8a", label="median")
    for x, colour, label in ((30, "green", "GET median target"), (80, "orange", "GET p95 target")):
        ax.axvline(x, color=colour, linestyle="--", linewidth=1, label=label)
    ax.invert_yaxis()
    ax.tick_params(axis="y", labelsize=6)
    ax.set_xlabel(f"ms at scale {run['scale']:g} (writes: median < 150 ms, p95 < 300 ms)")
    ax.legend(fontsize=7, loc="lower right")
    ax.grid(True, axis="x", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def draw(runs: list[dict[str, Any]], results: Path) -> None:
    by_scale(runs, results / "latency.png")
    at_largest(runs[-1], results / "every-request.png")
