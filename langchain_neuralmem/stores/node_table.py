"""Closed hierarchy nodes of a scope, held with their pooled vectors stacked, so the
coarse-to-fine descent is one matrix product per level and a write that closes a node
adds it instead of reloading them all.

Example:
    >>> from langchain_neuralmem.types import SummaryNode
    >>> table = NodeTable(dim=2)
    >>> node = SummaryNode(1, "segment", 0, 3, "Ann: hi", (1,))
    >>> table.extend("segment", [(node, 0, np.array([1.0, 0.0], np.float32))])
    >>> level = table.view()["segment"]
    >>> len(level), level.vectors.shape, level[0][0].node_id
    (1, (1, 2), 1)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from langchain_neuralmem.stores.columns import GrowingArray
from langchain_neuralmem.types import SummaryNode

LEVELS = ("episode", "segment")

Found = tuple[SummaryNode, int, np.ndarray]
"""A closed node, its episode and its pooled vector, as the store returns them."""


@dataclass(frozen=True)
class NodeLevel:
    """The closed nodes of one level, frozen: a sequence of :data:`Found` with their
    vectors stacked (``vectors[i]`` is node ``i``'s) and their episodes."""

    items: Sequence[Found]
    vectors: np.ndarray
    episodes: np.ndarray

    def __len__(self) -> int:
        return len(self.vectors)

    def __getitem__(self, i: int) -> Found:
        return self.items[i]

    def __iter__(self) -> Iterator[Found]:
        return (self.items[i] for i in range(len(self)))


class NodeTable:
    """Growing closed-node lists of one scope, one per level.

    Args:
        dim: the pooled vectors' size.
    """

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._items: dict[str, list[Found]] = {level: [] for level in LEVELS}
        self._vectors = {level: GrowingArray(np.float32, dim) for level in LEVELS}
        self._episodes = {level: GrowingArray(np.int64) for level in LEVELS}
        # per level: a session's segments close in the order they opened, and so do its
        # episodes, but an episode closes after the segments opened inside it
        self.max_node_id = dict.fromkeys(LEVELS, 0)

    def extend(self, level: str, found: Sequence[Found]) -> None:
        """Add closed nodes of ``level`` (in position order, after those held)."""
        if not found:
            return
        self._items[level].extend(found)
        self._vectors[level].extend(np.stack([np.asarray(v, np.float32) for _, _, v in found]))
        self._episodes[level].extend([int(e) for _, e, _ in found])
        self.max_node_id[level] = max(self.max_node_id[level], *(n.node_id for n, _, _ in found))

    def view(self) -> dict[str, NodeLevel]:
        """The nodes held now, frozen (the item lists only grow, so views stay valid)."""
        out = {}
        for level in LEVELS:
            n = self._vectors[level].size
            out[level] = NodeLevel(
                self._items[level], self._vectors[level].view(n), self._episodes[level].view(n)
            )
        return out

    @classmethod
    def of(cls, dim: int, found: Mapping[str, Sequence[Found]]) -> NodeTable:
        """A table holding ``found`` nodes by level."""
        table = cls(dim)
        for level in LEVELS:
            table.extend(level, found.get(level, []))
        return table
