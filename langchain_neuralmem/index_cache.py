"""The engine's in-memory indexes, one per :class:`Scope`, kept in step with SQLite.

SQLite is the source of truth. An index is built from one consistent read of a scope on
first use, extended in place after each local write, and rebuilt when the store's
version of the scope differs from the index's (another process wrote, or a delete).

Example:
    >>> import threading
    >>> from langchain_neuralmem.stores.sqlite import SQLiteStore
    >>> cache = IndexCache(SQLiteStore(":memory:"), 384, threading.Lock())
    >>> len(cache.snapshot(Scope("alice", "s1")))
    0
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from langchain_neuralmem.stores.scope_index import ScopeIndex, ScopeSnapshot, turn_columns
from langchain_neuralmem.stores.sqlite import SQLiteStore
from langchain_neuralmem.types import Turn


@dataclass(frozen=True)
class Scope:
    """Whose memory: one session of one user.

    Example:
        >>> Scope("alice", "s1") == Scope("alice", "s1")
        True
    """

    user_id: str
    session_id: str


def append_turns(
    index: ScopeIndex,
    turns: Sequence[Turn],
    vectors: np.ndarray,
    turn_terms: Sequence[tuple[str, ...]],
    passages: Sequence[np.ndarray | None],
) -> None:
    """Append stored turns to an index, their columns derived by :func:`turn_columns`."""
    index.append(
        passages=passages,
        **turn_columns(
            turn_ids=[t.turn_id for t in turns],
            positions=[t.position for t in turns],
            contents=[t.content for t in turns],
            turn_terms=turn_terms,
            vectors=vectors,
            episodes=[t.episode for t in turns],
            roles=[t.role for t in turns],
            speakers=[t.speaker for t in turns],
            times=[t.created_at for t in turns],
            saliences=[t.salience for t in turns],
            tokens=[t.tokens for t in turns],
        ),
    )


class IndexCache:
    """Per-scope :class:`ScopeIndex` objects, safe under threads.

    Args:
        store: where the turns live.
        dim: the encoder's vector size.
        write_lock: the engine's writer lock; a rebuild holds it so that it never races
            a local write or delete.
    """

    def __init__(self, store: SQLiteStore, dim: int, write_lock: threading.Lock) -> None:
        self.store = store
        self.dim = dim
        self._write_lock = write_lock
        self._indexes: dict[Scope, ScopeIndex] = {}
        # Guards the dict; held only for O(1) work (a snapshot, an append, a swap).
        self._lock = threading.RLock()

    def snapshot(self, scope: Scope) -> ScopeSnapshot:
        """A frozen view of the scope's index, rebuilt from SQLite if it is stale.

        The usual path is one read on this thread's own connection plus an O(1) snapshot,
        so a recall does not wait for writes. Only a stale cache (first use, another
        process wrote, or a local write between its commit and its index append) takes
        the write lock.
        """
        cached = self._cached(scope, self.store.scope_version(scope.user_id, scope.session_id))
        if cached is not None:
            return cached
        with self._write_lock:
            version = self.store.scope_version(scope.user_id, scope.session_id)
            cached = self._cached(scope, version)
            if cached is not None:
                return cached
            index = self._build(scope)
            with self._lock:
                self._indexes[scope] = index
                return index.snapshot()

    def _cached(self, scope: Scope, version: tuple[int, int]) -> ScopeSnapshot | None:
        with self._lock:
            index = self._indexes.get(scope)
            if index is not None and index.version == version:
                return index.snapshot()
        return None

    def _build(self, scope: Scope) -> ScopeIndex:
        """A scope's index from one consistent read of SQLite."""
        version, rows, state = self.store.read_scope(scope.user_id, scope.session_id)
        index = ScopeIndex(self.dim)
        if rows:
            append_turns(
                index,
                [r.turn for r in rows],
                np.stack([r.vector for r in rows]),
                [r.terms for r in rows],
                [r.passages for r in rows],
            )
        index.version = version
        index.state = state.state if state is not None else None
        return index

    def extend(
        self,
        scope: Scope,
        before: tuple[int, int],
        after: tuple[int, int],
        stored: list[Turn],
        vectors: np.ndarray,
        turn_terms: Sequence[tuple[str, ...]],
        state: np.ndarray,
        passages: Sequence[np.ndarray | None],
    ) -> None:
        """Append a committed write to the cached index if it held exactly the rows before it."""
        with self._lock:
            index = self._indexes.get(scope)
            if index is None:
                return
            if index.version != before:
                self._indexes.pop(scope, None)  # another process wrote too: rebuild on next read
                return
            append_turns(index, stored, vectors, turn_terms, passages)
            index.state = state
            index.version = after

    def load_nodes(self, scope: Scope, snapshot: ScopeSnapshot) -> dict[str, list[Any]]:
        """Closed hierarchy nodes of a scope, cached with the index version they belong to."""
        nodes: dict[str, list[Any]] = {
            level: self.store.closed_nodes(scope.user_id, scope.session_id, level)
            for level in ("episode", "segment")
        }
        with self._lock:
            index = self._indexes.get(scope)
            if index is not None:
                index.set_nodes(snapshot.version, nodes)
        return nodes

    def drop(self, which: Callable[[Scope], bool]) -> None:
        """Forget the indexes of every scope ``which`` selects (after a delete)."""
        with self._lock:
            for scope in [s for s in self._indexes if which(s)]:
                self._indexes.pop(scope)
