"""Search: stored turns ranked for a query by the learned scorer, with no token budget.

What :meth:`NeuralMemory.search` and the store, tool and retriever adapters use. It
reuses recall's own candidate gathering and scoring (:func:`score_candidates`).

Example:
    >>> from langchain_neuralmem.engine import NeuralMemory
    >>> memory = NeuralMemory(":memory:")
    >>> _ = memory.add_turn("We adopted a greyhound.", session_id="s")
    >>> [r.turn.content for r in memory.search("dog", session_id="s")]
    ['We adopted a greyhound.']
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np

from langchain_neuralmem.config import RecallConfig
from langchain_neuralmem.encoders.base import Encoder
from langchain_neuralmem.nn.model import NeuralMemoryModel
from langchain_neuralmem.recall import query_view, score_candidates
from langchain_neuralmem.stores.base import MemoryStore
from langchain_neuralmem.stores.scope_index import ScopeSnapshot
from langchain_neuralmem.types import Recall, Turn


def rank_turns(
    index: ScopeSnapshot,
    query: str,
    *,
    encoder: Encoder,
    model: NeuralMemoryModel,
    store: MemoryStore,
    config: RecallConfig,
    k: int,
    keep: Callable[[Turn], bool],
    exhaustive: bool = False,
) -> list[Recall]:
    """The ``k`` best turns of a snapshot that ``keep`` accepts, best first.

    With no query the newest turns come first. ``exhaustive`` (a caller that filters)
    makes every row a candidate, so a filter never hides a match that the usual
    candidate sources (FAISS, BM25) would have missed.
    """
    n = len(index)
    if not n:
        return []
    if not query.strip():
        ranked = [(r, 0.0, 0.0, "recent") for r in range(n - 1, -1, -1)]
    else:
        view = query_view(index, query, encoder.encode_one(query))
        state = (
            index.state
            if index.state is not None
            else np.zeros(model.config.gru.hidden_dim, np.float32)
        )
        wide = max(k, n if exhaustive else 0, config.vector_candidates)
        cfg = dataclasses.replace(config, vector_candidates=wide, lexical_candidates=wide)
        scored = score_candidates(
            model=model,
            index=index,
            query=view,
            state=state,
            exclude_rows=set(),
            segment_rows={},
            config=cfg,
        )
        ranked = [(c.row, c.score, c.similarity, c.level) for c in scored]
    out: list[Recall] = []
    step = max(4 * k, 64)
    for start in range(0, len(ranked), step):
        chunk = ranked[start : start + step]
        ids = [int(index.turn_ids[row]) for row, *_ in chunk]
        turns = {t.turn_id: t for t in store.get_turns(ids)}
        for row, score, similarity, level in chunk:
            turn = turns.get(int(index.turn_ids[row]))
            if turn is not None and keep(turn):  # deleted since the snapshot: left out
                out.append(Recall(turn, score, level, similarity))
                if len(out) == k:
                    return out
    return out
