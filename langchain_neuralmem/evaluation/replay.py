"""Replay one conversation (or bAbI story) into a fresh memory and score every question.

A LoCoMo conversation is replayed session by session, then each question is asked at
every budget (after one untimed warm-up query); a bAbI story is replayed up to each
question's line and the question asked there. Every context is measured with the
shared token counter, cut to its budget if the memory overflowed (counted in
:attr:`Tally.overflows`), scored by evidence recall and added to the memory's
:class:`Tally`.

Example:
    >>> from langchain_neuralmem.data.dialogue import Dialogue, DialogueTurn, EvidenceQuestion
    >>> dialogue = Dialogue("demo", [DialogueTurn("Ann", "human", "My dog is Rex."),
    ...                              DialogueTurn("Bob", "ai", "I love tea.")],
    ...                     [EvidenceQuestion("What is Ann's dog called?", "Rex", [0])])
    >>> setup = shared_setup(["bm25"], device="cpu")
    >>> tally = Tally()
    >>> replay_conversation("bm25", dialogue, dialogue.questions, ["4"], [64], setup, tally)
    >>> tally.scores[64][0].recall
    1.0
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from langchain_neuralmem.data.dialogue import Dialogue, DialogueTurn, EvidenceQuestion
from langchain_neuralmem.encoders.base import Encoder
from langchain_neuralmem.evaluation.cache import CachingEncoder
from langchain_neuralmem.evaluation.memories import (
    COMBINED,
    NEURAL_VARIANTS,
    SPLIT_SUFFIX,
    build_memory,
    load_weights,
)
from langchain_neuralmem.evaluation.metrics import QuestionScore, evidence_recall
from langchain_neuralmem.evaluation.packing import MemoryUnderTest, TokenCount, fit_lines, render
from langchain_neuralmem.nn.model import NeuralMemoryModel

__all__ = [
    "DEFAULT_TOKENIZER_NAME",
    "EMBEDDING_BASELINES",
    "Setup",
    "Tally",
    "ask",
    "close_memory",
    "embed_timing",
    "embeds",
    "fresh_memory",
    "prepare_embeddings",
    "replay_conversation",
    "replay_story",
    "sessions_of",
    "shared_setup",
]

#: Baselines that embed "Speaker: text" documents with the shared encoder.
EMBEDDING_BASELINES: tuple[str, ...] = ("vector", "hybrid")
DEFAULT_TOKENIZER_NAME = "sentence-transformers/all-MiniLM-L6-v2 (WordPiece)"


@dataclass
class Tally:
    """Scores of one memory across a run.

    Attributes:
        scores: per budget (``0`` in a bAbI run), the score of every question asked.
        overflows: contexts that were over their budget (and were cut to it).
        replay_s: seconds spent replaying turns into the memory.
    """

    scores: dict[int, list[QuestionScore]] = field(default_factory=dict)
    overflows: int = 0
    replay_s: float = 0.0


@dataclass
class Setup:
    """What every memory of a run shares.

    Attributes:
        encoder: the shared encoder, cached across memories.
        count: the shared token counter.
        tokenizer: the counter's name, for the report.
        model: the trained modules of the neural memories (``None`` if none is run).
    """

    encoder: CachingEncoder
    count: TokenCount
    tokenizer: str
    model: NeuralMemoryModel | None


def shared_setup(
    memories: Sequence[str],
    *,
    encoder: Encoder | None = None,
    token_counter: TokenCount | None = None,
    weights: NeuralMemoryModel | str | os.PathLike[str] | None = None,
    device: str | None = None,
) -> Setup:
    """The encoder, token counter and weights every memory of a run shares.

    ``None`` means the packaged all-MiniLM-L6-v2 encoder, its WordPiece tokenizer and
    the shipped weights (loaded only when a neural memory is among ``memories``).
    """
    from langchain_neuralmem.encoders.minilm import pick_device
    from langchain_neuralmem.encoders.tokens import default_token_counter
    from langchain_neuralmem.engine import _shared_minilm

    if encoder is None:
        encoder = _shared_minilm(str(pick_device(device)))
    cached = encoder if isinstance(encoder, CachingEncoder) else CachingEncoder(encoder)
    if token_counter is None:
        count: TokenCount = default_token_counter()
        name = DEFAULT_TOKENIZER_NAME
    else:
        count = token_counter
        name = str(getattr(token_counter, "name", type(token_counter).__name__))
    needs_model = any(map(uses_engine, memories))
    model = load_weights(weights, device) if needs_model else None
    return Setup(cached, count, name, model)


def embeds(name: str) -> bool:
    """Whether the memory called ``name`` uses the encoder."""
    return uses_engine(name) or name in EMBEDDING_BASELINES


def uses_engine(name: str) -> bool:
    """Whether the memory called ``name`` runs the neural engine (and needs the weights)."""
    return name.removesuffix(SPLIT_SUFFIX) in NEURAL_VARIANTS or name in COMBINED


def _turn_texts(memories: Sequence[str], turns: Sequence[DialogueTurn]) -> list[str]:
    """What the embedding memories will embed: raw turns (neural), "Speaker: text" (vector, hybrid)."""
    texts: list[str] = []
    if any(map(uses_engine, memories)):
        texts += [t.text for t in turns]
    if any(m in EMBEDDING_BASELINES for m in memories):
        texts += [render(t) for t in turns]
    return texts


def prepare_embeddings(
    setup: Setup,
    memories: Sequence[str],
    questions: Sequence[EvidenceQuestion],
    turns: Sequence[DialogueTurn],
) -> float:
    """Embed the questions and turns once for all ``memories`` (into the cache); seconds taken.

    Nothing is embedded (``0.0``) when none of ``memories`` uses the encoder.
    """
    if not any(map(embeds, memories)):
        return 0.0
    t0 = time.perf_counter()
    setup.encoder.warm([q.question for q in questions] + _turn_texts(memories, turns))
    return time.perf_counter() - t0


def embed_timing(encoder: CachingEncoder, queries: Sequence[str], limit: int) -> list[float]:
    """Milliseconds of one uncached encoder pass per query, for the first ``limit`` queries."""
    out = []
    for q in list(queries)[:limit]:
        t0 = time.perf_counter()
        encoder.base.encode_one(q)
        out.append((time.perf_counter() - t0) * 1000.0)
    return out


def ask(
    memory: MemoryUnderTest,
    query: str,
    *,
    budget: int | None,
    top_k: int | None,
    count: TokenCount,
) -> tuple[str, int, float, bool]:
    """One context: its text (cut to the budget), tokens, milliseconds, and if it overflowed."""
    t0 = time.perf_counter()
    if top_k is not None:
        text = memory.top_turns(query, top_k)
    else:
        assert budget is not None
        text = memory.context(query, budget)
    ms = (time.perf_counter() - t0) * 1000.0
    tokens = count(text)
    overflow = budget is not None and tokens > budget
    if overflow:
        assert budget is not None
        text, tokens = fit_lines(text, budget, count)
    return text, tokens, ms, overflow


def _score(
    memory: MemoryUnderTest,
    tally: Tally,
    question: EvidenceQuestion,
    turns: Sequence[DialogueTurn],
    *,
    key: int,
    budget: int | None,
    top_k: int | None,
    count: TokenCount,
    category: str,
    kind: str = "",
    conversation: str = "",
) -> None:
    """Ask ``question`` once and add its evidence recall to ``tally.scores[key]``."""
    text, tokens, ms, overflow = ask(
        memory, question.question, budget=budget, top_k=top_k, count=count
    )
    tally.overflows += int(overflow)
    evidence = [turns[i].text for i in question.evidence]
    tally.scores.setdefault(key, []).append(
        QuestionScore(
            category,
            evidence_recall(text, evidence),
            tokens,
            ms,
            kind=kind,
            conversation=conversation,
        )
    )


def fresh_memory(
    name: str,
    setup: Setup,
    session_id: str,
    budgets: Sequence[int],
    vector_k: int = 200,
    dates: bool = False,
) -> MemoryUnderTest:
    """A new memory called ``name`` on the run's shared encoder, counter and weights."""
    return build_memory(
        name,
        setup.encoder,
        setup.count,
        setup.model,
        session_id=session_id,
        budgets=budgets,
        vector_k=vector_k,
        dates=dates,
    )


