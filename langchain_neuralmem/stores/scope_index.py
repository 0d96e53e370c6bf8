"""The in-memory index of one scope (a user's session): vectors, BM25 and turn columns.

The store is the source of truth: the index is built from it (or opened from its
persisted copy and brought up to date) and extended as turns arrive, so a restart never
loses anything and nothing is pickled.

Every column is append-only, so a reader takes an O(1) :class:`ScopeSnapshot` (views of
the first ``n`` rows) and works on it while a writer appends: a recall sees all of a
write or none of it, and never waits for one.

Vectors are kept as int8 codes (388 bytes a row). Rows are searched exactly while the
scope is small; once ``flat_rows`` rows have arrived since the last seal, the index
seals them: an inverted file over the codes covers them from then on and their float32
copies are dropped, so memory and search time grow with what a query scans, not with
the scope.

Example:
    >>> import numpy as np
    >>> idx = ScopeIndex(dim=4)
    >>> idx.append(turn_ids=[7], positions=[0], vectors=np.eye(4, dtype=np.float32)[:1],
    ...            terms=[("dog",)], episodes=[0], roles=["human"], speakers=["Ann"],
    ...            times=[0.0], saliences=[0.0], tokens=[3], time_flags=[False])
    >>> snap = idx.snapshot()
    >>> len(snap), snap.cosine(np.eye(4, dtype=np.float32)[0]).tolist()
    (1, [1.0])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from langchain_neuralmem.errors import StoreError
from langchain_neuralmem.features import has_time_expression
from langchain_neuralmem.stores.columns import GrowingArray
from langchain_neuralmem.stores.ivf import InvertedFile
from langchain_neuralmem.stores.lexical_index import BM25Index
from langchain_neuralmem.stores.node_table import NodeTable
from langchain_neuralmem.stores.scope_snapshot import CodedColumn, ScopeSnapshot, TermsColumn
from langchain_neuralmem.stores.vector_codec import dequantize, quantize, stored_form
from langchain_neuralmem.types import Turn

__all__ = [
    "COLUMNS",
    "FLAT_ROWS",
    "ScopeIndex",
    "ScopeSnapshot",
    "append_turns",
    "stacked_vectors",
    "turn_columns",
]

FLAT_ROWS = 32_768
"""Rows searched exactly (float32) before the index seals them under its inverted file."""

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


def stacked_vectors(rows: Sequence[Any], dim: int, where: str) -> np.ndarray:
    """The vectors of stored turns (``StoredTurn`` s) as one ``(n, dim)`` array, checked:
    a vector of another size (a damaged or foreign row) is a :class:`StoreError` naming
    ``where``, not a crash deep in the index."""
    bad = [r.turn.turn_id for r in rows if r.vector.shape != (dim,)]
    if bad:
        raise StoreError(
            f"database {where}: stored turns {bad[:5]} hold vectors that are not {dim}-dim: "
            "the database is damaged or was written with another encoder"
        )
    return np.stack([r.vector for r in rows])


class _Codes:
    """Strings of one column as small integer codes, with the names in first-seen order."""

    def __init__(self, dtype: Any) -> None:
        self.codes = GrowingArray(dtype)
        self.names: list[str] = []
        self._ids: dict[str, int] = {}

    def extend(self, values: Sequence[str]) -> None:
        out = []
        for v in values:
            code = self._ids.get(v)
            if code is None:
                code = self._ids[v] = len(self.names)
                self.names.append(v)
            out.append(code)
        self.codes.extend(out)

    def column(self, n: int) -> CodedColumn:
        return CodedColumn(self.codes.view(n), tuple(self.names))


class ScopeIndex:
    """Vectors, lexical statistics and turn columns of one (user, session), row-aligned.

    Not thread-safe for writers: the engine appends under its lock. Readers call
    :meth:`snapshot` (also under that lock, O(1)) and need no lock afterwards.

    Args:
        dim: the encoder's vector size.
        flat_rows: rows searched exactly before they are sealed under the inverted file.
    """

    _NUMERIC: ClassVar[dict[str, Any]] = {
        "turn_ids": np.int64,
        "positions": np.int64,
        "episodes": np.int64,
        "times": np.float64,
        "saliences": np.float32,
        "tokens": np.int64,
        "time_flags": np.bool_,
    }

    def __init__(self, dim: int, *, flat_rows: int = FLAT_ROWS) -> None:
        self.dim = dim
        self.flat_rows = max(int(flat_rows), 1)
        self.numeric = {name: GrowingArray(dtype) for name, dtype in self._NUMERIC.items()}
        self.codes = GrowingArray(np.int8, dim)
        self.scales = GrowingArray(np.float32)
        self.flat = GrowingArray(np.float32, dim)  # rows from self.sealed on
        self.roles = _Codes(np.int8)
        self.speakers = _Codes(np.int32)
        self.term_ids = GrowingArray(np.int32)
        self.term_ends = GrowingArray(np.int64)
        self.passage_vectors = GrowingArray(np.float32, dim)
        self.passage_rows = GrowingArray(np.int64)
        self.passage_ends = GrowingArray(np.int64)  # passages of the first i + 1 rows
        self.bm25 = BM25Index()
        self.ivf: InvertedFile | None = None
        self.sealed = 0
        self.size = 0
        self.version: tuple[int, int] = (0, 0)
        self.state: np.ndarray | None = None
        self._nodes: tuple[tuple[int, int], dict[str, Any]] | None = None
        self.node_table: NodeTable | None = None  # grows with local writes (IndexCache)

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
        raw = np.asarray(columns["vectors"], dtype=np.float32).reshape(-1, self.dim)
        codes, scales = quantize(raw)
        rows = self.size + np.arange(k)
        ends = []
        total = int(self.passage_ends.view(self.size)[-1]) if self.size else 0
        for row, found in zip(rows, passages or [None] * k, strict=True):
            if found is not None and len(found):
                found = stored_form(np.asarray(found, dtype=np.float32).reshape(-1, self.dim))
                self.passage_vectors.extend(found)
                self.passage_rows.extend(np.full(len(found), row, dtype=np.int64))
                total += len(found)
            ends.append(total)
        self.passage_ends.extend(ends)
        for name, column in self.numeric.items():
            column.extend(columns[name])
        self.codes.extend(codes)
        self.scales.extend(scales)
        self.flat.extend(dequantize(codes, scales))
        self.roles.extend([str(r) for r in columns["roles"]])
        self.speakers.extend([str(s) for s in columns["speakers"]])
        end = int(self.term_ends.view(self.size)[-1]) if self.size else 0
        for t in columns["terms"]:
            self.term_ids.extend([self.bm25.term_id(w) for w in t])
            end += len(t)
            self.term_ends.extend([end])
            self.bm25.add(t)
        self.size += k  # publish last: a snapshot never sees half a write
        if self.size - self.sealed >= self.flat_rows:
            self.seal()

    def decode(self, rows: np.ndarray | slice) -> np.ndarray:
        """Float32 vectors of some rows, decoded from their codes."""
        n = self.size
        return dequantize(self.codes.view(n)[rows], self.scales.view(n)[rows])

    def seal(self) -> None:
        """Cover every row with the inverted file and drop the float32 copies."""
        n = self.size
        if n == self.sealed:
            return
        ivf = (
            InvertedFile.build(self.decode, n)
            if self.ivf is None
            else self.ivf.extended(self.decode, n)
        )
        self.bm25.seal()
        flat = GrowingArray(np.float32, self.dim)
        self.ivf, self.flat, self.sealed = ivf, flat, n  # snapshots hold the old ones

    def set_nodes(self, version: tuple[int, int], nodes: dict[str, Any]) -> None:
        """Cache the closed hierarchy nodes loaded for ``version``."""
        if version == self.version:
            self._nodes = (version, nodes)

    def snapshot(self, rows: int | None = None) -> ScopeSnapshot:
        """The current rows (or the first ``rows``), frozen (O(1): views, not copies)."""
        n = self.size if rows is None else min(max(rows, 0), self.size)
        nodes = self._nodes[1] if self._nodes and self._nodes[0] == self.version else None
        m = int(self.passage_ends.view(n)[-1]) if n else 0
        whole = n >= self.sealed  # else a prefix inside the sealed rows: decoded exactly
        sealed = self.sealed if whole else n
        return ScopeSnapshot(
            version=self.version,
            **{name: column.view(n) for name, column in self.numeric.items()},  # type: ignore[arg-type]
            roles=self.roles.column(n),
            speakers=self.speakers.column(n),
            terms=TermsColumn(self.term_ids.view(), self.term_ends.view(n), self.bm25.words),
            codes=self.codes.view(n),
            scales=self.scales.view(n),
            flat=self.flat.view(n - sealed) if whole else self.flat.view(0),
            sealed=sealed,
            ivf=self.ivf if whole else None,
            speaker_names=tuple(self.speakers.names),
            bm25=self.bm25,
            state=self.state,
            nodes=nodes,
            passage_vectors=self.passage_vectors.view(m),
            passage_rows=self.passage_rows.view(m),
            passage_ends=self.passage_ends.view(n),
        )
