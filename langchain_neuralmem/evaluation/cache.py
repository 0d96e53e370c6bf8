"""An encoder that remembers what it has embedded, shared by every memory under test.

An evaluation embeds the same turns and questions once per memory and per budget;
with one cache all memories get identical vectors (so they differ only in what they
do with them) and each text costs one forward pass.

Example:
    >>> import numpy as np
    >>> from langchain_neuralmem.encoders.base import Encoder
    >>> class Lengths(Encoder):
    ...     name, dim, calls = "lengths", 2, 0
    ...     def encode(self, texts):
    ...         self.calls += 1
    ...         return np.array([[len(t), 1.0] for t in texts], np.float32)
    >>> enc = CachingEncoder(Lengths())
    >>> _ = enc.encode(["ab", "abc"]); _ = enc.encode(["abc"])
    >>> enc.base.calls, enc.name
    (1, 'lengths')
"""

from __future__ import annotations

import threading

import numpy as np

from langchain_neuralmem.encoders.base import Encoder


class CachingEncoder(Encoder):
    """Wraps an :class:`Encoder`; texts already seen are not embedded again.

    The name and size are the wrapped encoder's, so a store built through the cache
    accepts the same encoder later.

    Args:
        base: the encoder doing the work.

    Example:
        >>> from langchain_neuralmem.engine import _shared_minilm
        >>> enc = CachingEncoder(_shared_minilm("cpu"))
        >>> enc.encode(["hello"]).shape, len(enc)
        ((1, 384), 1)
    """

    def __init__(self, base: Encoder) -> None:
        self.base = base
        self.name = base.name
        self.dim = base.dim
        self._vectors: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._vectors)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Vectors of ``texts``; only the unseen ones reach the wrapped encoder (one batch)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
            if missing:
                for text, vec in zip(missing, self.base.encode(missing), strict=True):
                    vec.setflags(write=False)
                    self._vectors[text] = vec
            return np.stack([self._vectors[t] for t in texts])

    def warm(self, texts: list[str]) -> None:
        """Embed ``texts`` now (one batch), so later calls are lookups."""
        self.encode(texts)
