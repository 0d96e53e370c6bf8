"""SQLite (WAL) store: turns with vectors, per-session GRU states, hierarchy nodes.

Every write is one transaction (``BEGIN IMMEDIATE``), so a crash or an error leaves
the stored turns as they were. A read-only file opens read-only: recall works,
writes raise :class:`~langchain_neuralmem.errors.StoreError`.

Example:
    >>> import tempfile, os
    >>> store = SQLiteStore(os.path.join(tempfile.mkdtemp(), "m.db"))
    >>> store.count_turns("alice", "s1")
    0
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

import numpy as np

from langchain_neuralmem.errors import EncoderMismatchError, StoreError
from langchain_neuralmem.stores.records import SessionState, StoredTurn
from langchain_neuralmem.stores.records import state_array as _array
from langchain_neuralmem.stores.records import state_blob as _blob
from langchain_neuralmem.stores.sqlite_keyed import KeyedTurns
from langchain_neuralmem.stores.sqlite_rows import TURN_COLUMNS, row_turn
from langchain_neuralmem.stores.vector_codec import (
    VectorBlobError,
    decode_vector,
    decode_vectors,
    encode_vectors,
)
from langchain_neuralmem.types import SummaryNode, Turn


class SQLiteStore(KeyedTurns):
    """Turns, session states and hierarchy nodes in one SQLite file.

    Takes the arguments of :class:`SQLiteConnection` (``path``, ``timeout``,
    ``read_only``, ``vacuum_on_delete``); every SQL statement of the package lives here
    or in the connection and schema modules.
    """

    def get_meta(self, key: str) -> str | None:
        """A value of the ``meta`` table."""
        rows = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def _set_meta_default(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def check_encoder(self, name: str, dim: int) -> None:
        """Record the encoder on first use; refuse a different one later."""
        stored = self.get_meta("encoder")
        here = json.dumps({"name": name, "dim": dim})
        if stored is None:
            if not self.read_only:
                with self.transaction() as conn:
                    conn.execute(
                        "INSERT OR IGNORE INTO meta (key, value) VALUES ('encoder', ?)", (here,)
                    )
            return
        if json.loads(stored) != json.loads(here):
            raise EncoderMismatchError(
                f"database {self.path} holds vectors from encoder {stored}, but the memory "
                f"uses {here}; use the same encoder or a new database"
            )

    # -- turns ------------------------------------------------------------------------
    def insert_turn(
        self,
        conn: sqlite3.Connection,
        turn: Turn,
        vector: np.ndarray,
        terms: Sequence[str],
        passages: np.ndarray | None = None,
        passage_spans: Sequence[tuple[int, int]] = (),
    ) -> int:
        """Insert a turn inside a transaction; returns its id."""
        cur = conn.execute(
            "INSERT INTO turns (user_id, session_id, position, role, speaker, content, created_at, "
            "tokens, episode, segment_id, salience, vector, terms, meta, passages, passage_spans, "
            "item_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                turn.user_id,
                turn.session_id,
                turn.position,
                turn.role,
                turn.speaker,
                turn.content,
                turn.created_at,
                turn.tokens,
                turn.episode,
                turn.segment_id,
                turn.salience,
                encode_vectors(vector),
                " ".join(terms),
                json.dumps(turn.metadata, sort_keys=True),
                None if passages is None or not len(passages) else encode_vectors(passages),
                json.dumps([list(span) for span in passage_spans]),
                turn.key,
            ),
        )
        return int(cur.lastrowid or 0)

    def count_turns(self, user_id: str, session_id: str) -> int:
        """Number of turns stored for a session."""
        return self.scope_version(user_id, session_id)[0]

    def scope_version(self, user_id: str, session_id: str) -> tuple[int, int]:
        """(count, max turn id) of a session: changes whenever its turns change."""
        rows = self._query(
            "SELECT turns, max_turn_id FROM scope_versions WHERE user_id = ? AND session_id = ?",
            (user_id, session_id),
        )
        return (int(rows[0][0]), int(rows[0][1])) if rows else (0, 0)

    def read_scope(
        self, user_id: str, session_id: str, *, since_position: int = 0
    ) -> tuple[tuple[int, int], list[StoredTurn], SessionState | None]:
        """Version, turns (from ``since_position`` on) and state of a session, read in
        one snapshot."""
        with self.read_transaction():
            return (
                self.scope_version(user_id, session_id),
                self.turns(user_id, session_id, since_position=since_position),
                self.load_state(user_id, session_id),
            )

    def turns(self, user_id: str, session_id: str, *, since_position: int = 0) -> list[StoredTurn]:
        """A session's turns from ``since_position`` on, in order, with vectors and terms."""
        return self._stored_turns(
            "user_id = ? AND session_id = ? AND position >= ? ORDER BY position",
            (user_id, session_id, since_position),
        )

    def user_turns(self, user_id: str) -> list[StoredTurn]:
        """Every turn of every session of a user, in write order, with vectors and terms."""
        return self._stored_turns("user_id = ? ORDER BY turn_id", (user_id,))

    def _stored_turns(self, where: str, args: Sequence[object]) -> list[StoredTurn]:
        rows = self._query(
            f"SELECT {TURN_COLUMNS}, vector, terms, passages FROM turns WHERE {where}", args
        )
        out = []
        for r in rows:
            try:
                vector = decode_vector(r[14])
                passages = None if r[16] is None else decode_vectors(r[16], len(vector))
            except VectorBlobError as exc:
                raise StoreError(f"database {self.path}: turn {r[0]} is damaged: {exc}") from exc
            out.append(StoredTurn(row_turn(r[:14]), vector, tuple(r[15].split()), passages))
        return out

    def user_version(self, user_id: str) -> tuple[int, int]:
        """(count, max turn id) of all of a user's sessions: changes whenever they change."""
        rows = self._query(
            "SELECT turns, max_turn_id FROM user_versions WHERE user_id = ?", (user_id,)
        )
        return (int(rows[0][0]), int(rows[0][1])) if rows else (0, 0)

    def read_user(
        self, user_id: str
    ) -> tuple[tuple[int, int], list[StoredTurn], dict[str, SessionState]]:
        """Version, turns (write order) and per-session states of a user, in one snapshot."""
        with self.read_transaction():
            states = {
                session: state
                for session in self.sessions(user_id)
                if (state := self.load_state(user_id, session)) is not None
            }
            return self.user_version(user_id), self.user_turns(user_id), states

    def scopes(self) -> list[tuple[str, str]]:
        """Every (user, session) pair that holds turns."""
        rows = self._query("SELECT user_id, session_id FROM scope_versions ORDER BY 1, 2")
        return [(r[0], r[1]) for r in rows]

    def recent_turns(self, user_id: str, session_id: str, limit: int) -> list[Turn]:
        """The last ``limit`` turns of a session, oldest first."""
        rows = self._query(
            f"SELECT {TURN_COLUMNS} FROM turns WHERE user_id = ? AND session_id = ? "
            "ORDER BY position DESC LIMIT ?",
            (user_id, session_id, limit),
        )
        return [row_turn(r) for r in reversed(rows)]

    def passage_spans(self, turn_ids: Sequence[int]) -> dict[int, list[tuple[int, int]]]:
        """Character spans of the passages of each given turn that has any."""
        if not turn_ids:
            return {}
        marks = ",".join("?" * len(turn_ids))
        rows = self._query(
            f"SELECT turn_id, passage_spans FROM turns WHERE turn_id IN ({marks}) "
            "AND passages IS NOT NULL",
            list(turn_ids),
        )
        return {int(t): [(int(a), int(b)) for a, b in json.loads(spans)] for t, spans in rows}

    def get_turns(self, turn_ids: Sequence[int]) -> list[Turn]:
        """Turns by id, in the order given (missing ids are skipped)."""
        if not turn_ids:
            return []
        marks = ",".join("?" * len(turn_ids))
        rows = self._query(f"SELECT {TURN_COLUMNS} FROM turns WHERE turn_id IN ({marks})", turn_ids)
        by_id = {r[0]: row_turn(r) for r in rows}
        return [by_id[i] for i in turn_ids if i in by_id]

    def sessions(self, user_id: str) -> list[str]:
        """Session ids that hold turns for a user."""
        rows = self._query(
            "SELECT session_id FROM scope_versions WHERE user_id = ? ORDER BY session_id",
            (user_id,),
        )
        return [r[0] for r in rows]

    def users(self) -> list[str]:
        """All user ids with stored turns."""
        return [r[0] for r in self._query("SELECT user_id FROM user_versions ORDER BY user_id")]

    # -- session state ----------------------------------------------------------------
    def load_state(self, user_id: str, session_id: str) -> SessionState | None:
        """The persisted state of a session (inside a write transaction too: same connection)."""
        rows = self._query(
            "SELECT state, turn_count, last_time, episode, episode_node_id, segment_node_id, "
            "segment_len, segment_sum FROM states WHERE user_id = ? AND session_id = ?",
            (user_id, session_id),
        )
        if not rows:
            return None
        r = rows[0]
        return SessionState(_array(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], _array(r[7]))

    def save_state(
        self, conn: sqlite3.Connection, user_id: str, session_id: str, s: SessionState
    ) -> None:
        """Upsert a session's state inside a transaction."""
        conn.execute(
            "INSERT OR REPLACE INTO states (user_id, session_id, state, turn_count, last_time, episode, "
            "episode_node_id, segment_node_id, segment_len, segment_sum) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                user_id,
                session_id,
                _blob(s.state),
                s.turn_count,
                s.last_time,
                s.episode,
                s.episode_node_id,
                s.segment_node_id,
                s.segment_len,
                _blob(s.segment_sum),
            ),
        )

    # -- hierarchy nodes --------------------------------------------------------------
    def open_node(
        self,
        conn: sqlite3.Connection,
        user_id: str,
        session_id: str,
        level: str,
        episode: int,
        start: int,
    ) -> int:
        """Create an open segment / episode node starting at ``start``; returns its id."""
        cur = conn.execute(
            "INSERT INTO nodes (user_id, session_id, level, episode, start_position, end_position) "
            "VALUES (?,?,?,?,?,?)",
            (user_id, session_id, level, episode, start, start),
        )
        return int(cur.lastrowid or 0)

    def node_span(self, conn: sqlite3.Connection, node_id: int) -> tuple[str, int, int] | None:
        """(level, episode, start position) of a node, inside a transaction."""
        row = conn.execute(
            "SELECT level, episode, start_position FROM nodes WHERE node_id = ?", (node_id,)
        ).fetchone()
        return None if row is None else (str(row[0]), int(row[1]), int(row[2]))

    def close_node(
        self,
        conn: sqlite3.Connection,
        node_id: int,
        *,
        end: int,
        vector: np.ndarray,
        summary: str,
        source_turn_ids: Sequence[int],
    ) -> None:
        """Close a node with its pooled vector and extractive summary."""
        conn.execute(
            "UPDATE nodes SET end_position = ?, vector = ?, summary = ?, source_turn_ids = ?, closed = 1 "
            "WHERE node_id = ?",
            (end, encode_vectors(vector), summary, json.dumps(list(source_turn_ids)), node_id),
        )

    def closed_nodes(
        self, user_id: str, session_id: str, level: str, *, after_node_id: int = 0
    ) -> list[tuple[SummaryNode, int, np.ndarray]]:
        """Closed nodes of one level: (node, episode, pooled vector); with ``after_node_id``
        only nodes of a greater id (a session's nodes close in the order they opened)."""
        return self.user_closed_nodes(
            user_id, level, session_id=session_id, after_node_id=after_node_id
        ).get(session_id, [])

    def user_closed_nodes(
        self, user_id: str, level: str, *, session_id: str | None = None, after_node_id: int = 0
    ) -> dict[str, list[tuple[SummaryNode, int, np.ndarray]]]:
        """Closed nodes of one level of every session of a user (or of one), by session,
        in one query: (node, episode, pooled vector), in position order."""
        where, args = (
            "user_id = ? AND level = ? AND closed = 1 AND node_id > ?",
            [
                user_id,
                level,
                after_node_id,
            ],
        )
        if session_id is not None:
            where += " AND session_id = ?"
            args.append(session_id)
        rows = self._query(
            "SELECT node_id, level, start_position, end_position, summary, source_turn_ids, "
            f"episode, vector, session_id FROM nodes WHERE {where} "
            "ORDER BY session_id, start_position",
            args,
        )
        out: dict[str, list[tuple[SummaryNode, int, np.ndarray]]] = {}
        for r in rows:
            node = SummaryNode(r[0], r[1], r[2], r[3], r[4], tuple(json.loads(r[5])))
            out.setdefault(r[8], []).append((node, r[6], decode_vector(r[7])))
        return out

    def set_abstract_summary(self, node_id: int, summary: str) -> None:
        """Replace a node's summary text (e.g. by an LLM-written one)."""
        with self.transaction() as conn:
            conn.execute("UPDATE nodes SET summary = ? WHERE node_id = ?", (summary, node_id))

    # -- deletion ---------------------------------------------------------------------
    def delete(self, user_id: str, session_id: str | None = None) -> int:
        """Delete one session of a user (or all of the user's sessions); returns turns deleted."""
        where, args = "user_id = ?", [user_id]
        if session_id is not None:
            where += " AND session_id = ?"
            args.append(session_id)
        with self.transaction() as conn:
            n = conn.execute(f"DELETE FROM turns WHERE {where}", args).rowcount
            conn.execute(f"DELETE FROM states WHERE {where}", args)
            conn.execute(f"DELETE FROM nodes WHERE {where}", args)
        self.scrub()
        return int(n)
