"""Many users at once: threads, async tasks and processes on one memory.

Six users, nine sessions each (54 sessions), every turn of a user carrying that user's
secret token. Threads and async tasks (on two engines over the same target, SQLite and
PostgreSQL through ``memory_target``), and on SQLite also two spawned processes, write
and recall at the same time for a bounded time. Then:

- no lost or doubled turn: every acknowledged write is stored exactly once, positions
  contiguous, as a fresh engine reads it;
- no deadlock: every thread, task and process finishes within its timeout;
- no leak: no recall context of a user ever holds another user's token.

Then ``delete_user`` of one user removes every row of it in every table (turns, states,
nodes, version rows, NeuralStore items) and every byte of its tokens, ids and vectors
from every file the memory owns (database, WAL, anything next to it), and leaves every
other user's data as it was.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing as mp
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from langchain_neuralmem.engine import NeuralMemory

USERS = [f"user{i}-{tag}" for i, tag in enumerate(["Qv7", "Wk2", "Jx9", "Hz4", "Pm6", "Ty3"])]
SECRETS = {u: f"SECRET{u.split('-')[1]}{i}Zr" for i, u in enumerate(USERS)}
SESSIONS = {u: [f"{u}-s{k}" for k in range(9)] for u in USERS}
COLOURS = ["red", "blue", "green", "amber", "violet"]
PROCESSES = 2
JOIN_TIMEOUT = 240.0  # far above the run time: a thread still alive then is stuck


def _text(user: str, session: str, tag: str, rng: random.Random) -> str:
    return f"{SECRETS[user]} {session} {tag}: my favourite colour is {rng.choice(COLOURS)}"


def foreign_tokens(ctx: Any, user: str) -> list[str]:
    """What of another user a recall context holds (should be nothing)."""
    text = ctx.to_text()
    problems = [f"token of {u}" for u, s in SECRETS.items() if u != user and s in text]
    problems += [
        f"turn {t.turn_id} of {t.user_id}"
        for t in ctx.turns()
        if t.user_id != user or SECRETS[user] not in t.content
    ]
    return problems


def _seed(memory: NeuralMemory, rng: random.Random) -> list[tuple[str, str, str]]:
    """One turn in each of the 54 sessions, so every session takes part."""
    acks = []
    for user in USERS:
        for session in SESSIONS[user]:
            text = _text(user, session, "seed", rng)
            memory.add_turn(text, session_id=session, user_id=user)
            acks.append((user, session, text))
    return acks


def _storm(
    writer: NeuralMemory,
    other: NeuralMemory,
    seconds: float,
    seed: int,
    started: Callable[[], None] | None = None,
) -> tuple[list[tuple[str, str, str]], list[str], int]:
    """Four threads on ``writer`` and four async tasks on ``other`` write and recall
    random sessions for ``seconds``; (acknowledged writes, problems, recalls)."""
    acks: list[tuple[str, str, str]] = []
    problems: list[str] = []
    recalls = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def step(memory: NeuralMemory, rng: random.Random, tag: str) -> None:
        user = rng.choice(USERS)
        session = rng.choice(SESSIONS[user])
        if rng.random() < 0.5:
            text = _text(user, session, tag, rng)
            turn = memory.add_turn(text, session_id=session, user_id=user)
            if (turn.user_id, turn.session_id, turn.content) != (user, session, text):
                raise AssertionError(f"wrote {text!r}, got back {turn}")
            with lock:
                acks.append((user, session, text))
        else:
            scope = rng.choice(["session", "session", "user"])
            ctx = memory.recall(
                "What is my favourite colour?",
                session_id=session,
                user_id=user,
                max_tokens=rng.choice([64, 200]),
                scope=scope,
            )
            found = foreign_tokens(ctx, user)
            with lock:
                recalls[0] += 1
                problems.extend(f"{user}/{session} ({scope}): {p}" for p in found)

    def thread_body(seed: int) -> None:
        rng = random.Random(seed)
        n = 0
        try:
            while time.monotonic() < stop:
                step(writer, rng, f"t{seed}-{n}")
                n += 1
        except BaseException as exc:  # reported, not swallowed
            with lock:
                problems.append(f"thread {seed}: {exc!r}")

    async def task_body(seed: int) -> None:
        rng = random.Random(seed)
        n = 0
        while time.monotonic() < stop:
            user = rng.choice(USERS)
            session = rng.choice(SESSIONS[user])
            if rng.random() < 0.5:
                text = _text(user, session, f"a{seed}-{n}", rng)
                await other.aadd_turn(text, session_id=session, user_id=user)
                with lock:
                    acks.append((user, session, text))
            else:
                ctx = await other.arecall("colour?", session_id=session, user_id=user)
                with lock:
                    recalls[0] += 1
                    problems.extend(
                        f"{user}/{session} (async): {p}" for p in foreign_tokens(ctx, user)
                    )
            n += 1

    def tasks() -> None:
        async def run() -> list[Any]:
            return await asyncio.wait_for(
                asyncio.gather(*(task_body(100 + i) for i in range(4)), return_exceptions=True),
                timeout=JOIN_TIMEOUT,
            )

        try:
            results = asyncio.run(run())
        except BaseException as exc:
            results = [exc]
        with lock:
            problems.extend(f"task: {r!r}" for r in results if isinstance(r, BaseException))

    threads = [
        threading.Thread(target=thread_body, args=(seed + i,), daemon=True) for i in range(4)
    ]
    threads.append(threading.Thread(target=tasks, daemon=True))
    for t in threads:
        t.start()
    if started is not None:
        started()
    deadline = time.monotonic() + seconds + JOIN_TIMEOUT
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    stuck = [t.name for t in threads if t.is_alive()]
    assert not stuck, f"deadlock: {stuck} still running {JOIN_TIMEOUT:.0f} s after the end"
    return acks, problems, recalls[0]


def assert_all_stored_once(memory: NeuralMemory, acks: list[tuple[str, str, str]]) -> None:
    """Every acknowledged write exactly once in its own session, positions contiguous,
    nothing that was not acknowledged (NeuralStore sessions, ``store:[...]``, aside)."""
    expected: dict[tuple[str, str], list[str]] = {}
    for user, session, text in acks:
        expected.setdefault((user, session), []).append(text)
    assert len(expected) >= 50
    for user in USERS:
        sessions = [s for s in memory.sessions(user) if not s.startswith("store:")]
        assert sorted(sessions) == sorted(s for u, s in expected if u == user)
    for (user, session), texts in expected.items():
        turns = memory.history(session_id=session, user_id=user)
        assert sorted(t.content for t in turns) == sorted(texts), (user, session)
        assert [t.position for t in turns] == list(range(len(turns))), (user, session)
        assert all(t.user_id == user and t.session_id == session for t in turns)


def test_threads_and_tasks_of_many_users_on_every_backend(memory_target, encoder, model):
    """``memory_target`` (tests/backends.py, registered in conftest): SQLite and PostgreSQL."""
    rng = random.Random(7)
    first = NeuralMemory(memory_target, encoder=encoder, model=model)
    second = NeuralMemory(memory_target, encoder=encoder, model=model)
    try:
        acks = _seed(first, rng)
        written, problems, recalls = _storm(first, second, seconds=8.0, seed=1)
        assert problems == []
        acks += written
        assert len(written) > 40 and recalls > 40
        assert_all_stored_once(first, acks)
        assert_all_stored_once(second, acks)
    finally:
        first.close()
        second.close()
    again = NeuralMemory(memory_target, encoder=encoder, model=model)
    try:
        assert_all_stored_once(again, acks)
        for user in USERS:  # a cold index, built from the store, is per user too
            ctx = again.recall("colour?", session_id=SESSIONS[user][0], user_id=user, scope="user")
            assert ctx.turns() and foreign_tokens(ctx, user) == []
    finally:
        again.close()


# -- processes --------------------------------------------------------------------------
def process_worker(
    db_path: str, seed: int, seconds: float, out_path: str, ready: Any, go: Any
) -> None:
    """A spawned process: its own engine (packaged encoder, shipped weights) on the same
    SQLite file, writing and recalling random sessions; writes its report as JSON."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch

    torch.set_num_threads(1)
    report: dict[str, Any] = {"acks": [], "problems": [], "recalls": 0}
    try:
        memory = NeuralMemory(db_path, device="cpu")
        ready.set()
        go.wait(JOIN_TIMEOUT)
        rng = random.Random(seed)
        stop = time.monotonic() + seconds
        n = 0
        while time.monotonic() < stop:
            user = rng.choice(USERS)
            session = rng.choice(SESSIONS[user])
            if rng.random() < 0.6:
                text = _text(user, session, f"p{seed}-{n}", rng)
                memory.add_turn(text, session_id=session, user_id=user)
                report["acks"].append([user, session, text])
            else:
                ctx = memory.recall("favourite colour?", session_id=session, user_id=user)
                report["recalls"] += 1
                report["problems"] += foreign_tokens(ctx, user)
            n += 1
        memory.close()
    except BaseException as exc:
        report["problems"].append(f"process {seed}: {exc!r}")
        ready.set()
    Path(out_path).write_text(json.dumps(report))


