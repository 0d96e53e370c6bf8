"""The SQLite schema: the first layout, then the migrations that bring a file up to date.

A new file gets the first layout and then every migration; an older file gets the
migrations it lacks, in order, in one write transaction, when it is opened writable.

Example:
    >>> import sqlite3
    >>> conn = sqlite3.connect(":memory:", isolation_level=None)
    >>> migrate(conn, None)
    '4'
    >>> "passages" in [r[1] for r in conn.execute("PRAGMA table_info(turns)")]
    True
"""

from __future__ import annotations

import sqlite3

BASE_VERSION = "1"

BASE_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS turns (
    turn_id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    role TEXT NOT NULL,
    speaker TEXT NOT NULL,
    content TEXT NOT NULL,
    created_at REAL NOT NULL,
    tokens INTEGER NOT NULL,
    episode INTEGER NOT NULL,
    segment_id INTEGER NOT NULL,
    salience REAL NOT NULL,
    vector BLOB NOT NULL,
    terms TEXT NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}',
    UNIQUE (user_id, session_id, position)
);
CREATE TABLE IF NOT EXISTS states (
    user_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    state BLOB NOT NULL,
    turn_count INTEGER NOT NULL,
    last_time REAL NOT NULL,
    episode INTEGER NOT NULL,
    episode_node_id INTEGER NOT NULL,
    segment_node_id INTEGER NOT NULL,
    segment_len INTEGER NOT NULL,
    segment_sum BLOB NOT NULL,
    PRIMARY KEY (user_id, session_id)
);
CREATE TABLE IF NOT EXISTS nodes (
    node_id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('segment', 'episode')),
    episode INTEGER NOT NULL,
    start_position INTEGER NOT NULL,
    end_position INTEGER NOT NULL,
    vector BLOB,
    summary TEXT NOT NULL DEFAULT '',
    source_turn_ids TEXT NOT NULL DEFAULT '[]',
    closed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS nodes_scope ON nodes (user_id, session_id, level, closed);
"""

MIGRATIONS: list[tuple[str, str, tuple[str, ...]]] = [
    # (from, to, statements)
    (
        "1",
        "2",
        (
            # Long turns are also indexed as passages: their vectors and character spans.
            "ALTER TABLE turns ADD COLUMN passages BLOB",
            "ALTER TABLE turns ADD COLUMN passage_spans TEXT NOT NULL DEFAULT '[]'",
        ),
    ),
    (
        "2",
        "3",
        (
            # A caller's key for a turn (a LangChain message id, a store item's key): a write
            # that repeats a key in its session is skipped or replaces the old turn.
            "ALTER TABLE turns ADD COLUMN item_key TEXT",
            "CREATE UNIQUE INDEX IF NOT EXISTS turns_item_key ON turns (user_id, session_id, "
            "item_key) WHERE item_key IS NOT NULL",
            # Recall across a user's sessions reads all of them in write order.
            "CREATE INDEX IF NOT EXISTS turns_user ON turns (user_id, turn_id)",
        ),
    ),
    (
        "3",
        "4",
        (
            # New vectors are stored as int8 codes with a scale (stores/vector_codec.py);
            # older float32 blobs stay readable (older packages refuse the new version).
            # A scope's version (turn count, newest turn id) is kept by triggers, so
            # reading it is one row, not a count over the scope's turns.
            "CREATE TABLE IF NOT EXISTS scope_versions (user_id TEXT NOT NULL, "
            "session_id TEXT NOT NULL, turns INTEGER NOT NULL, max_turn_id INTEGER NOT NULL, "
            "PRIMARY KEY (user_id, session_id)) WITHOUT ROWID",
            "CREATE TABLE IF NOT EXISTS user_versions (user_id TEXT PRIMARY KEY, "
            "turns INTEGER NOT NULL, max_turn_id INTEGER NOT NULL) WITHOUT ROWID",
            "INSERT OR REPLACE INTO scope_versions SELECT user_id, session_id, COUNT(*), "
            "MAX(turn_id) FROM turns GROUP BY user_id, session_id",
            "INSERT OR REPLACE INTO user_versions SELECT user_id, COUNT(*), MAX(turn_id) "
            "FROM turns GROUP BY user_id",
            "CREATE TRIGGER IF NOT EXISTS turns_version_insert AFTER INSERT ON turns BEGIN "
            "INSERT INTO scope_versions VALUES (NEW.user_id, NEW.session_id, 1, NEW.turn_id) "
            "ON CONFLICT (user_id, session_id) DO UPDATE SET turns = turns + 1, "
            "max_turn_id = MAX(max_turn_id, NEW.turn_id); "
            "INSERT INTO user_versions VALUES (NEW.user_id, 1, NEW.turn_id) "
            "ON CONFLICT (user_id) DO UPDATE SET turns = turns + 1, "
            "max_turn_id = MAX(max_turn_id, NEW.turn_id); END",
            "CREATE TRIGGER IF NOT EXISTS turns_version_delete AFTER DELETE ON turns BEGIN "
            "UPDATE scope_versions SET turns = turns - 1 "
            "WHERE user_id = OLD.user_id AND session_id = OLD.session_id; "
            "DELETE FROM scope_versions WHERE user_id = OLD.user_id "
            "AND session_id = OLD.session_id AND turns <= 0; "
            "UPDATE user_versions SET turns = turns - 1 WHERE user_id = OLD.user_id; "
            "DELETE FROM user_versions WHERE user_id = OLD.user_id AND turns <= 0; END",
        ),
    ),
]

SCHEMA_VERSION = MIGRATIONS[-1][1]
"""The version this package reads and writes."""

KNOWN_VERSIONS = frozenset([BASE_VERSION, *(to for _, to, _ in MIGRATIONS)])


def stored_version(conn: sqlite3.Connection) -> str | None:
    """The stored schema version, read without taking a write lock (None: no schema yet)."""
    has_meta = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    if not has_meta:
        return None
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return row[0] if row else None


def migrate(conn: sqlite3.Connection, version: str | None) -> str:
    """Create (``version=None``) or upgrade the schema; the caller holds the write transaction
    or, as here for a bare connection, none is open and each statement commits."""
    if version is None:
        for statement in BASE_SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (BASE_VERSION,)
        )
        version = BASE_VERSION
    for start, end, statements in MIGRATIONS:
        if version == start:
            for statement in statements:
                conn.execute(statement)
            conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (end,))
            version = end
    return version
