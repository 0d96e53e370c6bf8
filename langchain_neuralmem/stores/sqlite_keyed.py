"""Turns addressed by the caller's key or id: lookups, pages and single deletions.

Example:
    >>> store = KeyedTurns(":memory:")
    >>> store.keyed_turns("alice", "s1", ["msg-1"])
    {}
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from langchain_neuralmem.stores.sqlite_connection import SQLiteConnection
from langchain_neuralmem.stores.sqlite_rows import TURN_COLUMNS, row_turn
from langchain_neuralmem.types import Turn


class KeyedTurns(SQLiteConnection):
    """The part of :class:`~langchain_neuralmem.stores.sqlite.SQLiteStore` that finds and
    deletes single turns (by the caller's ``item_key`` or by id)."""

    def keyed_turns(
        self,
        user_id: str,
        session_id: str,
        keys: Sequence[str],
        conn: sqlite3.Connection | None = None,
    ) -> dict[str, Turn]:
        """The turns of a session stored under any of ``keys`` (inside a write transaction
        when ``conn`` is given), by key."""
        out: dict[str, Turn] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            sql = (
                f"SELECT {TURN_COLUMNS} FROM turns WHERE user_id = ? AND session_id = ? "
                f"AND item_key IN ({','.join('?' * len(chunk))})"
            )
            args = (user_id, session_id, *chunk)
            rows = (
                conn.execute(sql, args).fetchall() if conn is not None else self._query(sql, args)
            )
            out.update({r[13]: row_turn(r) for r in rows})
        return out

    def keyed_page(
        self, user_id: str, session_id: str, *, limit: int, offset: int = 0
    ) -> list[Turn]:
        """A session's keyed turns, most recently written first."""
        rows = self._query(
            f"SELECT {TURN_COLUMNS} FROM turns WHERE user_id = ? AND session_id = ? "
            "AND item_key IS NOT NULL ORDER BY turn_id DESC LIMIT ? OFFSET ?",
            (user_id, session_id, limit, offset),
        )
        return [row_turn(r) for r in rows]

    def delete_turns(
        self, turn_ids: Sequence[int], conn: sqlite3.Connection | None = None
    ) -> list[Turn]:
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
        gone = []
        for start in range(0, len(turn_ids), 500):
            chunk = [int(t) for t in turn_ids[start : start + 500]]
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(
                f"SELECT {TURN_COLUMNS} FROM turns WHERE turn_id IN ({marks})", chunk
            ).fetchall()
            gone += [row_turn(r) for r in rows]
            conn.execute(f"DELETE FROM turns WHERE turn_id IN ({marks})", chunk)
        for t in gone:  # a summary must not outlive a turn it quotes
            conn.execute(
                "UPDATE nodes SET summary = '', source_turn_ids = '[]' WHERE user_id = ? AND "
                "session_id = ? AND closed = 1 AND EXISTS (SELECT 1 FROM json_each("
                "nodes.source_turn_ids) WHERE value = ?)",
                (t.user_id, t.session_id, t.turn_id),
            )
        return gone
