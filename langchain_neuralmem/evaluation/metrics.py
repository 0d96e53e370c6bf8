"""Evidence recall of one question, and how per-question scores are aggregated. Pure Python.

A gold evidence turn counts as *present* when its text occurs verbatim in the context
string (a substring test), up to whitespace: runs of spaces, tabs and newlines are
collapsed on both sides first, so a memory that re-wraps a turn is not penalised, but
one that paraphrases or truncates it is.

Example:
    >>> evidence_recall("Ann: My dog is Rex.\\nBob: Nice!", ["My dog is Rex.", "I like tea."])
    0.5
    >>> percentile([1.0, 2.0, 3.0, 4.0], 50)
    2.5
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")


def normalise_space(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return _SPACE.sub(" ", text).strip()


def evidence_hits(context: str, evidence_texts: Sequence[str]) -> list[bool]:
    """For each evidence text, whether it occurs verbatim (up to whitespace) in ``context``.

    Raises:
        ValueError: an evidence text is empty or only whitespace (it would match anything).
    """
    haystack = normalise_space(context)
    hits = []
    for text in evidence_texts:
        needle = normalise_space(text)
        if not needle:
            raise ValueError("an evidence text is empty; it would be found in any context")
        hits.append(needle in haystack)
    return hits


def evidence_recall(context: str, evidence_texts: Sequence[str]) -> float:
    """Share of ``evidence_texts`` present verbatim in ``context`` (0.0 to 1.0).

    Each evidence entry counts once, even if two entries have the same text.

    Raises:
        ValueError: no evidence was given, or an evidence text is empty.
    """
    if not evidence_texts:
        raise ValueError("a question needs at least one evidence text to be scored")
    hits = evidence_hits(context, evidence_texts)
    return sum(hits) / len(hits)


def ambiguous_evidence(texts: Sequence[str], index: int, upto: int | None = None) -> bool:
    """Whether turn ``index``'s text also occurs inside another of the first ``upto`` turns.

    Such evidence can be credited to a memory that holds the other turn instead: worth
    counting and reporting (bAbI repeats lines; LoCoMo's dev split has none).
    """
    needle = normalise_space(texts[index])
    end = len(texts) if upto is None else upto
    return any(i != index and needle in normalise_space(texts[i]) for i in range(end))


def mean(values: Iterable[float]) -> float:
    """Arithmetic mean; ``nan`` for no values."""
    vals = list(values)
    return sum(vals) / len(vals) if vals else math.nan


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation (numpy's default).

    Raises:
        ValueError: ``q`` is outside [0, 100].
    """
    if not 0.0 <= q <= 100.0:
        raise ValueError(f"percentile q must be in [0, 100], got {q}")
    vals = sorted(values)
    if not vals:
        return math.nan
    pos = (len(vals) - 1) * q / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(vals) - 1)
    return vals[lo] + (vals[hi] - vals[lo]) * (pos - lo)


@dataclass(frozen=True)
class QuestionScore:
    """One question asked of one memory at one budget.

    Attributes:
        category: the question's label (LoCoMo category "1".."5", bAbI task "qa1" ...);
            what ``excluded`` and ``by_category`` of :func:`summarize` look at.
        recall: its evidence recall (0.0 to 1.0).
        tokens: tokens of the context it was given.
        ms: how long the memory took to build that context, in milliseconds.
        kind: the question's own label (``EvidenceQuestion.kind``) when it is not just
            ``category`` (e.g. "temporal", "update"); ``""`` = same as ``category``.
        conversation: the conversation (LoCoMo ``sample_id``) it was asked in.

    Example:
        >>> QuestionScore("4", 1.0, tokens=120, ms=3.5).recall
        1.0
    """

    category: str
    recall: float
    tokens: int = 0
    ms: float = 0.0
    kind: str = ""
    conversation: str = ""

    @property
    def label(self) -> str:
        """``kind``, or ``category`` when the question has no kind of its own."""
        return self.kind or self.category


def by_category(scores: Iterable[QuestionScore]) -> dict[str, float]:
    """Mean recall per category, keys in natural order ("2" before "10", "qa2" before "qa10")."""
    groups: dict[str, list[float]] = {}
    for s in scores:
        groups.setdefault(s.category, []).append(s.recall)
    return {k: mean(groups[k]) for k in sorted(groups, key=_natural_key)}


def by_kind(scores: Iterable[QuestionScore]) -> dict[str, float]:
    """Mean recall per :attr:`QuestionScore.label` (the kind, else the category), natural order.

    Example:
        >>> by_kind([QuestionScore("1", 1.0, kind="temporal"), QuestionScore("2", 0.0)])
        {'2': 0.0, 'temporal': 1.0}
    """
    groups: dict[str, list[float]] = {}
    for s in scores:
        groups.setdefault(s.label, []).append(s.recall)
    return {k: mean(groups[k]) for k in sorted(groups, key=_natural_key)}


