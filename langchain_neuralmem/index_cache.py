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
from pathlib import Path
from typing import Any

import numpy as np

from langchain_neuralmem.index_persistence import PersistedIndexes
from langchain_neuralmem.stores.base import MemoryStore
from langchain_neuralmem.stores.node_table import LEVELS, NodeTable
from langchain_neuralmem.stores.scope_index import (
    FLAT_ROWS,
    ScopeIndex,
    ScopeSnapshot,
    append_turns,
    stacked_vectors,
)
from langchain_neuralmem.stores.user_index import UserIndex
from langchain_neuralmem.types import Turn


@dataclass(frozen=True)
class Scope:
    """Whose memory: one session of one user, or all of a user's sessions
    (``session_id=None``).

    Example:
        >>> Scope("alice", "s1") == Scope("alice", "s1"), Scope("alice", None).session_id
        (True, None)
    """

    user_id: str
    session_id: str | None


class IndexCache:
    """Per-scope :class:`ScopeIndex` objects, safe under threads.

    Args:
        store: where the turns live.
        dim: the encoder's vector size.
        write_lock: the engine's writer lock; a rebuild holds it so that it never races
            a local write or delete.
    """

    def __init__(
        self,
        store: MemoryStore,
        dim: int,
        write_lock: threading.Lock,
        *,
        index_dir: Path | None = None,
        flat_rows: int = FLAT_ROWS,
    ) -> None:
        self.store = store
        self.dim = dim
        self.flat_rows = flat_rows
        self.persisted = PersistedIndexes(index_dir, dim, store) if index_dir else None
        self._write_lock = write_lock
        self._indexes: dict[Scope, ScopeIndex] = {}
        self._users: dict[str, UserIndex] = {}
        # Guards the dict; held only for O(1) work (a snapshot, an append, a swap).
        self._lock = threading.RLock()
        self._nodes_lock = threading.Lock()  # one node-table update at a time

    def snapshot(self, scope: Scope) -> ScopeSnapshot:
        """A frozen view of the scope's index, rebuilt from SQLite if it is stale.

        The usual path is one read on this thread's own connection plus an O(1) snapshot,
        so a recall does not wait for writes. Only a stale cache (first use, another
        process wrote, or a local write between its commit and its index append) takes
        the write lock.
        """
        session_id = _session_of(scope)
        cached = self._cached(scope, self.store.scope_version(scope.user_id, session_id))
        if cached is not None:
            return cached
        with self._write_lock:
            version = self.store.scope_version(scope.user_id, session_id)
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
        """A scope's index: its saved copy brought up to date, else one consistent read of
        the store (saved if the scope is large)."""
        session_id = _session_of(scope)
        if self.persisted is not None:
            opened = self.persisted.open(scope.user_id, session_id, self.flat_rows)
            if opened is not None:
                return opened
        index = self._read(scope)
        if self.persisted is not None and self.persisted.due(scope.user_id, session_id, index):
            self.persisted.save(scope.user_id, session_id, index)
        return index

    def _read(self, scope: Scope) -> ScopeIndex:
        """A scope's index from one consistent read of the store."""
        version, rows, state = self.store.read_scope(scope.user_id, _session_of(scope))
        index = ScopeIndex(self.dim, flat_rows=self.flat_rows)
        if rows:
            append_turns(
                index,
                [r.turn for r in rows],
                stacked_vectors(
                    rows, self.dim, f"{getattr(self.store, 'path', '')} user {scope.user_id!r}"
                ),
                [r.terms for r in rows],
                [r.passages for r in rows],
            )
        index.version = version
        index.state = state.state if state is not None else None
        return index

    def has_user(self, user_id: str) -> bool:
        """Whether a user-wide index is cached (a write then keeps it in step)."""
        with self._lock:
            return user_id in self._users

    def user_snapshot(self, user_id: str, session_id: str) -> tuple[ScopeSnapshot, np.ndarray]:
        """A frozen view of all of a user's sessions as asked from ``session_id``, and that
        session's rows in it (see :meth:`UserIndex.snapshot`); rebuilt if stale."""
        version = self.store.user_version(user_id)
        with self._lock:
            index = self._users.get(user_id)
            if index is not None and index.version == version:
                return index.snapshot(session_id)
        with self._write_lock:
            version, rows, states = self.store.read_user(user_id)
            index = UserIndex(self.dim)
            if rows:
                index.append(
                    [r.turn for r in rows],
                    stacked_vectors(
                        rows, self.dim, f"{getattr(self.store, 'path', '')} user {user_id!r}"
                    ),
                    [r.terms for r in rows],
                    [r.passages for r in rows],
                    {s: st.state for s, st in states.items()},
                )
            index.version = version
            with self._lock:
                self._users[user_id] = index
                return index.snapshot(session_id)

    def extend_user(
        self,
        user_id: str,
        before: tuple[int, int],
        after: tuple[int, int],
        stored: list[Turn],
        vectors: np.ndarray,
        turn_terms: Sequence[tuple[str, ...]],
        passages: Sequence[np.ndarray | None],
        state: np.ndarray,
    ) -> None:
        """Append a committed write of one session to the user's cached index, if that
        held exactly the user's rows before it."""
        with self._lock:
            index = self._users.get(user_id)
            if index is None:
                return
            if index.version != before:
                self._users.pop(user_id, None)
                return
            index.append(stored, vectors, turn_terms, passages, {stored[0].session_id: state})
            index.version = after

    def add_written(
        self,
        user_id: str,
        session_id: str,
        before: tuple[int, int],
        before_user: tuple[int, int] | None,
        written: list[Turn],
        vectors: Sequence[np.ndarray],
        turn_terms: Sequence[tuple[str, ...]],
        passages: Sequence[np.ndarray | None],
        state: np.ndarray,
    ) -> None:
        """Append a committed write to the session's index and, when ``before_user`` is
        given, to the user's; ``before`` / ``before_user`` are their versions just before
        it. Ids only grow (AUTOINCREMENT), so the version after the write follows."""
        last, rows = written[-1].turn_id, np.stack(vectors)
        self.extend(
            Scope(user_id, session_id),
            before,
            (before[0] + len(written), last),
            written,
            rows,
            turn_terms,
            state,
            passages,
        )
        if before_user is not None:
            after = (before_user[0] + len(written), last)
            self.extend_user(
                user_id, before_user, after, written, rows, turn_terms, passages, state
            )

    def load_user_nodes(self, user_id: str, snapshot: ScopeSnapshot) -> dict[str, Any]:
        """Closed nodes of all of a user's sessions, placed in the user's index."""
        with self._lock:
            index = self._users.get(user_id)
        if index is None or index.version != snapshot.version:
            return {"episode": [], "segment": []}
        mapped: dict[str, list[Any]] = {}
        for level in LEVELS:
            found = self.store.user_closed_nodes(user_id, level)  # one query per level
            with self._lock:
                mapped[level] = [
                    n for session, own in found.items() for n in index.remap_nodes(session, own)
                ]
        nodes = NodeTable.of(self.dim, mapped).view()
        with self._lock:
            index.set_nodes(snapshot.version, nodes)
        return nodes

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
            sealed = index.sealed
            append_turns(index, stored, vectors, turn_terms, passages)
            index.state = state
            index.version = after
        if self.persisted is None or index.sealed == sealed or scope.session_id is None:
            return
        if self.persisted.grown(scope.user_id, scope.session_id, index):  # sealed, and doubled
            self.persisted.save(scope.user_id, scope.session_id, index)

    def load_nodes(self, scope: Scope, snapshot: ScopeSnapshot) -> dict[str, Any]:
        """Closed hierarchy nodes of a scope as of ``snapshot``, cached with the index.

        The index keeps a :class:`NodeTable` that only grows: after a local write only
        the nodes closed since (greater ids) are read, not all of them again.
        """
        session_id = _session_of(scope)
        with self._nodes_lock:
            with self._lock:
                index = self._indexes.get(scope)
            if index is None or index.version != snapshot.version:  # stale: read, don't cache
                found = {
                    level: self.store.closed_nodes(scope.user_id, session_id, level)
                    for level in LEVELS
                }
                return NodeTable.of(self.dim, found).view()
            table = index.node_table or NodeTable(self.dim)
            for level in LEVELS:
                table.extend(
                    level,
                    self.store.closed_nodes(
                        scope.user_id, session_id, level, after_node_id=table.max_node_id[level]
                    ),
                )
            nodes = table.view()
            with self._lock:
                index.node_table = table
                index.set_nodes(snapshot.version, nodes)
        return nodes

    def persist(self) -> None:
        """Save every large scope's index that changed since its last save (on close)."""
        if self.persisted is None:
            return
        with self._write_lock:
            with self._lock:
                held = list(self._indexes.items())
            for scope, index in held:
                assert scope.session_id is not None
                if self.persisted.due(scope.user_id, scope.session_id, index):
                    self.persisted.save(scope.user_id, scope.session_id, index)

    def drop(self, which: Callable[[Scope], bool]) -> None:
        """Forget the indexes of every scope ``which`` selects (after a delete), their saved
        copies included; a user's all-sessions index is the scope ``Scope(user_id, None)``."""
        if self.persisted is not None:
            self.persisted.forget(lambda user, session: which(Scope(user, session)))
        with self._lock:
            for scope in [s for s in self._indexes if which(s)]:
                self._indexes.pop(scope)
            for user_id in [u for u in self._users if which(Scope(u, None))]:
                self._users.pop(user_id)


def _session_of(scope: Scope) -> str:
    if scope.session_id is None:
        raise ValueError("a user-wide scope has no session index; use user_snapshot")
    return scope.session_id
