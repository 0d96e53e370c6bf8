"""Evidence recall against token budget, one line per memory, as a PNG (matplotlib, Agg).

Baselines are dashed; given the report's ``by_budget_detail``, each line gets its
95% bootstrap interval as a shaded band.

Example:
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "budget.png")
    >>> plot_budget_curve({"256": {"neural": 0.4, "recency": 0.1},
    ...                    "1024": {"neural": 0.7, "recency": 0.2}}, path)
    >>> os.path.getsize(path) > 0
    True
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

#: Drawn dashed: the LangChain baselines.
BASELINE_NAMES: tuple[str, ...] = ("vector", "bm25", "recency", "hybrid")


def plot_budget_curve(
    by_budget: Mapping[str, Mapping[str, float | None]],
    path: str | os.PathLike[str],
    *,
    title: str = "Evidence recall vs. context budget",
    ylabel: str = "evidence recall (categories 1-4)",
    detail: Mapping[str, Mapping[str, Mapping[str, Any]]] | None = None,
) -> None:
    """Draw ``{budget: {memory: recall}}`` to ``path`` (PNG); missing values are gaps.

    ``detail`` (``{budget: {memory: {"ci95": [lo, hi]}}}``, the report's
    ``by_budget_detail``) adds each memory's 95% interval as a band.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    budgets = sorted(by_budget, key=int)
    memories = list(dict.fromkeys(m for b in budgets for m in by_budget[b]))
    fig, ax = plt.subplots(figsize=(7, 4.5))
    try:
        for name in memories:
            xs = [int(b) for b in budgets]
            ys = [by_budget[b].get(name) for b in budgets]
            (line,) = ax.plot(
                xs,
                [float("nan") if y is None else y for y in ys],
                marker="o",
                label=name,
                linestyle="--" if name in BASELINE_NAMES else "-",
            )
            if detail:
                bands = [_band(detail.get(b, {}).get(name, {}).get("ci95")) for b in budgets]
                ax.fill_between(
                    xs,
                    [lo for lo, _ in bands],
                    [hi for _, hi in bands],
                    color=line.get_color(),
                    alpha=0.12,
                    linewidth=0,
                )
        ax.set_xscale("log", base=2)
        ax.set_xticks([int(b) for b in budgets], labels=budgets)
        ax.set_xlabel("context budget (tokens)")
        ax.set_ylabel(ylabel)
        ax.set_ylim(0.0, 1.0)
        ax.set_title(title)
        ax.grid(True, alpha=0.3)
        ax.legend(loc="best", fontsize="small")
        fig.tight_layout()
        fig.savefig(os.fspath(path), format="png", dpi=120)
    finally:
        plt.close(fig)


def _band(interval: Sequence[float | None] | None) -> tuple[float, float]:
    if not interval or interval[0] is None or interval[1] is None:
        return (float("nan"), float("nan"))
    return (float(interval[0]), float(interval[1]))
