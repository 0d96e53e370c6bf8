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

import bisect
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence

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
    "cos_rank",
    "bm25_rank",
    "prev_cos",
    "next_cos",
    "prev_bm25",
    "next_bm25",
    "when_x_time",
    "log_tokens",
    "query_first_person",
)
"""Columns of :func:`pair_features`. Checkpoints trained with fewer read only the first ones."""

_TIME_WORDS = frozenset(
    """yesterday today tonight tomorrow ago last next week weekend month year weeks months
    years morning evening night monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    recently soon earlier later before after since summer winter spring autumn fall""".split()
)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_FIRST_PERSON = re.compile(r"\b(i|me|my|mine|myself|we|our|us)\b", re.I)
_WHEN = re.compile(r"^\s*(when|what (date|day|time|year|month)|how long)\b", re.I)

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


def embedding_text(content: str, speaker_name: str, *, speaker: bool) -> str:
    """What the encoder sees of a turn: the text, or ``"speaker: text"``."""
    return f"{speaker_name}: {content}" if speaker else content


def role_one_hot(role: str) -> list[float]:
    """[human, ai, other] indicator for a role name."""
    return [float(role == "human"), float(role == "ai"), float(role not in ("human", "ai"))]


def turn_features(*, role: str, gap_seconds: float, new_episode: bool) -> list[float]:
    """Per-turn features for the GRU state and the boundary / salience heads."""
    gap = math.log1p(max(gap_seconds, 0.0)) / 10.0
    return [*role_one_hot(role), gap, float(new_episode)]


class BM25Index:
    """Okapi BM25 over one scope's turns: an inverted index, updated as turns arrive.

    Documents are only ever appended, so ``scores(..., n=k)`` reads the index exactly
    as it stood after ``k`` documents, even while more are being added.

    Example:
        >>> index = BM25Index()
        >>> index.add(terms("my dog Rex"))
        >>> index.add(terms("nice weather"))
        >>> [round(float(s), 3) for s in index.scores(terms("dog"))]
        [0.693, 0.0]
    """

    def __init__(self, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self.postings: dict[str, list[tuple[int, int]]] = {}
        self.lengths: list[int] = []
        # cumulative[i] = total length of the first i documents.
        self.cumulative: list[int] = [0]

    def __len__(self) -> int:
        return len(self.lengths)

    @property
    def total_len(self) -> int:
        """Total number of terms indexed."""
        return self.cumulative[len(self.lengths)]

    def add(self, doc_terms: Sequence[str]) -> None:
        """Index one document (its row is the number of documents added before it)."""
        row = len(self.lengths)
        for term, tf in Counter(doc_terms).items():
            self.postings.setdefault(term, []).append((row, tf))
        self.cumulative.append(self.cumulative[row] + len(doc_terms))
        self.lengths.append(len(doc_terms))  # last: the row is complete once counted

    def _postings(self, term: str, n: int) -> list[tuple[int, int]]:
        """Postings of ``term`` among the first ``n`` documents."""
        found = self.postings.get(term, [])
        return found[: bisect.bisect_left(found, (n,))]

    def idf(self, term: str, n: int | None = None) -> float:
        """Okapi BM25 idf over the first ``n`` documents (all by default), floored at zero."""
        docs = len(self.lengths) if n is None else n
        df = len(self._postings(term, docs))
        return max(math.log1p((docs - df + 0.5) / (df + 0.5)), 0.0)

    def scores(self, query_terms: Sequence[str], n: int | None = None) -> np.ndarray:
        """BM25 score of each of the first ``n`` documents (all by default), in row order."""
        docs = len(self.lengths) if n is None else n
        out = np.zeros(docs, dtype=np.float32)
        if not docs:
            return out
        avg = max(self.cumulative[docs] / docs, 1e-6)
        for term, qn in Counter(query_terms).items():
            idf = self.idf(term, docs)
            if idf <= 0:
                continue
            for row, tf in self._postings(term, docs):
                norm = self.k1 * (1 - self.b + self.b * self.lengths[row] / avg)
                out[row] += qn * idf * tf * (self.k1 + 1) / (tf + norm)
        return out


PASSAGE_WORDS = 60
"""A turn longer than this many words is also indexed as passages of at most about this
many words (the encoder reads only its first 256 word pieces of a text)."""

_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)]|#|```))|(?<=[.!?])\s+(?=[A-Z0-9\"'(`])")


