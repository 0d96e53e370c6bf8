"""The baselines, run through LangChain's own memory classes where LangChain has one.

* ``vector``: ``VectorStoreRetrieverMemory`` over a ``langchain_community`` FAISS store
  embedded with :class:`~langchain_neuralmem.integrations.embeddings.NeuralMemEmbeddings`
  (the neural memory's own encoder); one document ``"Speaker: text"`` per turn.
* ``recency``: ``ConversationTokenBufferMemory`` with ``max_token_limit`` = the budget.
* ``bm25``: ``rank_bm25.BM25Okapi`` over the turns (LangChain has no BM25 memory).
* ``hybrid``: what a LangChain user builds instead of a learned memory: an
  ``EnsembleRetriever`` (reciprocal rank fusion, equal weights) over a
  ``BM25Retriever`` (lower-cased, stop words dropped, Porter-stemmed) and the same
  FAISS store as ``vector``.

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
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from langchain_core.messages import BaseMessage, get_buffer_string

from langchain_neuralmem.data.dialogue import DialogueTurn
from langchain_neuralmem.encoders.base import Encoder
from langchain_neuralmem.evaluation.lexical import bm25_preprocess
from langchain_neuralmem.evaluation.packing import TokenCount, memo_count, pack_best_first, render

_WORD = re.compile(r"\w+")


@contextmanager
def _quiet() -> Iterator[None]:
    """The classic memories are deprecated upstream; the warning says nothing about a run."""
    with warnings.catch_warnings():
        # LangChainDeprecationWarning and langchain-community's "sunset" notice are both
        # DeprecationWarnings.
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def faiss_store(encoder: Encoder) -> Any:
    """An empty ``langchain_community`` FAISS store over ``encoder`` (exact inner product).

    The encoder's vectors are unit length, so inner product is cosine, as in the
    engine's own index. ``vector`` and ``hybrid`` both search one of these.
    """
    import faiss

    from langchain_neuralmem.integrations.embeddings import NeuralMemEmbeddings

    with _quiet():
        from langchain_community.docstore.in_memory import InMemoryDocstore
        from langchain_community.vectorstores import FAISS
        from langchain_community.vectorstores.utils import DistanceStrategy

    return FAISS(
        embedding_function=NeuralMemEmbeddings(encoder),
        index=faiss.IndexFlatIP(encoder.dim),
        docstore=InMemoryDocstore(),
        index_to_docstore_id={},
        distance_strategy=DistanceStrategy.MAX_INNER_PRODUCT,
    )


class VectorBaseline:
    """LangChain's ``VectorStoreRetrieverMemory`` over FAISS, packed to the budget.

    Retrieves ``k`` documents (generously, so any budget can be filled), then keeps
    them best first while they fit the budget.

    Args:
        encoder: the shared encoder (wrapped as a LangChain ``Embeddings``).
        token_counter: the shared token counter.
        k: documents retrieved per query.

    Example:
        >>> from langchain_neuralmem.engine import _shared_minilm
        >>> from langchain_neuralmem.encoders.tokens import default_token_counter
        >>> vec = VectorBaseline(_shared_minilm("cpu"), default_token_counter())
        >>> vec.add_session([DialogueTurn("Ann", "human", "My dog is Rex."),
        ...                  DialogueTurn("Bob", "ai", "I love green tea.")])
        >>> vec.context("What is my dog called?", 8)
        'Ann: My dog is Rex.'
    """

    name = "vector"

    def __init__(self, encoder: Encoder, token_counter: TokenCount, *, k: int = 200) -> None:
        with _quiet():
            from langchain_classic.memory import VectorStoreRetrieverMemory

        self.count = token_counter
        self.line_count = memo_count(token_counter)
        self.k = k
        store = faiss_store(encoder)
        self.embeddings = store.embedding_function
        with _quiet():
            self.memory = VectorStoreRetrieverMemory(
                retriever=store.as_retriever(search_kwargs={"k": k}),
                input_key="input",
                return_docs=True,
            )

    def add_session(self, turns: Sequence[DialogueTurn]) -> None:
        """One ``save_context({speaker: text}, {})`` per turn -> one ``"Speaker: text"`` doc."""
        # Embed the session in one batch first (a cached encoder then serves each
        # per-turn call); what is stored is exactly what save_context stores.
        self.embeddings.embed_documents([render(t) for t in turns])
        for t in turns:
            self.memory.save_context({t.speaker: t.text}, {})

    def _ranked(self, query: str) -> list[str]:
        docs = self.memory.load_memory_variables({"input": query})[self.memory.memory_key]
        assert not isinstance(docs, str)  # return_docs=True: a list of Documents
        return [d.page_content for d in docs]

    def context(self, query: str, budget: int) -> str:
        """The top ``k`` documents, best first, while they fit ``budget``."""
        return "\n".join(pack_best_first(self._ranked(query), budget, self.line_count))

    def top_turns(self, query: str, k: int) -> str:
        """The ``k`` best documents."""
        return "\n".join(self._ranked(query)[:k])


def bm25_terms(text: str) -> list[str]:
    """Lower-cased word tokens (``\\w+``)."""
    return _WORD.findall(text.lower())


class BM25Baseline:
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

    def __init__(self, token_counter: TokenCount) -> None:
        self.count = token_counter
        self.line_count = memo_count(token_counter)
        self.lines: list[str] = []
        self._tokens: list[list[str]] = []
        self._bm25: Any = None

    def add_session(self, turns: Sequence[DialogueTurn]) -> None:
        """Append the turns (the index is rebuilt at the next query)."""
        for t in turns:
            self.lines.append(render(t))
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

    def context(self, query: str, budget: int) -> str:
        """Turns by BM25 score, best first, while they fit ``budget``."""
        return "\n".join(pack_best_first(self._ranked(query), budget, self.line_count))

    def top_turns(self, query: str, k: int) -> str:
        """The ``k`` best-scoring turns."""
        return "\n".join(self._ranked(query)[:k])


def _ensemble_retriever_class() -> Any:
    """``EnsembleRetriever`` from ``langchain_classic`` (LangChain 1.x) or ``langchain`` (0.x)."""
    with _quiet():
        try:
            from langchain_classic.retrievers import EnsembleRetriever
        except ImportError:  # pragma: no cover - LangChain 0.x
            from langchain.retrievers import EnsembleRetriever  # type: ignore[no-redef]
    return EnsembleRetriever


class HybridBaseline:
    """Keyword + vector search fused by LangChain's ``EnsembleRetriever``, packed to the budget.

    What a LangChain user builds instead of a learned memory: a ``BM25Retriever``
    (``langchain_community``, over ``rank_bm25``) whose ``preprocess_func`` lower-cases,
    drops English stop words and Porter-stems
    (:func:`~langchain_neuralmem.evaluation.lexical.bm25_preprocess`), and a retriever
    on the same FAISS store as the ``vector`` baseline (same encoder through the same
    :class:`~langchain_neuralmem.integrations.embeddings.NeuralMemEmbeddings`, one
    ``"Speaker: text"`` document per turn), fused with equal weights by reciprocal
    rank fusion (``EnsembleRetriever``'s only method: a document scores
    ``sum(w / (rank + 60))`` over the lists it is in; duplicates by text collapse).
    Each retriever returns ``k`` documents, so any budget can be filled; the fused
    list is packed best first into the budget exactly as ``vector`` packs.

    As shipped, ``BM25Retriever`` returns its ``k`` best documents even when they
    share no word with the query (score 0); those still earn a small RRF share, as
    they would in a user's ensemble.

    Args:
        encoder: the shared encoder (wrapped as a LangChain ``Embeddings``).
        token_counter: the shared token counter.
        k: documents each retriever returns per query.
        weights: the BM25 and vector weights of the fusion.

    Example:
        >>> from langchain_neuralmem.engine import _shared_minilm
        >>> from langchain_neuralmem.encoders.tokens import default_token_counter
        >>> hyb = HybridBaseline(_shared_minilm("cpu"), default_token_counter())
        >>> hyb.add_session([DialogueTurn("Ann", "human", "My dog is Rex."),
        ...                  DialogueTurn("Bob", "ai", "I love green tea."),
        ...                  DialogueTurn("Ann", "human", "Tomorrow I fly to Oslo.")])
        >>> hyb.context("What are the dogs called?", 8)
        'Ann: My dog is Rex.'
    """

    name = "hybrid"

    def __init__(
        self,
        encoder: Encoder,
        token_counter: TokenCount,
        *,
        k: int = 200,
        weights: tuple[float, float] = (0.5, 0.5),
    ) -> None:
        self.count = token_counter
        self.line_count = memo_count(token_counter)
        self.k = k
        self.weights = list(weights)
        self.store = faiss_store(encoder)
        self.lines: list[str] = []
        self._ensemble: Any = None

    def add_session(self, turns: Sequence[DialogueTurn]) -> None:
        """Add the session's ``"Speaker: text"`` documents (BM25 is rebuilt at the next query)."""
        texts = [render(t) for t in turns]
        if texts:
            self.store.add_texts(texts)  # one embed_documents batch
        self.lines.extend(texts)
        self._ensemble = None

    def retriever(self) -> Any:
        """The ``EnsembleRetriever`` over everything added so far."""
        if self._ensemble is None:
            with _quiet():
                from langchain_community.retrievers import BM25Retriever

            bm25 = BM25Retriever.from_texts(self.lines, preprocess_func=bm25_preprocess, k=self.k)
            vector = self.store.as_retriever(search_kwargs={"k": self.k})
            self._ensemble = _ensemble_retriever_class()(
                retrievers=[bm25, vector], weights=self.weights
            )
        return self._ensemble

    def _ranked(self, query: str) -> list[str]:
        if not self.lines:
            return []
        return [d.page_content for d in self.retriever().invoke(query)]

    def context(self, query: str, budget: int) -> str:
        """The fused documents, best first, while they fit ``budget``."""
        return "\n".join(pack_best_first(self._ranked(query), budget, self.line_count))

    def top_turns(self, query: str, k: int) -> str:
        """The ``k`` best fused documents."""
        return "\n".join(self._ranked(query)[:k])


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

        with _quiet():
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
        with _quiet():
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
