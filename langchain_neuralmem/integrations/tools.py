"""Agent tools over the memory: search it, and forget one memory by id.

The model gives only the query (or the id); *whose* memory is read comes from the run,
never from the model: a ``user_id`` pinned when the tool is made, else
``config["configurable"]["user_id"]``, else the LangGraph runtime context's ``user_id``
(``create_agent(..., context_schema=...)``, ``agent.invoke(..., context={...})``), else
``"default"``. With ``scope="session"`` the search tool keeps to the run's thread
(``configurable["thread_id"]``, else the context's ``session_id`` or ``thread_id``).

Example:
    >>> from langchain_neuralmem.engine import NeuralMemory
    >>> memory = NeuralMemory(":memory:")
    >>> t = memory.add_turn("I'm allergic to peanuts.", session_id="s", user_id="ann",
    ...                     timestamp=1683504000.0)
    >>> search = create_memory_search_tool(memory)
    >>> print(search.invoke({"query": "food allergy"}, {"configurable": {"user_id": "ann"}}))
    [id 1] [8 May 2023] human: I'm allergic to peanuts.
    >>> search.invoke({"query": "food allergy"})  # another user ("default"): nothing
    'No matching memories.'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import InjectedToolArg, StructuredTool
from pydantic import BaseModel, Field

from langchain_neuralmem.deletion import DEFAULT_USER
from langchain_neuralmem.engine import NeuralMemory
from langchain_neuralmem.errors import InvalidInputError
from langchain_neuralmem.integrations.retriever import check_k
from langchain_neuralmem.types import Recall, date_label, turn_line
from langchain_neuralmem.validation import check_id

MAX_K = 50
"""The most matches a model may ask the search tool for in one call."""
NO_MATCHES = "No matching memories."

SEARCH_DESCRIPTION = (
    "Search the long-term memory of earlier conversations with the current user. "
    "Use it when the answer may depend on something the user said before (facts about "
    "them, preferences, plans, earlier requests). Input: a short query describing what to "
    "look for. Output: matching earlier messages, best first, one per line as "
    "'[id N] [date] speaker: text'."
)
FORGET_DESCRIPTION = (
    "Forget (permanently delete) one memory of the current user, by the id shown as "
    "'[id N]' in memory search results. Use it when the user asks you to forget something."
)


class _SearchArgs(BaseModel):
    query: str = Field(description="What to look for in earlier conversations.")
    k: int | None = Field(
        default=None, ge=1, le=MAX_K, description="How many matches to return (optional)."
    )
    runtime: Annotated[Any, InjectedToolArg] = None  # LangGraph's ToolRuntime, injected


class _ForgetArgs(BaseModel):
    memory_id: int = Field(description="The id of the memory to forget, as in '[id N]'.")
    runtime: Annotated[Any, InjectedToolArg] = None  # LangGraph's ToolRuntime, injected


def _context_value(runtime: Any, *names: str) -> Any:
    """The first of ``names`` in a LangGraph ``ToolRuntime``'s context (a dict, dataclass
    or pydantic model). Only a real runtime object is read: arguments a model writes are
    JSON, and a JSON value has no ``context`` attribute."""
    context = getattr(runtime, "context", None)
    for name in names:
        value = context.get(name) if isinstance(context, Mapping) else getattr(context, name, None)
        if value is not None:
            return value
    return None


def _configurable(config: RunnableConfig | None) -> Mapping[str, Any]:
    return (config or {}).get("configurable") or {}


def _caller(pinned: str | None, config: RunnableConfig | None, runtime: Any) -> str:
    """Whose memory a call reads: pinned, else the run's configurable, else the runtime
    context, else ``"default"``."""
    if pinned is not None:
        return pinned
    user = _configurable(config).get("user_id")
    if user is None:
        user = _context_value(runtime, "user_id")
    return check_id(DEFAULT_USER if user is None else user, "user_id")


def _thread(config: RunnableConfig | None, runtime: Any) -> str:
    session = _configurable(config).get("thread_id")
    if session is None:
        session = _context_value(runtime, "session_id", "thread_id")
    if session is None:
        raise InvalidInputError(
            "a memory search tool with scope='session' needs the run's thread: pass "
            "config={'configurable': {'thread_id': ...}} (or a context with session_id)"
        )
    return check_id(session, "thread_id")


def format_matches(recalls: list[Recall], *, max_chars: int = 1000) -> str:
    """Search results as tool output: ``[id N] [date] speaker: text``, one per match.

    Text longer than ``max_chars`` is cut and marked; a turn's later lines are indented
    (as in a rendered context), so every match starts exactly one line.

    Example:
        >>> from langchain_neuralmem.types import Turn
        >>> t = Turn(12, "u", "s", 0, "human", "Ann", "Hi.\\nBye.", 1683504000.0, 3)
        >>> print(format_matches([Recall(t, 1.0)]))
        [id 12] [8 May 2023] Ann: Hi.
          Bye.
    """
    if not recalls:
        return NO_MATCHES
    lines = []
    for r in recalls:
        turn = r.turn
        text = turn.content
        if len(text) > max_chars:
            text = text[:max_chars] + " [...cut]"
        date = date_label(turn.created_at)
        prefix = f"[id {turn.turn_id}] " + (f"{date} " if date else "")
        lines.append(prefix + turn_line(turn.speaker, turn.role, text))
    return "\n".join(lines)


def create_memory_search_tool(
    memory: NeuralMemory,
    *,
    k: int = 5,
    name: str = "search_memory",
    scope: str = "user",
    description: str = SEARCH_DESCRIPTION,
    user_id: str | None = None,
    max_chars: int = 1000,
) -> StructuredTool:
    """A tool an agent calls to search the memory; sync and async.

    Args:
        memory: the engine to search.
        k: matches returned when the model does not ask for a number (it may ask for up
            to :data:`MAX_K`).
        name: the tool's name, as the model sees it.
        scope: ``"user"`` searches all of the caller's sessions; ``"session"`` only the
            run's thread (``configurable["thread_id"]``; a run without one is refused).
        description: what the model is told the tool does.
        user_id: pin the tool to one user; ``None`` reads the user from each run (see
            the module docstring), never from the model's arguments.
        max_chars: longest text shown per match.

    Example:
        >>> from langchain_neuralmem.engine import NeuralMemory
        >>> memory = NeuralMemory(":memory:")
        >>> _ = memory.add_turn("My bike is a red Bianchi.", session_id="t1", user_id="bo",
        ...                     timestamp=1683504000.0)
        >>> tool = create_memory_search_tool(memory, scope="session")
        >>> run = {"configurable": {"user_id": "bo", "thread_id": "t1"}}
        >>> call = {"name": "search_memory", "args": {"query": "bike"}, "id": "1",
        ...         "type": "tool_call"}
        >>> tool.invoke(call, run).content
        '[id 1] [8 May 2023] human: My bike is a red Bianchi.'
    """
    default_k = check_k(k)
    if scope not in ("user", "session"):
        raise InvalidInputError(f"scope must be 'user' or 'session', got {scope!r}")
    pinned = None if user_id is None else check_id(user_id, "user_id")
    limit = check_k(max_chars)

    def _kwargs(k: int | None, config: RunnableConfig, runtime: Any) -> dict[str, Any]:
        session = _thread(config, runtime) if scope == "session" else None
        user = _caller(pinned, config, runtime)
        return {"user_id": user, "session_id": session, "k": default_k if k is None else k}

    def search(
        query: str, k: int | None = None, runtime: Any = None, *, config: RunnableConfig
    ) -> str:
        return format_matches(memory.search(query, **_kwargs(k, config, runtime)), max_chars=limit)

    async def asearch(
        query: str, k: int | None = None, runtime: Any = None, *, config: RunnableConfig
    ) -> str:
        recalls = await memory.asearch(query, **_kwargs(k, config, runtime))
        return format_matches(recalls, max_chars=limit)

    return StructuredTool.from_function(
        func=search,
        coroutine=asearch,
        name=name,
        description=description,
        args_schema=_SearchArgs,
    )


def create_memory_forget_tool(
    memory: NeuralMemory,
    *,
    name: str = "forget_memory",
    description: str = FORGET_DESCRIPTION,
    user_id: str | None = None,
) -> StructuredTool:
    """A tool an agent calls to delete one of the caller's memories by id; sync and async.

    The caller is found as for :func:`create_memory_search_tool`. An id of another
    user's turn, or of no turn, deletes nothing and gets the same answer (so the tool
    says nothing about other users' memories).

    Args:
        memory: the engine to delete from.
        name: the tool's name, as the model sees it.
        description: what the model is told the tool does.
        user_id: pin the tool to one user; ``None`` reads the user from each run.

    Example:
        >>> from langchain_neuralmem.engine import NeuralMemory
        >>> memory = NeuralMemory(":memory:")
        >>> t = memory.add_turn("My PIN is 1234.", session_id="s", user_id="ann")
        >>> forget = create_memory_forget_tool(memory)
        >>> forget.invoke({"memory_id": t.turn_id})  # as the "default" user
        'No memory with id 1 belongs to the current user; nothing was deleted.'
        >>> forget.invoke({"memory_id": t.turn_id}, {"configurable": {"user_id": "ann"}})
        'Forgot memory 1.'
    """
    pinned = None if user_id is None else check_id(user_id, "user_id")

    def _answer(memory_id: int, deleted: int) -> str:
        if deleted:
            return f"Forgot memory {memory_id}."
        return f"No memory with id {memory_id} belongs to the current user; nothing was deleted."

    def forget(memory_id: int, runtime: Any = None, *, config: RunnableConfig) -> str:
        user = _caller(pinned, config, runtime)
        try:
            return _answer(memory_id, memory.delete_turns([memory_id], user_id=user))
        except InvalidInputError:  # another user's turn: refused, nothing deleted
            return _answer(memory_id, 0)

    async def aforget(memory_id: int, runtime: Any = None, *, config: RunnableConfig) -> str:
        user = _caller(pinned, config, runtime)
        try:
            return _answer(memory_id, await memory.adelete_turns([memory_id], user_id=user))
        except InvalidInputError:
            return _answer(memory_id, 0)

    return StructuredTool.from_function(
        func=forget,
        coroutine=aforget,
        name=name,
        description=description,
        args_schema=_ForgetArgs,
    )
