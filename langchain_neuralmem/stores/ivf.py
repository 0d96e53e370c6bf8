"""Coarse-to-fine vector search for large scopes: an inverted file (IVF) over int8 codes.

Rows are grouped under their nearest of ``nlist`` centroids (spherical k-means on a
sample); a query scans only the rows of its ``nprobe`` nearest lists, decoding their
int8 codes, so the cost follows the rows scanned, not the rows stored. The centroids
are retrained only when the index has grown well past what they were trained on;
new rows are just assigned.

Example:
    >>> rng = np.random.default_rng(0)
    >>> vectors = rng.normal(size=(2000, 16)).astype(np.float32)
    >>> vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    >>> ivf = InvertedFile.build(lambda rows: vectors[rows], len(vectors), seed=0)
    >>> rows = ivf.probe(vectors[7], scanned=400)
    >>> 7 in rows.tolist(), len(rows) < 2000
    (True, True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Decode = Callable[[np.ndarray | slice], np.ndarray]
"""Float32 vectors of some rows (an index array or a slice) of the scope."""

RETRAIN_GROWTH = 4
"""Centroids are retrained once the index holds this many times the rows they were
trained on (assignments of new rows to old centroids degrade slowly)."""

TRAIN_SAMPLE_PER_LIST = 40
"""Training rows per centroid (k-means wants about 40)."""


def list_count(rows: int) -> int:
    """Lists for an index of ``rows`` rows: about one per thousand, at least 16.

    Example:
        >>> list_count(50_000), list_count(1_000_000)
        (50, 1000)
    """
    return max(16, min(4096, rows // 1000))


@dataclass
class InvertedFile:
    """Centroids and the rows of each list (CSR: ``order[offsets[i]:offsets[i + 1]]``).

    Attributes:
        centroids: ``(nlist, dim)`` unit-length float32.
        assignment: each row's list.
        order: rows sorted by list (stable: ascending within a list).
        offsets: where each list starts in ``order``.
        trained_rows: how many rows the centroids were trained with.
    """

    centroids: np.ndarray
    assignment: np.ndarray
    order: np.ndarray
    offsets: np.ndarray
    trained_rows: int

    @property
    def rows(self) -> int:
        """Rows covered (always the first ``rows`` rows of the scope)."""
        return len(self.assignment)

    @classmethod
    def build(cls, decode: Decode, rows: int, *, seed: int = 0) -> InvertedFile:
        """Train centroids on a sample of the first ``rows`` rows and assign each of them."""
        centroids = train_centroids(decode, rows, list_count(rows), seed=seed)
        return cls.of(centroids, assign(centroids, decode, 0, rows), trained_rows=rows)

    @classmethod
    def of(
        cls, centroids: np.ndarray, assignment: np.ndarray, *, trained_rows: int
    ) -> InvertedFile:
        """An index from centroids and every row's list."""
        assignment = np.asarray(assignment, dtype=np.int32)
        order = np.argsort(assignment, kind="stable").astype(np.int32)
        counts = np.bincount(assignment, minlength=len(centroids))
        offsets = np.zeros(len(centroids) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        return cls(np.asarray(centroids, np.float32), assignment, order, offsets, trained_rows)

    def extended(self, decode: Decode, rows: int, *, seed: int = 0) -> InvertedFile:
        """This index grown to cover the first ``rows`` rows (its own are assigned
        already); retrained when the index outgrew its centroids."""
        if rows >= RETRAIN_GROWTH * self.trained_rows:
            return InvertedFile.build(decode, rows, seed=seed)
        new = assign(self.centroids, decode, self.rows, rows)
        return InvertedFile.of(
            self.centroids,
            np.concatenate([self.assignment, new]),
            trained_rows=self.trained_rows,
        )

    def probe(self, query: np.ndarray, *, scanned: int) -> np.ndarray:
        """Rows of the lists nearest to ``query``, enough lists to scan about ``scanned``
        rows (at least two lists), in ascending row order within each list."""
        sims = self.centroids @ np.asarray(query, dtype=np.float32)
        per_list = max(self.rows / max(len(self.centroids), 1), 1.0)
        nprobe = int(min(len(self.centroids), max(2, round(scanned / per_list))))
        best = np.argpartition(-sims, nprobe - 1)[:nprobe] if nprobe < len(sims) else sims.argsort()
        parts = [self.order[self.offsets[i] : self.offsets[i + 1]] for i in best.tolist()]
        return np.concatenate(parts) if parts else np.zeros(0, np.int32)


def train_centroids(decode: Decode, rows: int, nlist: int, *, seed: int = 0) -> np.ndarray:
    """Spherical k-means centroids of a sample of the first ``rows`` rows (FAISS)."""
    import faiss

    rng = np.random.default_rng(seed)
    want = min(rows, nlist * TRAIN_SAMPLE_PER_LIST)
    picked = np.sort(rng.choice(rows, want, replace=False)) if want < rows else slice(0, rows)
    sample = np.ascontiguousarray(decode(picked), dtype=np.float32)
    nlist = min(nlist, len(sample))
    kmeans = faiss.Kmeans(
        sample.shape[1], nlist, niter=10, seed=seed, spherical=True, verbose=False
    )
    kmeans.cp.min_points_per_centroid = 1
    kmeans.train(sample)
    return np.asarray(kmeans.centroids, dtype=np.float32)


def assign(
    centroids: np.ndarray, decode: Decode, start: int, stop: int, chunk: int = 65_536
) -> np.ndarray:
    """The nearest centroid (inner product) of rows ``start``..``stop``, decoded in chunks."""
    out = np.empty(stop - start, dtype=np.int32)
    for lo in range(start, stop, chunk):
        block = np.asarray(decode(slice(lo, min(lo + chunk, stop))), dtype=np.float32)
        out[lo - start : lo - start + len(block)] = np.argmax(block @ centroids.T, axis=1)
    return out
