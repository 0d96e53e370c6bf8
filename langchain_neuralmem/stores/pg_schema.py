"""The PostgreSQL schema: the same tables, columns and indexes as the SQLite file's.

The layout is the one SQLite files reach after every migration of
:mod:`~langchain_neuralmem.stores.schema` (version :data:`SCHEMA_VERSION`), with
PostgreSQL types: ids are ``BIGSERIAL``, vectors and states ``BYTEA`` (written by the
same codec, :mod:`~langchain_neuralmem.stores.vector_codec`), times and saliences
``DOUBLE PRECISION``. A new database gets it in one transaction; an existing one must
carry the same ``schema_version`` in ``meta``.

Example:
    >>> [name for name, _ in TABLES]
    ['meta', 'turns', 'states', 'nodes']
"""

from __future__ import annotations

from typing import Any

from langchain_neuralmem.errors import StoreError
from langchain_neuralmem.stores.schema import SCHEMA_VERSION

__all__ = ["INDEXES", "SCHEMA_VERSION", "TABLES", "check_schema", "create_schema"]

TABLES: list[tuple[str, str]] = [
    ("meta", "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
    (
        "turns",
        """CREATE TABLE IF NOT EXISTS turns (
            turn_id BIGSERIAL PRIMARY KEY,
            user_id TEXT NOT NULL,
            session_id TEXT NOT NULL,
            position BIGINT NOT NULL,
            role TEXT NOT NULL,
            speaker TEXT NOT NULL,
            content TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            tokens BIGINT NOT NULL,
            episode BIGINT NOT NULL,
            segment_id BIGINT NOT NULL,
            salience DOUBLE PRECISION NOT NULL,
            vector BYTEA NOT NULL,
            terms TEXT NOT NULL,
            meta TEXT NOT NULL DEFAULT '{}',
            passages BYTEA,
            passage_spans TEXT NOT NULL DEFAULT '[]',
            item_key TEXT,
            UNIQUE (user_id, session_id, position)
        )""",
    ),
    (
        "states",
        """CREATE TABLE IF NOT EXISTS states (
            user_id TEXT NOT NULL,
            session_id TEXT NOT NULL,
            state BYTEA NOT NULL,
            turn_count BIGINT NOT NULL,
            last_time DOUBLE PRECISION NOT NULL,
            episode BIGINT NOT NULL,
            episode_node_id BIGINT NOT NULL,
            segment_node_id BIGINT NOT NULL,
            segment_len BIGINT NOT NULL,
            segment_sum BYTEA NOT NULL,
            PRIMARY KEY (user_id, session_id)
        )""",
    ),
    (
        "nodes",
        """CREATE TABLE IF NOT EXISTS nodes (
            node_id BIGSERIAL PRIMARY KEY,
            user_id TEXT NOT NULL,
            session_id TEXT NOT NULL,
            level TEXT NOT NULL CHECK (level IN ('segment', 'episode')),
            episode BIGINT NOT NULL,
            start_position BIGINT NOT NULL,
            end_position BIGINT NOT NULL,
            vector BYTEA,
            summary TEXT NOT NULL DEFAULT '',
            source_turn_ids TEXT NOT NULL DEFAULT '[]',
            closed INTEGER NOT NULL DEFAULT 0
        )""",
    ),
]

INDEXES: list[str] = [
    "CREATE INDEX IF NOT EXISTS nodes_scope ON nodes (user_id, session_id, level, closed)",
    # A caller's key is unique within its session (a LangChain message id, a store key).
    "CREATE UNIQUE INDEX IF NOT EXISTS turns_item_key ON turns (user_id, session_id, item_key) "
    "WHERE item_key IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS turns_user ON turns (user_id, turn_id)",
]


def _present_tables(conn: Any) -> set[str]:
    """Which of our table names exist in the connection's current schema."""
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_name = ANY(%s)",
        ([name for name, _ in TABLES],),
    ).fetchall()
    return {str(r[0]) for r in rows}


def check_schema(conn: Any, where: str) -> str | None:
    """The stored schema version (``None``: an empty database, ready for
    :func:`create_schema`).

    Raises:
        StoreError: the database holds some of our tables but no version, or another
            version than :data:`SCHEMA_VERSION`.
    """
    present = _present_tables(conn)
    if not present:
        return None
    version = None
    if "meta" in present:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = None if row is None else str(row[0])
    if version is None:
        raise StoreError(
            f"database {where} holds tables {sorted(present)} but no langchain-neuralmem "
            "schema version; use an empty database (or one this package created)"
        )
    if version != SCHEMA_VERSION:
        raise StoreError(
            f"database {where} has schema version {version!r}, this package reads {SCHEMA_VERSION}"
        )
    missing = {name for name, _ in TABLES} - present
    if missing:
        raise StoreError(
            f"database {where} has schema version {version!r} but lacks tables {sorted(missing)}"
        )
    return version


def create_schema(conn: Any) -> str:
    """Create every table and index and record the version; the caller holds the write
    transaction (and its lock, so two processes opening a new database do not race)."""
    for _, statement in TABLES:
        conn.execute(statement)
    for statement in INDEXES:
        conn.execute(statement)
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('schema_version', %s) ON CONFLICT (key) DO NOTHING",
        (SCHEMA_VERSION,),
    )
    return SCHEMA_VERSION
