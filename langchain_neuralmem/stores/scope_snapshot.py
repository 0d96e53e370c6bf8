"""A frozen view of a :class:`~langchain_neuralmem.stores.scope_index.ScopeIndex` for one
recall, and the per-row text columns it exposes.

Rows below ``sealed`` are searched through the inverted file over their int8 codes;
rows from ``sealed`` on keep float32 vectors and are searched exactly. A scope smaller
than the index's ``flat_rows`` is never sealed: every search is exact.

Example:
    >>> from langchain_neuralmem.stores.scope_index import ScopeIndex
    >>> idx = ScopeIndex(dim=4)
    >>> idx.append(turn_ids=[7], positions=[0], vectors=np.eye(4, dtype=np.float32)[:1],
    ...            terms=[("dog",)], episodes=[0], roles=["human"], speakers=["Ann"],
    ...            times=[0.0], saliences=[0.0], tokens=[3], time_flags=[False])
    >>> snap = idx.snapshot()
    >>> len(snap), snap.roles[0], snap.terms[0], snap.vectors_of([0]).shape
    (1, 'human', ('dog',), (1, 4))
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from langchain_neuralmem.stores.ivf import InvertedFile
from langchain_neuralmem.stores.lexical_index import BM25Index
from langchain_neuralmem.stores.vector_codec import dequantize


@dataclass(frozen=True)
class CodedColumn(Sequence[str]):
    """Strings stored as small integer codes: ``column[i]`` is the string of row ``i``.

    Example:
        >>> CodedColumn(np.array([1, 0, 1]), ("ai", "human"))[0]
        'human'
    """

    codes: np.ndarray
    names: Sequence[str]

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, row: int) -> str:  # type: ignore[override]
        return self.names[int(self.codes[row])]

    def __iter__(self) -> Iterator[str]:
        return (self.names[int(c)] for c in self.codes)


@dataclass(frozen=True)
class TermsColumn(Sequence[tuple[str, ...]]):
    """Each row's terms, stored flat as term ids (``ends[i]``: terms of rows ``0..i``).

    Example:
        >>> col = TermsColumn(np.array([0, 1, 0]), np.array([2, 3]), ["dog", "cat"])
        >>> col[0], col[1]
        (('dog', 'cat'), ('dog',))
    """

    ids: np.ndarray
    ends: np.ndarray
    words: Sequence[str]

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, row: int) -> tuple[str, ...]:  # type: ignore[override]
        lo = int(self.ends[row - 1]) if row else 0
        return tuple(self.words[int(i)] for i in self.ids[lo : int(self.ends[row])])


@dataclass(frozen=True)
class ScopeSnapshot:
    """The first ``n`` rows of a :class:`ScopeIndex`, frozen for one recall.

    Attributes:
        version: the store's ``(count, max turn id)`` of the scope at this snapshot.
        turn_ids ... time_flags: per-row columns, in position order.
        roles, speakers, terms: per-row text columns (see :class:`CodedColumn`,
            :class:`TermsColumn`).
        codes, scales: every row's vector as int8 codes and a scale.
        flat: float32 vectors of rows ``sealed..n`` (searched exactly).
        sealed: rows covered by ``ivf``.
        speaker_names: the distinct speakers among the rows.
        bm25: the scope's BM25 index (read as of ``n`` rows).
        state: the conversation's GRU state after the last row (``None`` if unknown).
        nodes: closed hierarchy nodes by level, if already loaded for this version.
    """

    version: tuple[int, int]
    turn_ids: np.ndarray
    positions: np.ndarray
    episodes: np.ndarray
    times: np.ndarray
    saliences: np.ndarray
    tokens: np.ndarray
    time_flags: np.ndarray
    roles: CodedColumn
    speakers: CodedColumn
    terms: TermsColumn
    codes: np.ndarray
    scales: np.ndarray
    flat: np.ndarray
    sealed: int
    ivf: InvertedFile | None
    speaker_names: tuple[str, ...]
    bm25: BM25Index
    state: np.ndarray | None
    nodes: dict[str, Any] | None
    passage_vectors: np.ndarray | None = None
    passage_rows: np.ndarray | None = None
    passage_ends: np.ndarray | None = None
    """``passage_ends[r]``: passages of rows ``0..r``; row ``r`` owns the slice before it."""
    now_episode: int | None = None
    """The episode a query is asked in (``None``: the last row's): a user-wide snapshot
    asked from a new session is in an episode of its own."""

    def __len__(self) -> int:
        return len(self.turn_ids)

    @property
    def vectors(self) -> np.ndarray:
        """``(n, dim)`` vectors of every row (decoded: O(n); recall never needs them all)."""
        if not self.sealed:
            return self.flat
        return np.concatenate([self.vectors_of(slice(0, self.sealed)), self.flat])

    def vectors_of(self, rows: Sequence[int] | np.ndarray | slice) -> np.ndarray:
        """Float32 vectors of some rows (from the flat part or decoded from codes)."""
        if isinstance(rows, slice):
            rows = np.arange(len(self))[rows]
        r = np.asarray(rows, dtype=np.int64)
        if not self.sealed:
            return np.asarray(self.flat[r])
        out = dequantize(self.codes[r], self.scales[r])
        tail = r >= self.sealed
        if tail.any():
            out[tail] = self.flat[r[tail] - self.sealed]
        return out

    def cosine_of(self, query: np.ndarray, rows: Sequence[int] | np.ndarray) -> np.ndarray:
        """Cosine of the query with some rows; a long turn scores its best passage if that
        beats the vector of the whole turn (which the encoder truncates)."""
        r = np.asarray(rows, dtype=np.int64)
        q = np.asarray(query, dtype=np.float32)
        sims = self.vectors_of(r) @ q
        if self.passage_vectors is None or self.passage_ends is None or not len(r):
            return sims
        ends = self.passage_ends[r]
        starts = np.where(r > 0, self.passage_ends[np.maximum(r - 1, 0)], 0)
        for i in np.flatnonzero(ends > starts).tolist():  # long turns only
            best = float((self.passage_vectors[int(starts[i]) : int(ends[i])] @ q).max())
            sims[i] = max(sims[i], best)
        return sims

    def cosine(self, query: np.ndarray) -> np.ndarray:
        """Cosine of the query with every row (exact: O(n); see :meth:`searched_cosine`)."""
        if self.sealed:
            return self.cosine_of(query, np.arange(len(self)))
        q = np.asarray(query, dtype=np.float32)
        sims = self.flat @ q
        if self.passage_vectors is not None and self.passage_rows is not None:
            np.maximum.at(sims, self.passage_rows, self.passage_vectors @ q)
        return sims

    def searched_cosine(
        self, query: np.ndarray, scanned: int
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Cosine of the query with the rows worth searching, as a full-length array, and
        a mask of the rows it holds (``None``: every row, exact). A sealed scope holds
        the rows of the query's nearest lists (about ``scanned``) and every flat row."""
        if not self.sealed or self.ivf is None:
            return self.cosine(query), None
        n = len(self)
        probed = self.ivf.probe(query, scanned=scanned)
        rows = np.concatenate([probed.astype(np.int64), np.arange(self.sealed, n)])
        known = np.zeros(n, dtype=bool)
        known[rows] = True
        sims = np.full(n, -1.0, dtype=np.float32)
        sims[rows] = self.cosine_of(query, rows)
        return sims, known

    def passages_of(self, row: int) -> range:
        """Indices into :attr:`passage_vectors` of one row's passages (empty: a short turn)."""
        if self.passage_ends is None:
            return range(0)
        return range(int(self.passage_ends[row - 1]) if row else 0, int(self.passage_ends[row]))

    def bm25_scores(self, query_terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every row, as the index stood at this snapshot."""
        return self.bm25.scores(query_terms, n=len(self))

    def rows_of_positions(self, start: int, end: int) -> range:
        """Rows holding positions ``start``..``end`` (inclusive); positions are sorted."""
        lo = int(np.searchsorted(self.positions, start, side="left"))
        hi = int(np.searchsorted(self.positions, end, side="right"))
        return range(lo, hi)
