"""One storage suite, run on both backends: a SQLite file and a PostgreSQL database.

Every test that takes ``memory_target`` runs as ``[sqlite]`` and ``[postgresql]`` (a
throwaway server, see tests/postgres_server.py). Store-level tests go through
``open_store``; engine-level ones through ``NeuralMemory(target)`` with the real
MiniLM encoder and the shipped weights.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import numpy as np
import pytest

from langchain_neuralmem.engine import NeuralMemory, TurnInput
from langchain_neuralmem.errors import EncoderMismatchError, StoreError
from langchain_neuralmem.stores.base import MemoryStore
from langchain_neuralmem.stores.open_store import open_store
from langchain_neuralmem.stores.records import SessionState
from langchain_neuralmem.types import Turn


def _integrity_errors() -> tuple[type[BaseException], ...]:
    import psycopg

    return (sqlite3.IntegrityError, psycopg.IntegrityError)


def _turn(user: str, session: str, pos: int, text: str = "hello", key: str | None = None) -> Turn:
    return Turn(0, user, session, pos, "human", "Ann", text, float(pos), 1, key=key)


def _vec(i: float) -> np.ndarray:
    v = np.array([1.0, i, 0.5, -0.25], np.float32)
    return v / np.linalg.norm(v)


def _put(store: MemoryStore, user: str, session: str, n: int, start: int = 0) -> list[int]:
    with store.transaction() as conn:
        return [
            store.insert_turn(conn, _turn(user, session, i, f"turn {i}"), _vec(i), ("turn",))
            for i in range(start, start + n)
        ]


@pytest.fixture()
def store(memory_target: str) -> Iterator[MemoryStore]:
    s = open_store(memory_target)
    yield s
    s.close()


# -- store level -------------------------------------------------------------------------
def test_turns_persist_across_reopen(memory_target):
    first = open_store(memory_target)
    _put(first, "u", "s", 3)
    first.close()
    again = open_store(memory_target)
    rows = again.turns("u", "s")
    assert [r.turn.content for r in rows] == ["turn 0", "turn 1", "turn 2"]
    assert [r.turn.position for r in rows] == [0, 1, 2]
    assert rows[1].terms == ("turn",) and rows[1].turn.created_at == 1.0
    np.testing.assert_allclose(rows[2].vector, _vec(2), atol=0.01)
    again.close()


def test_failed_transaction_keeps_earlier_turns(store):
    _put(store, "u", "s", 2)
    with pytest.raises(_integrity_errors()), store.transaction() as conn:
        store.insert_turn(conn, _turn("u", "s", 2), _vec(0), ())
        store.insert_turn(conn, _turn("u", "s", 2), _vec(0), ())  # duplicate position
    with pytest.raises(RuntimeError), store.transaction() as conn:
        store.insert_turn(conn, _turn("u", "s", 2), _vec(0), ())
        raise RuntimeError("the caller failed half-way")
    assert store.count_turns("u", "s") == 2
    _put(store, "u", "s", 1, start=2)  # the store is usable after both rollbacks
    assert store.count_turns("u", "s") == 3


def test_delete_is_scoped_to_user_and_session(store):
    for user, session in (("alice", "a1"), ("alice", "a2"), ("bob", "a1")):
        _put(store, user, session, 2)
        _state_and_node(store, user, session)
    assert store.delete("alice", "a1") == 2
    assert store.count_turns("alice", "a1") == 0 and store.load_state("alice", "a1") is None
    assert store.closed_nodes("alice", "a1", "segment") == []
    assert store.count_turns("alice", "a2") == 2 and store.count_turns("bob", "a1") == 2
    assert store.delete("alice") == 2
    assert store.users() == ["bob"] and store.sessions("alice") == []
    assert (
        store.load_state("alice", "a2") is None
        and store.user_closed_nodes("alice", "segment") == {}
    )
    assert store.count_turns("bob", "a1") == 2 and store.load_state("bob", "a1") is not None
    assert len(store.closed_nodes("bob", "a1", "segment")) == 1


def _state_and_node(store: MemoryStore, user: str, session: str) -> int:
    with store.transaction() as conn:
        node = store.open_node(conn, user, session, "segment", 0, 0)
        assert store.node_span(conn, node) == ("segment", 0, 0)
        ids = [t.turn.turn_id for t in store.turns(user, session)]  # inside the transaction
        store.close_node(conn, node, end=1, vector=_vec(3), summary="s", source_turn_ids=ids)
        state = SessionState(np.ones(3, np.float32), 2, 1.5, 0, node, node, 2, _vec(1))
        store.save_state(conn, user, session, state)
    return node


def test_state_and_nodes_round_trip(store):
    ids = _put(store, "u", "s", 2)
    node = _state_and_node(store, "u", "s")
    s = store.load_state("u", "s")
    assert s is not None and (s.turn_count, s.last_time, s.segment_node_id) == (2, 1.5, node)
    assert s.state.tolist() == [1.0, 1.0, 1.0]
    with store.transaction() as conn:  # an upsert replaces the state
        store.save_state(
            conn, "u", "s", SessionState(np.zeros(3, np.float32), 5, 9.0, 1, 0, 0, 0, _vec(0))
        )
    assert store.load_state("u", "s").turn_count == 5
    ((found, episode, vector),) = store.closed_nodes("u", "s", "segment")
    assert (found.node_id, found.start_position, found.end_position, found.summary, episode) == (
        node,
        0,
        1,
        "s",
        0,
    )
    assert list(found.source_turn_ids) == ids and vector.shape == (4,)
    store.set_abstract_summary(node, "an abstract")
    assert store.closed_nodes("u", "s", "segment")[0][0].summary == "an abstract"
    assert list(store.user_closed_nodes("u", "segment")) == ["s"]
    store.delete_turns([ids[0]])  # a summary must not outlive a turn it quotes
    assert store.closed_nodes("u", "s", "segment")[0][0].summary == ""


def test_keyed_turns_lookup_page_and_delete(store):
    with store.transaction() as conn:
        for i, key in enumerate(["m1", "m2", None, "m3"]):
            store.insert_turn(conn, _turn("u", "s", i, f"t{i}", key), _vec(i), ("t",))
        store.insert_turn(
            conn, _turn("u", "other", 0, "x", "m1"), _vec(0), ()
        )  # same key, other session
    found = store.keyed_turns("u", "s", ["m1", "m3", "nope", "m1"])
    assert sorted(found) == ["m1", "m3"] and found["m3"].content == "t3"
    assert [t.key for t in store.keyed_page("u", "s", limit=2)] == ["m3", "m2"]
    assert [t.key for t in store.keyed_page("u", "s", limit=5, offset=2)] == ["m1"]
    with pytest.raises(_integrity_errors()), store.transaction() as conn:
        store.insert_turn(conn, _turn("u", "s", 9, "dup", "m2"), _vec(0), ())
    gone = store.delete_turns([found["m1"].turn_id])
    assert [t.content for t in gone] == ["t0"] and "m1" not in store.keyed_turns("u", "s", ["m1"])
    assert store.keyed_turns("u", "other", ["m1"])["m1"].content == "x"
    with store.transaction() as conn:  # inside a transaction: the conn is passed on
        assert sorted(store.keyed_turns("u", "s", ["m2", "m3"], conn)) == ["m2", "m3"]
        store.delete_turns([found["m3"].turn_id], conn)
    assert store.count_turns("u", "s") == 2


def test_versions_are_count_and_newest_id(store):
    assert store.scope_version("u", "s") == (0, 0) and store.user_version("u") == (0, 0)
    ids = _put(store, "u", "s", 3)
    assert ids == sorted(ids) and store.scope_version("u", "s") == (3, ids[-1])
    more = _put(store, "u", "t", 2)
    assert more[0] > ids[-1]  # ids only grow
    assert store.scope_version("u", "s") == (3, ids[-1])
    assert store.user_version("u") == (5, more[-1])
    with store.transaction():  # the thread holding the transaction reads its own view
        assert store.scope_version("u", "t") == (2, more[-1])
    before = store.scope_version("u", "s")
    store.delete_turns([ids[0]])
    assert store.scope_version("u", "s") != before and store.scope_version("u", "s")[0] == 2
    assert store.delete("u", "s") == 2 and store.scope_version("u", "s") == (0, 0)


def test_user_turns_scopes_and_snapshots(store):
    _put(store, "bob", "b", 1)
    a = _put(store, "ann", "z", 1)
    b = _put(store, "ann", "a", 2)
    assert [t.turn.turn_id for t in store.user_turns("ann")] == a + b  # write order
    assert store.sessions("ann") == ["a", "z"] and store.users() == ["ann", "bob"]
    assert store.scopes() == [("ann", "a"), ("ann", "z"), ("bob", "b")]
    version, rows, state = store.read_scope("ann", "a")
    assert version == (2, b[-1]) and [r.turn.turn_id for r in rows] == b and state is None
    _state_and_node(store, "ann", "a")
    version, rows, states = store.read_user("ann")
    assert version == (3, b[-1]) and len(rows) == 3 and list(states) == ["a"]
    assert [t.content for t in store.recent_turns("ann", "a", 1)] == ["turn 1"]
    assert [t.turn_id for t in store.get_turns([b[1], 10**9, a[0]])] == [b[1], a[0]]


def test_passages_round_trip(store):
    turn = Turn(0, "u", "s", 0, "ai", "AI", "long " * 300, 0.0, 300, 0, 0, 0.5)
    passages = np.arange(12, dtype=np.float32).reshape(3, 4)
    with store.transaction() as conn:
        tid = store.insert_turn(conn, turn, _vec(1), ["long"], passages, [(0, 5)] * 3)
        store.insert_turn(conn, _turn("u", "s", 1), _vec(2), ())
    (row, short) = store.turns("u", "s")
    np.testing.assert_allclose(row.passages, passages, atol=11 / 254)
    assert short.passages is None
    assert store.passage_spans([tid, short.turn.turn_id]) == {tid: [(0, 5)] * 3}


def test_encoder_mismatch_is_refused(store):
    store.check_encoder("minilm", 384)
    store.check_encoder("minilm", 384)
    with pytest.raises(EncoderMismatchError, match="other-model"):
        store.check_encoder("other-model", 768)


def test_use_after_close_is_named(memory_target):
    store = open_store(memory_target)
    _put(store, "u", "s", 1)
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.count_turns("u", "s")
    with pytest.raises(StoreError, match="closed"), store.transaction():
        pass


# -- engine level ------------------------------------------------------------------------
def test_engine_writes_recalls_searches_and_deletes(memory_target, encoder, model):
    memory = NeuralMemory(memory_target, encoder=encoder, model=model)
    memory.add_turns(
        [
            TurnInput("My first dog was called Biscuit.", speaker="Ann", key="m1"),
            TurnInput("What a lovely name!", role="ai"),
            TurnInput("I work as a radiographer at St Mary's.", speaker="Ann"),
        ],
        session_id="s1",
        user_id="ann",
    )
    memory.add_turn("Our cat is called Miso.", session_id="s2", user_id="ann")
    memory.add_turn("I live in Oslo.", session_id="s1", user_id="bob")
    assert (
        "Biscuit"
        in memory.recall("What was my dog's name?", session_id="s1", user_id="ann").to_text()
    )
    assert memory.search("Where do I work?", user_id="ann", k=1)[0].turn.content.startswith(
        "I work"
    )
    again = memory.add_turns([TurnInput("changed", key="m1")], session_id="s1", user_id="ann")
    assert again[0].content == "My first dog was called Biscuit."  # a repeated key is skipped
    assert [t.position for t in memory.history(session_id="s1", user_id="ann")] == [0, 1, 2]
    assert memory.sessions("ann") == ["s1", "s2"]
    assert memory.delete_user("ann") == 4
    assert (
        memory.sessions("ann") == []
        and memory.recall("dog", session_id="s1", user_id="ann").to_text() == ""
    )
    assert memory.store.load_state("ann", "s1") is None
    assert memory.store.user_closed_nodes("ann", "segment") == {}
    assert "Oslo" in memory.recall("Where do I live?", session_id="s1", user_id="bob").to_text()
    memory.close()


def test_two_engines_on_one_target_see_each_others_writes(memory_target, encoder, model):
    a = NeuralMemory(memory_target, encoder=encoder, model=model)
    b = NeuralMemory(memory_target, encoder=encoder, model=model)
    a.add_turn("The spare key is under the blue pot.", session_id="s", user_id="ann")
    assert (
        "blue pot" in b.recall("Where is the spare key?", session_id="s", user_id="ann").to_text()
    )
    b.add_turn("My sister Ines lives in Lisbon.", session_id="s", user_id="ann")
    text = a.recall("Where does my sister live?", session_id="s", user_id="ann").to_text()
    assert "Lisbon" in text  # a's cached index was rebuilt: the version changed
    assert [t.position for t in a.history(session_id="s", user_id="ann")] == [0, 1]
    assert "Lisbon" in a.recall("sister", session_id="new", user_id="ann", scope="user").to_text()
    b.delete_user("ann")
    assert a.recall("Where is the spare key?", session_id="s", user_id="ann").to_text() == ""
    a.close()
    b.close()
