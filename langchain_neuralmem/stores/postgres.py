"""PostgreSQL store: the SQLite store's tables and behaviour in a shared database.

``NeuralMemory("postgresql://app@db.internal:5432/memory")`` opens one: several
processes or machines then share one memory. Vectors are stored as ``BYTEA`` in the
same int8 codec as SQLite's blobs (no pgvector); the search indexes stay in each
process (:class:`~langchain_neuralmem.index_cache.IndexCache` builds them from
:meth:`PostgresStore.read_scope` / :meth:`PostgresStore.read_user` on first use and
rebuilds them when another process changed the scope). Every write is one transaction
that holds the memory's advisory write lock (see
:class:`~langchain_neuralmem.stores.pg_connection.PostgresConnection`).

Example (needs a server, so not run here):

.. code-block:: python

    from langchain_neuralmem import NeuralMemory

    memory = NeuralMemory("postgresql://app:secret@db.internal:5432/memory")
    memory.add_turn("My first dog was called Biscuit.", session_id="s", user_id="ann")
    memory.store.count_turns("ann", "s")  # 1, seen by every process on that database
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np

from langchain_neuralmem.errors import EncoderMismatchError
from langchain_neuralmem.stores.pg_keyed import PgKeyedTurns
from langchain_neuralmem.stores.records import SessionState, StoredTurn, state_array, state_blob
from langchain_neuralmem.stores.sqlite_rows import TURN_COLUMNS, row_turn
from langchain_neuralmem.stores.vector_codec import decode_vector, decode_vectors, encode_vectors
from langchain_neuralmem.types import SummaryNode, Turn

C = 'COLLATE "C"'
"""Text ordered by code point whatever the database's collation, as SQLite orders it."""