def passage_spans(text: str, max_words: int = PASSAGE_WORDS) -> list[tuple[int, int]]:
    """Character spans of the passages of a long text; ``[]`` for a text that fits in one.

    Passages break at blank lines, list items, headings, code fences and sentence ends,
    and gather consecutive pieces up to ``max_words`` words (a longer piece is cut at
    word boundaries).

    Example:
        >>> text = " ".join(f"Sentence number {i} is here." for i in range(60))
        >>> spans = passage_spans(text, max_words=100)
        >>> len(spans), text[spans[1][0]:].startswith("Sentence number 20")
        (3, True)
        >>> passage_spans("short")
        []
    """
    if len(text.split()) <= max_words:
        return []
    cuts = [0, *(m.end() for m in _BREAK.finditer(text)), len(text)]
    pieces: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(cuts):
        words = list(re.finditer(r"\S+", text[a:b]))
        for i in range(0, len(words), max_words):
            chunk = words[i : i + max_words]
            if chunk:
                pieces.append((a + chunk[0].start(), a + chunk[-1].end()))
    spans: list[tuple[int, int]] = []
    count = 0
    for start, end in pieces:
        n = len(text[start:end].split())
        if spans and count + n <= max_words:
            spans[-1] = (spans[-1][0], end)
            count += n
        else:
            spans.append((start, end))
            count = n
    return spans


def turn_embedding_texts(
    content: str, speaker: str, *, embed_speaker: bool
) -> tuple[list[str], list[tuple[int, int]]]:
    """What the encoder reads of one turn, and the turn's passage spans.

    A short turn is read whole; a long one (see :func:`passage_spans`) only as its
    passages, and its own vector is their normalised mean, so every word counts (the
    encoder would truncate the whole).

    Example:
        >>> turn_embedding_texts("hi", "Ann", embed_speaker=True)
        (['Ann: hi'], [])
    """
    spans = passage_spans(content)
    if not spans:
        return [embedding_text(content, speaker, speaker=embed_speaker)], []
    texts = [embedding_text(content[a:b], speaker, speaker=embed_speaker) for a, b in spans]
    return texts, spans


def pool_passages(passages: np.ndarray) -> np.ndarray:
    """A long turn's vector: the normalised mean of its passage vectors.

    Example:
        >>> [round(x, 3) for x in pool_passages(np.array([[1.0, 0.0], [0.0, 1.0]], np.float32)).tolist()]
        [0.707, 0.707]
    """
    mean = np.asarray(passages, dtype=np.float32).mean(axis=0)
    return (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32)


def embed_turns(
    turns: Sequence[tuple[str, str]],
    encode: Callable[[list[str]], np.ndarray],
    *,
    embed_speaker: bool,
) -> tuple[list[np.ndarray], list[np.ndarray | None], list[list[tuple[int, int]]]]:
    """Vectors, passage vectors and passage spans of ``(content, speaker)`` turns.

    Every text :func:`turn_embedding_texts` lists is encoded in one ``encode`` call; a long
    turn's vector is :func:`pool_passages` of its passages. The engine's writes and training
    both embed turns here.

    Example:
        >>> enc = lambda texts: np.ones((len(texts), 2), np.float32) / np.sqrt(2)
        >>> vectors, passages, spans = embed_turns([("hi", "Ann")], enc, embed_speaker=True)
        >>> vectors[0].shape, passages, spans
        ((2,), [None], [[]])
    """
    read = [turn_embedding_texts(c, sp, embed_speaker=embed_speaker) for c, sp in turns]
    encoded = encode([text for texts, _ in read for text in texts])
    vectors: list[np.ndarray] = []
    passages: list[np.ndarray | None] = []
    offset = 0
    for texts, found in read:
        chunk = encoded[offset : offset + len(texts)]
        offset += len(texts)
        vectors.append(pool_passages(chunk) if found else chunk[0])
        passages.append(chunk if found else None)
    return vectors, passages, [found for _, found in read]


