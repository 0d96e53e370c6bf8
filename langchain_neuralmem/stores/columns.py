"""Append-only arrays that readers can view while a writer appends.

Example:
    >>> a = GrowingArray(np.int64)
    >>> a.extend([1, 2, 3])
    >>> view = a.view(2)
    >>> a.extend(range(100))  # grows into a new buffer; the old view stays valid
    >>> view.tolist(), a.size
    ([1, 2], 103)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

LARGE = 1 << 20
"""Past this many rows a full buffer grows by a quarter instead of doubling (RAM)."""


class GrowingArray:
    """An append-only array (1-D, or rows of a fixed ``width``) that grows its capacity;
    ``view(n)`` never changes later, so a reader needs no lock after taking it.

    Args:
        dtype: element type (``object`` for Python values such as tuples).
        width: row width for a 2-D array (``None``: 1-D).
    """

    def __init__(self, dtype: Any, width: int | None = None) -> None:
        shape = (16,) if width is None else (16, width)
        self.data = np.zeros(shape, dtype=dtype) if dtype is not object else np.empty(16, object)
        self.size = 0

    @classmethod
    def of(cls, values: np.ndarray, spare: float = 0.0) -> GrowingArray:
        """An array holding ``values`` (copied) with room for ``spare`` times as many more."""
        out = cls(values.dtype, values.shape[1] if values.ndim == 2 else None)
        capacity = max(int(len(values) * (1 + spare)), 16)
        out.data = np.empty((capacity, *values.shape[1:]), dtype=values.dtype)
        out.data[: len(values)] = values
        out.size = len(values)
        return out

    def extend(self, values: Sequence[Any] | np.ndarray) -> None:
        """Append ``values`` (rows visible to later views only)."""
        k = len(values)
        if self.size + k > len(self.data):
            old = len(self.data)
            capacity = max(old + (old // 4 if old >= LARGE else old), self.size + k)
            if self.data.dtype == object:
                grown = np.empty(capacity, object)
            else:
                grown = np.empty((capacity, *self.data.shape[1:]), dtype=self.data.dtype)
            grown[: self.size] = self.data[: self.size]
            self.data = grown  # readers keep views of the old buffer: still valid
        if self.data.dtype == object:
            for i, v in enumerate(values):  # element-wise: tuples must not broadcast
                self.data[self.size + i] = v
        else:
            self.data[self.size : self.size + k] = values
        self.size += k

    def view(self, n: int | None = None) -> np.ndarray:
        """The first ``n`` elements (all by default), without copying."""
        return self.data[: self.size if n is None else n]
