"""Deleting a user or a session leaves nothing of it in any file the memory owns.

Real engine on a real SQLite file; the checks read the raw bytes of the database, its
``-wal`` and ``-shm`` files while the memory is still open.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from langchain_neuralmem.engine import NeuralMemory
from langchain_neuralmem.errors import StoreError
from langchain_neuralmem.stores.sqlite import SQLiteStore


def _files(db_path: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in Path(db_path).parent.glob(Path(db_path).name + "*")}


def _hits(db_path: str, needles: list[bytes]) -> dict[str, int]:
    return {name: sum(data.count(n) for n in needles) for name, data in _files(db_path).items()}


def _fill(memory: NeuralMemory, user: str, marker: str, sessions: int, turns: int) -> None:
    for s in range(sessions):
        for i in range(turns):
            memory.add_turn(
                f"{marker}{s}x{i} my locker code is {i * 7919} and I parked on level {i % 9}",
                session_id=f"{user}-s{s}",
                user_id=user,
                speaker=f"{marker}Speaker",
            )


def _secrets(memory: NeuralMemory, user: str) -> list[bytes]:
    """Byte patterns of the user's text, ids and vectors (first 32 bytes of each vector)."""
    needles = [user.encode(), b"Zq7Speaker"]
    for session in memory.store.sessions(user):
        for row in memory.store.turns(user, session):
            needles.append(row.vector.tobytes()[:32])
        state = memory.store.load_state(user, session)
        assert state is not None
        needles.append(state.state.tobytes()[:32])
    return needles


def test_delete_user_leaves_nothing_in_the_files(memory, db_path):
    _fill(memory, "alicezq7", "Zq7", sessions=3, turns=60)
    _fill(memory, "bob", "Bk4", sessions=2, turns=60)
    memory.recall("locker code?", session_id="alicezq7-s0", user_id="alicezq7")
    secrets = _secrets(memory, "alicezq7")
    assert sum(_hits(db_path, secrets).values()) > 0  # the test can see them before

    assert memory.delete_user("alicezq7") == 180

    assert _hits(db_path, secrets) == {name: 0 for name in _files(db_path)}
    assert _hits(db_path, [b"Zq7"]) == {name: 0 for name in _files(db_path)}
    assert sum(_hits(db_path, [b"Bk4"]).values()) >= 120  # bob is untouched
    assert len(memory.history(session_id="bob-s1", user_id="bob")) == 60
    ctx = memory.recall("locker code?", session_id="bob-s1", user_id="bob", max_tokens=200)
    assert ctx.recalled and all(r.turn.user_id == "bob" for r in ctx.recalled)
    assert memory.recall("locker?", session_id="alicezq7-s0", user_id="alicezq7").turns() == []


def test_clear_one_session_leaves_nothing_of_it(memory, db_path):
    _fill(memory, "carol", "Cc1", sessions=1, turns=80)
    memory.add_turn("Qz9 this other session stays", session_id="keep", user_id="carol")
    secrets = [b"Cc1"] + [r.vector.tobytes()[:32] for r in memory.store.turns("carol", "carol-s0")]
    assert sum(_hits(db_path, secrets).values()) > 0

    assert memory.clear(session_id="carol-s0", user_id="carol") == 80

    assert _hits(db_path, secrets) == {name: 0 for name in _files(db_path)}
    assert sum(_hits(db_path, [b"Qz9"]).values()) >= 1
    assert [t.content for t in memory.history(session_id="keep", user_id="carol")] == [
        "Qz9 this other session stays"
    ]


def test_deleted_data_is_gone_while_a_second_engine_has_the_file_open(db_path, encoder, model):
    a = NeuralMemory(db_path, encoder=encoder, model=model)
    b = NeuralMemory(db_path, encoder=encoder, model=model)
    _fill(a, "dave", "Dv5", sessions=1, turns=40)
    b.recall("locker?", session_id="dave-s0", user_id="dave")  # b has read connections open
    a.delete_user("dave")
    assert _hits(db_path, [b"Dv5", b"dave"]) == {name: 0 for name in _files(db_path)}
    assert b.recall("locker?", session_id="dave-s0", user_id="dave").turns() == []
    a.close()
    b.close()


def test_fast_deletes_without_vacuum_still_empty_the_wal(db_path, encoder, model):
    """``vacuum_on_delete=False``: rows are zeroed in place and the WAL is truncated."""
    memory = NeuralMemory(
        SQLiteStore(db_path, vacuum_on_delete=False), encoder=encoder, model=model
    )
    _fill(memory, "erin", "Er3", sessions=1, turns=30)
    memory.delete_user("erin")
    assert len(_files(db_path)[Path(db_path).name + "-wal"]) == 0
    assert memory.store.sessions("erin") == []
    memory.close()


def test_a_reader_holding_the_wal_past_the_timeout_is_reported(db_path, encoder, model):
    """Another connection inside a read transaction pins the WAL: the delete is committed,
    the error says old copies may remain, and the next delete scrubs them."""
    memory = NeuralMemory(SQLiteStore(db_path, timeout=0.3), encoder=encoder, model=model)
    _fill(memory, "fay", "Fy8", sessions=1, turns=10)
    _fill(memory, "gus", "Gu2", sessions=1, turns=10)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN")
    other.execute("SELECT COUNT(*) FROM turns").fetchone()  # holds a snapshot of the WAL
    try:
        with pytest.raises(StoreError, match="committed"):
            memory.delete_user("fay")
        assert memory.store.sessions("fay") == []
    finally:
        other.execute("COMMIT")
        other.close()
    memory.delete_user("gus")
    assert _hits(db_path, [b"Fy8", b"Gu2", b"fay"]) == {name: 0 for name in _files(db_path)}
    memory.close()
