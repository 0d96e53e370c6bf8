"""The baselines that search a FAISS vector store: ``vector`` and ``hybrid``.

* ``vector``: ``VectorStoreRetrieverMemory`` over a ``langchain_community`` FAISS store
  embedded with :class:`~langchain_neuralmem.integrations.embeddings.NeuralMemEmbeddings`
  (the neural memory's own encoder); one document ``"Speaker: text"`` per turn.
* ``hybrid``: what a LangChain user builds instead of a learned memory: an
  ``EnsembleRetriever`` (reciprocal rank fusion, equal weights) over a
  ``BM25Retriever`` (lower-cased, stop words dropped, Porter-stemmed) and the same
  FAISS store as ``vector``.

Both pack their ranked documents best first into the budget, measured with the shared
token counter. The keyword-only and buffer baselines (``bm25``, ``recency``) live in
:mod:`langchain_neuralmem.evaluation.baselines`, which also re-exports these.

Example (the store both search):
    >>> from langchain_neuralmem.engine import _shared_minilm
    >>> store = faiss_store(_shared_minilm("cpu"))
    >>> ids = store.add_texts(["Ann: My dog is Rex.", "Bob: I love green tea."])
    >>> [d.page_content for d in store.similarity_search("What is my dog called?", k=2)]
    ['Ann: My dog is Rex.', 'Bob: I love green tea.']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_neuralmem.data.dialogue import DialogueTurn
from langchain_neuralmem.encoders.base import Encoder
from langchain_neuralmem.evaluation.lexical import bm25_preprocess
from langchain_neuralmem.evaluation.packing import (
    RankedBaseline,
    TokenCount,
    memo_count,
    quiet_deprecations,
    render,
    speaker_label,
)

__all__ = ["HybridBaseline", "VectorBaseline", "faiss_store"]


def faiss_store(encoder: Encoder) -> Any:
    """An empty ``langchain_community`` FAISS store over ``encoder`` (exact inner product).

    The encoder's vectors are unit length, so inner product is cosine, as in the
    engine's own index. ``vector`` and ``hybrid`` both search one of these.
    """
    import faiss

    from langchain_neuralmem.integrations.embeddings import NeuralMemEmbeddings

    with quiet_deprecations():
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


class VectorBaseline(RankedBaseline):
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

    def __init__(
        self, encoder: Encoder, token_counter: TokenCount, *, k: int = 200, dates: bool = False
    ) -> None:
        self.dates = dates
        with quiet_deprecations():
            from langchain_classic.memory import VectorStoreRetrieverMemory

        self.count = token_counter
        self.line_count = memo_count(token_counter)
        self.k = k
        store = faiss_store(encoder)
        self.embeddings = store.embedding_function
        with quiet_deprecations():
            self.memory = VectorStoreRetrieverMemory(
                retriever=store.as_retriever(search_kwargs={"k": k}),
                input_key="input",
                return_docs=True,
            )

    def add_session(self, turns: Sequence[DialogueTurn]) -> None:
        """One ``save_context({speaker: text}, {})`` per turn -> one ``"Speaker: text"`` doc."""
        # Embed the session in one batch first (a cached encoder then serves each
        # per-turn call); what is stored is exactly what save_context stores.
        self.embeddings.embed_documents([render(t, dates=self.dates) for t in turns])
        for t in turns:
            # With dates, the day goes in front of the speaker: the stored document is
            # "[8 May 2023] Ann: text", as the other memories render it.
            self.memory.save_context({speaker_label(t, dates=self.dates): t.text}, {})

    def _ranked(self, query: str) -> list[str]:
        docs = self.memory.load_memory_variables({"input": query})[self.memory.memory_key]
        assert not isinstance(docs, str)  # return_docs=True: a list of Documents
        return [d.page_content for d in docs]


def _ensemble_retriever_class() -> Any:
    """``EnsembleRetriever`` from ``langchain_classic`` (LangChain 1.x) or ``langchain`` (0.x)."""
    with quiet_deprecations():
        try:
            from langchain_classic.retrievers import EnsembleRetriever
        except ImportError:  # pragma: no cover - LangChain 0.x
            from langchain.retrievers import EnsembleRetriever  # type: ignore[no-redef]
    return EnsembleRetriever


class HybridBaseline(RankedBaseline):
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
        dates: bool = False,
    ) -> None:
        self.dates = dates
        self.count = token_counter
        self.line_count = memo_count(token_counter)
        self.k = k
        self.weights = list(weights)
        self.store = faiss_store(encoder)
        self.lines: list[str] = []
        self._ensemble: Any = None

    def add_session(self, turns: Sequence[DialogueTurn]) -> None:
        """Add the session's ``"Speaker: text"`` documents (BM25 is rebuilt at the next query)."""
        texts = [render(t, dates=self.dates) for t in turns]
        if texts:
            self.store.add_texts(texts)  # one embed_documents batch
        self.lines.extend(texts)
        self._ensemble = None

    def retriever(self) -> Any:
        """The ``EnsembleRetriever`` over everything added so far."""
        if self._ensemble is None:
            with quiet_deprecations():
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
