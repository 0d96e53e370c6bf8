"""What only the PostgreSQL backend has: URLs and their errors, the schema check, the
write lock across processes, read-only use, reconnects, VACUUM on delete.

Runs on the throwaway server of tests/postgres_server.py (``postgres_url`` is a fresh
database). The suite both backends pass is tests/integration/test_backends.py.
"""

from __future__ import annotations

import multiprocessing
import re
import subprocess
import sys
import uuid
from pathlib import Path

import numpy as np
import psycopg
import pytest

from langchain_neuralmem.engine import NeuralMemory, TurnInput
from langchain_neuralmem.errors import StoreError
from langchain_neuralmem.stores.open_store import open_store
from langchain_neuralmem.stores.pg_connection import WRITE_LOCK_KEY
from langchain_neuralmem.stores.postgres import PostgresStore
from langchain_neuralmem.types import Turn
from tests.postgres_server import _free_port


def _append(store: PostgresStore, user: str, session: str, text: str) -> int:
    """Number a turn from the count read inside the transaction, as the engine does."""
    with store.transaction() as conn:
        position = store.count_turns(user, session)
        turn = Turn(0, user, session, position, "human", "Ann", text, 0.0, 1)
        return store.insert_turn(conn, turn, np.ones(4, np.float32), ("x",))


def _store_writer(url: str, name: str, n: int) -> None:
    store = PostgresStore(url, timeout=30)
    for i in range(n):
        _append(store, "u", "shared", f"{name}-{i}")
    store.close()


def _engine_writer(url: str, name: str, facts: list[str]) -> None:
    memory = NeuralMemory(url, device="cpu")
    for fact in facts:
        memory.add_turns([TurnInput(fact, speaker=name)], session_id="shared", user_id="ann")
    memory.close()


def _spawn(target, *args) -> multiprocessing.process.BaseProcess:
    process = multiprocessing.get_context("spawn").Process(target=target, args=args)
    process.start()
    return process


def test_writers_in_several_processes_take_turns(postgres_url):
    """Each writer reads the count and inserts at that position: without the advisory
    lock two processes would pick the same position (a unique violation)."""
    PostgresStore(postgres_url).close()  # the schema exists before the race
    workers = [_spawn(_store_writer, postgres_url, f"p{i}", 25) for i in range(3)]
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    store = PostgresStore(postgres_url)
    rows = store.turns("u", "shared")
    assert [r.turn.position for r in rows] == list(range(75))
    assert sorted(r.turn.content for r in rows) == sorted(
        f"p{i}-{j}" for i in range(3) for j in range(25)
    )
    store.close()


def test_two_engine_processes_share_one_memory(postgres_url, encoder, model):
    here = NeuralMemory(postgres_url, encoder=encoder, model=model)
    here.add_turn("My sister Ines lives in Lisbon.", session_id="shared", user_id="ann")
    facts = {
        "w1": ["The spare key is under the blue pot.", "My bike is a green Peugeot."],
        "w2": ["I am allergic to peanuts.", "Our wedding is on the 14th of June."],
    }
    workers = [_spawn(_engine_writer, postgres_url, name, f) for name, f in facts.items()]
    for w in workers:
        w.join(300)
    assert [w.exitcode for w in workers] == [0, 0]
    history = here.history(session_id="shared", user_id="ann")
    assert [t.position for t in history] == list(range(5))
    state = here.store.load_state("ann", "shared")
    assert state is not None and state.turn_count == 5
    ctx = here.recall("Where is the spare key?", session_id="shared", user_id="ann")
    assert "blue pot" in ctx.to_text()  # written by another process, seen here
    found = here.search("What food must I avoid?", user_id="ann", k=1)
    assert found[0].turn.content == "I am allergic to peanuts."
    here.close()


def test_a_writer_waiting_too_long_for_the_lock_is_told(postgres_url):
    store = PostgresStore(postgres_url, timeout=0.3)
    with psycopg.connect(postgres_url) as other:  # another process's open write transaction
        other.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
        with pytest.raises(StoreError, match="write lock"):
            _append(store, "u", "s", "blocked")
    assert _append(store, "u", "s", "after") and store.count_turns("u", "s") == 1
    store.close()


