"""Recall across a user's sessions, keyed writes, search and single deletions, on the real
engine (real MiniLM, shipped weights, a real SQLite file)."""

from __future__ import annotations

import threading

import pytest

from langchain_neuralmem.engine import NeuralMemory, TurnInput
from langchain_neuralmem.errors import InvalidInputError


def _fill(memory: NeuralMemory, users: int = 10) -> dict[str, str]:
    pets = {}
    for u in range(users):
        user, pet = f"user{u}", f"Zorblat{u}x"
        pets[user] = pet
        memory.add_turns(
            [
                TurnInput(f"Our new puppy is called {pet}.", speaker=user),
                TurnInput("What a great name!", role="ai"),
            ],
            session_id="s1",
            user_id=user,
        )
        memory.add_turns(
            [TurnInput("I booked a trip to Oslo for the spring.", speaker=user)],
            session_id="s2",
            user_id=user,
        )
    return pets


def test_a_new_session_recalls_every_session_of_its_user_and_no_one_elses(memory):
    pets = _fill(memory)
    for user, pet in pets.items():
        text = memory.recall(
            "What is my dog called?", session_id="s3", user_id=user, scope="user"
        ).to_text()
        assert pet in text and "Oslo" in text
        assert not any(p in text for u, p in pets.items() if u != user)
        # the default scope stays the session: a new session knows nothing yet
        assert (
            memory.recall("What is my dog called?", session_id="s3", user_id=user).to_text() == ""
        )


def test_the_sessions_own_latest_turns_come_first(memory):
    memory.add_turn("I live in Porto.", session_id="old", user_id="ann")
    memory.add_turn("Let's plan dinner.", session_id="now", user_id="ann")
    memory.add_turn("Pasta or soup?", session_id="now", user_id="ann", role="ai")
    ctx = memory.recall("Where do I live?", session_id="now", user_id="ann", scope="user")
    assert [t.content for t in ctx.recent] == ["Let's plan dinner.", "Pasta or soup?"][
        -len(ctx.recent) :
    ]
    assert ctx.recent and all(t.session_id == "now" for t in ctx.recent)
    assert any(r.turn.content == "I live in Porto." for r in ctx.recalled)


def test_one_index_per_user_is_kept_in_step_not_rebuilt_per_query(memory, monkeypatch):
    _fill(memory, users=2)
    memory.recall("dog", session_id="s3", user_id="user0", scope="user")
    reads = []
    real = memory.store.read_user
    monkeypatch.setattr(memory.store, "read_user", lambda u: reads.append(u) or real(u))
    for i in range(5):
        memory.add_turn(
            f"Note {i}: the spare key is under pot {i}.", session_id=f"n{i}", user_id="user0"
        )
        text = memory.recall(
            "Where is the spare key?", session_id="s9", user_id="user0", scope="user"
        ).to_text()
        assert f"under pot {i}." in text
    assert reads == []  # local writes extended the cached index
    # another process's write (a second engine on the file) is seen: one rebuild
    other = NeuralMemory(memory.store.path, encoder=memory.encoder, model=memory.model)
    other.add_turn("My locker is number 88.", session_id="gym", user_id="user0")
    assert (
        "88" in memory.recall("locker?", session_id="s9", user_id="user0", scope="user").to_text()
    )
    assert reads == ["user0"]
    other.close()


