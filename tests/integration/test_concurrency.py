"""Threads and async tasks sharing one memory: consistent recalls, no lost or leaked turns.

Real engine, real encoder and weights, a real SQLite file. Each test runs for a
bounded time or a bounded number of operations.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import threading
import time

from langchain_core.messages import AIMessage, HumanMessage

from langchain_neuralmem.engine import NeuralMemory, TurnInput
from langchain_neuralmem.integrations.chat_history import NeuralChatMessageHistory
from langchain_neuralmem.integrations.classic import NeuralHierarchicalMemory


def _assert_consistent(ctx, session_id: str, user_id: str = "default") -> None:
    """A context from one snapshot: recent turns are the newest rows, in order, no gaps."""
    positions = [t.position for t in ctx.recent]
    assert (
        positions == list(range(positions[0], positions[0] + len(positions))) if positions else True
    )
    for t in ctx.turns():
        assert (t.user_id, t.session_id) == (user_id, session_id)
    if ctx.recent:
        newest = ctx.recent[-1].position
        assert all(r.turn.position < newest for r in ctx.recalled)


def test_recall_while_a_thread_writes_the_same_session(memory):
    for i in range(40):
        memory.add_turn(f"seed {i}: my dogs like the park", session_id="s")
    stop = time.monotonic() + 4.0
    errors: list[BaseException] = []
    recalls = [0]

    def write() -> None:
        i = 0
        while time.monotonic() < stop:
            memory.add_turn(f"new {i}: dogs and cats at the park", session_id="s")
            i += 1

    def read() -> None:
        while time.monotonic() < stop:
            try:
                ctx = memory.recall("Where do the dogs play?", session_id="s", max_tokens=200)
                _assert_consistent(ctx, "s")
                recalls[0] += 1
            except BaseException as exc:
                errors.append(exc)

    threads = [threading.Thread(target=write), threading.Thread(target=read)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert recalls[0] > 10


async def test_async_writes_and_recalls_on_one_session(memory):
    for i in range(50):
        memory.add_turn(f"seed {i} dogs", session_id="s")

    async def go() -> list:  # the shape of the report: one gather of writes and recalls
        return await asyncio.gather(
            *[memory.aadd_turn(f"x{i}", session_id="s") for i in range(20)],
            *[memory.arecall("dogs", session_id="s") for _ in range(20)],
            return_exceptions=True,
        )

    results = await go()
    assert [r for r in results if isinstance(r, BaseException)] == []
    stop = time.monotonic() + 5.0
    written = [20]

    async def writer() -> None:
        while time.monotonic() < stop:
            await memory.aadd_turns(
                [TurnInput(f"y{written[0]} dogs"), TurnInput("cats", role="ai")], session_id="s"
            )
            written[0] += 2

    async def reader() -> int:
        n = 0
        while time.monotonic() < stop:
            _assert_consistent(await memory.arecall("dogs", session_id="s", max_tokens=120), "s")
            n += 1
        return n

    outcome = await asyncio.gather(writer(), reader(), reader(), return_exceptions=True)
    assert [r for r in outcome if isinstance(r, BaseException)] == []
    assert len(memory.history(session_id="s")) == 50 + written[0]


def test_recall_does_not_wait_for_a_write_in_progress(memory):
    """A writer holding the write transaction open does not block readers (WAL snapshot)."""
    memory.add_turn("The spare key is under the blue flowerpot.", session_id="s")
    holding, release = threading.Event(), threading.Event()

    def hold_write() -> None:
        with memory.store.transaction():
            holding.set()
            release.wait(120)

    writer = threading.Thread(target=hold_write)
    writer.start()
    try:
        assert holding.wait(10)
        done: list = []
        reader = threading.Thread(
            target=lambda: done.append(
                memory.recall("Where is the spare key?", session_id="s", max_tokens=100)
            )
        )
        reader.start()
        reader.join(60)  # generous for a loaded CI machine; it never finishes if blocked
        assert done and "flowerpot" in done[0].to_text()
    finally:
        release.set()
        writer.join()


def test_classic_memory_and_chat_history_under_threads(db_path, encoder, model):
    engine = NeuralMemory(db_path, encoder=encoder, model=model)
    classic = NeuralHierarchicalMemory(session_id="c", engine=engine, max_tokens=200)
    history = NeuralChatMessageHistory("h", engine=engine)
    errors: list[BaseException] = []

    stop = time.monotonic() + 5.0
    rounds = [0, 0]  # writes of the classic memory, of the chat history

    def run(fn, counter: int | None) -> None:
        try:
            i = 0
            while time.monotonic() < stop:
                fn(i)
                i += 1
            if counter is not None:
                rounds[counter] = i
        except BaseException as exc:
            errors.append(exc)

    jobs = [
        lambda i: classic.save_context({"input": f"q{i} about boats"}, {"output": f"a{i}"}),
        lambda i: classic.load_memory_variables({"input": "boats?"}),
        lambda i: history.add_messages([HumanMessage(f"h{i} lamps"), AIMessage(f"ok {i}")]),
        lambda i: history.recall("lamps?", max_tokens=100),
    ]
    counters = [0, None, 1, None]
    threads = [
        threading.Thread(target=run, args=(job, c)) for job, c in zip(jobs, counters, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(engine.history(session_id="c")) == 2 * rounds[0]
    assert [m.content for m in history.messages][:2] == ["h0 lamps", "ok 0"]
    assert len(history.messages) == 2 * rounds[1]
    engine.close()


def test_many_threads_and_tasks_users_and_sessions(db_path, encoder, model):
    """Threads and async tasks write and recall the same and different sessions of several
    users for a bounded time: no exception, no lost turn, no turn in another user's context."""
    memory = NeuralMemory(db_path, encoder=encoder, model=model)
    users, sessions = ("ann", "bob", "cyd"), ("s1", "s2")
    acknowledged: dict[tuple[str, str], list[str]] = {(u, s): [] for u in users for s in sessions}
    ack_lock = threading.Lock()
    errors: list[BaseException] = []
    stop = time.monotonic() + 6.0

    def write_one(rng: random.Random, tag: str) -> None:
        user, session = rng.choice(users), rng.choice(sessions)
        text = f"{user}-{session}-{tag} likes the colour {rng.choice(['red', 'blue', 'green'])}"
        turn = memory.add_turn(text, session_id=session, user_id=user)
        assert (turn.user_id, turn.session_id) == (user, session)
        with ack_lock:
            acknowledged[(user, session)].append(text)

    def recall_one(rng: random.Random) -> None:
        user, session = rng.choice(users), rng.choice(sessions)
        ctx = memory.recall("Which colour?", session_id=session, user_id=user, max_tokens=150)
        for t in ctx.turns():
            assert t.user_id == user and t.content.startswith(f"{user}-{session}-")

    def thread_body(seed: int) -> None:
        rng = random.Random(seed)
        n = 0
        try:
            while time.monotonic() < stop:
                if rng.random() < 0.5:
                    write_one(rng, f"t{seed}-{n}")
                else:
                    recall_one(rng)
                n += 1
        except BaseException as exc:
            errors.append(exc)

    async def task_body(seed: int) -> None:
        rng = random.Random(seed)
        n = 0
        while time.monotonic() < stop:
            user, session = rng.choice(users), rng.choice(sessions)
            if rng.random() < 0.5:
                text = f"{user}-{session}-a{seed}-{n} likes the colour red"
                await memory.aadd_turn(text, session_id=session, user_id=user)
                with ack_lock:
                    acknowledged[(user, session)].append(text)
            else:
                ctx = await memory.arecall("colour?", session_id=session, user_id=user)
                for t in ctx.turns():
                    assert t.user_id == user and t.content.startswith(f"{user}-{session}-")
            n += 1

    async def tasks() -> None:
        results = await asyncio.gather(
            *[task_body(100 + i) for i in range(4)], return_exceptions=True
        )
        errors.extend(r for r in results if isinstance(r, BaseException))

    threads = [threading.Thread(target=thread_body, args=(i,)) for i in range(4)]
    threads.append(threading.Thread(target=lambda: asyncio.run(tasks())))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    total = 0
    for (user, session), texts in acknowledged.items():
        stored = [t.content for t in memory.history(session_id=session, user_id=user)]
        assert sorted(stored) == sorted(texts)  # none lost, none duplicated, none misfiled
        assert [t.position for t in memory.history(session_id=session, user_id=user)] == list(
            range(len(stored))
        )
        total += len(texts)
    assert total > 20
    # A fresh engine (new process view) reads the same.
    memory.close()
    again = NeuralMemory(db_path, encoder=encoder, model=model)
    assert (
        sum(len(again.history(session_id=s, user_id=u)) for u in users for s in sessions) == total
    )
    again.close()


def test_open_and_recall_while_another_connection_writes(db_path, encoder, model):
    """Opening an existing memory takes no write lock: it works while another writer holds one."""
    first = NeuralMemory(db_path, encoder=encoder, model=model)
    first.add_turn("The boat is called Marigold.", session_id="s")
    first.close()
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # as another process in the middle of a write
    try:
        from langchain_neuralmem.stores.sqlite import SQLiteStore

        store = SQLiteStore(db_path, timeout=0.2)
        memory = NeuralMemory(store, encoder=encoder, model=model)
        assert "Marigold" in memory.recall("boat?", session_id="s", max_tokens=100).to_text()
        memory.close()
    finally:
        other.execute("ROLLBACK")
        other.close()
