"""The combined memory under test.

``combined`` is what :func:`~langchain_neuralmem.integrations.combined.create_combined_memory`
builds: the neural engine plus a FAISS store of the same turns (seeded from the engine's
own vectors, as the integration does), mixed by :func:`~langchain_neuralmem.combining.combine`
under one budget (its split chosen by :mod:`~langchain_neuralmem.evaluation.split_sweep`).

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

from collections.abc import Sequence
from typing import Any

from langchain_neuralmem.combining import BudgetSplit, RetrievedItem, combine
from langchain_neuralmem.config import RecallConfig
from langchain_neuralmem.data.dialogue import DialogueTurn
from langchain_neuralmem.encoders.base import Encoder
from langchain_neuralmem.evaluation.neural_memory import NeuralMemoryUnderTest
from langchain_neuralmem.evaluation.packing import TokenCount
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
            if store is None:
                return []
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
