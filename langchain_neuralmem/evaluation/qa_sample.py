"""A seeded sample of a LoCoMo file's questions, balanced over categories and conversations.

Example:
    >>> from langchain_neuralmem.data.dialogue import Dialogue, EvidenceQuestion
    >>> qs = [EvidenceQuestion(str(i), "", [0]) for i in range(4)]
    >>> s = [LoCoMoSample(Dialogue("a", [], qs), [1, 1, 4, 4], 0)]
    >>> sorted(i.category for i in sample_questions(s, 2, seed=1))
    ['1', '4']
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from langchain_neuralmem.data.locomo import LoCoMoSample
from langchain_neuralmem.evaluation.qa_report import EXCLUDED, category_counts

__all__ = ["QAItem", "file_shares", "sample_questions"]


@dataclass(frozen=True, order=True)
class QAItem:
    """One sampled question: where it is in the loaded file, and its category.

    Attributes:
        conversation: index of its conversation in the loaded samples.
        question: index in that conversation's ``dialogue.questions``.
        category: its LoCoMo category as a string ("1".."5").

    Example:
        >>> QAItem(0, 3, "4") < QAItem(1, 0, "1")
        True
    """

    conversation: int
    question: int
    category: str


def sample_questions(
    samples: Sequence[LoCoMoSample], limit: int | None, *, seed: int = 0
) -> list[QAItem]:
    """A deterministic sample of ``limit`` questions, balanced over categories and conversations.

    Each category's questions are shuffled (``seed``) within each conversation, then
    dealt round-robin over the conversations (in a shuffled order); the categories then
    take turns, one question each, until ``limit`` are taken (a category that runs out
    leaves its turns to the others). So every category gets an equal share where it
    has enough questions, and within a category the conversations do. ``None`` takes
    every question. The result is in file order.

    Example:
        >>> from langchain_neuralmem.data.dialogue import Dialogue, EvidenceQuestion
        >>> qs = [EvidenceQuestion(str(i), "", [0]) for i in range(6)]
        >>> s = [LoCoMoSample(Dialogue("a", [], qs), [1, 1, 1, 1, 2, 5], 0)]
        >>> sorted(i.category for i in sample_questions(s, 4))
        ['1', '1', '2', '5']
    """
    if limit is not None and limit <= 0:
        raise ValueError(f"limit must be positive, got {limit}")
    rng = random.Random(seed)
    by_category: dict[str, list[list[QAItem]]] = {}
    for c, sample in enumerate(samples):
        mine: dict[str, list[QAItem]] = {}
        for q, number in enumerate(sample.categories[: len(sample.dialogue.questions)]):
            mine.setdefault(str(number), []).append(QAItem(c, q, str(number)))
        for label, items in mine.items():
            by_category.setdefault(label, []).append(items)
    queues: dict[str, list[QAItem]] = {}
    for cat in sorted(by_category, key=lambda k: (len(k), k)):
        per_conversation = by_category[cat]
        for items in per_conversation:
            rng.shuffle(items)
        rng.shuffle(per_conversation)
        dealt = [
            items[r]
            for r in range(max(map(len, per_conversation)))
            for items in per_conversation
            if r < len(items)
        ]
        queues[cat] = dealt
    total = sum(map(len, queues.values()))
    want = total if limit is None else min(limit, total)
    chosen: list[QAItem] = []
    depth = 0
    while len(chosen) < want:
        for queue in queues.values():
            if depth < len(queue) and len(chosen) < want:
                chosen.append(queue[depth])
        depth += 1
    return sorted(chosen)


def file_shares(samples: Sequence[LoCoMoSample]) -> dict[str, float]:
    """Each headline category's share of the file's questions (categories 1-4 only).

    Example:
        >>> from langchain_neuralmem.data.dialogue import Dialogue, EvidenceQuestion
        >>> qs = [EvidenceQuestion(str(i), "", [0]) for i in range(4)]
        >>> file_shares([LoCoMoSample(Dialogue("a", [], qs), [1, 4, 4, 5], 0)])
        {'1': 0.3333333333333333, '4': 0.6666666666666666}
    """
    counts = category_counts(
        str(c)
        for s in samples
        for c in s.categories[: len(s.dialogue.questions)]
        if str(c) not in EXCLUDED
    )
    total = sum(counts.values())
    return {k: v / total for k, v in counts.items()} if total else {}
