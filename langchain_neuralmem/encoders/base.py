"""The encoder interface, and an adapter for any LangChain ``Embeddings``.

Example:
    >>> class Letters:  # any object with embed_documents / embed_query
    ...     def embed_documents(self, texts): return [[len(t), 1.0] for t in texts]
    ...     def embed_query(self, text): return [len(text), 1.0]
    >>> enc = EmbeddingsEncoder(Letters(), name="letters")
    >>> enc.encode(["ab"]).shape
    (1, 2)
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import numpy as np


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    """L2-normalise each row (zero rows stay zero), as float32."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2:
        raise ValueError(f"expected a 2-D array of vectors, got shape {vectors.shape}")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class Encoder(ABC):
    """Turns texts into L2-normalised float32 vectors of a fixed size."""

    name: str
    dim: int

    @abstractmethod
    def encode(self, texts: list[str]) -> np.ndarray:
        """``(len(texts), dim)`` float32, rows of unit length."""

    def encode_one(self, text: str) -> np.ndarray:
        """One text's vector, ``(dim,)``."""
        return self.encode([text])[0]


class EmbeddingsEncoder(Encoder):
    """Wraps any LangChain ``Embeddings`` (duck-typed: ``embed_documents``).

    Args:
        embeddings: the LangChain embeddings object.
        name: recorded in the store so vectors from another model are never mixed in.
        batch_size: texts per ``embed_documents`` call.
    """

    def __init__(self, embeddings: Any, *, name: str | None = None, batch_size: int = 64) -> None:
        if not hasattr(embeddings, "embed_documents"):
            raise TypeError(
                f"{type(embeddings).__name__} has no embed_documents(); pass a LangChain Embeddings"
            )
        self.embeddings = embeddings
        self.name = name or type(embeddings).__name__
        self.batch_size = batch_size
        self.dim = len(embeddings.embed_documents(["dimension probe"])[0])

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            rows.extend(self.embeddings.embed_documents(texts[i : i + self.batch_size]))
        return normalize_rows(np.asarray(rows, dtype=np.float32))
