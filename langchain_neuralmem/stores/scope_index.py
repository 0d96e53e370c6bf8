"""The in-memory index of one scope (a user's session): vectors, BM25 and turn columns.

SQLite is the source of truth: the index is rebuilt from it on first use and
extended as turns arrive, so a restart never loses anything and nothing is pickled.

Every column is append-only and grows by doubling, so a reader takes an O(1)
:class:`ScopeSnapshot` (views of the first ``n`` rows) and works on it while a writer
appends: a recall sees all of a write or none of it, and never waits for one.

Example:
    >>> import numpy as np
    >>> idx = ScopeIndex(dim=4)
    >>> idx.append(turn_ids=[7], positions=[0], vectors=np.eye(4, dtype=np.float32)[:1],
    ...            terms=[("dog",)], episodes=[0], roles=["human"], speakers=["Ann"],
    ...            times=[0.0], saliences=[0.0], tokens=[3], time_flags=[False])
    >>> snap = idx.snapshot()
    >>> len(snap), snap.search(np.eye(4, dtype=np.float32)[0], 1)
    (1, [0])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from langchain_neuralmem.features import BM25Index, has_time_expression
from langchain_neuralmem.stores.vector_codec import stored_form
from langchain_neuralmem.types import Turn

# One table of the per-turn columns: name -> (dtype, is a vector). The index, its
# snapshots, the engine and training all go through it.
COLUMNS: dict[str, tuple[Any, bool]] = {
    "turn_ids": (np.int64, False),
    "positions": (np.int64, False),
    "vectors": (np.float32, True),
    "terms": (object, False),
    "episodes": (np.int64, False),
    "roles": (object, False),
    "speakers": (object, False),
    "times": (np.float64, False),
    "saliences": (np.float32, False),
    "tokens": (np.int64, False),
    "time_flags": (np.bool_, False),
}


def turn_columns(
    *,
    turn_ids: Sequence[int],
    positions: Sequence[int],
    contents: Sequence[str],
    turn_terms: Sequence[tuple[str, ...]],
    vectors: np.ndarray,
    episodes: Sequence[int],
    roles: Sequence[str],
    speakers: Sequence[str],
    times: Sequence[float],
    saliences: Sequence[float],
    tokens: Sequence[int],
) -> dict[str, Sequence[Any] | np.ndarray]:
    """The :data:`COLUMNS` of some turns, derived the one way the engine and training share.

    Example:
        >>> cols = turn_columns(turn_ids=[1], positions=[0], contents=["see you tomorrow"],
        ...     turn_terms=[("see", "tomorrow")], vectors=np.zeros((1, 4), np.float32),
        ...     episodes=[0], roles=["human"], speakers=["Ann"], times=[0.0],
        ...     saliences=[0.5], tokens=[3])
        >>> cols["time_flags"]
        [True]
    """
    return {
        "turn_ids": list(turn_ids),
        "positions": list(positions),
        "vectors": vectors,
        "terms": list(turn_terms),
        "episodes": list(episodes),
        "roles": list(roles),
        "speakers": list(speakers),
        "times": list(times),
        "saliences": list(saliences),
        "tokens": list(tokens),
        "time_flags": [has_time_expression(c) for c in contents],
    }


def append_turns(
    index: ScopeIndex,
    turns: Sequence[Turn],
    vectors: np.ndarray,
    turn_terms: Sequence[tuple[str, ...]],
    passages: Sequence[np.ndarray | None],
    *,
    positions: Sequence[int] | None = None,
    episodes: Sequence[int] | None = None,
) -> None:
    """Append stored turns to an index, their columns derived by :func:`turn_columns`;
    ``positions`` / ``episodes`` replace the turns' own (a user-wide index numbers them
    across sessions)."""
    index.append(
        passages=passages,
        **turn_columns(
            turn_ids=[t.turn_id for t in turns],
            positions=[t.position for t in turns] if positions is None else positions,
            contents=[t.content for t in turns],
            turn_terms=turn_terms,
            vectors=vectors,
            episodes=[t.episode for t in turns] if episodes is None else episodes,
            roles=[t.role for t in turns],
            speakers=[t.speaker for t in turns],
            times=[t.created_at for t in turns],
            saliences=[t.salience for t in turns],
            tokens=[t.tokens for t in turns],
        ),
    )


class _Column:
    """An append-only array that doubles its capacity; ``view(n)`` never changes later."""

    def __init__(self, dtype: Any, width: int | None = None) -> None:
        shape = (16,) if width is None else (16, width)
        self.data = np.zeros(shape, dtype=dtype) if dtype is not object else np.empty(16, object)
        self.size = 0

    def extend(self, values: Sequence[Any] | np.ndarray) -> None:
        k = len(values)
        if self.size + k > len(self.data):
            capacity = max(2 * len(self.data), self.size + k)
            grown = np.zeros((capacity, *self.data.shape[1:]), dtype=self.data.dtype)
            if self.data.dtype == object:
                grown = np.empty(capacity, object)
            grown[: self.size] = self.data[: self.size]
            self.data = grown  # readers keep views of the old buffer: still valid
        if self.data.dtype == object:
            for i, v in enumerate(values):  # element-wise: tuples must not broadcast
                self.data[self.size + i] = v
        else:
            self.data[self.size : self.size + k] = values
        self.size += k

    def view(self, n: int) -> np.ndarray:
        return self.data[:n]


@dataclass(frozen=True)
class ScopeSnapshot:
    """The first ``n`` rows of a :class:`ScopeIndex`, frozen for one recall.

    Attributes:
        version: the store's ``(count, max turn id)`` of the scope at this snapshot.
        turn_ids ... time_flags: per-row columns, in position order.
        vectors: ``(n, dim)`` unit-length embeddings.
        speaker_names: the distinct speakers among the rows.
        bm25: the scope's BM25 index (read as of ``n`` rows).
        state: the conversation's GRU state after the last row (``None`` if unknown).
        nodes: closed hierarchy nodes by level, if already loaded for this version.
    """

    version: tuple[int, int]
    turn_ids: np.ndarray
    positions: np.ndarray
    vectors: np.ndarray
    terms: np.ndarray
    episodes: np.ndarray
    roles: np.ndarray
    speakers: np.ndarray
    times: np.ndarray
    saliences: np.ndarray
    tokens: np.ndarray
    time_flags: np.ndarray
    speaker_names: tuple[str, ...]
    bm25: BM25Index
    state: np.ndarray | None
    nodes: dict[str, list[Any]] | None
    passage_vectors: np.ndarray | None = None
    passage_rows: np.ndarray | None = None
    passage_ends: np.ndarray | None = None
    """``passage_ends[r]``: passages of rows ``0..r``; row ``r`` owns the slice before it."""
    now_episode: int | None = None
    """The episode a query is asked in (``None``: the last row's): a user-wide snapshot
    asked from a new session is in an episode of its own."""

    def __len__(self) -> int:
        return len(self.turn_ids)

    def cosine(self, query: np.ndarray) -> np.ndarray:
        """Cosine of the query with every row: a long turn scores its best passage if that
        beats the vector of the whole turn (which the encoder truncates)."""
        q = np.asarray(query, dtype=np.float32)
        sims = self.vectors @ q
        if self.passage_vectors is not None and self.passage_rows is not None:
            np.maximum.at(sims, self.passage_rows, self.passage_vectors @ q)
        return sims

    def search(self, query: np.ndarray, k: int, cosine: np.ndarray | None = None) -> list[int]:
        """Rows of the ``k`` nearest turns by cosine, best first (exact search)."""
        n = len(self)
        if k <= 0 or n == 0:
            return []
        sims = self.cosine(query) if cosine is None else cosine
        if k < n:
            top = np.argpartition(-sims, k - 1)[:k]
            return [int(r) for r in top[np.argsort(-sims[top], kind="stable")]]
        return [int(r) for r in np.argsort(-sims, kind="stable")]

    def passages_of(self, row: int) -> range:
        """Indices into :attr:`passage_vectors` of one row's passages (empty: a short turn)."""
        if self.passage_ends is None:
            return range(0)
        return range(int(self.passage_ends[row - 1]) if row else 0, int(self.passage_ends[row]))

    def bm25_scores(self, query_terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every row, as the index stood at this snapshot."""
        return self.bm25.scores(query_terms, n=len(self))

    def lexical_search(
        self, query_terms: Sequence[str], k: int, scores: np.ndarray | None = None
    ) -> list[int]:
        """Rows of the ``k`` best BM25 matches (score > 0), best first; ``scores``, if given,
        are every row's BM25 scores already computed for these terms."""
        if k <= 0 or not len(self):
            return []
        scores = self.bm25_scores(query_terms) if scores is None else scores
        top = np.argsort(-scores, kind="stable")[:k]
        return [int(r) for r in top if scores[r] > 0]

    def rows_of_positions(self, start: int, end: int) -> range:
        """Rows holding positions ``start``..``end`` (inclusive); positions are sorted."""
        lo = int(np.searchsorted(self.positions, start, side="left"))
        hi = int(np.searchsorted(self.positions, end, side="right"))
        return range(lo, hi)


class ScopeIndex:
    """Vectors, lexical statistics and turn columns of one (user, session), row-aligned.

    Not thread-safe for writers: the engine appends under its lock. Readers call
    :meth:`snapshot` (also under that lock, O(1)) and need no lock afterwards.
    """

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._columns = {
            name: _Column(dtype, dim if is_vector else None)
            for name, (dtype, is_vector) in COLUMNS.items()
        }
        self._passage_vectors = _Column(np.float32, dim)
        self._passage_rows = _Column(np.int64)
        self._passage_ends = _Column(np.int64)  # passages of the first i + 1 rows
        self._speaker_names: list[str] = []
        self.bm25 = BM25Index()
        self.size = 0
        self.version: tuple[int, int] = (0, 0)
        self.state: np.ndarray | None = None
        self._nodes: tuple[tuple[int, int], dict[str, list[Any]]] | None = None

    def __len__(self) -> int:
        return self.size

    def append(
        self,
        *,
        passages: Sequence[np.ndarray | None] | None = None,
        **columns: Sequence[Any] | np.ndarray,
    ) -> None:
        """Append turns (ordered by position), one keyword per :data:`COLUMNS` entry, plus
        each turn's ``(m, dim)`` passage vectors (``None``: a short turn without passages).

        Rows become visible to snapshots only at the end.

        Raises:
            ValueError: a column is missing, unknown, or of another length.
        """
        if set(columns) != set(COLUMNS):
            raise ValueError(
                f"ScopeIndex.append needs exactly the columns {sorted(COLUMNS)}, "
                f"got {sorted(columns)}"
            )
        k = len(columns["turn_ids"])
        if any(len(v) != k for v in columns.values()):
            raise ValueError("ScopeIndex.append: columns of different lengths")
        if k == 0:
            return
        # As the store keeps them (int8 codes): a fresh write, a rebuild from the store and
        # training all index the very same vectors.
        vectors = stored_form(np.asarray(columns["vectors"], dtype=np.float32).reshape(-1, self.dim))
        rows = self.size + np.arange(k)
        ends = []
        total = int(self._passage_ends.view(self.size)[-1]) if self.size else 0
        for row, found in zip(rows, passages or [None] * k, strict=True):
            if found is not None and len(found):
                found = stored_form(np.asarray(found, dtype=np.float32).reshape(-1, self.dim))
                self._passage_vectors.extend(found)
                self._passage_rows.extend(np.full(len(found), row, dtype=np.int64))
                total += len(found)
            ends.append(total)
        self._passage_ends.extend(ends)
        for name, column in self._columns.items():
            column.extend(vectors if name == "vectors" else columns[name])
        for t in columns["terms"]:
            self.bm25.add(t)
        known = set(self._speaker_names)
        for s in columns["speakers"]:
            if s not in known:
                known.add(s)
                self._speaker_names.append(s)
        self.size += k  # publish last: a snapshot never sees half a write

    def set_nodes(self, version: tuple[int, int], nodes: dict[str, list[Any]]) -> None:
        """Cache the closed hierarchy nodes loaded for ``version``."""
        if version == self.version:
            self._nodes = (version, nodes)

    def snapshot(self, rows: int | None = None) -> ScopeSnapshot:
        """The current rows (or the first ``rows``), frozen (O(1): views, not copies)."""
        n = self.size if rows is None else min(max(rows, 0), self.size)
        nodes = self._nodes[1] if self._nodes and self._nodes[0] == self.version else None
        m = int(self._passage_ends.view(n)[-1]) if n else 0
        return ScopeSnapshot(
            version=self.version,
            **{name: column.view(n) for name, column in self._columns.items()},  # type: ignore[arg-type]
            speaker_names=tuple(self._speaker_names),
            bm25=self.bm25,
            state=self.state,
            nodes=nodes,
            passage_vectors=self._passage_vectors.view(m),
            passage_rows=self._passage_rows.view(m),
            passage_ends=self._passage_ends.view(n),
        )