def has_time_expression(text: str) -> bool:
    """Whether a text mentions a time ("yesterday", "last May", "2022" ...)."""
    return bool(_YEAR.search(text)) or not _TIME_WORDS.isdisjoint(_WORD.findall(text.lower()))


def asks_when(query: str) -> bool:
    """Whether a question asks for a time ("When ...", "What year ...")."""
    return bool(_WHEN.search(query))


def asks_about_self(query: str) -> bool:
    """Whether a question is in the first person ("What did I ...", "my sister").

    Example:
        >>> asks_about_self("When did I move?"), asks_about_self("When did Ann move?")
        (True, False)
    """
    return bool(_FIRST_PERSON.search(query))


def _ranks(scores: np.ndarray) -> np.ndarray:
    """0-based rank of each score, highest first (ties broken by position)."""
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(len(scores), dtype=np.float32)
    ranks[order] = np.arange(len(scores), dtype=np.float32)
    return ranks


def pair_features(
    *,
    query_terms: Sequence[str],
    query_speakers: Sequence[str],
    query_asks_when: bool,
    query_first_person: bool = False,
    rows: Sequence[int],
    now_position: int,
    now_time: float,
    now_episode: int,
    positions: Sequence[int] | np.ndarray,
    times: Sequence[float] | np.ndarray,
    episodes: Sequence[int] | np.ndarray,
    roles: Sequence[str] | np.ndarray,
    speakers: Sequence[str] | np.ndarray,
    turn_terms: Sequence[Sequence[str]] | np.ndarray,
    time_flags: Sequence[bool] | np.ndarray,
    cosine: np.ndarray,
    bm25: np.ndarray,
    tokens: Sequence[int] | np.ndarray | None = None,
) -> np.ndarray:
    """Query-turn features for the attention scorer, one row per candidate in ``rows``.

    The per-turn sequences (``positions`` ... ``time_flags``) and the scores ``cosine``
    and ``bm25`` cover *every* turn of the scope, in order, so ranks and neighbours
    are the same whichever candidates are scored. ``query_speakers`` are the lower-cased
    speaker names the query mentions; ``tokens`` are the turns' rendered lengths.
    """
    n = len(rows)
    out = np.zeros((n, len(PAIR_FEATURE_NAMES)), dtype=np.float32)
    if n == 0:
        return out
    r = np.asarray(rows, dtype=np.int64)
    qset = set(query_terms)
    top = float(bm25.max()) if len(bm25) else 0.0
    bm = bm25 / top if top > 0 else np.zeros_like(bm25)
    cos_rank, bm25_rank = _ranks(cosine), _ranks(bm25)
    prev, nxt = np.maximum(r - 1, 0), np.minimum(r + 1, len(cosine) - 1)
    has_prev, has_next = (prev != r).astype(np.float32), (nxt != r).astype(np.float32)
    pos = np.asarray(positions, dtype=np.float64)[r]
    age_time = now_time - np.asarray(times, dtype=np.float64)[r]
    out[:, 0] = np.log1p(np.maximum(now_position - pos, 0)) / 5.0
    out[:, 1] = np.log1p(np.maximum(age_time, 0.0)) / 15.0
    out[:, 2] = np.asarray(episodes)[r] == now_episode
    out[:, 3:6] = np.asarray([role_one_hot(roles[i]) for i in rows], dtype=np.float32)
    if qset:
        out[:, 6] = [len(qset.intersection(turn_terms[i])) / len(qset) for i in rows]
    out[:, 7] = bm[r]
    names = set(query_speakers)
    out[:, 8] = [speakers[i].lower() in names for i in rows]
    out[:, 9] = np.log1p(cos_rank[r]) / 5.0
    out[:, 10] = np.where(bm25[r] > 0, np.log1p(bm25_rank[r]) / 5.0, 2.0)
    out[:, 11] = cosine[prev] * has_prev
    out[:, 12] = cosine[nxt] * has_next
    out[:, 13] = bm[prev] * has_prev
    out[:, 14] = bm[nxt] * has_next
    if query_asks_when:
        out[:, 15] = [bool(time_flags[i]) for i in rows]
    if tokens is not None:
        out[:, 16] = np.log1p(np.asarray(tokens, dtype=np.float64)[r]) / 8.0
    out[:, 17] = float(query_first_person)
    return out
