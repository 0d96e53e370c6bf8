"""``NeuralChatMessageHistory``: a persisted ``BaseChatMessageHistory`` that indexes every message.

Example:
    >>> import tempfile, os
    >>> from langchain_core.messages import AIMessage, HumanMessage
    >>> history = NeuralChatMessageHistory("s1", db_path=os.path.join(tempfile.mkdtemp(), "m.db"))
    >>> history.add_messages([HumanMessage("I live in Lisbon."), AIMessage("Nice city!")])
    >>> [m.content for m in history.messages]
    ['I live in Lisbon.', 'Nice city!']
    >>> "Lisbon" in history.recall("Where do I live?", max_tokens=128).to_text()
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.chat_history import BaseChatMessageHistory
from langchain_core.messages import BaseMessage

from langchain_neuralmem.engine import NeuralMemory
from langchain_neuralmem.errors import InvalidTurnError
from langchain_neuralmem.integrations.messages import (
    context_messages,
    message_to_turn,
    turn_to_message,
)
from langchain_neuralmem.integrations.prompt_safety import prompt_budget
from langchain_neuralmem.types import MemoryContext
from langchain_neuralmem.validation import check_budget


class NeuralChatMessageHistory(BaseChatMessageHistory):
    """Chat history in SQLite, per user and session, with learned recall over it.

    Use it behind ``RunnableWithMessageHistory`` like any chat history; messages come
    back exactly as added (they are stored as LangChain message dicts, as JSON).
    Every message LangChain produces is kept, including empty replies, tool calls
    without text and empty tool results (their indexed text says what they are).
    :meth:`recall` gives the bounded, query-relevant context instead of everything.

    Args:
        session_id: the conversation thread.
        db_path: SQLite file (ignored when ``engine`` is given).
        user_id: owner; ``clear()`` touches only this user's session.
        engine: an existing :class:`NeuralMemory` to share.
        max_tokens: default budget of :meth:`recall` (a positive integer).
        **engine_kwargs: passed to :class:`NeuralMemory` (encoder, model, token_counter ...).
    """

    def __init__(
        self,
        session_id: str,
        *,
        db_path: str = "memory.db",
        user_id: str = "default",
        engine: NeuralMemory | None = None,
        max_tokens: int = 1024,
        **engine_kwargs: Any,
    ) -> None:
        self.session_id = session_id
        self.user_id = user_id
        self.max_tokens = check_budget(max_tokens)
        self.engine = engine or NeuralMemory(db_path, **engine_kwargs)

    @property
    def messages(self) -> list[BaseMessage]:  # type: ignore[override]
        """Every message of the session, in order."""
        return [
            turn_to_message(t)
            for t in self.engine.history(session_id=self.session_id, user_id=self.user_id)
        ]

    def add_messages(self, messages: Sequence[BaseMessage]) -> None:
        """Store and index messages (all or none: one transaction).

        Raises:
            InvalidTurnError: an item is not a LangChain message (nothing is stored).
        """
        if isinstance(messages, (BaseMessage, str, bytes)):
            raise InvalidTurnError(
                f"add_messages takes a sequence of LangChain messages, got "
                f"{type(messages).__name__}; use add_message for one"
            )
        turns = [message_to_turn(m) for m in messages]
        self.engine.add_turns(turns, session_id=self.session_id, user_id=self.user_id)

    def clear(self) -> None:
        """Delete this session of this user."""
        self.engine.clear(session_id=self.session_id, user_id=self.user_id)

    def recall(self, query: str, *, max_tokens: int | None = None) -> MemoryContext:
        """Recent turns, recalled turns and summaries for ``query`` within the budget."""
        return self.engine.recall(
            query,
            session_id=self.session_id,
            user_id=self.user_id,
            max_tokens=self.max_tokens if max_tokens is None else max_tokens,
        )

    async def arecall(self, query: str, *, max_tokens: int | None = None) -> MemoryContext:
        """Async :meth:`recall` (same work, off the event loop)."""
        return await self.engine.arecall(
            query,
            session_id=self.session_id,
            user_id=self.user_id,
            max_tokens=self.max_tokens if max_tokens is None else max_tokens,
        )

    def recall_messages(self, query: str, *, max_tokens: int | None = None) -> list[BaseMessage]:
        """The bounded, query-relevant history as chat messages: one quoted memory message
        (summaries and recalled turns), then the recent turns (see ``context_messages``).

        This is what :func:`~langchain_neuralmem.integrations.bounded_history.with_neural_history`
        hands the prompt instead of :attr:`messages` (which is the whole session). The
        recall leaves room in ``max_tokens`` for the memory message's note and delimiters.
        """
        budget = self.max_tokens if max_tokens is None else check_budget(max_tokens)
        return context_messages(
            self.recall(query, max_tokens=prompt_budget(budget, self.engine.count_tokens))
        )
