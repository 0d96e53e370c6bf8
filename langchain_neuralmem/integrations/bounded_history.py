"""``with_neural_history``: ``RunnableWithMessageHistory`` with a bounded, recalled history.

LangChain's ``RunnableWithMessageHistory`` puts ``history.messages`` (the whole session)
in front of every prompt, so the prompt grows without bound. Wrapped with
:func:`with_neural_history`, a :class:`NeuralChatMessageHistory` gives instead what its
recall finds for the new input within ``max_tokens``: one quoted memory message
(summaries and older turns) and the recent turns. Everything is still stored whole;
other chat histories behave exactly as before.

Example:
    >>> import tempfile, os
    >>> from langchain_core.language_models.fake_chat_models import FakeListChatModel
    >>> db = os.path.join(tempfile.mkdtemp(), "m.db")
    >>> chain = with_neural_history(
    ...     FakeListChatModel(responses=["Noted.", "Lisbon."]),
    ...     lambda session_id: NeuralChatMessageHistory(session_id, db_path=db),
    ...     max_tokens=128,
    ... )
    >>> cfg = {"configurable": {"session_id": "s"}}
    >>> chain.invoke("I live in Lisbon.", cfg).content, chain.invoke("Where?", cfg).content
    ('Noted.', 'Lisbon.')
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from langchain_core.chat_history import BaseChatMessageHistory
from langchain_core.messages import BaseMessage, HumanMessage
from langchain_core.runnables import Runnable, RunnableConfig
from langchain_core.runnables.history import RunnableWithMessageHistory

from langchain_neuralmem.integrations.chat_history import NeuralChatMessageHistory
from langchain_neuralmem.integrations.messages import content_text

RECALLED_ID = "neuralmem-recalled"
"""Id prefix of the recalled history messages put in front of the input (never stored)."""


class RecallingRunnableWithMessageHistory(RunnableWithMessageHistory):
    """``RunnableWithMessageHistory`` that, for a :class:`NeuralChatMessageHistory`, puts the
    recall for the new input (within ``max_tokens``) in the prompt instead of every message.

    Build it with :func:`with_neural_history`.

    Example:
        .. code-block:: python

            chain = with_neural_history(prompt | llm, get_history, max_tokens=1024,
                                        input_messages_key="question",
                                        history_messages_key="history")
    """

    max_tokens: int | None = None
    """The history's budget (``None``: each history's own ``max_tokens``)."""

    def _bounded(self, value: Any, hist: NeuralChatMessageHistory) -> list[BaseMessage]:
        input_val = value if not self.input_messages_key else value[self.input_messages_key]
        new = self._get_input_messages(input_val)
        humans = [m for m in new if isinstance(m, HumanMessage)]
        query = content_text(humans[-1].content) if humans else ""
        messages = [
            m.model_copy(update={"id": f"{RECALLED_ID}-{i}"})
            for i, m in enumerate(hist.recall_messages(query, max_tokens=self.max_tokens))
        ]
        if not self.history_messages_key:
            messages += new
        return messages

    def _exit_history(self, run: Any, config: RunnableConfig) -> None:
        hist: BaseChatMessageHistory = config["configurable"]["message_history"]
        if not isinstance(hist, NeuralChatMessageHistory):
            return super()._exit_history(run, config)
        hist.add_messages(self._new_messages(run))
        return None

    async def _aexit_history(self, run: Any, config: RunnableConfig) -> None:
        hist: BaseChatMessageHistory = config["configurable"]["message_history"]
        if not isinstance(hist, NeuralChatMessageHistory):
            return await super()._aexit_history(run, config)
        await hist.aadd_messages(self._new_messages(run))
        return None

    def _new_messages(self, run: Any) -> list[BaseMessage]:
        """The run's input and output messages, without the recalled ones put in front
        (the stock class drops ``len(history.messages)`` messages, which here is wrong)."""
        from langchain_core.load import load

        inputs = self._get_input_messages(load(run.inputs, allowed_objects="messages"))
        kept = [m for m in inputs if not str(m.id or "").startswith(RECALLED_ID)]
        outputs = self._get_output_messages(load(run.outputs, allowed_objects="messages"))
        return [*kept, *outputs]

    def _enter_history(self, value: Any, config: RunnableConfig) -> list[BaseMessage]:
        hist: BaseChatMessageHistory = config["configurable"]["message_history"]
        if isinstance(hist, NeuralChatMessageHistory):
            return self._bounded(value, hist)
        return super()._enter_history(value, config)

    async def _aenter_history(self, value: Any, config: RunnableConfig) -> list[BaseMessage]:
        hist: BaseChatMessageHistory = config["configurable"]["message_history"]
        if isinstance(hist, NeuralChatMessageHistory):
            return await asyncio.to_thread(self._bounded, value, hist)
        return await super()._aenter_history(value, config)


def with_neural_history(
    runnable: Runnable[Any, Any],
    get_session_history: Callable[..., BaseChatMessageHistory],
    *,
    max_tokens: int | None = None,
    **kwargs: Any,
) -> RecallingRunnableWithMessageHistory:
    """``RunnableWithMessageHistory(runnable, get_session_history, **kwargs)`` whose prompt
    history is the bounded recall of a :class:`NeuralChatMessageHistory`.

    Args:
        runnable: the chat model or chain (as for ``RunnableWithMessageHistory``).
        get_session_history: returns the history for a session (a
            :class:`NeuralChatMessageHistory` for bounded recall; others work as usual).
        max_tokens: the history's budget (default: the history's own ``max_tokens``).
        **kwargs: ``input_messages_key``, ``history_messages_key`` ... as for
            ``RunnableWithMessageHistory``.
    """
    if max_tokens is not None and (isinstance(max_tokens, bool) or max_tokens <= 0):
        raise ValueError(f"max_tokens must be a positive number of tokens, got {max_tokens!r}")
    # (mypy reads the pydantic fields as the signature; the base class takes these two
    # positionally.)
    return RecallingRunnableWithMessageHistory(
        runnable,  # type: ignore[call-arg,arg-type]
        get_session_history,  # type: ignore[arg-type]
        max_tokens=max_tokens,
        **kwargs,
    )
