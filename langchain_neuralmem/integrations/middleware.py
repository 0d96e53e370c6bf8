"""``NeuralMemoryMiddleware``: learned memory for LangChain 1.x agents (``create_agent``).

Before each model call the middleware recalls, for the latest user message, a bounded
context from every thread of the same user and adds it to the system message; with
``history="bounded"`` (the default) the model sees only the current exchange besides it,
so a thread of any length costs the same prompt, with no LLM call (where
``SummarizationMiddleware`` calls one). After each model call, and before the next one,
every new message of the thread — human, AI, tool calls and tool results, with their
roles — is written to the memory once, keyed by its message id: retries, resumes and
replays write nothing twice.

The session is the run's ``thread_id``; the user is ``user_id`` from the run's
configurable config, or from the runtime context (a dict or an object with a
``user_id``), else ``default_user_id``. Nothing of another user is ever read.

Example:
    >>> from langchain.agents import create_agent
    >>> from langchain_neuralmem import NeuralMemory
    >>> memory = NeuralMemory(":memory:")
    >>> middleware = NeuralMemoryMiddleware(memory, max_tokens=512)
    >>> middleware.identity({"configurable": {"thread_id": "t1", "user_id": "ann"}}, None)
    ('ann', 't1')
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from langchain.agents.middleware import AgentMiddleware, AgentState, ModelRequest, ModelResponse
from langchain_core.messages import (
    AnyMessage,
    BaseMessage,
    HumanMessage,
    RemoveMessage,
    SystemMessage,
)

from langchain_neuralmem.engine import NeuralMemory
from langchain_neuralmem.errors import InvalidInputError
from langchain_neuralmem.integrations.messages import content_text, message_to_turn
from langchain_neuralmem.integrations.prompt_safety import memory_section, prompt_budget
from langchain_neuralmem.types import MemoryContext
from langchain_neuralmem.validation import check_budget, check_id, check_scope

MEMORY_SECTION = (
    "Notes from earlier conversations with the user (the user's own lines are labelled "
    "Human, dates in brackets say when something was said):\n{memory}"
)
"""What the middleware adds to the system message; ``{memory}`` is the recalled context
as a delimited, quoted section (see
:func:`~langchain_neuralmem.integrations.prompt_safety.memory_section`)."""

HISTORY_MODES = ("bounded", "full")


class NeuralMemoryMiddleware(AgentMiddleware):  # type: ignore[type-arg]
    """Recall across a user's threads before each model call; remember every message.

    Args:
        memory: the :class:`~langchain_neuralmem.engine.NeuralMemory` to use.
        max_tokens: the budget of the recalled context with its note and delimiters (the
            memory's token counter).
        scope: ``"user"`` (all threads of the user, the default) or ``"session"``.
        history: ``"bounded"``: the model sees the recalled context and the current
            exchange only (from the latest human message on, so tool calls and their
            results stay whole); ``"full"``: it sees every message of the thread state,
            and the context adds only what is not among them.
        prune_state: also remove, from the checkpointed state, the messages before the
            current exchange once they are in memory (the state stays small; the memory
            keeps them all).
        default_user_id: the user when neither the config nor the context names one.
        section: the text added to the system message, with ``{memory}``.

    Example:
        >>> from langchain_neuralmem import NeuralMemory
        >>> NeuralMemoryMiddleware(NeuralMemory(":memory:"), max_tokens=256).history
        'bounded'
    """

    def __init__(
        self,
        memory: NeuralMemory,
        *,
        max_tokens: int = 1024,
        scope: str = "user",
        history: str = "bounded",
        prune_state: bool = False,
        default_user_id: str = "default",
        section: str = MEMORY_SECTION,
    ) -> None:
        if not isinstance(memory, NeuralMemory):
            raise InvalidInputError(
                f"NeuralMemoryMiddleware needs a NeuralMemory, got {type(memory).__name__}"
            )
        if history not in HISTORY_MODES:
            raise InvalidInputError(f"history must be 'bounded' or 'full', got {history!r}")
        if "{memory}" not in section:
            raise InvalidInputError("section must contain '{memory}'")
        super().__init__()
        self.memory = memory
        self.max_tokens = check_budget(max_tokens)
        self.scope = check_scope(scope)
        self.history = history
        self.prune_state = bool(prune_state)
        self.default_user_id = check_id(default_user_id, "default_user_id")
        self.section = section
        self.last_context: MemoryContext | None = None
        """The context of the latest model call (for inspection and tests)."""

    # -- who ----------------------------------------------------------------------------
    def identity(self, config: Any, context: Any) -> tuple[str, str]:
        """(user_id, session_id) of a run: see the module docstring."""
        configurable = (config or {}).get("configurable") or {}
        user = configurable.get("user_id")
        if user is None and context is not None:
            user = (
                context.get("user_id")
                if isinstance(context, dict)
                else getattr(context, "user_id", None)
            )
        session = configurable.get("thread_id")
        return (
            check_id(self.default_user_id if user is None else str(user), "user_id"),
            check_id("default" if session is None else str(session), "thread_id"),
        )

    def _who(self, runtime: Any) -> tuple[str, str]:
        try:
            from langgraph.config import get_config

            config = get_config()
        except RuntimeError:  # called outside a graph run
            config = {}
        return self.identity(config, getattr(runtime, "context", None))

    # -- writes ---------------------------------------------------------------------------
    def remember(self, messages: Sequence[BaseMessage], *, user_id: str, session_id: str) -> int:
        """Write the messages not stored yet (by message id), in order; returns how many
        were new. Messages without an id are written every time: give them one."""
        keyed = [m for m in messages if not isinstance(m, RemoveMessage)]
        ids = [m.id for m in keyed if m.id]
        known = set(self.memory.get_keyed(ids, session_id=session_id, user_id=user_id))
        new = [m for m in keyed if not m.id or m.id not in known]
        if not new:
            return 0
        turns = [dataclasses.replace(message_to_turn(m), key=m.id or None) for m in new]
        self.memory.add_turns(turns, session_id=session_id, user_id=user_id)
        return len(new)

    def _store_state(self, state: AgentState[Any], runtime: Any) -> dict[str, Any] | None:
        user_id, session_id = self._who(runtime)
        messages = list(state.get("messages", []))
        self.remember(messages, user_id=user_id, session_id=session_id)
        if not self.prune_state:
            return None
        old = messages[: _exchange_start(messages)]
        return {"messages": [RemoveMessage(id=m.id) for m in old if m.id]} if old else None

    def before_model(self, state: AgentState[Any], runtime: Any) -> dict[str, Any] | None:
        """Store the thread's new messages (the user's, tool results) before the call."""
        return self._store_state(state, runtime)

    def after_model(self, state: AgentState[Any], runtime: Any) -> dict[str, Any] | None:
        """Store the model's reply (with its tool calls) once it is in the state."""
        user_id, session_id = self._who(runtime)
        self.remember(list(state.get("messages", [])), user_id=user_id, session_id=session_id)
        return None

    async def abefore_model(self, state: AgentState[Any], runtime: Any) -> dict[str, Any] | None:
        """Async :meth:`before_model` (the same code, off the event loop)."""
        return await asyncio.to_thread(self.before_model, state, runtime)

    async def aafter_model(self, state: AgentState[Any], runtime: Any) -> dict[str, Any] | None:
        """Async :meth:`after_model`."""
        return await asyncio.to_thread(self.after_model, state, runtime)

    # -- reads ----------------------------------------------------------------------------
    def prepare(self, request: ModelRequest) -> ModelRequest:
        """The request with the recalled context in its system message (a quoted
        ``<memory>`` section within ``max_tokens``) and, when history is bounded, only
        the current exchange as its messages."""
        user_id, session_id = self._who(request.runtime)
        messages = list(request.messages)
        start = _exchange_start(messages) if self.history == "bounded" else 0
        shown = messages[start:]
        query = _latest_human_text(messages)
        ctx = self.memory.recall(
            query,
            session_id=session_id,
            user_id=user_id,
            max_tokens=prompt_budget(self.max_tokens, self.memory.count_tokens),
            scope=self.scope,
        )
        ctx = without_messages(ctx, {m.id for m in shown if m.id})
        self.last_context = ctx
        text = memory_section(ctx.to_text().strip())
        system = request.system_prompt or ""
        if text:
            system = f"{system}\n\n{self.section.format(memory=text)}".strip()
        return request.override(
            messages=shown, system_message=SystemMessage(system) if system else None
        )

    def wrap_model_call(
        self, request: ModelRequest, handler: Callable[[ModelRequest], ModelResponse]
    ) -> ModelResponse:
        """Call the model with :meth:`prepare`'s request."""
        return handler(self.prepare(request))

    async def awrap_model_call(
        self,
        request: ModelRequest,
        handler: Callable[[ModelRequest], Awaitable[ModelResponse]],
    ) -> ModelResponse:
        """Async :meth:`wrap_model_call` (recall off the event loop)."""
        return await handler(await asyncio.to_thread(self.prepare, request))


def _exchange_start(messages: Sequence[AnyMessage]) -> int:
    """Index of the latest human message (the current exchange starts there); 0 if none."""
    for i in range(len(messages) - 1, -1, -1):
        if isinstance(messages[i], HumanMessage):
            return i
    return 0


def _latest_human_text(messages: Sequence[AnyMessage]) -> str:
    for m in reversed(messages):
        if isinstance(m, HumanMessage):
            return content_text(m.content)
    return ""


def without_messages(ctx: MemoryContext, message_ids: set[str]) -> MemoryContext:
    """The context without the turns of messages the model already sees (by message id).

    Example:
        >>> from langchain_neuralmem.types import Turn
        >>> ctx = MemoryContext(query="q", budget_tokens=50, recent=[
        ...     Turn(1, "u", "s", 0, "human", "Ann", "Hi", 0.0, 1, key="m1")])
        >>> without_messages(ctx, {"m1"}).recent
        []
    """
    if not message_ids:
        return ctx
    return dataclasses.replace(
        ctx,
        recent=[t for t in ctx.recent if t.key not in message_ids],
        recalled=[r for r in ctx.recalled if r.turn.key not in message_ids],
    )