def test_keyed_writes_skip_or_replace_and_never_duplicate_under_threads(memory):
    turns = [TurnInput(f"message {i}", key=f"m{i}") for i in range(6)]
    threads = [
        threading.Thread(target=memory.add_turns, args=(turns,), kwargs={"session_id": "t"})
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stored = memory.history(session_id="t")
    assert [t.key for t in stored] == [f"m{i}" for i in range(6)]
    again = memory.add_turns([*turns[:2], TurnInput("message 6", key="m6")], session_id="t")
    assert [t.turn_id for t in again[:2]] == [t.turn_id for t in stored[:2]]
    assert len(memory.history(session_id="t")) == 7
    memory.add_turns(
        [TurnInput("message 0, edited", key="m0")], session_id="t", if_key_exists="replace"
    )
    contents = [t.content for t in memory.history(session_id="t")]
    assert contents.count("message 0") == 0 and "message 0, edited" in contents
    assert "edited" in memory.recall("edited", session_id="t", max_tokens=64).to_text()
    with pytest.raises(InvalidInputError, match="if_key_exists"):
        memory.add_turns(turns, session_id="t", if_key_exists="merge")
    with pytest.raises(InvalidInputError, match="key"):
        memory.add_turns([TurnInput("x", key="")], session_id="t")
    assert len(memory.history(session_id="t")) == 7


def test_search_ranks_across_sessions_and_filters(memory):
    _fill(memory, users=3)
    hits = memory.search("Where am I travelling?", user_id="user1", k=2)
    assert hits[0].turn.content == "I booked a trip to Oslo for the spring."
    assert {h.turn.user_id for h in hits} == {"user1"}
    only_ai = memory.search("name", user_id="user1", where=lambda t: t.role == "ai")
    assert [h.turn.content for h in only_ai] == ["What a great name!"]
    with pytest.raises(InvalidInputError, match="k must be"):
        memory.search("x", user_id="user1", k=0)


def test_single_deletion_is_scoped_to_its_user_and_forgets_everywhere(memory):
    pets = _fill(memory, users=3)
    puppy = memory.search("puppy", user_id="user1", k=1)[0].turn
    memory.recall("puppy", session_id="s3", user_id="user1", scope="user")  # cache warm
    with pytest.raises(InvalidInputError, match="do not belong"):
        memory.delete_turns([puppy.turn_id], user_id="user2")
    assert memory.delete_turns([puppy.turn_id], user_id="user1") == 1
    for scope in ("user", "session"):
        text = memory.recall(
            "What is my dog called?", session_id="s1", user_id="user1", scope=scope
        ).to_text()
        assert pets["user1"] not in text
    assert (
        memory.search(pets["user1"], user_id="user1", k=5)[0].turn.content
        != f"Our new puppy is called {pets['user1']}."
    )
    assert (
        pets["user2"]
        in memory.recall("dog?", session_id="s9", user_id="user2", scope="user").to_text()
    )
    with open(memory.store.path, "rb") as f:  # scrubbed from the file too
        assert pets["user1"].encode() not in f.read()
    with pytest.raises(InvalidInputError, match="scope"):
        memory.recall("x", session_id="s1", scope="everyone")


async def test_user_wide_recall_under_threads_and_async_tasks_stays_whole_and_private(memory):
    """Writers to several sessions of two users and user-wide readers at once (threads and
    async tasks): no call fails, no context holds the other user's turn, and afterwards
    the user index holds every acknowledged turn exactly once."""
    import asyncio

    errors: list[BaseException] = []
    written: dict[str, list[str]] = {"ann": [], "bob": []}
    lock = threading.Lock()

    def write(user: str, worker: int) -> None:
        try:
            for i in range(6):
                text = f"{user} note {worker}-{i}: the code word is {user}{worker}x{i}."
                memory.add_turn(text, session_id=f"s{worker}-{i % 3}", user_id=user)
                with lock:
                    written[user].append(text)
        except BaseException as exc:
            errors.append(exc)

    def read(user: str) -> None:
        other = "bob" if user == "ann" else "ann"
        try:
            for _ in range(8):
                text = memory.recall(
                    "What is the code word?", session_id="ask", user_id=user, scope="user"
                ).to_text()
                assert other not in text, text
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(u, w)) for u in written for w in range(2)]
    threads += [threading.Thread(target=read, args=(u,)) for u in written]
    for t in threads:
        t.start()
    results = await asyncio.gather(
        *(
            memory.arecall("code word?", session_id="ask", user_id=u, scope="user")
            for u in written
            for _ in range(4)
        )
    )
    for t in threads:
        t.join()
    assert not errors, errors
    for ctx in results:
        users = {t.user_id for t in ctx.turns()}
        assert len(users) <= 1
    for user, texts in written.items():
        index, _ = memory._cache.user_snapshot(user, "ask")
        stored = sorted(r.turn.content for r in memory.search("code word", user_id=user, k=50))
        assert sorted(texts) == stored and len(index) == len(texts)
