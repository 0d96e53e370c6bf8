"""Large sessions on a real SQLite file with the real encoder and weights: the index is
sealed under its inverted file, saved beside the database, reopened without reading every
row, brought up to date after another writer, and rebuilt when a delete or a damaged file
makes the saved copy untrustworthy. The thresholds are lowered (on the cache object) so a
few hundred turns exercise what a real deployment reaches at tens of thousands."""

from __future__ import annotations

import logging

import pytest

from langchain_neuralmem.engine import NeuralMemory
from langchain_neuralmem.turn_input import TurnInput

FACTS = [
    "My locker code is 4471.",
    "The dentist moved my appointment to Thursday at nine.",
    "Our cat Miso only eats the salmon pouches.",
]


def _flat(memory: NeuralMemory) -> NeuralMemory:
    memory._cache.flat_rows = 120
    return memory


def _small_thresholds(memory: NeuralMemory) -> NeuralMemory:
    _flat(memory)
    assert memory._cache.persisted is not None
    memory._cache.persisted.persist_rows = 200
    return memory


def _fill(memory: NeuralMemory, n: int) -> None:
    filler = [
        f"Note {i}: the weather report number {i} said clouds over district {i % 17}."
        for i in range(n)
    ]
    for lo in range(0, n, 100):
        memory.add_turns([TurnInput(t) for t in filler[lo : lo + 100]], session_id="s", user_id="u")


def _ids(ctx) -> set[int]:
    return {r.turn.turn_id for r in ctx.recalled} | {t.turn_id for t in ctx.recent}


@pytest.fixture()
def big(db_path, encoder, model):
    """A 420-turn session with three facts early on, saved on close."""
    memory = _small_thresholds(NeuralMemory(db_path, encoder=encoder, model=model))
    memory.add_turns([TurnInput(f) for f in FACTS], session_id="s", user_id="u")
    _fill(memory, 420)
    memory.recall("locker code?", session_id="s", user_id="u")  # builds the index
    snap = memory._cache.snapshot(_scope())
    assert snap.sealed >= 360 and snap.ivf is not None  # the large-scope path is in use
    memory.close()
    return db_path


def _scope():
    from langchain_neuralmem.index_cache import Scope

    return Scope("u", "s")


def _spy_reads(memory: NeuralMemory) -> list[int]:
    """Record the ``since_position`` of every scope read the cache makes."""
    seen: list[int] = []
    original = memory.store.read_scope

    def read_scope(user_id, session_id, *, since_position=0):
        seen.append(since_position)
        return original(user_id, session_id, since_position=since_position)

    memory.store.read_scope = read_scope  # type: ignore[method-assign]
    return seen


def test_reopen_uses_the_saved_index_and_answers_the_same(big, encoder, model):
    assert __import__("os").path.isdir(big + ".index")
    first = _flat(NeuralMemory(big, encoder=encoder, model=model, index_dir=None))  # rebuilds
    expected = first.recall("What is my locker code?", session_id="s", user_id="u")
    first.close()
    again = _small_thresholds(NeuralMemory(big, encoder=encoder, model=model))
    reads = _spy_reads(again)
    ctx = again.recall("What is my locker code?", session_id="s", user_id="u")
    assert reads and min(reads) > 400  # only turns after the save were read, none here
    assert "4471" in ctx.to_text()
    assert _ids(ctx) == _ids(expected)  # same recall as a rebuild from the store
    again.close()


def test_turns_written_after_the_save_are_read_on_open(big, encoder, model):
    other = NeuralMemory(big, encoder=encoder, model=model, index_dir=None)
    other.add_turn("The spare key is under the blue flower pot.", session_id="s", user_id="u")
    other.close()
    again = _small_thresholds(NeuralMemory(big, encoder=encoder, model=model))
    reads = _spy_reads(again)
    ctx = again.recall("Where is the spare key?", session_id="s", user_id="u", max_tokens=256)
    assert min(reads) > 400 and "blue flower pot" in ctx.to_text()
    again.close()


def test_a_delete_since_the_save_forces_a_rebuild(big, encoder, model):
    other = NeuralMemory(big, encoder=encoder, model=model, index_dir=None)
    (fact,) = [t for t in other.history(session_id="s", user_id="u") if "4471" in t.content]
    other.delete_turns([fact.turn_id], user_id="u")
    other.close()
    again = _small_thresholds(NeuralMemory(big, encoder=encoder, model=model))
    reads = _spy_reads(again)
    ctx = again.recall("What is my locker code?", session_id="s", user_id="u")
    assert 0 in reads  # the saved copy was behind a delete: rebuilt from every row
    assert "4471" not in ctx.to_text()
    again.close()


def test_a_damaged_file_is_ignored_and_rebuilt(big, encoder, model, caplog):
    import pathlib

    folder = next(pathlib.Path(big + ".index").iterdir())
    version = folder / (folder / "CURRENT").read_text().strip()
    target = version / "codes.npy"
    target.write_bytes(target.read_bytes()[:-64])
    again = _small_thresholds(NeuralMemory(big, encoder=encoder, model=model))
    with caplog.at_level(logging.WARNING):
        ctx = again.recall("What is my locker code?", session_id="s", user_id="u")
    assert "4471" in ctx.to_text()
    assert any("ignoring persisted index" in r.message for r in caplog.records)
    again.close()  # saves a good copy again
    fresh = _small_thresholds(NeuralMemory(big, encoder=encoder, model=model))
    reads = _spy_reads(fresh)
    fresh.recall("locker", session_id="s", user_id="u")
    assert min(reads) > 400
    fresh.close()


def test_deleting_the_user_deletes_the_saved_index(big, encoder, model):
    import pathlib

    memory = NeuralMemory(big, encoder=encoder, model=model)
    assert any(pathlib.Path(big + ".index").iterdir())
    memory.delete_user("u")
    assert not any(pathlib.Path(big + ".index").iterdir())
    memory.close()


def test_writes_after_a_seal_keep_the_node_table_growing(db_path, encoder, model):
    memory = _small_thresholds(NeuralMemory(db_path, encoder=encoder, model=model))
    _fill(memory, 300)
    memory.recall("weather", session_id="s", user_id="u")
    table = memory._cache._indexes[_scope()].node_table
    assert table is not None and table.max_node_id["segment"] > 0
    calls: list[int] = []
    original = memory.store.closed_nodes

    def closed_nodes(user_id, session_id, level, *, after_node_id=0):
        if level == "segment":
            calls.append(after_node_id)
        return original(user_id, session_id, level, after_node_id=after_node_id)

    memory.store.closed_nodes = closed_nodes  # type: ignore[method-assign]
    _fill(memory, 60)
    week, now = 7 * 86_400.0, __import__("time").time()
    for i in range(3):  # new episodes: an episode closes after the segments inside it
        memory.add_turns(
            [
                TurnInput(f"Week {i}: note {j}.", timestamp=now + (i + 1) * week + j)
                for j in range(5)
            ],
            session_id="s",
            user_id="u",
        )
    incremental = memory.recall("district 3", session_id="s", user_id="u")
    assert calls and min(calls) > 0  # only segments closed since were read
    held = memory._cache._indexes[_scope()].node_table.view()
    for level in ("episode", "segment"):
        stored = [n.node_id for n, _, _ in original("u", "s", level)]
        assert [n.node_id for n, _, _ in held[level]] == stored, level
        assert stored
    full = _flat(NeuralMemory(db_path, encoder=encoder, model=model, index_dir=None))
    assert _ids(full.recall("district 3", session_id="s", user_id="u")) == _ids(incremental)
    full.close()
    memory.close()
