"""Okapi BM25 over one scope's turns, as arrays: scoring a query touches only the
postings of its terms, never every stored turn.

Postings live in two parts: a frozen base (compressed-sparse arrays: one slice of rows
and term frequencies per term, saved with the persisted index and read back without
parsing) and a growing tail for the turns added since. Documents are only ever
appended, so ``scores(..., n=k)`` reads the index exactly as it stood after ``k``
documents, even while more are being added.

Example:
    >>> from langchain_neuralmem.features import terms
    >>> index = BM25Index()
    >>> index.add(terms("my dog Rex"))
    >>> index.add(terms("nice weather"))
    >>> [round(float(s), 3) for s in index.scores(terms("dog"))]
    [0.693, 0.0]
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from langchain_neuralmem.stores.columns import GrowingArray


@dataclass(frozen=True)
class Postings:
    """Frozen postings of the first ``rows`` documents: for term id ``t``, the rows
    ``docs[offsets[t]:offsets[t + 1]]`` (ascending) with term frequencies ``tf``."""

    offsets: np.ndarray
    docs: np.ndarray
    tf: np.ndarray
    rows: int

    @classmethod
    def empty(cls) -> Postings:
        return cls(np.zeros(1, np.int64), np.zeros(0, np.int32), np.zeros(0, np.uint16), 0)


class BM25Index:
    """Okapi BM25 statistics of an append-only list of documents (lists of terms).

    Args:
        k1, b: the usual BM25 constants.
    """

    def __init__(self, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self.vocab: dict[str, int] = {}
        self.words: list[str] = []  # by term id
        self.lengths = GrowingArray(np.int32)
        # cumulative[i] = total length of the first i documents.
        self.cumulative = GrowingArray(np.int64)
        self.cumulative.extend([0])
        # The frozen base (postings of its first rows, by term id, CSR) and the tail (one
        # growing pair of arrays per term id), swapped together in one assignment so a
        # reader never sees a new base with an old tail.
        self._parts: tuple[Postings, dict[int, tuple[GrowingArray, GrowingArray]]] = (
            Postings.empty(),
            {},
        )

    @property
    def base(self) -> Postings:
        """The frozen postings (what the persisted index saves)."""
        return self._parts[0]

    def __len__(self) -> int:
        return self.lengths.size

    @property
    def total_len(self) -> int:
        """Total number of terms indexed."""
        return int(self.cumulative.view(len(self) + 1)[-1])

    def term_id(self, term: str) -> int:
        """The id of ``term``, added to the vocabulary if new."""
        found = self.vocab.get(term)
        if found is None:
            found = self.vocab[term] = len(self.vocab)
            self.words.append(term)
        return found

    def add(self, doc_terms: Sequence[str]) -> None:
        """Index one document (its row is the number of documents added before it)."""
        row = len(self)
        tail = self._parts[1]
        for term, tf in Counter(doc_terms).items():
            tid = self.term_id(term)
            if tid not in tail:
                tail[tid] = (GrowingArray(np.int32), GrowingArray(np.uint16))
            docs, tfs = tail[tid]
            docs.extend([row])
            tfs.extend([min(tf, 65_535)])
        self.cumulative.extend([int(self.cumulative.view(row + 1)[-1]) + len(doc_terms)])
        self.lengths.extend([len(doc_terms)])  # last: the row is complete once counted

    def postings(self, term: str, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows and term frequencies of ``term`` among the first ``n`` documents."""
        tid = self.vocab.get(term)
        if tid is None:
            return np.zeros(0, np.int32), np.zeros(0, np.uint16)
        base, tails = self._parts
        parts_docs, parts_tf = [], []
        if tid + 1 < len(base.offsets):
            lo, hi = int(base.offsets[tid]), int(base.offsets[tid + 1])
            docs = base.docs[lo:hi]
            cut = int(np.searchsorted(docs, n)) if n < base.rows else len(docs)
            parts_docs.append(docs[:cut])
            parts_tf.append(base.tf[lo : lo + cut])
        tail = tails.get(tid)
        if tail is not None:
            size = tail[0].size  # read once: a writer may append meanwhile
            docs = tail[0].view(size)
            cut = int(np.searchsorted(docs, n))
            parts_docs.append(docs[:cut])
            parts_tf.append(tail[1].view(size)[:cut])
        if len(parts_docs) == 1:
            return parts_docs[0], parts_tf[0]
        if not parts_docs:
            return np.zeros(0, np.int32), np.zeros(0, np.uint16)
        return np.concatenate(parts_docs), np.concatenate(parts_tf)

    def idf(self, term: str, n: int | None = None) -> float:
        """Okapi BM25 idf over the first ``n`` documents (all by default), floored at zero."""
        docs = len(self) if n is None else n
        df = len(self.postings(term, docs)[0])
        return max(math.log1p((docs - df + 0.5) / (df + 0.5)), 0.0)

    def sparse_scores(
        self, query_terms: Sequence[str], n: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows with a positive score among the first ``n`` documents (ascending) and
        their scores: the work is proportional to the postings of the query's terms."""
        docs = len(self) if n is None else n
        if not docs:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        avg = max(float(self.cumulative.view(docs + 1)[-1]) / docs, 1e-6)
        lengths = self.lengths.view(docs)
        found: list[tuple[np.ndarray, np.ndarray]] = []
        for term, qn in Counter(query_terms).items():
            rows, tf = self.postings(term, docs)
            df = len(rows)
            idf = max(math.log1p((docs - df + 0.5) / (df + 0.5)), 0.0)
            if idf <= 0 or not df:
                continue
            tfs = tf.astype(np.float64)
            norm = self.k1 * (1 - self.b + self.b * lengths[rows] / avg)
            found.append((rows.astype(np.int64), qn * idf * tfs * (self.k1 + 1) / (tfs + norm)))
        if not found:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        every = np.unique(np.concatenate([rows for rows, _ in found]))
        out = np.zeros(len(every), dtype=np.float32)
        for rows, contribution in found:  # per term, in query order, as a dense sum would
            where = np.searchsorted(every, rows)
            out[where] += contribution
        keep = out > 0
        return every[keep], out[keep]

    def scores(self, query_terms: Sequence[str], n: int | None = None) -> np.ndarray:
        """BM25 score of each of the first ``n`` documents (all by default), in row order."""
        docs = len(self) if n is None else n
        out = np.zeros(docs, dtype=np.float32)
        rows, values = self.sparse_scores(query_terms, docs)
        out[rows] = values
        return out

    def seal(self) -> None:
        """Move every tail posting into the frozen base (one CSR rebuild)."""
        base, tails = self._parts
        n = len(self)
        vocab_size = len(self.words)
        counts = np.zeros(vocab_size, dtype=np.int64)
        counts[: len(base.offsets) - 1] += np.diff(base.offsets)
        frozen = {tid: (d.view(d.size), t.view(d.size)) for tid, (d, t) in tails.items()}
        for tid, (docs, _) in frozen.items():
            counts[tid] += len(docs)
        offsets = np.zeros(vocab_size + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        all_docs = np.empty(int(offsets[-1]), dtype=np.int32)
        all_tf = np.empty(int(offsets[-1]), dtype=np.uint16)
        # the base's postings keep their places, shifted by the tail postings before them
        old_counts = np.zeros(vocab_size, dtype=np.int64)
        old_counts[: len(base.offsets) - 1] = np.diff(base.offsets)
        term_of_old = np.repeat(np.arange(vocab_size), old_counts)
        if len(term_of_old):
            where = offsets[term_of_old] + (np.arange(len(term_of_old)) - base.offsets[term_of_old])
            all_docs[where] = base.docs
            all_tf[where] = base.tf
        for tid, (docs, tf) in frozen.items():
            at = int(offsets[tid] + old_counts[tid])
            all_docs[at : at + len(docs)] = docs
            all_tf[at : at + len(docs)] = tf
        self._parts = (Postings(offsets, all_docs, all_tf, n), {})

    def restore_base(
        self,
        vocab: Sequence[str],
        offsets: np.ndarray,
        docs: np.ndarray,
        tf: np.ndarray,
        lengths: np.ndarray,
    ) -> None:
        """Load a sealed index (as saved by the persisted index); only an empty index.

        Raises:
            ValueError: the arrays do not fit together.
        """
        if len(self):
            raise ValueError("restore_base needs an empty BM25Index")
        if len(offsets) != len(vocab) + 1 or not int(offsets[-1]) == len(docs) == len(tf):
            raise ValueError("BM25 postings do not match their vocabulary")
        self.vocab = {term: i for i, term in enumerate(vocab)}
        self.words = list(vocab)
        if len(self.vocab) != len(vocab):
            raise ValueError("BM25 vocabulary has repeated terms")
        self.lengths.extend(np.asarray(lengths, dtype=np.int32))
        self.cumulative.extend(np.cumsum(lengths, dtype=np.int64))
        base = Postings(
            np.asarray(offsets, np.int64),
            np.asarray(docs, np.int32),
            np.asarray(tf, np.uint16),
            len(lengths),
        )
        self._parts = (base, {})