def _files(db_path: str) -> dict[str, bytes]:
    """Every file the memory owns: the database, its -wal / -shm, and anything named after
    it next to it (a persisted index, a folder of them)."""
    db = Path(db_path)
    found = {}
    for p in db.parent.glob(db.name + "*"):
        for f in [p] if p.is_file() else [q for q in p.rglob("*") if q.is_file()]:
            found[str(f.relative_to(db.parent))] = f.read_bytes()
    return found


def _hits(db_path: str, needles: list[bytes]) -> dict[str, int]:
    return {name: sum(data.count(n) for n in needles) for name, data in _files(db_path).items()}


def _user_rows(db_path: str) -> dict[str, dict[str, int]]:
    """Rows per table per user, for every table with a user_id column."""
    conn = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        counts: dict[str, dict[str, int]] = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            if "user_id" in columns:
                counts[table] = dict(
                    conn.execute(f"SELECT user_id, COUNT(*) FROM {table} GROUP BY user_id")
                )
        return counts
    finally:
        conn.close()


def _rows_mentioning(db_path: str, needles: list[str]) -> list[str]:
    """``table.column`` of every cell, in every table, holding one of ``needles``."""
    conn = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found = []
        for table in tables:
            for column in [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]:
                for needle in needles:
                    (n,) = conn.execute(
                        f"SELECT COUNT(*) FROM {table} WHERE instr(CAST({column} AS BLOB), ?) > 0",
                        (needle.encode(),),
                    ).fetchone()
                    if n:
                        found.append(f"{table}.{column} ({n} rows hold {needle!r})")
        return found
    finally:
        conn.close()


