"""``memory_target``: one test, run on every storage backend.

A test that takes ``memory_target`` runs twice: once with a fresh SQLite file in
``tmp_path`` (``[sqlite]``) and once with a fresh database on the throwaway PostgreSQL
server of :mod:`tests.postgres_server` (``[postgresql]``, a ``postgresql://`` URL). Pass
the target to ``NeuralMemory(memory_target, encoder=encoder, model=model)`` or to
``open_store(memory_target)``. The PostgreSQL server only starts when a ``[postgresql]``
test runs.

Example (a test module)::

    def test_remembers(memory_target, encoder, model):
        memory = NeuralMemory(memory_target, encoder=encoder, model=model)
        ...
"""

from __future__ import annotations

from pathlib import Path

import pytest

BACKENDS = ["sqlite", "postgresql"]


def fresh_target(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A new, empty memory target of ``backend``: a SQLite path or a database URL."""
    if backend == "sqlite":
        return str(tmp_path / "memory.db")
    new_database = request.getfixturevalue("postgres_database_factory")
    return str(new_database())


@pytest.fixture(params=BACKENDS)
def memory_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh memory target: a SQLite file path, or a fresh PostgreSQL database URL."""
    return fresh_target(str(request.param), tmp_path, request)


@pytest.fixture()
def backend_name(memory_target: str) -> str:
    """``"sqlite"`` or ``"postgresql"``: which backend ``memory_target`` is."""
    return "postgresql" if memory_target.startswith(("postgresql://", "postgres://")) else "sqlite"