class PostgresStore(PgKeyedTurns):
    """Turns, session states and hierarchy nodes in one PostgreSQL database.

    Takes the arguments of :class:`~langchain_neuralmem.stores.pg_connection.PostgresConnection`
    (``url``, ``timeout``, ``read_only``, ``vacuum_on_delete``, ``pool_size``).

    Example (needs a server, so not run here):

    .. code-block:: python

        store = PostgresStore("postgresql://app@db.internal:5432/memory", pool_size=8)
        store.users()  # every user id with stored turns
        store.close()
    """

    def get_meta(self, key: str) -> str | None:
        """A value of the ``meta`` table."""
        rows = self._query("SELECT value FROM meta WHERE key = %s", (key,))
        return str(rows[0][0]) if rows else None

    def check_encoder(self, name: str, dim: int) -> None:
        """Record the encoder on first use; refuse a different one later."""
        stored = self.get_meta("encoder")
        here = json.dumps({"name": name, "dim": dim})
        if stored is None:
            if not self.read_only:
                with self.transaction() as conn:
                    conn.execute(
                        "INSERT INTO meta (key, value) VALUES ('encoder', %s) "
                        "ON CONFLICT (key) DO NOTHING",
                        (here,),
                    )
                stored = self.get_meta("encoder")  # another process may have been first
            if stored is None:
                return
        if json.loads(stored) != json.loads(here):
            raise EncoderMismatchError(
                f"database {self.path} holds vectors from encoder {stored}, but the memory "
                f"uses {here}; use the same encoder or a new database"
            )

    # -- turns ------------------------------------------------------------------------
    def insert_turn(
        self,
        conn: Any,
        turn: Turn,
        vector: np.ndarray,
        terms: Sequence[str],
        passages: np.ndarray | None = None,
        passage_spans: Sequence[tuple[int, int]] = (),
    ) -> int:
        """Insert a turn inside a transaction; returns its id."""
        row = conn.execute(
            "INSERT INTO turns (user_id, session_id, position, role, speaker, content, "
            "created_at, tokens, episode, segment_id, salience, vector, terms, meta, passages, "
            "passage_spans, item_key) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) "
            "RETURNING turn_id",
            (
                turn.user_id,
                turn.session_id,
                int(turn.position),
                turn.role,
                turn.speaker,
                turn.content,
                float(turn.created_at),
                int(turn.tokens),
                int(turn.episode),
                int(turn.segment_id),
                float(turn.salience),
                encode_vectors(vector),
                " ".join(terms),
                json.dumps(turn.metadata, sort_keys=True),
                None if passages is None or not len(passages) else encode_vectors(passages),
                json.dumps([[int(a), int(b)] for a, b in passage_spans]),
                turn.key,
            ),
        ).fetchone()
        return int(row[0])

    def count_turns(self, user_id: str, session_id: str) -> int:
        """Number of turns stored for a session."""
        return int(
            self._query(
                "SELECT COUNT(*) FROM turns WHERE user_id = %s AND session_id = %s",
                (user_id, session_id),
            )[0][0]
        )

    def scope_version(self, user_id: str, session_id: str) -> tuple[int, int]:
        """(count, max turn id) of a session: changes whenever its turns change."""
        row = self._query(
            "SELECT COUNT(*), COALESCE(MAX(turn_id), 0) FROM turns "
            "WHERE user_id = %s AND session_id = %s",
            (user_id, session_id),
        )[0]
        return int(row[0]), int(row[1])

    def user_version(self, user_id: str) -> tuple[int, int]:
        """(count, max turn id) of all of a user's sessions: changes whenever they change."""
        row = self._query(
            "SELECT COUNT(*), COALESCE(MAX(turn_id), 0) FROM turns WHERE user_id = %s", (user_id,)
        )[0]
        return int(row[0]), int(row[1])

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

    def read_user(
        self, user_id: str
    ) -> tuple[tuple[int, int], list[StoredTurn], dict[str, SessionState]]:
        """Version, turns (write order) and per-session states of a user, in one snapshot."""
        with self.read_transaction():
            rows = self._query(  # the states of sessions that hold turns, as SQLite's
                f"{_STATE_SELECT}, session_id FROM states WHERE user_id = %s AND session_id IN "
                "(SELECT session_id FROM turns WHERE user_id = %s)",
                (user_id, user_id),
            )
            states = {str(r[8]): _state(r) for r in rows}
            return self.user_version(user_id), self.user_turns(user_id), states

    def turns(self, user_id: str, session_id: str, *, since_position: int = 0) -> list[StoredTurn]:
        """A session's turns from ``since_position`` on, in order, with vectors and terms."""
        return self._stored_turns(
            "user_id = %s AND session_id = %s AND position >= %s ORDER BY position",
            (user_id, session_id, int(since_position)),
        )

    def user_turns(self, user_id: str) -> list[StoredTurn]:
        """Every turn of every session of a user, in write order, with vectors and terms."""
        return self._stored_turns("user_id = %s ORDER BY turn_id", (user_id,))

    def _stored_turns(self, where: str, args: Sequence[object]) -> list[StoredTurn]:
        rows = self._query(
            f"SELECT {TURN_COLUMNS}, vector, terms, passages FROM turns WHERE {where}", args
        )
        out = []
        for r in rows:
            vector = decode_vector(bytes(r[14]))
            passages = None if r[16] is None else decode_vectors(bytes(r[16]), len(vector))
            out.append(StoredTurn(row_turn(r[:14]), vector, tuple(r[15].split()), passages))
        return out

    def scopes(self) -> list[tuple[str, str]]:
        """Every (user, session) pair that holds turns."""
        rows = self._query(f"SELECT DISTINCT user_id {C}, session_id {C} FROM turns ORDER BY 1, 2")
        return [(r[0], r[1]) for r in rows]

    def recent_turns(self, user_id: str, session_id: str, limit: int) -> list[Turn]:
        """The last ``limit`` turns of a session, oldest first."""
        rows = self._query(
            f"SELECT {TURN_COLUMNS} FROM turns WHERE user_id = %s AND session_id = %s "
            "ORDER BY position DESC LIMIT %s",
            (user_id, session_id, int(limit)),
        )
        return [row_turn(r) for r in reversed(rows)]

    def passage_spans(self, turn_ids: Sequence[int]) -> dict[int, list[tuple[int, int]]]:
        """Character spans of the passages of each given turn that has any."""
        if not turn_ids:
            return {}
        rows = self._query(
            "SELECT turn_id, passage_spans FROM turns WHERE turn_id = ANY(%s::bigint[]) "
            "AND passages IS NOT NULL",
            ([int(t) for t in turn_ids],),
        )
        return {int(t): [(int(a), int(b)) for a, b in json.loads(spans)] for t, spans in rows}

    def get_turns(self, turn_ids: Sequence[int]) -> list[Turn]:
        """Turns by id, in the order given (missing ids are skipped)."""
        if not turn_ids:
            return []
        rows = self._query(
            f"SELECT {TURN_COLUMNS} FROM turns WHERE turn_id = ANY(%s::bigint[])",
            ([int(t) for t in turn_ids],),
        )
        by_id = {r[0]: row_turn(r) for r in rows}
        return [by_id[i] for i in turn_ids if i in by_id]

    def sessions(self, user_id: str) -> list[str]:
        """Session ids that hold turns for a user."""
        rows = self._query(
            f"SELECT DISTINCT session_id {C} FROM turns WHERE user_id = %s ORDER BY 1",
            (user_id,),
        )
        return [r[0] for r in rows]

    def users(self) -> list[str]:
        """All user ids with stored turns."""
        rows = self._query(f"SELECT DISTINCT user_id {C} FROM turns ORDER BY 1")
        return [r[0] for r in rows]

    # -- session state ----------------------------------------------------------------
    def load_state(self, user_id: str, session_id: str) -> SessionState | None:
        """The persisted state of a session (inside a write transaction too: same connection)."""
        rows = self._query(
            f"{_STATE_SELECT} FROM states WHERE user_id = %s AND session_id = %s",
            (user_id, session_id),
        )
        return _state(rows[0]) if rows else None

    def save_state(self, conn: Any, user_id: str, session_id: str, s: SessionState) -> None:
        """Upsert a session's state inside a transaction."""
        conn.execute(
            "INSERT INTO states (user_id, session_id, state, turn_count, last_time, episode, "
            "episode_node_id, segment_node_id, segment_len, segment_sum) "
            "VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT (user_id, session_id) DO UPDATE "
            "SET state = EXCLUDED.state, turn_count = EXCLUDED.turn_count, "
            "last_time = EXCLUDED.last_time, episode = EXCLUDED.episode, "
            "episode_node_id = EXCLUDED.episode_node_id, "
            "segment_node_id = EXCLUDED.segment_node_id, segment_len = EXCLUDED.segment_len, "
            "segment_sum = EXCLUDED.segment_sum",
            (
                user_id,
                session_id,
                state_blob(s.state),
                int(s.turn_count),
                float(s.last_time),
                int(s.episode),
                int(s.episode_node_id),
                int(s.segment_node_id),
                int(s.segment_len),
                state_blob(s.segment_sum),
            ),
        )

    # -- hierarchy nodes --------------------------------------------------------------
    def open_node(
        self, conn: Any, user_id: str, session_id: str, level: str, episode: int, start: int
    ) -> int:
        """Create an open segment / episode node starting at ``start``; returns its id."""
        row = conn.execute(
            "INSERT INTO nodes (user_id, session_id, level, episode, start_position, "
            "end_position) VALUES (%s,%s,%s,%s,%s,%s) RETURNING node_id",
            (user_id, session_id, level, int(episode), int(start), int(start)),
        ).fetchone()
        return int(row[0])

    def node_span(self, conn: Any, node_id: int) -> tuple[str, int, int] | None:
        """(level, episode, start position) of a node, inside a transaction."""
        row = conn.execute(
            "SELECT level, episode, start_position FROM nodes WHERE node_id = %s", (int(node_id),)
        ).fetchone()
        return None if row is None else (str(row[0]), int(row[1]), int(row[2]))

    def close_node(
        self,
        conn: Any,
        node_id: int,
        *,
        end: int,
        vector: np.ndarray,
        summary: str,
        source_turn_ids: Sequence[int],
    ) -> None:
        """Close a node with its pooled vector and extractive summary."""
        conn.execute(
            "UPDATE nodes SET end_position = %s, vector = %s, summary = %s, "
            "source_turn_ids = %s, closed = 1 WHERE node_id = %s",
            (
                int(end),
                encode_vectors(vector),
                summary,
                json.dumps([int(t) for t in source_turn_ids]),
                int(node_id),
            ),
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
        where = "user_id = %s AND level = %s AND closed = 1 AND node_id > %s"
        args: list[object] = [user_id, level, after_node_id]
        if session_id is not None:
            where += " AND session_id = %s"
            args.append(session_id)
        rows = self._query(
            "SELECT node_id, level, start_position, end_position, summary, source_turn_ids, "
            f"episode, vector, session_id FROM nodes WHERE {where} "
            f"ORDER BY session_id {C}, start_position",
            args,
        )
        out: dict[str, list[tuple[SummaryNode, int, np.ndarray]]] = {}
        for r in rows:
            node = SummaryNode(r[0], r[1], r[2], r[3], r[4], tuple(json.loads(r[5])))
            out.setdefault(r[8], []).append((node, r[6], decode_vector(bytes(r[7]))))
        return out

    def set_abstract_summary(self, node_id: int, summary: str) -> None:
        """Replace a node's summary text (e.g. by an LLM-written one)."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE nodes SET summary = %s WHERE node_id = %s", (summary, int(node_id))
            )

    # -- deletion ---------------------------------------------------------------------
    def delete(self, user_id: str, session_id: str | None = None) -> int:
        """Delete one session of a user (or all of the user's sessions: turns, states and
        nodes); returns turns deleted. The rows are gone for every reader at commit;
        see :meth:`scrub` for what stays on disk."""
        where, args = "user_id = %s", [user_id]
        if session_id is not None:
            where += " AND session_id = %s"
            args.append(session_id)
        with self.transaction() as conn:
            n = conn.execute(f"DELETE FROM turns WHERE {where}", args).rowcount
            conn.execute(f"DELETE FROM states WHERE {where}", args)
            conn.execute(f"DELETE FROM nodes WHERE {where}", args)
        self.scrub()
        return int(n)


_STATE_SELECT = (
    "SELECT state, turn_count, last_time, episode, episode_node_id, segment_node_id, "
    "segment_len, segment_sum"
)


def _state(r: Sequence[Any]) -> SessionState:
    return SessionState(
        state_array(bytes(r[0])),
        int(r[1]),
        float(r[2]),
        int(r[3]),
        int(r[4]),
        int(r[5]),
        int(r[6]),
        state_array(bytes(r[7])),
    )
