"""Evidence recall against token budget, one line per memory, as a PNG (matplotlib, Agg).

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
from collections.abc import Mapping


def plot_budget_curve(
    by_budget: Mapping[str, Mapping[str, float | None]],
    path: str | os.PathLike[str],
    *,
    title: str = "Evidence recall vs. context budget",
    ylabel: str = "evidence recall (categories 1-4)",
) -> None:
    """Draw ``{budget: {memory: recall}}`` to ``path`` (PNG); missing values are gaps."""
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
            ax.plot(
                xs,
                [float("nan") if y is None else y for y in ys],
                marker="o",
                label=name,
                linestyle="--" if name in ("vector", "bm25", "recency") else "-",
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
