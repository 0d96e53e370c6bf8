"""Generated turns for the scale benchmark: made-up words drawn with a Zipf law (as word
frequencies are), and an encoder that embeds a text as the normalised sum of fixed
random vectors of its words.

A million real MiniLM embeddings take hours on a laptop CPU, so the largest sizes of
``neuralmem bench --turns`` store these instead (the output says which sizes did). They
keep what the timings depend on: unit vectors of the real size, texts of chat length,
a long-tailed vocabulary for BM25, and a query built from a stored turn's words lands
near that turn, so search quality can still be checked.

Example:
    >>> text = SyntheticText(seed=0)
    >>> turn = text.turn()
    >>> enc = HashedWordEncoder(text, name="bench")
    >>> v = enc.encode([turn, text.query_for(turn)])
    >>> v.shape, bool(v[0] @ v[1] > 0.4)
    ((2, 384), True)
"""

from __future__ import annotations

import numpy as np

from langchain_neuralmem.encoders.base import Encoder, normalize_rows

_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


class SyntheticText:
    """Pseudo-words with Zipf-distributed frequencies, and turns and queries made of them.

    Args:
        seed: fixes the vocabulary and every draw.
        vocabulary: distinct words.
        words_per_turn: mean words of a turn.
    """

    def __init__(self, seed: int = 0, vocabulary: int = 20_000, words_per_turn: int = 14) -> None:
        self.rng = np.random.default_rng(seed)
        words: set[str] = set()
        while len(words) < vocabulary:
            k = int(self.rng.integers(2, 5))
            words.add("".join(self.rng.choice(_SYLLABLES, size=k)))
        self.words = sorted(words)  # a word's place is its frequency rank
        self.rank = {w: i for i, w in enumerate(self.words)}
        weights = 1.0 / np.arange(1, vocabulary + 1) ** 1.07
        self.cdf = np.cumsum(weights / weights.sum())
        self.words_per_turn = words_per_turn

    def _draw(self, k: int) -> list[str]:
        picks = np.searchsorted(self.cdf, self.rng.random(k))
        return [self.words[min(int(i), len(self.words) - 1)] for i in picks]

    def turn(self) -> str:
        """One turn of about ``words_per_turn`` words, a sentence with a full stop."""
        k = max(3, int(self.rng.poisson(self.words_per_turn)))
        words = self._draw(k)
        return " ".join(words).capitalize() + "."

    def turns(self, n: int) -> list[str]:
        """``n`` turns."""
        return [self.turn() for _ in range(n)]

    def query_for(self, turn: str, k: int = 4) -> str:
        """A question made of ``k`` of the rarer words of ``turn``."""
        words = [w.strip(".").lower() for w in turn.split()]
        ranked = sorted(set(words), key=lambda w: -self.rank.get(w, 0))
        return "What about " + " ".join(ranked[:k]) + "?"


class HashedWordEncoder(Encoder):
    """Embeds a text as the normalised sum of its words' fixed random vectors (no model).

    Args:
        text: the vocabulary the vectors are drawn for (other words are ignored).
        name: the encoder name recorded in the store.
        dim: vector size (that of the packaged MiniLM by default).
    """

    def __init__(self, text: SyntheticText, *, name: str, dim: int = 384) -> None:
        self.name = name
        self.dim = dim
        rng = np.random.default_rng(1234)
        self._vectors = normalize_rows(rng.normal(size=(len(text.words), dim)).astype(np.float32))
        self._ids = {w: i for i, w in enumerate(text.words)}

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            ids = [self._ids[w] for w in text.lower().strip(".?!").split() if w in self._ids]
            if ids:
                out[row] = self._vectors[ids].sum(axis=0)
            else:
                out[row, 0] = 1.0
        return normalize_rows(out)
