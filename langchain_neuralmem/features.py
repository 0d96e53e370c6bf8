"""Hand-computed features fed to the learned modules. Pure Python + NumPy.

The same functions run at training and at inference time, so what the modules learn
is what they see.

Example:
    >>> terms("I adopted two puppies!")
    ['adopt', 'two', 'puppi']
    >>> len(turn_features(role="human", gap_seconds=60.0, new_episode=False)) == len(TURN_FEATURE_NAMES)
    True
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

TURN_FEATURE_NAMES: tuple[str, ...] = (
    "role_human",
    "role_ai",
    "role_other",
    "log_gap",
    "new_episode",
)

PAIR_FEATURE_NAMES: tuple[str, ...] = (
    "log_age_turns",
    "log_age_time",
    "same_episode",
    "role_human",
    "role_ai",
    "role_other",
    "term_overlap",
    "bm25",
    "speaker_named",
)

_STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once
    only or other our ours ourselves out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves yes yeah oh ok okay really also get got
    like im ive id dont thats its youre hey hi wow much many one thing things lot
    """.split()
)
_WORD = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    """A tiny suffix stripper; enough to match 'puppies'/'puppy', 'adopted'/'adopt'."""
    for suffix in ("ies", "ing", "ed", "es", "ly", "s", "y"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)] + ("i" if suffix in ("ies", "y") else "")
    return word


def terms(text: str) -> list[str]:
    """Content-word stems of ``text`` (lower-cased, stopwords removed)."""
    words = _WORD.findall(text.lower().replace("'", ""))
    return [_stem(w) for w in words if w not in _STOPWORDS and len(w) > 1]


def role_one_hot(role: str) -> list[float]:
    """[human, ai, other] indicator for a role name."""
    return [float(role == "human"), float(role == "ai"), float(role not in ("human", "ai"))]


def turn_features(*, role: str, gap_seconds: float, new_episode: bool) -> list[float]:
    """Per-turn features for the GRU state and the boundary / salience heads."""
    gap = math.log1p(max(gap_seconds, 0.0)) / 10.0
    return [*role_one_hot(role), gap, float(new_episode)]


class BM25Stats:
    """Document frequencies of one scope's turns, updated as turns arrive.

    Example:
        >>> stats = BM25Stats()
        >>> stats.add(terms("my dog Rex"))
        >>> stats.add(terms("nice weather"))
        >>> stats.scores(terms("dog"), [terms("my dog Rex"), terms("nice weather")])[0] > 0
        True
    """

    def __init__(self, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self.df: Counter[str] = Counter()
        self.docs = 0
        self.total_len = 0

    def add(self, doc_terms: Sequence[str]) -> None:
        """Count one document."""
        self.df.update(set(doc_terms))
        self.docs += 1
        self.total_len += len(doc_terms)

    def idf(self, term: str) -> float:
        """Okapi BM25 idf, floored at zero."""
        n = self.df.get(term, 0)
        return max(math.log1p((self.docs - n + 0.5) / (n + 0.5)), 0.0)

    def scores(self, query_terms: Sequence[str], docs: Iterable[Sequence[str]]) -> np.ndarray:
        """BM25 score of each document in ``docs`` for ``query_terms``."""
        avg = self.total_len / self.docs if self.docs else 1.0
        q = Counter(query_terms)
        idf = {t: self.idf(t) for t in q}
        out = []
        for doc in docs:
            tf = Counter(doc)
            norm = self.k1 * (1 - self.b + self.b * len(doc) / max(avg, 1e-6))
            s = 0.0
            for t, qn in q.items():
                f = tf.get(t, 0)
                if f:
                    s += qn * idf[t] * f * (self.k1 + 1) / (f + norm)
            out.append(s)
        return np.asarray(out, dtype=np.float32)


def pair_features(
    *,
    query_terms: Sequence[str],
    query_speakers: Sequence[str],
    now_position: int,
    now_time: float,
    now_episode: int,
    positions: Sequence[int],
    times: Sequence[float],
    episodes: Sequence[int],
    roles: Sequence[str],
    speakers: Sequence[str],
    turn_terms: Sequence[Sequence[str]],
    bm25: np.ndarray,
) -> np.ndarray:
    """Query-turn features for the attention scorer, one row per candidate turn.

    ``bm25`` holds the candidates' BM25 scores; it is scaled by the best of them.
    ``query_speakers`` are the lower-cased speaker names the query mentions.
    """
    n = len(positions)
    out = np.zeros((n, len(PAIR_FEATURE_NAMES)), dtype=np.float32)
    if n == 0:
        return out
    qset = set(query_terms)
    top = float(bm25.max()) if len(bm25) else 0.0
    for i in range(n):
        age_turns = max(now_position - positions[i], 0)
        age_time = max(now_time - times[i], 0.0)
        overlap = len(qset.intersection(turn_terms[i])) / len(qset) if qset else 0.0
        out[i, 0] = math.log1p(age_turns) / 5.0
        out[i, 1] = math.log1p(age_time) / 15.0
        out[i, 2] = float(episodes[i] == now_episode)
        out[i, 3:6] = role_one_hot(roles[i])
        out[i, 6] = overlap
        out[i, 7] = float(bm25[i]) / top if top > 0 else 0.0
        out[i, 8] = float(speakers[i].lower() in query_speakers)
    return out
