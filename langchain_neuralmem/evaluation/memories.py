"""The memories an evaluation compares, behind one tiny protocol, and the factory that builds them.

Every memory sees the same turns in the same order and answers ``context(query,
budget)`` with the prompt text it would hand an LLM; the harness measures that text
with one shared token counter. The neural memory and its ablations are built here;
the LangChain baselines live in :mod:`langchain_neuralmem.evaluation.baselines`.

Example:
    >>> from langchain_neuralmem.engine import _shared_minilm
    >>> from langchain_neuralmem.encoders.tokens import default_token_counter
    >>> from langchain_neuralmem.data.dialogue import DialogueTurn
    >>> mem = build_memory("recency", _shared_minilm("cpu"), default_token_counter(),
    ...                    session_id="demo", budgets=[64])
    >>> mem.add_session([DialogueTurn("Ann", "human", "My dog is Rex.")])
    >>> mem.context("dog?", 64)
    'Ann: My dog is Rex.'
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from langchain_neuralmem.config import RecallConfig
from langchain_neuralmem.encoders.base import Encoder
from langchain_neuralmem.engine import NeuralMemory, TurnInput
from langchain_neuralmem.nn.model import NeuralMemoryModel
from langchain_neuralmem.data.dialogue import DialogueTurn
from langchain_neuralmem.types import Turn

TokenCount = Callable[[str], int]

#: The ablations of the neural memory: same engine, same weights, switches off.
NEURAL_VARIANTS: dict[str, RecallConfig] = {
    "neural": RecallConfig(),
    "neural-no-state": RecallConfig(use_state=False),
    "neural-no-attention": RecallConfig(use_attention=False),
    "neural-no-hierarchy": RecallConfig(use_hierarchy=False),
    "cosine": RecallConfig(use_state=False, use_attention=False, use_hierarchy=False),
}
BASELINES: tuple[str, ...] = ("vector", "bm25", "recency")
MEMORY_NAMES: tuple[str, ...] = (*NEURAL_VARIANTS, *BASELINES)
DEFAULT_MEMORIES: tuple[str, ...] = ("neural", "vector", "bm25", "recency")


@runtime_checkable
class MemoryUnderTest(Protocol):
    """What the harness needs of a memory: replay turns, then build contexts.

    One instance holds one conversation (one ``session_id``).
    """

    name: str

    def add_session(self, turns: Sequence[DialogueTurn]) -> None:
        """Replay ``turns`` in order (a LoCoMo session, or the lines of a bAbI story)."""
        ...

    def context(self, query: str, budget: int) -> str:
        """The prompt text this memory gives for ``query`` within ``budget`` tokens."""
        ...

    def top_turns(self, query: str, k: int) -> str:
        """The ``k`` turns this memory prefers for ``query``, one per line (``--top-k`` mode)."""
        ...


def render(turn: DialogueTurn) -> str:
    """A turn as one prompt line, ``"Speaker: text"`` (the engine renders turns the same way)."""
    return f"{turn.speaker}: {turn.text}"


def pack_best_first(lines: Sequence[str], budget: int, count: TokenCount) -> list[str]:
    """Greedy fill: keep each line, best first, whose tokens still fit in ``budget``.

    A line too long for what is left is skipped and later (shorter) ones still tried,
    as the engine's own packing does. Lines are joined with newlines, which the
    WordPiece counter does not count; the caller measures the joined text anyway.

    Example:
        >>> pack_best_first(["a b c", "d e f g", "h"], 4, lambda s: len(s.split()))
        ['a b c', 'h']
    """
    kept: list[str] = []
    left = budget
    for line in lines:
        if left <= 0:
            break
        cost = count(line)
        if cost <= left:
            kept.append(line)
            left -= cost
    return kept


def memo_count(count: TokenCount) -> TokenCount:
    """``count`` with a per-text cache (baselines measure the same turn lines per query).

    Example:
        >>> calls = []
        >>> c = memo_count(lambda s: calls.append(s) or len(s))
        >>> c("abc"), c("abc"), len(calls)
        (3, 3, 1)
    """
    cache: dict[str, int] = {}

    def counted(text: str) -> int:
        if text not in cache:
            cache[text] = count(text)
        return cache[text]

    return counted


def fit_lines(text: str, budget: int, count: TokenCount) -> tuple[str, int]:
    """``text`` cut to ``budget`` tokens by dropping whole lines from the end; and its tokens."""
    tokens = count(text)
    lines = text.split("\n")
    while tokens > budget and lines:
        lines.pop()
        text = "\n".join(lines)
        tokens = count(text)
    return text, tokens


class NeuralMemoryUnderTest:
    """:class:`~langchain_neuralmem.engine.NeuralMemory` (or an ablation of it) under test.

    Each LoCoMo session is one ``add_turns`` call (one encoder batch), its first turn
    flagged as a new episode; turns keep their timestamps and speakers.

    Args:
        name: the name reported ("neural", "neural-no-state" ...).
        encoder: the shared encoder.
        model: the trained modules (shared by all variants: same weights).
        token_counter: the shared token counter.
        config: the recall switches of this variant.
        session_id: the conversation's id.

    Example:
        >>> from langchain_neuralmem.engine import _shared_minilm
        >>> from langchain_neuralmem.encoders.tokens import default_token_counter
        >>> mem = NeuralMemoryUnderTest("neural", _shared_minilm("cpu"),
        ...     NeuralMemoryModel.from_pretrained(device="cpu"), default_token_counter(),
        ...     RecallConfig(), session_id="demo")
        >>> mem.add_session([DialogueTurn("Ann", "human", "My dog is Rex.", timestamp=0.0)])
        >>> mem.context("What is my dog called?", 64)
        'Ann: My dog is Rex.'
    """

    def __init__(
        self,
        name: str,
        encoder: Encoder,
        model: NeuralMemoryModel,
        token_counter: TokenCount,
        config: RecallConfig,
        *,
        session_id: str,
    ) -> None:
        self.name = name
        self.session_id = session_id
        self.memory = NeuralMemory(
            ":memory:",
            encoder=encoder,
            model=model,
            token_counter=token_counter,
            config=config,
            device=model.device,
        )
        self._last_episode: int | None = None

    def add_session(self, turns: Sequence[DialogueTurn]) -> None:
        """One ``add_turns`` call; a new episode starts where the source's episode changes."""
        batch = []
        for t in turns:
            new_episode = self._last_episode is not None and t.episode != self._last_episode
            self._last_episode = t.episode
            batch.append(
                TurnInput(
                    content=t.text,
                    role=t.role,
                    speaker=t.speaker,
                    timestamp=t.timestamp,
                    new_episode=new_episode,
                )
            )
        self.memory.add_turns(batch, session_id=self.session_id)

    def context(self, query: str, budget: int) -> str:
        """``NeuralMemory.recall(query, max_tokens=budget).to_text()``."""
        return self.memory.recall(query, session_id=self.session_id, max_tokens=budget).to_text()

    def top_turns(self, query: str, k: int) -> str:
        """The engine's own preference order cut to ``k`` turns.

        The engine, when over budget, drops the weakest recalled turns first, then
        summaries, then the oldest recent turns; so its ``k`` favourite turns are the
        recent ones (newest first) then the recalled ones (best first). Summaries are
        not turns and are left out.
        """
        ctx = self.memory.recall(query, session_id=self.session_id, max_tokens=1 << 20)
        chosen = list(reversed(ctx.recent)) + [r.turn for r in ctx.recalled]
        seen: set[int] = set()
        kept: list[Turn] = []
        for t in chosen:
            if t.turn_id not in seen and len(kept) < k:
                seen.add(t.turn_id)
                kept.append(t)
        kept.sort(key=lambda t: t.position)
        return "\n".join(f"{t.speaker}: {t.content}" for t in kept)

    def close(self) -> None:
        """Free the in-memory database."""
        self.memory.close()


