"""An in-memory FAISS index (plus BM25 statistics) over one session's turns.

SQLite is the source of truth: the index is rebuilt from it on first use and
extended as turns arrive, so a restart never loses anything and nothing is pickled.

Example:
    >>> import numpy as np
    >>> idx = ScopeIndex(dim=4)
    >>> idx.add_rows(turn_ids=[7], positions=[0], vectors=np.eye(4, dtype=np.float32)[:1],
    ...              terms=[("dog",)], episodes=[0], roles=["human"], speakers=["Ann"],
    ...              times=[0.0], saliences=[0.0])
    >>> idx.search(np.eye(4, dtype=np.float32)[0], 1)
    [0]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import faiss
import numpy as np

from langchain_neuralmem.features import BM25Index


class ScopeIndex:
    """Vectors and lexical statistics of one (user, session), row-aligned with turn ids."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.index = faiss.IndexFlatIP(dim)
        self.turn_ids: list[int] = []
        self.positions: list[int] = []
        self.terms: list[tuple[str, ...]] = []
        self.episodes: list[int] = []
        self.roles: list[str] = []
        self.speakers: list[str] = []
        self.times: list[float] = []
        self.saliences: list[float] = []
        self.tokens: list[int] = []
        self.time_flags: list[bool] = []
        self.vectors = np.zeros((0, dim), dtype=np.float32)
        self.bm25 = BM25Index()
        self.version: tuple[int, int] = (0, 0)
        # Closed hierarchy nodes by level, loaded on first recall; reset by every write.
        self.nodes: dict[str, list[Any]] | None = None

    def __len__(self) -> int:
        return len(self.turn_ids)

    def add_rows(
        self,
        *,
        turn_ids: Sequence[int],
        positions: Sequence[int],
        vectors: np.ndarray,
        terms: Sequence[tuple[str, ...]],
        episodes: Sequence[int],
        roles: Sequence[str],
        speakers: Sequence[str],
        times: Sequence[float],
        saliences: Sequence[float],
        tokens: Sequence[int] | None = None,
        time_flags: Sequence[bool] | None = None,
    ) -> None:
        """Append turns (already ordered by position)."""
        if len(turn_ids) == 0:
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        self.index.add(vectors)
        self.vectors = (
            np.concatenate([self.vectors, vectors]) if len(self.vectors) else vectors.copy()
        )
        self.turn_ids.extend(turn_ids)
        self.positions.extend(positions)
        self.terms.extend(terms)
        self.episodes.extend(episodes)
        self.roles.extend(roles)
        self.speakers.extend(speakers)
        self.times.extend(times)
        self.saliences.extend(saliences)
        self.tokens.extend(tokens if tokens is not None else [0] * len(turn_ids))
        self.time_flags.extend(time_flags if time_flags is not None else [False] * len(turn_ids))
        for t in terms:
            self.bm25.add(t)

    def search(self, query: np.ndarray, k: int) -> list[int]:
        """Row numbers of the ``k`` nearest turns by inner product (= cosine)."""
        if k <= 0 or len(self) == 0:
            return []
        _, rows = self.index.search(
            np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1), min(k, len(self))
        )
        return [int(r) for r in rows[0] if r >= 0]

    def lexical_search(self, query_terms: Sequence[str], k: int) -> tuple[list[int], np.ndarray]:
        """Row numbers of the ``k`` best BM25 matches (score > 0), and all rows' scores."""
        scores = self.bm25.scores(query_terms)
        if k <= 0 or not len(scores):
            return [], scores
        top = np.argsort(-scores, kind="stable")[:k]
        return [int(r) for r in top if scores[r] > 0], scores
