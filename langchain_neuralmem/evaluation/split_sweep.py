"""The sweep that chose the combined memory's budget split (``neuralmem eval split``).

Each conversation of a LoCoMo-format file is replayed once into a
:class:`~langchain_neuralmem.evaluation.combined.CombinedUnderTest`; every split of the grid
then answers every question at every budget, so the splits are compared on the very same
memories and questions.

Example:
    >>> [s.retrieved_fraction for s in split_grid([0.0, 0.2], [0.0])]
    [0.0, 0.2]
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from typing import Any

from langchain_neuralmem.combining import BudgetSplit
from langchain_neuralmem.evaluation.combined import CombinedUnderTest


def split_grid(
    retrieved: Sequence[float],
    summaries: Sequence[float],
    *,
    recent_fraction: float = 0.0,
    recent_turns: int = 0,
) -> list[BudgetSplit]:
    """Every split of the given retriever and summary shares (recent window fixed).

    Example:
        >>> [s.retrieved_fraction for s in split_grid([0.0, 0.2], [0.0])]
        [0.0, 0.2]
    """
    return [
        BudgetSplit(
            recent_turns=recent_turns,
            recent_fraction=recent_fraction,
            summary_fraction=s,
            retrieved_fraction=r,
        )
        for r, s in itertools.product(retrieved, summaries)
    ]


def split_label(split: BudgetSplit) -> str:
    """A short name for a split in reports.

    Example:
        >>> split_label(BudgetSplit(recent_fraction=0.1, summary_fraction=0.05, retrieved_fraction=0.2))
        'recent=0.10 summaries=0.05 retrieved=0.20'
    """
    return (
        f"recent={split.recent_fraction:.2f} summaries={split.summary_fraction:.2f} "
        f"retrieved={split.retrieved_fraction:.2f}"
    )


def as_dict(split: BudgetSplit) -> dict[str, Any]:
    """The split's fields (for JSON reports)."""
    return dataclasses.asdict(split)


def sweep_splits(
    data: str,
    grid: Sequence[BudgetSplit],
    *,
    budgets: Sequence[int] = (512, 1024),
    limit_conversations: int | None = None,
    dates: bool = False,
    progress: bool = True,
) -> dict[str, Any]:
    """Evidence recall (categories 1-4) of the combined memory for each split in ``grid``.

    Each conversation is replayed once; every split then answers every question at every
    budget, so the splits are compared on the very same memories and questions.
    """
    from tqdm import tqdm

    from langchain_neuralmem.data.locomo import load_locomo
    from langchain_neuralmem.evaluation.metrics import evidence_recall
    from langchain_neuralmem.evaluation.replay import ask, sessions_of, shared_setup

    samples = load_locomo(data)[:limit_conversations]
    setup = shared_setup(["combined"])
    assert setup.model is not None
    scores: dict[tuple[int, int], list[float]] = {}
    total = sum(len(s.dialogue.questions) for s in samples) * len(grid)
    with tqdm(total=total, desc="split", disable=not progress) as bar:
        for sample in samples:
            dialogue = sample.dialogue
            memory = CombinedUnderTest(
                setup.encoder,
                setup.model,
                setup.count,
                session_id=dialogue.dialogue_id,
                dates=dates,
            )
            for session in sessions_of(dialogue.turns):
                memory.add_session(session)
            for i, split in enumerate(grid):
                memory.split = split
                for q, category in zip(dialogue.questions, sample.categories, strict=False):
                    bar.update(1)
                    if str(category) == "5":
                        continue
                    evidence = [dialogue.turns[j].text for j in q.evidence]
                    for b in budgets:
                        text, *_ = ask(memory, q.question, budget=b, top_k=None, count=setup.count)
                        scores.setdefault((i, b), []).append(evidence_recall(text, evidence))
            memory.close()
    rows = []
    for i, split in enumerate(grid):
        by_budget = {
            str(b): round(sum(v) / len(v), 4) for b in budgets if (v := scores.get((i, b)))
        }
        rows.append(
            {"split": as_dict(split), "label": split_label(split), "evidence_recall": by_budget}
        )
    return {
        "dataset": "locomo",
        "data": str(data),
        "conversations": len(samples),
        "budgets": list(budgets),
        "dates": dates,
        "scoring": "mean evidence recall over categories 1-4 (see neuralmem eval locomo)",
        "results": rows,
    }