def test_urls_and_their_errors(postgres_server, postgres_url):
    with pytest.raises(StoreError, match="unsupported database URL scheme 'mysql'"):
        open_store("mysql://db/memory")
    with pytest.raises(StoreError, match="bad PostgreSQL URL"):
        open_store("postgresql://postgres@127.0.0.1/db?no_such_option=1")
    with pytest.raises(StoreError, match="names no database"):
        open_store(f"postgresql://postgres@127.0.0.1:{postgres_server.port}")
    with pytest.raises(StoreError, match=r"cannot connect.*does not exist"):
        open_store(postgres_server.url("no_such_database"))
    port = _free_port()
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL") as refused:
        open_store(f"postgresql://app:s3cret@127.0.0.1:{port}/memory", timeout=2)
    assert "s3cret" not in str(refused.value) and f"app@127.0.0.1:{port}/memory" in str(
        refused.value
    )
    with pytest.raises(StoreError, match="cannot connect"):
        NeuralMemory(f"postgres://app@127.0.0.1:{port}/memory")  # the short scheme too
    store = open_store(postgres_url.replace("postgresql://", "postgres://", 1))
    assert isinstance(store, PostgresStore) and store.path.startswith("postgresql://postgres@")
    store.close()


def test_without_psycopg_the_extra_is_named(monkeypatch):
    monkeypatch.delitem(sys.modules, "langchain_neuralmem.stores.postgres")
    monkeypatch.delitem(sys.modules, "langchain_neuralmem.stores.pg_keyed")
    monkeypatch.delitem(sys.modules, "langchain_neuralmem.stores.pg_connection")
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(StoreError, match=r"langchain-neuralmem\[postgres\]"):
        open_store("postgresql://app@db/memory")


def test_a_database_with_other_tables_or_version_is_refused(postgres_database_factory):
    foreign = postgres_database_factory()
    with psycopg.connect(foreign, autocommit=True) as raw:
        raw.execute("CREATE TABLE turns (id INT)")
    with pytest.raises(StoreError, match=r"holds tables \['turns'\] but no langchain-neuralmem"):
        PostgresStore(foreign)
    newer = postgres_database_factory()
    PostgresStore(newer).close()
    with psycopg.connect(newer, autocommit=True) as raw:
        raw.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="schema version '99'"):
        PostgresStore(newer)


def test_schema_matches_sqlite_columns_and_indexes(postgres_url):
    PostgresStore(postgres_url).close()
    with psycopg.connect(postgres_url) as raw:
        columns = {
            (t, c)
            for t, c in raw.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'public'"
            )
        }
        indexes = dict(
            raw.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")
        )
    import sqlite3

    from langchain_neuralmem.stores.sqlite import SQLiteStore

    lite = SQLiteStore(":memory:")
    for table in ("turns", "states", "nodes", "meta"):
        names = {r[1] for r in lite.conn.execute(f"PRAGMA table_info({table})")}
        assert names == {c for t, c in columns if t == table}, table
    lite.close()
    assert "WHERE (item_key IS NOT NULL)" in indexes["turns_item_key"]
    assert {"nodes_scope", "turns_user"} <= set(indexes)
    assert sqlite3  # the same column names as a fresh SQLite file


def test_read_only_reads_and_refuses_writes(postgres_url, postgres_database_factory):
    with pytest.raises(StoreError, match="no memory yet and read_only"):
        PostgresStore(postgres_database_factory(), read_only=True)
    writer = PostgresStore(postgres_url)
    _append(writer, "u", "s", "hello")
    reader = PostgresStore(postgres_url, read_only=True)
    assert reader.count_turns("u", "s") == 1
    with pytest.raises(StoreError, match="read-only"):
        _append(reader, "u", "s", "no")
    writer.close()
    reader.close()


def test_dropped_connections_are_replaced(postgres_url):
    store = PostgresStore(postgres_url)
    _append(store, "u", "s", "before")
    assert store.count_turns("u", "s") == 1  # a pooled read connection is now idle
    with psycopg.connect(postgres_url, autocommit=True) as admin:  # a server restart, say
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    assert store.count_turns("u", "s") == 1  # the read reconnects
    _append(store, "u", "s", "after")  # so does the writer
    assert [r.turn.content for r in store.turns("u", "s")] == ["before", "after"]
    store.close()


