"""The SQLite store with real files: WAL, persistence, read-only, locks, scoped deletion."""

import os
import sqlite3
import stat

import numpy as np
import pytest

from langchain_neuralmem.errors import EncoderMismatchError, StoreError
from langchain_neuralmem.stores.sqlite import SQLiteStore
from langchain_neuralmem.types import Turn


def _turn(user: str, session: str, pos: int, text: str = "hello") -> Turn:
    return Turn(0, user, session, pos, "human", "Ann", text, float(pos), 1)


def _put(store: SQLiteStore, user: str, session: str, n: int) -> None:
    with store.transaction() as conn:
        for i in range(n):
            store.insert_turn(
                conn, _turn(user, session, i, f"turn {i}"), np.ones(4, np.float32), ("turn",)
            )


def test_wal_and_persistence(db_path):
    store = SQLiteStore(db_path)
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    _put(store, "u", "s", 3)
    store.close()
    again = SQLiteStore(db_path)
    rows = again.turns("u", "s")
    assert [r.turn.content for r in rows] == ["turn 0", "turn 1", "turn 2"]
    assert np.array_equal(rows[0].vector, np.ones(4, np.float32))


def test_failed_transaction_keeps_earlier_turns(db_path):
    store = SQLiteStore(db_path)
    _put(store, "u", "s", 2)
    with pytest.raises(sqlite3.IntegrityError), store.transaction() as conn:
        store.insert_turn(conn, _turn("u", "s", 2), np.ones(4, np.float32), ())
        store.insert_turn(
            conn, _turn("u", "s", 2), np.ones(4, np.float32), ()
        )  # duplicate position
    assert store.count_turns("u", "s") == 2


def test_read_only_file_reads_but_refuses_writes(db_path):
    store = SQLiteStore(db_path)
    _put(store, "u", "s", 2)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    os.chmod(db_path, stat.S_IRUSR)
    try:
        if os.access(db_path, os.W_OK):
            pytest.skip("running as a user that can write read-only files (root)")
        ro = SQLiteStore(db_path)
        assert ro.read_only and ro.count_turns("u", "s") == 2
        with pytest.raises(StoreError, match="read-only"):
            _put(ro, "u", "s", 1)
    finally:
        os.chmod(db_path, stat.S_IRUSR | stat.S_IWUSR)


def test_read_only_mode_recalls_and_refuses_writes(db_path, encoder, model):
    from langchain_neuralmem.engine import NeuralMemory

    writer = NeuralMemory(db_path, encoder=encoder, model=model)
    writer.add_turn("The spare key is under the blue pot.", session_id="s")
    writer.close()
    reader = NeuralMemory(SQLiteStore(db_path, read_only=True), encoder=encoder, model=model)
    assert (
        "blue pot"
        in reader.recall("Where is the spare key?", session_id="s", max_tokens=100).to_text()
    )
    with pytest.raises(StoreError, match="read-only"):
        reader.add_turn("new", session_id="s")
    with pytest.raises(StoreError, match="read-only"):
        reader.clear(session_id="s")
    assert [t.content for t in reader.history(session_id="s")] == [
        "The spare key is under the blue pot."
    ]


def test_locked_database_is_named(db_path):
    store = SQLiteStore(db_path, timeout=0.1)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="locked"):
            _put(store, "u", "s", 1)
    finally:
        other.execute("ROLLBACK")
        other.close()
    _put(store, "u", "s", 1)
    assert store.count_turns("u", "s") == 1


def test_not_a_database_is_named(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        SQLiteStore(path)


def test_missing_folder_is_named(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        SQLiteStore(tmp_path / "no" / "m.db")


def test_encoder_mismatch_is_refused(db_path):
    store = SQLiteStore(db_path)
    store.check_encoder("minilm", 384)
    store.check_encoder("minilm", 384)
    with pytest.raises(EncoderMismatchError, match="other-model"):
        store.check_encoder("other-model", 768)


def test_delete_is_scoped_to_user_and_session(db_path):
    store = SQLiteStore(db_path)
    _put(store, "alice", "a1", 2)
    _put(store, "alice", "a2", 2)
    _put(store, "bob", "a1", 2)
    assert store.delete("alice", "a1") == 2
    assert store.count_turns("alice", "a2") == 2 and store.count_turns("bob", "a1") == 2
    assert store.delete("alice") == 2
    assert store.users() == ["bob"] and store.count_turns("bob", "a1") == 2


def test_use_after_close_is_named(db_path):
    store = SQLiteStore(db_path)
    _put(store, "u", "s", 1)
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.count_turns("u", "s")
    with pytest.raises(StoreError, match="closed"), store.transaction():
        pass


def test_other_schema_version_is_named(db_path):
    SQLiteStore(db_path).close()
    raw = sqlite3.connect(db_path, isolation_level=None)
    raw.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    raw.close()
    with pytest.raises(StoreError, match="schema version '99'"):
        SQLiteStore(db_path)


def _version_1_file(path):
    """A database as the first schema wrote it, with one turn."""
    from langchain_neuralmem.stores.schema import BASE_SCHEMA

    raw = sqlite3.connect(path, isolation_level=None)
    for statement in BASE_SCHEMA.split(";"):
        if statement.strip():
            raw.execute(statement)
    raw.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    raw.execute(
        "INSERT INTO turns (user_id, session_id, position, role, speaker, content, created_at, "
        "tokens, episode, segment_id, salience, vector, terms) "
        "VALUES ('u', 's', 0, 'human', 'Ann', 'old turn', 0, 2, 0, 0, 0.5, ?, 'old turn')",
        (np.ones(4, np.float32).tobytes(),),
    )
    raw.close()


def test_a_version_1_file_is_migrated_on_open_and_keeps_its_turns(db_path):
    from langchain_neuralmem.stores.schema import SCHEMA_VERSION

    _version_1_file(db_path)
    store = SQLiteStore(db_path)
    assert store.get_meta("schema_version") == SCHEMA_VERSION == "4"
    (row,) = store.turns("u", "s")
    assert row.turn.content == "old turn" and row.passages is None and row.turn.key is None
    assert np.array_equal(row.vector, np.ones(4, np.float32))  # its float32 blob still reads
    _put(store, "u", "s2", 1)  # writes go to the new columns
    assert [t.turn.content for t in store.turns("u", "s")] == ["old turn"]
    store.close()
    SQLiteStore(db_path).close()  # a second open finds nothing to do


def test_a_version_1_file_opened_read_only_asks_for_an_upgrade(db_path):
    _version_1_file(db_path)
    with pytest.raises(StoreError, match="needs an upgrade"):
        SQLiteStore(db_path, read_only=True)
    raw = sqlite3.connect(db_path)
    assert raw.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("1",)
    raw.close()


def test_passages_round_trip(db_path):
    store = SQLiteStore(db_path)
    turn = Turn(0, "u", "s", 0, "ai", "AI", "long " * 300, 0.0, 300, 0, 0, 0.5)
    passages = np.arange(12, dtype=np.float32).reshape(3, 4)
    with store.transaction() as conn:
        store.insert_turn(conn, turn, np.ones(4, np.float32), ["long"], passages, [(0, 5)] * 3)
    (row,) = store.turns("u", "s")
    # stored as int8 codes with a per-row scale: within half a step of each row's peak
    np.testing.assert_allclose(row.passages, passages, atol=11 / 254)
    store.close()
