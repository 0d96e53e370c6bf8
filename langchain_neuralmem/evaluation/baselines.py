"""The baselines, run through LangChain's own memory classes where LangChain has one.

* ``bm25``: ``rank_bm25.BM25Okapi`` over the turns (LangChain has no BM25 memory).
* ``recency``: ``ConversationTokenBufferMemory`` with ``max_token_limit`` = the budget.
* ``vector`` and ``hybrid``: a FAISS store searched alone (``VectorStoreRetrieverMemory``)
  or fused with BM25 (``EnsembleRetriever``); they live in
  :mod:`langchain_neuralmem.evaluation.vector_baselines` and are re-exported here, so
  every baseline can be imported from this module.

All of them measure budgets with the shared token counter.

Example:
    >>> from langchain_neuralmem.encoders.tokens import default_token_counter
    >>> from langchain_neuralmem.data.dialogue import DialogueTurn
    >>> bm25 = BM25Baseline(default_token_counter())
    >>> bm25.add_session([DialogueTurn("Ann", "human", "My dog is Rex."),
    ...                   DialogueTurn("Bob", "ai", "I love tea."),
    ...                   DialogueTurn("Ann", "human", "Me too.")])
    >>> bm25.context("What is the dog called?", 8)
    'Ann: My dog is Rex.'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import BaseMessage, get_buffer_string

from langchain_neuralmem.data.dialogue import DialogueTurn
from langchain_neuralmem.evaluation.packing import (
    RankedBaseline,
    TokenCount,
    memo_count,
    quiet_deprecations,
    render,
)

# Re-exported: the FAISS baselines live in their own module.
from langchain_neuralmem.evaluation.vector_baselines import (
    HybridBaseline,
    VectorBaseline,
    faiss_store,
)

__all__ = [
    "BM25Baseline",
    "HybridBaseline",
    "RecencyBaseline",
    "VectorBaseline",
    "bm25_terms",
    "faiss_store",
]

_WORD = re.compile(r"\w+")


def bm25_terms(text: str) -> list[str]:
    """Lower-cased word tokens (``\\w+``)."""
    return _WORD.findall(text.lower())


class BM25Baseline(RankedBaseline):
    """``rank_bm25.BM25Okapi`` over ``"Speaker: text"`` turns, filling the budget best first.

    Ties (often: turns sharing no word with the query) go to the newer turn, so the
    budget is always filled the same way. Note that Okapi's idf is zero for a word in
    exactly half the turns and floored near zero above that, so on a corpus of two or
    three turns (the start of a bAbI story) BM25 often scores every turn 0 and this
    baseline falls back to recency.

    Args:
        token_counter: the shared token counter.
    """

    name = "bm25"

    def __init__(self, token_counter: TokenCount, *, dates: bool = False) -> None:
        self.dates = dates
        self.count = token_counter
        self.line_count = memo_count(token_counter)
        self.lines: list[str] = []
        self._tokens: list[list[str]] = []
        self._bm25: Any = None

    def add_session(self, turns: Sequence[DialogueTurn]) -> None:
        """Append the turns (the index is rebuilt at the next query)."""
        for t in turns:
            self.lines.append(render(t, dates=self.dates))
            self._tokens.append(bm25_terms(render(t)))
        self._bm25 = None

    def _ranked(self, query: str) -> list[str]:
        if not self.lines:
            return []
        if self._bm25 is None:
            from rank_bm25 import BM25Okapi

            self._bm25 = BM25Okapi(self._tokens)
        scores = self._bm25.get_scores(bm25_terms(query))
        order = sorted(range(len(self.lines)), key=lambda i: (-float(scores[i]), -i))
        return [self.lines[i] for i in order]


def _fake_llm_class() -> type:
    """A fake LLM whose only job is counting tokens with our counter.

    ``ConversationTokenBufferMemory`` needs an ``llm`` solely for
    ``get_num_tokens_from_messages`` when it prunes; it never generates. The default
    count of a LangChain LLM is GPT-2's tokenizer over each message rendered with
    "Human:"/"AI:" prefixes, which is neither our tokenizer nor the text the memory
    returns. So both counting methods are overridden: a message list costs what the
    shared counter says the buffer *as returned* (with the memory's speaker
    prefixes) costs, and ``max_token_limit`` means the same tokens as every other
    memory's budget.
    """
    from langchain_core.language_models.fake import FakeListLLM

    class CountingFakeLLM(FakeListLLM):
        count_text: Any = None
        count_messages: Any = None

        def get_num_tokens(self, text: str) -> int:
            return int(self.count_text(text))

        def get_num_tokens_from_messages(
            self, messages: list[BaseMessage], tools: Sequence[Any] | None = None
        ) -> int:
            return int(self.count_messages(messages))

    return CountingFakeLLM


class RecencyBaseline:
    """LangChain's ``ConversationTokenBufferMemory``, one per budget, ``max_token_limit=budget``.

    The buffer prunes while it is written, so a run that asks at several budgets
    keeps one buffer per budget (all see the same turns). Each turn is saved as one
    message: a turn of role "human" as ``save_context({"input": text}, {"output": ""})``
    and an "ai" turn the other way round; the chat history drops the empty side, so
    the buffer holds exactly the conversation. The speakers' names are the buffer's
    human / AI prefixes, so it renders ``"Speaker: text"`` lines like the others.

    Args:
        token_counter: the shared token counter.
        budgets: every budget ``context`` will be asked for.
    """

    name = "recency"

    def __init__(self, token_counter: TokenCount, *, budgets: Sequence[int]) -> None:
        from langchain_core.chat_history import InMemoryChatMessageHistory

        with quiet_deprecations():
            from langchain_classic.memory import ConversationTokenBufferMemory

        class NonEmptyHistory(InMemoryChatMessageHistory):
            """Keeps only messages with content (save_context always writes a pair)."""

            def add_messages(self, messages: Sequence[BaseMessage]) -> None:
                super().add_messages([m for m in messages if m.content])

        self.count = token_counter
        self.human_prefix: str | None = None
        self.ai_prefix: str | None = None
        self.lines: list[str] = []
        llm = _fake_llm_class()(
            responses=[""], count_text=token_counter, count_messages=self._count_messages
        )
        self.buffers: dict[int, Any] = {}
        with quiet_deprecations():
            for b in sorted(set(budgets)):
                self.buffers[b] = ConversationTokenBufferMemory(
                    llm=llm,
                    max_token_limit=b,
                    chat_memory=NonEmptyHistory(),
                    input_key="input",
                    output_key="output",
                )

    def _render(self, messages: Sequence[BaseMessage]) -> str:
        return get_buffer_string(
            messages, human_prefix=self.human_prefix or "Human", ai_prefix=self.ai_prefix or "AI"
        )

    def _count_messages(self, messages: Sequence[BaseMessage]) -> int:
        return self.count(self._render(messages))

    def add_session(self, turns: Sequence[DialogueTurn]) -> None:
        """``save_context`` once per turn into every budget's buffer."""
        for t in turns:
            if t.role == "ai":
                self.ai_prefix = self.ai_prefix or t.speaker
                inputs, outputs = {"input": ""}, {"output": t.text}
            else:
                self.human_prefix = self.human_prefix or t.speaker
                inputs, outputs = {"input": t.text}, {"output": ""}
            self.lines.append(render(t))
            for memory in self.buffers.values():
                memory.human_prefix = self.human_prefix or "Human"
                memory.ai_prefix = self.ai_prefix or "AI"
                memory.save_context(inputs, outputs)

    def context(self, query: str, budget: int) -> str:
        """The buffer of that budget (the query is not used)."""
        if budget not in self.buffers:
            raise ValueError(
                f"recency baseline was built for budgets {sorted(self.buffers)}, not {budget}"
            )
        memory = self.buffers[budget]
        return str(memory.load_memory_variables({"input": query})[memory.memory_key])

    def top_turns(self, query: str, k: int) -> str:
        """The last ``k`` turns."""
        return "\n".join(self.lines[-k:]) if k > 0 else ""
