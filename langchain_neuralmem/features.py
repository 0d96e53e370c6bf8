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

import itertools
import math
import re
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


def ranks_of(scores: np.ndarray, rows: np.ndarray, among: np.ndarray | None) -> np.ndarray:
    """0-based ranks of ``rows``' scores, highest first: among every row (``among=None``,
    ties broken by position, as :func:`_ranks`), or among the rows of the boolean mask
    ``among`` (the rows a large scope's search scored; ties share a rank).

    Example:
        >>> s = np.array([0.1, 0.9, 0.5], np.float32)
        >>> ranks_of(s, np.array([0, 2]), None).tolist(), ranks_of(s, np.array([0]), s > 0.3).tolist()
        ([2.0, 1.0], [2.0])
    """
    if among is None:
        return _ranks(scores)[rows]
    known = np.sort(-scores[among])
    return np.searchsorted(known, -scores[rows], side="left").astype(np.float32)


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
    cosine_known: np.ndarray | None = None,
    bm25_max: float | None = None,
) -> np.ndarray:
    """Query-turn features for the attention scorer, one row per candidate in ``rows``.

    The per-turn sequences (``positions`` ... ``time_flags``) and the scores ``cosine``
    and ``bm25`` cover *every* turn of the scope, in order, so ranks and neighbours
    are the same whichever candidates are scored. ``query_speakers`` are the lower-cased
    speaker names the query mentions; ``tokens`` are the turns' rendered lengths.

    A large scope's search scores only some rows by cosine: ``cosine_known`` masks them
    (it must include ``rows`` and their neighbours), and cosine ranks are taken among
    them. BM25 ranks only matter for rows that match, so they are taken among those.
    ``bm25_max``, if known, saves a pass over ``bm25``.
    """
    n = len(rows)
    out = np.zeros((n, len(PAIR_FEATURE_NAMES)), dtype=np.float32)
    if n == 0:
        return out
    r = np.asarray(rows, dtype=np.int64)
    qset = set(query_terms)
    top = bm25_max if bm25_max is not None else float(bm25.max()) if len(bm25) else 0.0
    prev, nxt = np.maximum(r - 1, 0), np.minimum(r + 1, len(cosine) - 1)
    bm_r, bm_prev, bm_next = (
        (bm25[i] / top if top > 0 else np.zeros(len(i), bm25.dtype)) for i in (r, prev, nxt)
    )
    cos_rank = ranks_of(cosine, r, cosine_known)
    bm25_rank = ranks_of(bm25, r, None if cosine_known is None else bm25 > 0)
    has_prev, has_next = (prev != r).astype(np.float32), (nxt != r).astype(np.float32)
    pos = np.asarray(positions, dtype=np.float64)[r]
    age_time = now_time - np.asarray(times, dtype=np.float64)[r]
    out[:, 0] = np.log1p(np.maximum(now_position - pos, 0)) / 5.0
    out[:, 1] = np.log1p(np.maximum(age_time, 0.0)) / 15.0
    out[:, 2] = np.asarray(episodes)[r] == now_episode
    out[:, 3:6] = np.asarray([role_one_hot(roles[i]) for i in rows], dtype=np.float32)
    if qset:
        out[:, 6] = [len(qset.intersection(turn_terms[i])) / len(qset) for i in rows]
    out[:, 7] = bm_r
    names = set(query_speakers)
    out[:, 8] = [speakers[i].lower() in names for i in rows]
    out[:, 9] = np.log1p(cos_rank) / 5.0
    out[:, 10] = np.where(bm25[r] > 0, np.log1p(bm25_rank) / 5.0, 2.0)
    out[:, 11] = cosine[prev] * has_prev
    out[:, 12] = cosine[nxt] * has_next
    out[:, 13] = bm_prev * has_prev
    out[:, 14] = bm_next * has_next
    if query_asks_when:
        out[:, 15] = [bool(time_flags[i]) for i in rows]
    if tokens is not None:
        out[:, 16] = np.log1p(np.asarray(tokens, dtype=np.float64)[r]) / 8.0
    out[:, 17] = float(query_first_person)
    return out