@pytest.mark.slow
def test_processes_threads_and_tasks_then_delete_one_user(db_path, encoder, model, tmp_path):
    from langchain_neuralmem.integrations.store import NeuralStore

    rng = random.Random(11)
    memory = NeuralMemory(db_path, encoder=encoder, model=model)
    other = NeuralMemory(db_path, encoder=encoder, model=model)
    acks = _seed(memory, rng)
    store = NeuralStore(memory)
    items: dict[str, dict[str, Any]] = {}
    for user in USERS:  # LangGraph store items of every user, in the same file
        for k in range(3):
            value = {"content": f"{SECRETS[user]} store note {k}: I prefer window seats"}
            store.put((user, "memories"), f"note{k}", value)
            items[f"{user}/note{k}"] = value

    ctx = mp.get_context("spawn")
    seconds = 6.0
    go = ctx.Event()
    workers = []
    for i in range(PROCESSES):
        ready = ctx.Event()
        out = tmp_path / f"worker{i}.json"
        proc = ctx.Process(
            target=process_worker, args=(db_path, 1000 + i, seconds, str(out), ready, go)
        )
        proc.start()
        workers.append((proc, ready, out))
    try:
        for _, ready, _ in workers:
            assert ready.wait(JOIN_TIMEOUT), "a worker process never opened the memory"
        written, problems, recalls = _storm(memory, other, seconds, seed=50, started=go.set)
        assert recalls > 0
        for proc, _, _ in workers:
            proc.join(JOIN_TIMEOUT)
            assert not proc.is_alive(), "deadlock: a worker process did not finish"
            assert proc.exitcode == 0
    finally:
        for proc, _, _ in workers:
            if proc.is_alive():
                proc.kill()
    assert problems == []
    acks += written
    for _, _, out in workers:
        report = json.loads(out.read_text())
        assert report["problems"] == []
        assert report["acks"] and report["recalls"] > 0
        acks += [tuple(a) for a in report["acks"]]
    assert_all_stored_once(memory, acks)
    assert_all_stored_once(other, acks)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    # -- delete one user ------------------------------------------------------------------
    victim, keep = USERS[2], [u for u in USERS if u != USERS[2]]
    for user in USERS:
        memory.recall("colour?", session_id=SESSIONS[user][0], user_id=user, scope="user")
    needles = [victim.encode(), SECRETS[victim].encode()]
    for session in memory.store.sessions(victim):
        needles += [row.vector.tobytes()[:32] for row in memory.store.turns(victim, session)]
        state = memory.store.load_state(victim, session)
        assert state is not None
        needles.append(state.state.tobytes()[:32])
    assert sum(_hits(db_path, needles).values()) > 0  # the check can see them before
    rows_before = _user_rows(db_path)
    history_before = {
        (u, s): [
            (t.turn_id, t.position, t.content) for t in memory.history(session_id=s, user_id=u)
        ]
        for u in keep
        for s in memory.sessions(u)
    }
    assert rows_before["turns"][victim] > 0

    deleted = memory.delete_user(victim)

    assert deleted == rows_before["turns"][victim]
    rows_after = _user_rows(db_path)
    for table, counts in rows_after.items():
        assert victim not in counts, f"{table} still holds rows of {victim}"
        for user in keep:
            assert counts.get(user) == rows_before[table].get(user), (table, user)
    assert _rows_mentioning(db_path, [victim, SECRETS[victim]]) == []
    assert _hits(db_path, needles) == {name: 0 for name in _files(db_path)}
    for user in keep:
        assert sum(_hits(db_path, [SECRETS[user].encode()]).values()) > 0
    for (u, s), before in history_before.items():  # others' turns exactly as they were
        assert [
            (t.turn_id, t.position, t.content) for t in memory.history(session_id=s, user_id=u)
        ] == before
    assert memory.sessions(victim) == [] and other.sessions(victim) == []
    assert store.get((victim, "memories"), "note0") is None
    assert store.search((victim,), query="window seats") == []
    for user in keep:
        assert store.get((user, "memories"), "note1").value == items[f"{user}/note1"]
        for engine in (memory, other):
            ctx = engine.recall("colour?", session_id=SESSIONS[user][1], user_id=user, scope="user")
            assert ctx.turns() and foreign_tokens(ctx, user) == []
    assert other.recall("colour?", session_id=SESSIONS[victim][0], user_id=victim).turns() == []
    memory.close()
    other.close()
