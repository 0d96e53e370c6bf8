"""One user's sessions in one index, for recall across sessions (``scope="user"``).

A :class:`UserIndex` holds every turn of a user, in write order, in one
:class:`~langchain_neuralmem.stores.scope_index.ScopeIndex`, so a cross-session recall
searches one index and is never a rebuild per query. Inside it a turn's position is its
row (the user's history read as one long conversation) and its episode is numbered
across sessions; each session keeps the list of its rows (its recent turns come first)
and its GRU state. Turns of other users never enter it.

Example:
    >>> import numpy as np
    >>> from langchain_neuralmem.types import Turn
    >>> idx = UserIndex(dim=4)
    >>> turns = [Turn(1, "ann", "s1", 0, "human", "Ann", "I keep bees.", 1.0, 4),
    ...          Turn(2, "ann", "s2", 0, "human", "Ann", "Hello again.", 2.0, 3)]
    >>> idx.append(turns, np.eye(4, dtype=np.float32)[:2], [("bees",), ("hello",)],
    ...            [None, None], {"s1": np.zeros(2, np.float32), "s2": np.ones(2, np.float32)})
    >>> snap, recent = idx.snapshot("s2")
    >>> len(snap), recent.tolist(), snap.state.tolist()
    (2, [1], [1.0, 1.0])
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from langchain_neuralmem.stores.columns import GrowingArray
from langchain_neuralmem.stores.scope_index import ScopeIndex, ScopeSnapshot, append_turns
from langchain_neuralmem.types import SummaryNode, Turn

NEW_EPISODE = -1
"""The episode of a query asked in a session with no turns yet: no stored turn shares it."""


class UserIndex:
    """Every session of one user, row-aligned in one :class:`ScopeIndex`.

    Not thread-safe for writers: the engine's index cache appends under its lock and
    takes snapshots under it (O(number of sessions)).

    Args:
        dim: the encoder's vector size.
    """

    def __init__(self, dim: int) -> None:
        self.index = ScopeIndex(dim)
        self._sessions = GrowingArray(object)
        self._session_positions = GrowingArray(np.int64)
        self._session_rows: dict[str, GrowingArray] = {}
        self._episodes: dict[tuple[str, int], int] = {}
        self.states: dict[str, np.ndarray] = {}
        self.version: tuple[int, int] = (0, 0)
        self._nodes: tuple[tuple[int, int], dict[str, Any]] | None = None

    def __len__(self) -> int:
        return len(self.index)

    def append(
        self,
        turns: Sequence[Turn],
        vectors: np.ndarray,
        turn_terms: Sequence[tuple[str, ...]],
        passages: Sequence[np.ndarray | None],
        states: Mapping[str, np.ndarray | None],
    ) -> None:
        """Append stored turns (in write order) and the GRU states of their sessions."""
        start = len(self.index)
        episodes = []
        for t in turns:
            key = (t.session_id, int(t.episode))
            if key not in self._episodes:
                self._episodes[key] = len(self._episodes)
            episodes.append(self._episodes[key])
        rows = list(range(start, start + len(turns)))
        for row, t in zip(rows, turns, strict=True):
            if t.session_id not in self._session_rows:
                self._session_rows[t.session_id] = GrowingArray(np.int64)
            self._session_rows[t.session_id].extend([row])
        self._sessions.extend([t.session_id for t in turns])
        self._session_positions.extend([t.position for t in turns])
        self.states.update({s: v for s, v in states.items() if v is not None})
        append_turns(
            self.index, turns, vectors, turn_terms, passages, positions=rows, episodes=episodes
        )

    def snapshot(self, session_id: str) -> tuple[ScopeSnapshot, np.ndarray]:
        """The user's rows, frozen, as asked from ``session_id``, and that session's rows
        (where its recent turns come from).

        The state is the session's own GRU state (the latest session's when it has
        none yet); the query's episode is the session's last one, or
        :data:`NEW_EPISODE` for a session with no turns.
        """
        base = self.index.snapshot()
        own = self._session_rows.get(session_id)
        # a column's view of its first rows never changes (append-only): no copy needed
        rows = own.view(own.size) if own is not None else np.zeros(0, np.int64)
        rows = rows[rows < len(base)]
        now_episode = int(base.episodes[rows[-1]]) if len(rows) else NEW_EPISODE
        state = self.states.get(session_id)
        if state is None and len(base):
            state = self.states.get(str(self._sessions.view(len(base))[-1]))
        nodes = self._nodes[1] if self._nodes and self._nodes[0] == self.version else None
        snap = dataclasses.replace(
            base, state=state, now_episode=now_episode, nodes=nodes, version=self.version
        )
        return snap, rows

    def remap_nodes(
        self, session_id: str, found: Sequence[tuple[SummaryNode, int, np.ndarray]]
    ) -> list[tuple[SummaryNode, int, np.ndarray]]:
        """A session's closed nodes with positions and episodes as rows and episodes of this
        index: a node spans its first to its last turn still stored; a node none of whose
        turns is left (compacted history) keeps its summary and spans no row."""
        own = self._session_rows.get(session_id)
        rows = own.view(own.size) if own is not None else np.zeros(0, np.int64)
        positions = self._session_positions.view(len(self.index))[rows]
        out = []
        for node, episode, vector in found:
            lo = int(np.searchsorted(positions, node.start_position, side="left"))
            hi = int(np.searchsorted(positions, node.end_position, side="right")) - 1
            key = (session_id, int(episode))
            if key not in self._episodes:  # every turn of the episode was compacted
                self._episodes[key] = len(self._episodes)
            ep = self._episodes[key]
            start, end = (int(rows[lo]), int(rows[hi])) if hi >= lo else (-1, -2)
            remapped = dataclasses.replace(node, start_position=start, end_position=end)
            out.append((remapped, ep, vector))
        return out

    def set_nodes(self, version: tuple[int, int], nodes: dict[str, Any]) -> None:
        """Cache the remapped closed nodes loaded for ``version``."""
        if version == self.version:
            self._nodes = (version, nodes)
