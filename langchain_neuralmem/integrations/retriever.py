"""``NeuralMemoryRetriever``: a LangChain ``BaseRetriever`` over one user's memory.

Example:
    >>> from langchain_neuralmem.engine import NeuralMemory
    >>> memory = NeuralMemory(":memory:")
    >>> _ = memory.add_turn("Our cat is called Miso.", session_id="a", user_id="ann")
    >>> _ = memory.add_turn("I moved to Lyon last spring.", session_id="b", user_id="ann")
    >>> retriever = NeuralMemoryRetriever(memory=memory, user_id="ann", k=1)
    >>> [d.page_content for d in retriever.invoke("Where do I live?")]
    ['I moved to Lyon last spring.']
"""

from __future__ import annotations

import numbers
from typing import Any

from langchain_core.callbacks import (
    AsyncCallbackManagerForRetrieverRun,
    CallbackManagerForRetrieverRun,
)
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, field_validator

from langchain_neuralmem.engine import NeuralMemory
from langchain_neuralmem.errors import InvalidInputError
from langchain_neuralmem.types import Recall
from langchain_neuralmem.validation import check_id


def check_k(k: Any) -> int:
    """A number of results: a positive integer (numpy integers too, not bool).

    Example:
        >>> check_k(3)
        3
        >>> check_k(0)
        Traceback (most recent call last):
        ...
        langchain_neuralmem.errors.InvalidInputError: k must be a positive integer, got 0
    """
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or int(k) < 1:
        raise InvalidInputError(f"k must be a positive integer, got {k!r}")
    return int(k)


def recall_to_document(recall: Recall) -> Document:
    """A search result as a ``Document``: the turn's text, its id, where it came from.

    Example:
        >>> from langchain_neuralmem.types import Turn
        >>> t = Turn(7, "ann", "s", 0, "human", "Ann", "Hi.", 1683504000.0, 2)
        >>> doc = recall_to_document(Recall(t, 0.5, similarity=0.25))
        >>> doc.id, doc.metadata["speaker"], doc.metadata["score"]
        ('7', 'Ann', 0.5)
    """
    turn = recall.turn
    return Document(
        page_content=turn.content,
        id=str(turn.turn_id),
        metadata={
            "turn_id": turn.turn_id,
            "session_id": turn.session_id,
            "user_id": turn.user_id,
            "position": turn.position,
            "role": turn.role,
            "speaker": turn.speaker,
            "created_at": float(turn.created_at),
            "score": float(recall.score),
            "similarity": float(recall.similarity),
        },
    )


class NeuralMemoryRetriever(BaseRetriever):
    """Stored turns of one user ranked for a query by the learned scorer, as ``Document``s.

    Searches one session, or every session of the user when ``session_id`` is ``None``;
    nothing of another user is ever returned. Each document's ``id`` is the turn id
    (what ``NeuralMemory.delete_turns`` takes) and its metadata says who said it, when,
    where, and with which scores. ``k`` can be given per call:
    ``retriever.invoke(query, k=2)``.

    Example:
        >>> from langchain_neuralmem.engine import NeuralMemory
        >>> memory = NeuralMemory(":memory:")
        >>> _ = memory.add_turn("My sister Ines is a nurse.", session_id="s", user_id="bo")
        >>> retriever = NeuralMemoryRetriever(memory=memory, user_id="bo", session_id="s")
        >>> doc = retriever.invoke("What does Ines do?", k=1)[0]
        >>> doc.page_content, doc.metadata["session_id"], doc.metadata["role"]
        ('My sister Ines is a nurse.', 's', 'human')
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    memory: NeuralMemory
    """The engine to search."""
    user_id: str = "default"
    """Whose memory is searched; no other user's turns are ever returned."""
    session_id: str | None = None
    """One session to search, or ``None`` for all of the user's sessions."""
    k: int = 4
    """How many documents to return (a positive integer; ``invoke(..., k=n)`` overrides)."""

    @field_validator("user_id")
    @classmethod
    def _check_user(cls, value: Any) -> str:
        return check_id(value, "user_id")

    @field_validator("session_id")
    @classmethod
    def _check_session(cls, value: Any) -> str | None:
        return None if value is None else check_id(value, "session_id")

    @field_validator("k", mode="before")
    @classmethod
    def _check_k(cls, value: Any) -> int:
        return check_k(value)

    def _search_kwargs(self, k: Any) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "session_id": self.session_id,
            "k": self.k if k is None else check_k(k),
        }

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None
    ) -> list[Document]:
        recalls = self.memory.search(query, **self._search_kwargs(k))
        return [recall_to_document(r) for r in recalls]

    async def _aget_relevant_documents(
        self,
        query: str,
        *,
        run_manager: AsyncCallbackManagerForRetrieverRun,
        k: int | None = None,
    ) -> list[Document]:
        recalls = await self.memory.asearch(query, **self._search_kwargs(k))
        return [recall_to_document(r) for r in recalls]
