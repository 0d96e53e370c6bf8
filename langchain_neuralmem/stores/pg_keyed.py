"""PostgreSQL: turns addressed by the caller's key or id: lookups, pages, single deletions.

The PostgreSQL twin of :mod:`~langchain_neuralmem.stores.sqlite_keyed`, with the same
behaviour: a deleted turn's session keeps its state and hierarchy, and a closed summary
that quotes a deleted turn loses its text.

Example (needs a server, so not run here):

.. code-block:: python

    store = PostgresStore("postgresql://app@db.internal/memory")
    store.keyed_turns("alice", "s1", ["msg-1"])  # {} until a turn is stored under msg-1
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_neuralmem.stores.pg_connection import PostgresConnection
from langchain_neuralmem.stores.sqlite_rows import TURN_COLUMNS, row_turn
from langchain_neuralmem.types import Turn


class PgKeyedTurns(PostgresConnection):
    """The part of :class:`~langchain_neuralmem.stores.postgres.PostgresStore` that finds
    and deletes single turns (by the caller's ``item_key`` or by id)."""

    def keyed_turns(
        self,
        user_id: str,
        session_id: str,
        keys: Sequence[str],
        conn: Any | None = None,
    ) -> dict[str, Turn]:
        """The turns of a session stored under any of ``keys`` (inside a write transaction
        when ``conn`` is given), by key."""
        unique = list(dict.fromkeys(keys))
        if not unique:
            return {}
        sql = (
            f"SELECT {TURN_COLUMNS} FROM turns WHERE user_id = %s AND session_id = %s "
            "AND item_key = ANY(%s::text[])"
        )
        args = (user_id, session_id, unique)
        rows = conn.execute(sql, args).fetchall() if conn is not None else self._query(sql, args)
        return {r[13]: row_turn(r) for r in rows}

    def keyed_page(
        self, user_id: str, session_id: str, *, limit: int, offset: int = 0
    ) -> list[Turn]:
        """A session's keyed turns, most recently written first."""
        rows = self._query(
            f"SELECT {TURN_COLUMNS} FROM turns WHERE user_id = %s AND session_id = %s "
            "AND item_key IS NOT NULL ORDER BY turn_id DESC LIMIT %s OFFSET %s",
            (user_id, session_id, int(limit), int(offset)),
        )
        return [row_turn(r) for r in rows]

    def delete_turns(self, turn_ids: Sequence[int], conn: Any | None = None) -> list[Turn]:
        """Delete single turns by id (inside ``conn``'s transaction if given); returns the
        turns deleted. Their session's state and hierarchy stay: later positions keep
        counting on, and a summary quoting a deleted turn is dropped with it."""
        if not turn_ids:
            return []
        if conn is None:
            with self.transaction() as own:
                gone = self.delete_turns(turn_ids, own)
            self.scrub()
            return gone
        ids = [int(t) for t in turn_ids]
        rows = conn.execute(
            f"DELETE FROM turns WHERE turn_id = ANY(%s::bigint[]) RETURNING {TURN_COLUMNS}",
            (ids,),
        ).fetchall()
        order = {t: i for i, t in enumerate(dict.fromkeys(ids))}
        gone = sorted((row_turn(r) for r in rows), key=lambda t: order[t.turn_id])
        scopes: dict[tuple[str, str], list[int]] = {}
        for t in gone:
            scopes.setdefault((t.user_id, t.session_id), []).append(t.turn_id)
        for (user_id, session_id), dead in scopes.items():  # no summary outlives its quote
            conn.execute(
                "UPDATE nodes SET summary = '', source_turn_ids = '[]' WHERE user_id = %s "
                "AND session_id = %s AND closed = 1 AND EXISTS (SELECT 1 FROM "
                "jsonb_array_elements_text(nodes.source_turn_ids::jsonb) AS quoted(id) "
                "WHERE quoted.id::bigint = ANY(%s::bigint[]))",
                (user_id, session_id, dead),
            )
        return gone
