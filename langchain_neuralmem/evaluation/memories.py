"""The memories an evaluation compares, behind one tiny protocol, and the factory that builds them.

Every memory sees the same turns in the same order and answers ``context(query,
budget)`` with the prompt text it would hand an LLM; the harness measures that text
with one shared token counter. The neural memory and its ablations are built here;
the LangChain baselines (``vector``, ``bm25``, ``recency``, ``hybrid``) live in
:mod:`langchain_neuralmem.evaluation.baselines`, and what both share (the
:class:`MemoryUnderTest` protocol, turn rendering, budget packing) in
:mod:`langchain_neuralmem.evaluation.packing`.

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

import dataclasses
import os
from collections.abc import Sequence

from langchain_neuralmem.combining import BudgetSplit
from langchain_neuralmem.config import RecallConfig
from langchain_neuralmem.encoders.base import Encoder
from langchain_neuralmem.evaluation.combined import CombinedUnderTest
from langchain_neuralmem.evaluation.neural_memory import NeuralMemoryUnderTest

# Re-exported: the shared pieces live in ``packing`` so that ``baselines`` needs
# nothing from this module (imports run packing <- baselines <- memories).
from langchain_neuralmem.evaluation.packing import (
    MemoryUnderTest,
    TokenCount,
    fit_lines,
    memo_count,
    pack_best_first,
    render,
)
from langchain_neuralmem.nn.model import NeuralMemoryModel

__all__ = [
    "BASELINES",
    "DEFAULT_MEMORIES",
    "MEMORY_NAMES",
    "NEURAL_VARIANTS",
    "SPLIT_NOTE",
    "SPLIT_SESSIONS",
    "SPLIT_SUFFIX",
    "MemoryUnderTest",
    "NeuralMemoryUnderTest",
    "TokenCount",
    "build_memory",
    "fit_lines",
    "load_weights",
    "memo_count",
    "pack_best_first",
    "parse_memories",
    "render",
    "with_split_sessions",
]

#: The ablations of the neural memory: same engine, same weights, switches off.
NEURAL_VARIANTS: dict[str, RecallConfig] = {
    "neural": RecallConfig(),
    "neural-no-state": RecallConfig(use_state=False),
    "neural-no-attention": RecallConfig(use_attention=False),
    "neural-no-hierarchy": RecallConfig(use_hierarchy=False),
    "neural-prior-only": RecallConfig(use_residual=False),
    "neural-no-passages": RecallConfig(passage_turns=0),
    "cosine": RecallConfig(use_state=False, use_attention=False, use_hierarchy=False),
}
#: The LangChain baselines (see :mod:`~langchain_neuralmem.evaluation.baselines`).
BASELINES: tuple[str, ...] = ("vector", "bm25", "recency", "hybrid")
#: The combined memory (recent window + neural recall + FAISS retriever + summaries under
#: one budget; see :mod:`~langchain_neuralmem.evaluation.combined`).
COMBINED: tuple[str, ...] = ("combined",)
#: Each neural variant replayed with every session under its own id and asked from a new
#: session with ``scope="user"`` (``--sessions split``): recall across sessions.
SPLIT_SUFFIX = "-sessions"
SPLIT_SESSIONS: tuple[str, ...] = tuple(f"{n}{SPLIT_SUFFIX}" for n in NEURAL_VARIANTS)
MEMORY_NAMES: tuple[str, ...] = (*NEURAL_VARIANTS, *BASELINES, *COMBINED, *SPLIT_SESSIONS)
SPLIT_NOTE = (
    "<name>-sessions rows: each LoCoMo session written under its own session id of one "
    "user, every question asked from a new session with scope='user'; the other rows hold "
    "the whole conversation in one session, as before. Same run, same questions; vs gives "
    "the paired difference."
)


def with_split_sessions(memories: Sequence[str]) -> list[str] | None:
    """``memories`` plus the ``-sessions`` twin of each neural variant among them (``None``
    when there is none).

    Example:
        >>> with_split_sessions(["neural", "vector"])
        ['neural', 'vector', 'neural-sessions']
    """
    twins = [f"{m}{SPLIT_SUFFIX}" for m in memories if m in NEURAL_VARIANTS]
    return list(dict.fromkeys([*memories, *twins])) if twins else None


#: What ``neuralmem eval locomo`` compares unless told otherwise.
DEFAULT_MEMORIES: tuple[str, ...] = ("neural", "vector", "bm25", "recency", "hybrid")


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
    dates: bool = False,
    split: BudgetSplit | None = None,
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
        vector_k: documents the vector baseline retrieves before packing (and each of
            the hybrid baseline's two retrievers).
        dates: show each turn's day in the context (``[8 May 2023] Ann: ...``), paid for
            in the budget, in every memory but ``recency`` (LangChain's buffer has no
            dates). Off for evidence recall (as measured since issue 7), on for QA.
        split: the combined memory's budget split (default: the shipped one).

    Raises:
        ValueError: an unknown name.
    """
    variant = name.removesuffix(SPLIT_SUFFIX)
    if variant in NEURAL_VARIANTS:
        model = load_weights(weights)
        config = dataclasses.replace(NEURAL_VARIANTS[variant], show_dates=dates)
        return NeuralMemoryUnderTest(
            name,
            encoder,
            model,
            token_counter,
            config,
            session_id=session_id,
            split_sessions=name != variant,
        )
    if name == "combined":
        return CombinedUnderTest(
            encoder,
            load_weights(weights),
            token_counter,
            session_id=session_id,
            split=split or BudgetSplit(),
            dates=dates,
        )
    from langchain_neuralmem.evaluation import baselines

    if name == "vector":
        return baselines.VectorBaseline(encoder, token_counter, k=vector_k, dates=dates)
    if name == "bm25":
        return baselines.BM25Baseline(token_counter, dates=dates)
    if name == "recency":
        return baselines.RecencyBaseline(token_counter, budgets=budgets)
    if name == "hybrid":
        return baselines.HybridBaseline(encoder, token_counter, k=vector_k, dates=dates)
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
