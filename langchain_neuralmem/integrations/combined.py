"""``NeuralCombinedMemory``: recent window + learned recall + a vector-store retriever + summaries,
under one token budget, as one classic ``BaseMemory``.

Example:
    >>> import tempfile, os
    >>> memory = create_combined_memory(
    ...     "alice", db_path=os.path.join(tempfile.mkdtemp(), "m.db"), max_tokens=256
    ... )
    >>> memory.save_context({"input": "My first dog was Biscuit."}, {"output": "Cute!"})
    >>> "Biscuit" in memory.load_memory_variables({"input": "first dog's name?"})["history"]
    True
"""

from __future__ import annotations

import threading
from typing import Any

from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import Field, PrivateAttr

from langchain_neuralmem.combining import BudgetSplit, CombinedContext, RetrievedItem, combine
from langchain_neuralmem.engine import NeuralMemory
from langchain_neuralmem.integrations.classic import NeuralHierarchicalMemory
from langchain_neuralmem.types import Turn

TURN_ID_KEY = "neuralmem_turn_id"
"""Metadata key under which documents of stored turns carry the engine's turn id."""


def document_item(doc: Document) -> RetrievedItem:
    """A retrieved LangChain ``Document`` as a :class:`RetrievedItem`.

    A document of a stored turn (written by this memory: ``neuralmem_turn_id``, ``speaker``,
    ``role``, ``created_at`` in its metadata) is rendered as that turn; any other document
    as a note.

    Example:
        >>> document_item(Document("Rex is a beagle.")).line(show_dates=False)
        '- Rex is a beagle.'
    """
    meta = doc.metadata or {}
    turn_id = meta.get(TURN_ID_KEY)
    created = meta.get("created_at", 0.0)
    return RetrievedItem(
        text=doc.page_content,
        turn_id=int(turn_id) if isinstance(turn_id, int) else None,
        speaker=str(meta.get("speaker", "")) if turn_id is not None else "",
        role=str(meta.get("role", "other")),
        created_at=float(created) if isinstance(created, (int, float)) else 0.0,
    )


def turn_document(turn: Turn) -> Document:
    """A stored turn as the document the default vector store indexes.

    Example:
        >>> t = Turn(7, "u", "s", 0, "human", "Ann", "Hi.", 0.0, 1)
        >>> turn_document(t).metadata["neuralmem_turn_id"]
        7
    """
    return Document(
        page_content=turn.content,
        metadata={
            TURN_ID_KEY: turn.turn_id,
            "speaker": turn.speaker,
            "role": turn.role,
            "created_at": turn.created_at,
            "session_id": turn.session_id,
            "user_id": turn.user_id,
        },
    )


def _engine_embeddings(
    engine: NeuralMemory, turns: list[Turn], *, session_id: str, user_id: str
) -> tuple[list[tuple[str, list[float]]], list[dict[str, Any]]]:
    """``(text, vector)`` pairs and document metadata of those of ``turns`` the engine has
    indexed, with the very vector recall searches (a long turn's is the mean of its
    passages): nothing is embedded again, and a turn has the same vector whether the store
    was just built or fed since."""
    ids, matrix = engine.turn_vectors(session_id=session_id, user_id=user_id)
    row_of = {turn_id: i for i, turn_id in enumerate(ids)}
    kept = [t for t in turns if t.turn_id in row_of]
    pairs = [(t.content, matrix[row_of[t.turn_id]].tolist()) for t in kept]
    return pairs, [turn_document(t).metadata for t in kept]


def session_vector_store(engine: NeuralMemory, *, session_id: str, user_id: str) -> Any:
    """A FAISS store (``langchain_community``, inner product = cosine on unit vectors) over
    one session's stored turns, or ``None`` while the session has none.

    Built from the vectors the engine already holds (nothing is embedded again), with the
    engine's encoder for queries.
    """
    from langchain_community.vectorstores import FAISS
    from langchain_community.vectorstores.utils import DistanceStrategy

    from langchain_neuralmem.integrations.embeddings import NeuralMemEmbeddings

    turns = engine.history(session_id=session_id, user_id=user_id)
    pairs, metadatas = _engine_embeddings(engine, turns, session_id=session_id, user_id=user_id)
    if not pairs:
        return None
    return FAISS.from_embeddings(
        pairs,
        NeuralMemEmbeddings(engine.encoder),
        metadatas=metadatas,
        distance_strategy=DistanceStrategy.MAX_INNER_PRODUCT,
    )