def has_own_kinds(scores: Iterable[QuestionScore]) -> bool:
    """Whether some question's kind differs from its category (then ``by_kind`` says more).

    Example:
        >>> has_own_kinds([QuestionScore("1", 1.0, kind="1")])
        False
        >>> has_own_kinds([QuestionScore("1", 1.0, kind="multi-hop")])
        True
    """
    return any(s.label != s.category for s in scores)


def by_conversation(
    scores: Iterable[QuestionScore], *, excluded: Iterable[str] = ()
) -> dict[str, float | None]:
    """Mean recall per conversation, in order of first appearance, ``excluded`` categories left out.

    A conversation whose every question is excluded maps to ``None``.

    Example:
        >>> s = [QuestionScore("1", 1.0, conversation="b"), QuestionScore("1", 0.0, conversation="a"),
        ...      QuestionScore("2", 0.5, conversation="b"), QuestionScore("5", 1.0, conversation="c")]
        >>> by_conversation(s, excluded=["5"])
        {'b': 0.75, 'a': 0.0, 'c': None}
    """
    skip = set(excluded)
    groups: dict[str, list[float]] = {}
    for s in scores:
        group = groups.setdefault(s.conversation, [])
        if s.category not in skip:
            group.append(s.recall)
    return {k: (mean(v) if v else None) for k, v in groups.items()}


def _natural_key(label: str) -> tuple[str, int, str]:
    m = re.fullmatch(r"(\D*)(\d+)(.*)", label)
    return (m.group(1), int(m.group(2)), m.group(3)) if m else (label, -1, "")


def summarize(
    scores: Sequence[QuestionScore],
    *,
    excluded: Iterable[str] = (),
    digits: int = 4,
    conversations: bool = False,
) -> dict[str, object]:
    """The per-memory figures of a run.

    ``evidence_recall`` and ``by_category`` cover every category but ``excluded``
    (reported on their own under ``category_<label>``); context tokens and latency
    cover every question asked. When some question's kind is not its category,
    ``by_kind`` / ``questions_by_kind`` give recall per kind over the same questions
    as the headline; with ``conversations``, ``by_conversation`` gives it per
    conversation.

    Example:
        >>> s = [QuestionScore("1", 1.0, 10, 2.0), QuestionScore("5", 0.0, 20, 4.0)]
        >>> out = summarize(s, excluded=["5"])
        >>> out["evidence_recall"], out["category_5"]["evidence_recall"], out["context_tokens_mean"]
        (1.0, 0.0, 15.0)
    """
    skip = set(excluded)
    kept = [s for s in scores if s.category not in skip]
    out: dict[str, object] = {
        "evidence_recall": _round(mean(s.recall for s in kept), digits),
        "all_evidence_rate": _round(mean(float(s.recall == 1.0) for s in kept), digits),
        "by_category": {k: _round(v, digits) for k, v in by_category(kept).items()},
        "questions": len(kept),
        "questions_by_category": _counts(kept),
        "context_tokens_mean": _round(mean(s.tokens for s in scores), 2),
        "context_tokens_max": max((s.tokens for s in scores), default=0),
        "recall_ms_p50": _round(percentile([s.ms for s in scores], 50), 3),
        "recall_ms_p95": _round(percentile([s.ms for s in scores], 95), 3),
    }
    if has_own_kinds(scores):
        out["by_kind"] = {k: _round(v, digits) for k, v in by_kind(kept).items()}
        out["questions_by_kind"] = _counts(kept, kind=True)
    if conversations:
        out["by_conversation"] = {
            k: None if v is None else _round(v, digits)
            for k, v in by_conversation(scores, excluded=skip).items()
        }
    for label in sorted(skip, key=_natural_key):
        group = [s for s in scores if s.category == label]
        out[f"category_{label}"] = {
            "evidence_recall": _round(mean(s.recall for s in group), digits),
            "questions": len(group),
        }
    return out


def _counts(scores: Iterable[QuestionScore], *, kind: bool = False) -> dict[str, int]:
    counts: dict[str, int] = {}
    for s in scores:
        key = s.label if kind else s.category
        counts[key] = counts.get(key, 0) + 1
    return {k: counts[k] for k in sorted(counts, key=_natural_key)}


def _round(value: float, digits: int) -> float | None:
    """Rounded for the JSON; ``None`` (JSON null) for a mean over nothing."""
    return None if math.isnan(value) else round(value, digits)


def mean_of(table: Mapping[str, float | None]) -> float | None:
    """Mean of the non-null values of a ``{label: value}`` table (``None`` if all null)."""
    vals = [v for v in table.values() if v is not None]
    return sum(vals) / len(vals) if vals else None
