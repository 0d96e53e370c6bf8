"""Shared fixtures: the real packaged encoder, the shipped weights, real SQLite files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# Every backend: `memory_target` (a SQLite path or a fresh PostgreSQL database URL).
pytest_plugins = ["tests.postgres_server", "tests.backends"]

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def encoder():
    """The packaged all-MiniLM-L6-v2 (real weights, CPU)."""
    from langchain_neuralmem.engine import _shared_minilm

    return _shared_minilm("cpu")


@pytest.fixture(scope="session")
def model():
    """The shipped checkpoint."""
    from langchain_neuralmem.nn.model import NeuralMemoryModel

    return NeuralMemoryModel.from_pretrained(device="cpu")


@pytest.fixture()
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "memory.db")


@pytest.fixture()
def memory(db_path, encoder, model):
    """A NeuralMemory on a fresh SQLite file with the real encoder and weights."""
    from langchain_neuralmem.engine import NeuralMemory

    m = NeuralMemory(db_path, encoder=encoder, model=model)
    yield m
    m.close()


@pytest.fixture(scope="session")
def babi_dir() -> Path:
    """bAbI en-10k from ../shared (tests that need it say so and skip without it)."""
    path = SHARED_DATA / "babi-en-10k"
    if not path.is_dir():
        pytest.skip("../shared/data/babi-en-10k is not present")
    return path
