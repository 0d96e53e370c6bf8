"""The store interface: every method the engine, the write path and the indexes call.

Two backends implement it: :class:`~langchain_neuralmem.stores.sqlite.SQLiteStore` (one
file, the embedded default) and :class:`~langchain_neuralmem.stores.postgres.PostgresStore`
(a PostgreSQL database shared by several processes or machines). Every SQL statement of
the package lives behind these methods; nothing outside ``stores/`` runs SQL.

Write methods that take a ``conn`` run inside :meth:`MemoryStore.transaction`: pass the
handle it yields back to them (it is the backend's connection; treat it as opaque). A
read method called by the thread that holds the transaction sees the transaction's own
uncommitted writes, as the write path needs.

Example:
    >>> from langchain_neuralmem.stores.sqlite import SQLiteStore
    >>> store: MemoryStore = SQLiteStore(":memory:")
    >>> isinstance(store, MemoryStore), store.scope_version("alice", "s1")
    (True, (0, 0))
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol, TypeAlias, runtime_checkable

import numpy as np

from langchain_neuralmem.stores.records import SessionState, StoredTurn
from langchain_neuralmem.types import SummaryNode, Turn

TxConn: TypeAlias = Any
"""The handle :meth:`MemoryStore.transaction` yields (a ``sqlite3.Connection`` or a
``psycopg.Connection``); only the store's own methods use it."""

NodeRow: TypeAlias = tuple[SummaryNode, int, np.ndarray]
"""A closed hierarchy node, its episode and its pooled vector."""


@runtime_checkable
class MemoryStore(Protocol):
    """Turns with vectors, per-session GRU states and hierarchy nodes, in some database.

    Versions are ``(count, max turn id)`` of a session's (or a user's) turns: they change
    whenever those turns change, and ids only grow, so after a write of ``n`` turns the
    version is ``(count + n, last id)``.

    Example:
        >>> from langchain_neuralmem.stores.sqlite import SQLiteStore
        >>> isinstance(SQLiteStore(":memory:"), MemoryStore)
        True
    """

    path: str
    """Where the memory lives, for messages: a file path, or a URL without its password."""
    read_only: bool

    # -- lifecycle and meta -------------------------------------------------------------
    def close(self) -> None:
        """Close every connection (idempotent)."""

    def get_meta(self, key: str) -> str | None:
        """A value of the ``meta`` table."""

    def check_encoder(self, name: str, dim: int) -> None:
        """Record the encoder on first use; refuse a different one later."""

    def transaction(self) -> AbstractContextManager[TxConn]:
        """One write transaction that excludes every other writer of the memory; committed
        on exit, rolled back on any error."""

    def scrub(self) -> None:
        """Whatever the backend does after a delete to drop old copies of deleted rows."""

    # -- turns --------------------------------------------------------------------------
    def insert_turn(
        self,
        conn: TxConn,
        turn: Turn,
        vector: np.ndarray,
        terms: Sequence[str],
        passages: np.ndarray | None = None,
        passage_spans: Sequence[tuple[int, int]] = (),
    ) -> int:
        """Insert a turn inside a transaction; returns its id."""

    def count_turns(self, user_id: str, session_id: str) -> int:
        """Number of turns stored for a session."""

    def scope_version(self, user_id: str, session_id: str) -> tuple[int, int]:
        """(count, max turn id) of a session."""

    def user_version(self, user_id: str) -> tuple[int, int]:
        """(count, max turn id) of all of a user's sessions."""

    def read_scope(
        self, user_id: str, session_id: str, *, since_position: int = 0
    ) -> tuple[tuple[int, int], list[StoredTurn], SessionState | None]:
        """Version, turns (from ``since_position`` on) and state of a session, in one
        snapshot."""

    def read_user(
        self, user_id: str
    ) -> tuple[tuple[int, int], list[StoredTurn], dict[str, SessionState]]:
        """Version, turns (write order) and per-session states of a user, in one snapshot."""

    def turns(self, user_id: str, session_id: str, *, since_position: int = 0) -> list[StoredTurn]:
        """A session's turns from ``since_position`` on, in order, with vectors and terms."""

    def user_turns(self, user_id: str) -> list[StoredTurn]:
        """Every turn of every session of a user, in write order."""

    def recent_turns(self, user_id: str, session_id: str, limit: int) -> list[Turn]:
        """The last ``limit`` turns of a session, oldest first."""

    def get_turns(self, turn_ids: Sequence[int]) -> list[Turn]:
        """Turns by id, in the order given (missing ids are skipped)."""

    def passage_spans(self, turn_ids: Sequence[int]) -> dict[int, list[tuple[int, int]]]:
        """Character spans of the passages of each given turn that has any."""

    def scopes(self) -> list[tuple[str, str]]:
        """Every (user, session) pair that holds turns."""

    def sessions(self, user_id: str) -> list[str]:
        """Session ids that hold turns for a user."""

    def users(self) -> list[str]:
        """All user ids with stored turns."""

    # -- keyed turns --------------------------------------------------------------------
    def keyed_turns(
        self,
        user_id: str,
        session_id: str,
        keys: Sequence[str],
        conn: TxConn | None = None,
    ) -> dict[str, Turn]:
        """The turns of a session stored under any of ``keys``, by key."""

    def keyed_page(
        self, user_id: str, session_id: str, *, limit: int, offset: int = 0
    ) -> list[Turn]:
        """A session's keyed turns, most recently written first."""

    def delete_turns(self, turn_ids: Sequence[int], conn: TxConn | None = None) -> list[Turn]:
        """Delete single turns by id; returns the turns deleted."""

    # -- session state ------------------------------------------------------------------
    def load_state(self, user_id: str, session_id: str) -> SessionState | None:
        """The persisted state of a session."""

    def save_state(self, conn: TxConn, user_id: str, session_id: str, s: SessionState) -> None:
        """Upsert a session's state inside a transaction."""

    # -- hierarchy nodes ----------------------------------------------------------------
    def open_node(
        self, conn: TxConn, user_id: str, session_id: str, level: str, episode: int, start: int
    ) -> int:
        """Create an open segment / episode node starting at ``start``; returns its id."""

    def node_span(self, conn: TxConn, node_id: int) -> tuple[str, int, int] | None:
        """(level, episode, start position) of a node, inside a transaction."""

    def close_node(
        self,
        conn: TxConn,
        node_id: int,
        *,
        end: int,
        vector: np.ndarray,
        summary: str,
        source_turn_ids: Sequence[int],
    ) -> None:
        """Close a node with its pooled vector and extractive summary."""

    def closed_nodes(
        self, user_id: str, session_id: str, level: str, *, after_node_id: int = 0
    ) -> list[NodeRow]:
        """Closed nodes of one level of a session, in position order (only those of a
        greater id than ``after_node_id``)."""

    def user_closed_nodes(
        self, user_id: str, level: str, *, session_id: str | None = None, after_node_id: int = 0
    ) -> dict[str, list[NodeRow]]:
        """Closed nodes of one level of every session of a user (or of one), by session."""

    def set_abstract_summary(self, node_id: int, summary: str) -> None:
        """Replace a node's summary text (e.g. by an LLM-written one)."""

    # -- deletion -----------------------------------------------------------------------
    def delete(self, user_id: str, session_id: str | None = None) -> int:
        """Delete one session of a user (or all of the user's sessions: turns, states,
        nodes); returns turns deleted."""
