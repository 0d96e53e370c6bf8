"""What every store reads and writes besides turns: session states, stored turns.

Backend-neutral records shared by the SQLite and PostgreSQL stores (and the write path).
A session's GRU state and segment sum are stored as raw float32 bytes.

Example:
    >>> import numpy as np
    >>> state_array(state_blob(np.array([0.5, -1.0]))).tolist()
    [0.5, -1.0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from langchain_neuralmem.types import Turn


@dataclass
class SessionState:
    """The per-session state a write needs, persisted in ``states``."""

    state: np.ndarray
    turn_count: int
    last_time: float
    episode: int
    episode_node_id: int
    segment_node_id: int
    segment_len: int
    segment_sum: np.ndarray


@dataclass(frozen=True)
class StoredTurn:
    """A turn with what recall needs besides the text: vector and terms."""

    turn: Turn
    vector: np.ndarray
    terms: tuple[str, ...]
    passages: np.ndarray | None = None
    """``(m, dim)`` vectors of the turn's passages (long turns only; ``None`` otherwise)."""


def state_blob(array: np.ndarray) -> bytes:
    """Raw float32 bytes of a state vector (``states.state``, ``states.segment_sum``)."""
    return np.ascontiguousarray(array, dtype=np.float32).tobytes()


def state_array(blob: bytes) -> np.ndarray:
    """A writable float32 vector back from :func:`state_blob`'s bytes."""
    return np.frombuffer(blob, dtype=np.float32).copy()