def test_vacuum_on_delete_rewrites_the_tables(postgres_url):
    store = PostgresStore(postgres_url, vacuum_on_delete=True)
    for i in range(3):
        _append(store, "gone", "s", f"secret {i}")
    _append(store, "kept", "s", "stays")
    assert store.delete("gone") == 3
    with psycopg.connect(postgres_url) as raw:
        (dead,) = raw.execute(
            "SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'turns'"
        ).fetchone()
    assert store.users() == ["kept"] and dead == 0
    store.close()


def test_many_threads_on_one_engine(postgres_url, encoder, model):
    import threading

    memory = NeuralMemory(postgres_url, encoder=encoder, model=model)
    errors: list[BaseException] = []

    def write(i: int) -> None:
        try:
            for j in range(3):
                memory.add_turn(f"thread {i} note {j}", session_id="s", user_id="ann")
                memory.recall("note", session_id="s", user_id="ann", max_tokens=64)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [t.position for t in memory.history(session_id="s", user_id="ann")] == list(range(12))
    memory.close()


def test_a_role_with_table_privileges_only_uses_a_memory(postgres_server, postgres_url):
    """The grants docs/guides/postgres.md lists are enough once the owner made the schema;
    without CREATE on the schema an empty database is refused with the reason."""
    PostgresStore(postgres_url).close()  # the owner (here the superuser) creates the tables
    role = f"app_{uuid.uuid4().hex[:12]}"
    dbname = postgres_url.rsplit("/", 1)[1]
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
        admin.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        admin.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON meta, turns, states, nodes TO {role}"
        )
        admin.execute(f"GRANT USAGE ON SEQUENCE turns_turn_id_seq, nodes_node_id_seq TO {role}")
    as_app = f"postgresql://{role}@127.0.0.1:{postgres_server.port}/{dbname}"
    store = PostgresStore(as_app, vacuum_on_delete=True)
    store.check_encoder("minilm", 384)
    _append(store, "u", "s", "hello")
    assert store.delete("u") == 1  # VACUUM FULL of tables it does not own: skipped, no error
    store.close()
    empty = postgres_server.create_database().rsplit("/", 1)[1]
    with pytest.raises(StoreError, match="permission denied for schema public"):
        PostgresStore(f"postgresql://{role}@127.0.0.1:{postgres_server.port}/{empty}")


def test_pg_dump_and_pg_restore_keep_the_memory(
    postgres_server, postgres_url, encoder, model, tmp_path
):
    memory = NeuralMemory(postgres_url, encoder=encoder, model=model)
    memory.add_turn("The spare key is under the blue pot.", session_id="s", user_id="ann")
    before = memory.history(session_id="s", user_id="ann")[0].turn_id
    memory.close()
    dump = tmp_path / "memory.dump"
    bindir = postgres_server.bindir
    subprocess.run([bindir / "pg_dump", "-Fc", "-f", dump, postgres_url], check=True)
    restored = postgres_server.create_database()
    subprocess.run([bindir / "pg_restore", "--no-owner", "-d", restored, dump], check=True)
    again = NeuralMemory(restored, encoder=encoder, model=model)
    ctx = again.recall("Where is the spare key?", session_id="s", user_id="ann")
    assert "blue pot" in ctx.to_text()
    new = again.add_turn("My bike is green.", session_id="s", user_id="ann")
    assert new.position == 1 and new.turn_id > before  # the sequences were restored too
    again.close()


def test_the_guide_runs_on_postgres(postgres_url, monkeypatch, tmp_path):
    """docs/guides/postgres.md's code with NEURALMEM_DB pointing at PostgreSQL (the chat
    model is a fake: the vLLM server is not here)."""
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    import langchain_neuralmem.llm as llm

    guide = Path(__file__).resolve().parents[2] / "docs" / "guides" / "postgres.md"
    blocks = re.findall(r"```python\n(.*?)```", guide.read_text(), flags=re.S)
    assert blocks
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEURALMEM_DB", postgres_url)
    fake = FakeListChatModel(responses=["Pepper."] * 10)
    monkeypatch.setattr(llm, "load_chat_model", lambda *args, **kwargs: fake)
    for i, code in enumerate(blocks):
        exec(compile(code, f"postgres.md[{i}]", "exec"), {"__name__": "__guide__"})
    check = PostgresStore(postgres_url)
    assert check.users() and not (tmp_path / "memory.db").exists()  # it wrote to PostgreSQL
    check.close()