class NeuralCombinedMemory(NeuralHierarchicalMemory):
    """One token budget split between the recent window, the learned recall, a retriever
    and the segment summaries, with no turn shown twice.

    A drop-in ``BaseMemory`` (``ConversationChain``, ``CombinedMemory``, the chains of
    :mod:`langchain_neuralmem.chains`). Without a ``retriever`` it keeps a FAISS store of
    the session's turns (rebuilt from the database on start, from the vectors already
    stored, and fed by ``save_context``); give any LangChain retriever instead (a vector
    store of documents, say) and its results get the retriever's share of the budget.

    Example:
        .. code-block:: python

            memory = create_combined_memory("alice", db_path="memory.db", max_tokens=1024)
            chain = ConversationChain(llm=load_chat_model(), memory=memory)
    """

    retriever: BaseRetriever | None = Field(default=None, exclude=True)
    """Any LangChain retriever; ``None`` = a FAISS store of this session's turns."""
    retriever_k: int = 24
    """Documents asked of the default FAISS store per query."""
    index_turns: bool | None = None
    """Also add saved turns to ``retriever.vectorstore`` (default: only for the default store)."""
    split: BudgetSplit = Field(default_factory=BudgetSplit)
    """How the budget is shared (see :class:`~langchain_neuralmem.combining.BudgetSplit`)."""

    _store_lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    _own_retriever: BaseRetriever | None = PrivateAttr(default=None)

    def _active_retriever(self) -> BaseRetriever | None:
        if self.retriever is not None:
            return self.retriever
        with self._store_lock:
            if self._own_retriever is None:
                store = session_vector_store(
                    self.neural_memory, session_id=self.session_id, user_id=self.user_id
                )
                if store is not None:  # else built at a later recall, once there are turns
                    self._own_retriever = store.as_retriever(search_kwargs={"k": self.retriever_k})
            return self._own_retriever

    def recall_combined(self, query: str, *, max_tokens: int | None = None) -> CombinedContext:
        """The combined context for ``query`` within ``max_tokens`` (default: the
        memory's own)."""
        engine = self.neural_memory

        def recall(budget: int, config: Any) -> Any:
            return engine.recall(
                query,
                session_id=self.session_id,
                user_id=self.user_id,
                max_tokens=budget,
                config=config,
            )

        retrieve = None
        retriever = self._active_retriever() if query.strip() else None
        if retriever is not None:

            def retrieve() -> list[RetrievedItem]:
                if self.retriever is not None:
                    return [document_item(d) for d in retriever.invoke(query)]
                with self._store_lock:  # our own FAISS store is fed by save_context
                    return [document_item(d) for d in retriever.invoke(query)]

        return combine(
            recall,
            retrieve,
            budget=self.max_tokens if max_tokens is None else max_tokens,
            split=self.split,
            count_tokens=engine.count_tokens,
            base_config=engine.config,
        )

    def _context_for(self, query: str) -> CombinedContext:
        return self.recall_combined(query, max_tokens=self._prompt_budget())

    def save_context(self, inputs: dict[str, Any], outputs: dict[str, Any]) -> None:
        """Store both turns in the engine, then in the vector store it indexes them in.

        Both happen under the store's lock, so a store being built from the database at the
        same moment holds every turn exactly once, and threads never add to it at once.
        """
        with self._store_lock:
            turns = self._write_exchange(inputs, outputs)
            store = self._indexed_store()
            if store is None:
                return
            if self.retriever is not None:  # the user's store embeds with its own model
                store.add_documents([turn_document(t) for t in turns])
                return
            pairs, metadatas = _engine_embeddings(
                self.neural_memory, turns, session_id=self.session_id, user_id=self.user_id
            )
            store.add_embeddings(pairs, metadatas=metadatas)

    def _indexed_store(self) -> Any:
        """The vector store saved turns go into, or ``None``."""
        if self.retriever is None:
            if self._own_retriever is None:
                return None  # built from the database, new turns included, on first use
            return getattr(self._own_retriever, "vectorstore", None)
        if self.index_turns:
            store = getattr(self.retriever, "vectorstore", None)
            if store is None:
                raise ValueError(
                    "index_turns=True needs a vector-store retriever (with .vectorstore), got "
                    f"{type(self.retriever).__name__}"
                )
            return store
        return None

    def clear(self) -> None:
        """Delete this user's session; the default store is rebuilt (empty) on next use."""
        with self._store_lock:
            super().clear()
            self._own_retriever = None


def create_combined_memory(
    session_id: str,
    *,
    db_path: str = "memory.db",
    user_id: str = "default",
    max_tokens: int = 1024,
    retriever: BaseRetriever | None = None,
    split: BudgetSplit | None = None,
    engine: NeuralMemory | None = None,
    **kwargs: Any,
) -> NeuralCombinedMemory:
    """A :class:`NeuralCombinedMemory` with the measured default split.

    Args:
        session_id: the conversation thread.
        db_path: SQLite file (ignored when ``engine`` is given).
        user_id: owner of the memory.
        max_tokens: the one budget all parts share.
        retriever: any LangChain retriever; ``None`` = FAISS over the session's turns.
        split: the shares (default: :class:`~langchain_neuralmem.combining.BudgetSplit`).
        engine: an existing :class:`NeuralMemory` to share.
        **kwargs: other :class:`NeuralCombinedMemory` fields (memory_key, input_key ...).

    Example:
        >>> import tempfile, os
        >>> m = create_combined_memory("s", db_path=os.path.join(tempfile.mkdtemp(), "m.db"))
        >>> m.split.retrieved_fraction > 0
        True
    """
    return NeuralCombinedMemory(
        session_id=session_id,
        db_path=db_path,
        user_id=user_id,
        max_tokens=max_tokens,
        retriever=retriever,
        split=split or BudgetSplit(),
        engine=engine,
        **kwargs,
    )