def load_weights(
    weights: NeuralMemoryModel | str | os.PathLike[str] | None, device: str | None = None
) -> NeuralMemoryModel:
    """A loaded model: ``weights`` itself, a checkpoint folder, or the shipped weights."""
    if isinstance(weights, NeuralMemoryModel):
        return weights
    return NeuralMemoryModel.from_pretrained(weights, device=device).eval()


def build_memory(
    name: str,
    encoder: Encoder,
    token_counter: TokenCount,
    weights: NeuralMemoryModel | str | os.PathLike[str] | None = None,
    *,
    session_id: str,
    budgets: Sequence[int] = (),
    vector_k: int = 200,
) -> MemoryUnderTest:
    """A fresh memory called ``name`` for one conversation.

    Args:
        name: one of :data:`MEMORY_NAMES`.
        encoder: the embedding model every memory that embeds uses.
        token_counter: the counter every budget is measured with.
        weights: loaded modules, a checkpoint folder, or ``None`` for the shipped
            weights (neural memories only; pass a loaded model to share it).
        session_id: the conversation's id.
        budgets: every budget ``context`` will be asked for (the recency buffer prunes
            while it is written, so it keeps one buffer per budget).
        vector_k: documents the vector baseline retrieves before packing.

    Raises:
        ValueError: an unknown name.
    """
    if name in NEURAL_VARIANTS:
        model = load_weights(weights)
        return NeuralMemoryUnderTest(
            name, encoder, model, token_counter, NEURAL_VARIANTS[name], session_id=session_id
        )
    from langchain_neuralmem.evaluation import baselines

    if name == "vector":
        return baselines.VectorBaseline(encoder, token_counter, k=vector_k)
    if name == "bm25":
        return baselines.BM25Baseline(token_counter)
    if name == "recency":
        return baselines.RecencyBaseline(token_counter, budgets=budgets)
    raise ValueError(f"unknown memory {name!r}; choose from {', '.join(MEMORY_NAMES)}")


def parse_memories(spec: str) -> list[str]:
    """``"neural,vector"`` -> ``["neural", "vector"]``, checked, duplicates dropped.

    Example:
        >>> parse_memories("neural, bm25,neural")
        ['neural', 'bm25']
    """
    names = list(dict.fromkeys(n.strip() for n in spec.split(",") if n.strip()))
    unknown = [n for n in names if n not in MEMORY_NAMES]
    if unknown or not names:
        raise ValueError(
            f"unknown memories {unknown or spec!r}; choose from {', '.join(MEMORY_NAMES)}"
        )
    return names
