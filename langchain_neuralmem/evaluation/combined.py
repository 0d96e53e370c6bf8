"""The combined memory under test, and the sweep that chose its budget split.

``combined`` is what :func:`~langchain_neuralmem.integrations.combined.create_combined_memory`
builds: the neural engine plus a FAISS store of the same turns (seeded from the engine's
own vectors, as the integration does), mixed by :func:`~langchain_neuralmem.combining.combine`
under one budget. :func:`sweep_splits` measures evidence recall for a grid of splits on a
LoCoMo-format file (``neuralmem eval split``), which is how the shipped
:class:`~langchain_neuralmem.combining.BudgetSplit` was picked.

Example:
    >>> from langchain_neuralmem.engine import _shared_minilm
    >>> from langchain_neuralmem.encoders.tokens import default_token_counter
    >>> from langchain_neuralmem.nn.model import NeuralMemoryModel
    >>> mem = CombinedUnderTest(_shared_minilm("cpu"), NeuralMemoryModel.from_pretrained(),
    ...     default_token_counter(), session_id="demo")
    >>> mem.add_session([DialogueTurn("Ann", "human", "My dog is Rex.", timestamp=0.0)])
    >>> "Ann: My dog is Rex." in mem.context("What is my dog called?", 64)
    True
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from typing import Any

from langchain_neuralmem.combining import BudgetSplit, RetrievedItem, combine
from langchain_neuralmem.config import RecallConfig
from langchain_neuralmem.data.dialogue import DialogueTurn
from langchain_neuralmem.encoders.base import Encoder
from langchain_neuralmem.evaluation.memories import NeuralMemoryUnderTest, TokenCount
from langchain_neuralmem.nn.model import NeuralMemoryModel

RETRIEVER_K = 32
"""Documents asked of the FAISS store per query (many are turns the recall already shows)."""


class CombinedUnderTest:
    """``combined``: the neural engine + a FAISS retriever over the same turns, one budget.

    Args:
        encoder: the shared encoder.
        model: the trained modules.
        token_counter: the shared token counter.
        session_id: the conversation's id.
        split: the budget split under test.
        dates: show each turn's day (paid for in the budget).
    """

    name = "combined"

    def __init__(
        self,
        encoder: Encoder,
        model: NeuralMemoryModel,
        token_counter: TokenCount,
        *,
        session_id: str,
        split: BudgetSplit | None = None,
        dates: bool = False,
    ) -> None:
        self.split = split or BudgetSplit()
        self.neural = NeuralMemoryUnderTest(
            "combined",
            encoder,
            model,
            token_counter,
            RecallConfig(show_dates=dates),
            session_id=session_id,
        )
        self.session_id = session_id
        self._retriever: Any = None

    def add_session(self, turns: Sequence[DialogueTurn]) -> None:
        """Replay into the engine; the FAISS store is re-seeded from it at the next query."""
        self.neural.add_session(turns)
        self._retriever = None

    def _retrieve(self, query: str) -> list[RetrievedItem]:
        from langchain_neuralmem.integrations.combined import document_item, session_vector_store

        if self._retriever is None:
            store = session_vector_store(
                self.neural.memory, session_id=self.session_id, user_id="default"
            )
            self._retriever = store.as_retriever(search_kwargs={"k": RETRIEVER_K})
        return [document_item(d) for d in self._retriever.invoke(query)]

    def context(self, query: str, budget: int) -> str:
        """The combined context's text."""
        engine = self.neural.memory
        ctx = combine(
            lambda b, cfg: engine.recall(
                query, session_id=self.session_id, max_tokens=b, config=cfg
            ),
            (lambda: self._retrieve(query)) if query.strip() else None,
            budget=budget,
            split=self.split,
            count_tokens=engine.count_tokens,
            base_config=engine.config,
        )
        return ctx.to_text()

    def top_turns(self, query: str, k: int) -> str:
        """The neural engine's ``k`` favourite turns (the split only matters under a budget)."""
        return self.neural.top_turns(query, k)

    def close(self) -> None:
        """Free the in-memory database."""
        self.neural.close()


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
    from langchain_neuralmem.evaluation.replay import ask, shared_setup

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
            for episode in sorted({t.episode for t in dialogue.turns}):
                memory.add_session([t for t in dialogue.turns if t.episode == episode])
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