def close_memory(memory: MemoryUnderTest) -> None:
    """Free what the memory holds (an in-memory database), if it can be closed."""
    close: Callable[[], None] | None = getattr(memory, "close", None)
    if close is not None:
        close()


def sessions_of(turns: Sequence[DialogueTurn]) -> list[list[DialogueTurn]]:
    """Consecutive turns grouped by their episode (a LoCoMo session)."""
    return [list(g) for _, g in groupby(turns, key=lambda t: t.episode)]


def replay_conversation(
    name: str,
    dialogue: Dialogue,
    questions: Sequence[EvidenceQuestion],
    categories: Sequence[str],
    budgets: Sequence[int],
    setup: Setup,
    tally: Tally,
    *,
    vector_k: int = 200,
    bar: Any = None,
    dates: bool = False,
) -> None:
    """Replay one whole conversation into a fresh memory, then ask every question.

    Each question is asked at every budget (scores under ``tally.scores[budget]``),
    after one untimed warm-up query at ``budgets[0]``; ``bar`` (a tqdm bar) advances
    once per question.
    """
    memory = fresh_memory(name, setup, dialogue.dialogue_id, budgets, vector_k, dates)
    t0 = time.perf_counter()
    for session in sessions_of(dialogue.turns):
        memory.add_session(session)
    tally.replay_s += time.perf_counter() - t0
    if questions:
        memory.context(questions[0].question, budgets[0])  # warm-up, untimed
    for q, category in zip(questions, categories, strict=True):
        for b in budgets:
            _score(
                memory,
                tally,
                q,
                dialogue.turns,
                key=b,
                budget=b,
                top_k=None,
                count=setup.count,
                category=category,
                kind=q.kind,
                conversation=dialogue.dialogue_id,
            )
        if bar is not None:
            bar.update(1)
            bar.set_postfix_str(f"{dialogue.dialogue_id} {name}", refresh=False)
    close_memory(memory)


def replay_story(
    name: str,
    story: Dialogue,
    setup: Setup,
    tally: Tally,
    *,
    budget: int | None,
    top_k: int | None,
    bar: Any = None,
) -> None:
    """Replay a bAbI story line by line into a fresh memory, asking each question in place.

    A question is asked right after the lines before it, with ``budget`` tokens or
    ``top_k`` turns; its score (labelled by its task) goes under ``tally.scores[0]``.
    """
    memory = fresh_memory(name, setup, story.dialogue_id, [budget] if budget is not None else [])
    seen = 0
    for q in story.questions:
        upto = len(story.turns) if q.asked_after is None else q.asked_after
        t0 = time.perf_counter()
        if upto > seen:
            memory.add_session(story.turns[seen:upto])
            seen = upto
        tally.replay_s += time.perf_counter() - t0
        _score(
            memory,
            tally,
            q,
            story.turns,
            key=0,
            budget=budget,
            top_k=top_k,
            count=setup.count,
            category=q.kind,
        )
        if bar is not None:
            bar.update(1)
    close_memory(memory)
