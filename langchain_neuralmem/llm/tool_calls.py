"""Tool calling for the in-process chat models: binding, prompting and parsing.

:class:`ToolCallingMixin` gives the local chat models ``bind_tools``: the OpenAI tool dicts
go to the model's own chat template (Qwen2.5's asks for ``<tool_call>`` JSON blocks);
:func:`parse_tool_calls` turns the reply into ``AIMessage.tool_calls``. A reply that only
repeats calls already answered since the last user message (small models do this) is
replaced by an answer generated without tools, with the results folded into the question.

Example:
    >>> reply = parse_tool_calls('{"name": "get_weather", "arguments": {"city": "Paris"}}',
    ...                          ["get_weather"])
    >>> reply.tool_calls[0]["name"], reply.tool_calls[0]["args"], reply.content
    ('get_weather', {'city': 'Paris'}, '')
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.messages.tool import (
    InvalidToolCall,
    ToolCall,
    invalid_tool_call,
    tool_call,
)
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

from langchain_neuralmem.llm.messages import (
    answered_calls,
    call_key,
    fold_tool_results,
    reply_chunk,
    to_chat_dicts,
    tool_rounds,
    usage,
    with_tools_prompt,
)

__all__ = [
    "BoundTools",
    "Completion",
    "ParsedReply",
    "ToolCallingMixin",
    "Watch",
    "normalize_tool_choice",
    "parse_tool_calls",
    "repeat_watch",
]

_BLOCK = re.compile(r"<tool_call>(.*?)(?:</tool_call>|\Z)", re.S)
_FENCE = re.compile(r"\A```[\w-]*[ \t]*\n?(.*?)\n?[ \t]*```\Z", re.S)
_NAME = re.compile(r'"name"\s*:\s*"([^"]*)"')
Watch = Callable[[str], bool]
"""Called with the text generated so far; ``True`` ends generation."""


@dataclass
class ParsedReply:
    """A reply split into text and tool calls.

    Example:
        >>> ParsedReply("Hi").tool_calls
        []
    """

    content: str
    """The text left once the tool-call blocks are cut out."""
    tool_calls: list[ToolCall] = field(default_factory=list)
    """Calls of bound tools with JSON-object arguments (duplicates dropped)."""
    invalid_tool_calls: list[InvalidToolCall] = field(default_factory=list)
    """``<tool_call>`` blocks that are not valid JSON, or name a tool that is not bound."""


@dataclass
class Completion:
    """One generation by a backend: text (after any forced prefix), token counts, finish.

    Example:
        >>> Completion("Hello", n_in=5, n_out=2).finish_reason
        'stop'
    """

    text: str
    n_in: int = 0
    n_out: int = 0
    finish_reason: str = "stop"


@dataclass(frozen=True)
class BoundTools:
    """The tools bound to one call: OpenAI tool dicts and which ones a call must use.

    Example:
        >>> spec = {"type": "function", "function": {"name": "f", "parameters": {}}}
        >>> BoundTools([spec], "required").forced == [spec]
        True
    """

    tools: list[dict[str, Any]]
    """OpenAI tool dicts (``{"type": "function", "function": {...}}``)."""
    choice: str | dict[str, Any] = "auto"
    """Normalised ``tool_choice`` (see :func:`normalize_tool_choice`)."""

    @classmethod
    def of(cls, tools: Sequence[Any], tool_choice: Any = None) -> BoundTools:
        """``tools`` as OpenAI tool dicts with ``tool_choice`` normalised."""
        formatted = [convert_to_openai_tool(t) for t in tools]
        names = [t["function"]["name"] for t in formatted if "function" in t]
        return cls(formatted, normalize_tool_choice(tool_choice, names))

    @classmethod
    def pop(cls, kwargs: dict[str, Any]) -> BoundTools | None:
        """Pop ``tools``/``tool_choice`` from call ``kwargs``; ``None``: no tools in play."""
        tools, choice = kwargs.pop("tools", None), kwargs.pop("tool_choice", None)
        bound = cls.of(tools, choice) if tools else None
        return None if bound is None or bound.choice == "none" else bound

    @property
    def names(self) -> list[str]:
        """The bound function names."""
        return [t["function"]["name"] for t in self.tools if "function" in t]

    @property
    def forced(self) -> list[dict[str, Any]] | None:
        """The tools a reply must call one of (``None``: the model may answer in text)."""
        if self.choice == "required":
            return [t for t in self.tools if "function" in t]
        if isinstance(self.choice, dict):
            name = self.choice["function"]["name"]
            return [t for t in self.tools if t.get("function", {}).get("name") == name]
        return None


def normalize_tool_choice(choice: Any, names: Sequence[str]) -> str | dict[str, Any]:
    """``"auto"``, ``"none"``, ``"required"`` or ``{"type": "function", "function": {"name"}}``.

    Accepts LangChain's spellings: ``None``/``"auto"``, ``"none"``/``False``,
    ``"any"``/``"required"``/``True``, a tool name, or an OpenAI or ``{"name": ...}`` dict.

    Raises:
        ValueError: an unknown spelling, or a name that is not among ``names``.

    Example:
        >>> normalize_tool_choice("any", ["f"]), normalize_tool_choice(None, ["f"])
        ('required', 'auto')
        >>> normalize_tool_choice("f", ["f"])
        {'type': 'function', 'function': {'name': 'f'}}
    """
    if choice is None or choice == "auto":
        return "auto"
    if choice is False or choice == "none":
        return "none"
    if choice is True or choice in ("any", "required"):
        return "required"
    name: Any = choice
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name") or choice.get("name")
    if not isinstance(name, str) or name not in names:
        raise ValueError(f"tool_choice {choice!r} names no bound tool; bound tools: {list(names)}")
    return {"type": "function", "function": {"name": name}}


# ---- parsing --------------------------------------------------------------------------


def _call_id() -> str:
    return f"call_{uuid.uuid4().hex}"


def _unfence(text: str) -> str:
    match = _FENCE.match(text.strip())
    return match.group(1).strip() if match else text.strip()


def _as_call(obj: Any, raw: str, names: set[str]) -> ToolCall | InvalidToolCall | None:
    """A call from one decoded JSON value; ``None`` when it is no call of a bound tool."""
    if not isinstance(obj, dict) or obj.get("name") not in names:
        return None
    name, args, error = str(obj["name"]), obj.get("arguments", obj.get("parameters")), None
    if isinstance(args, str):
        try:
            args = json.loads(args) if args.strip() else {}
        except json.JSONDecodeError as exc:
            error = f"arguments are not valid JSON: {exc.msg}"
    args = {} if args is None else args
    if error is None and isinstance(args, dict):
        return tool_call(name=name, args=args, id=_call_id())
    error = error or "arguments must be a JSON object"
    return invalid_tool_call(name=name, args=raw, id=_call_id(), error=error)


def _tagged(body: str, names: set[str]) -> ToolCall | InvalidToolCall:
    """The call in one ``<tool_call>`` block (an invalid call when it is not one)."""
    raw = _unfence(body)
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        found = _NAME.search(raw)
        name, error = (found.group(1) if found else None), f"not valid JSON: {exc.msg}"
    else:
        call = _as_call(obj, raw, names)
        if call is not None:
            return call
        name = str(obj.get("name")) if isinstance(obj, dict) and "name" in obj else None
        error = f"names no bound tool; bound tools: {sorted(names)}"
    return invalid_tool_call(name=name, args=raw, id=_call_id(), error=f"<tool_call> {error}")


def _bare(text: str, names: set[str]) -> tuple[list[ToolCall | InvalidToolCall], str] | None:
    """The leading JSON calls of a reply and the text after them (``None``: no calls).

    Non-call JSON or JSON cut short after them is dropped (a repeat cut by the limit)."""
    body = _unfence(text)
    decoder, at = json.JSONDecoder(), 0
    calls: list[ToolCall | InvalidToolCall] = []
    while body.startswith(("{", "["), at):
        try:
            value, end = decoder.raw_decode(body, at)
        except json.JSONDecodeError as exc:
            found = _NAME.search(body[at : at + 200])
            if calls or found is None or found.group(1) not in names:
                break
            error = f"reply is not valid JSON: {exc.msg}"
            bad = invalid_tool_call(name=found.group(1), args=body, id=_call_id(), error=error)
            return [bad], ""
        items = value if isinstance(value, list) else [value]
        got = [_as_call(item, json.dumps(item, ensure_ascii=False), names) for item in items]
        if not got or None in got:
            break
        calls += cast("list[ToolCall | InvalidToolCall]", got)
        at = len(body) - len(body[end:].lstrip())
    if not calls:
        return None
    rest = re.sub(r"</?tool_call>", "", body[at:]).strip()
    return calls, "" if rest.startswith(("{", "[")) else rest


def _scan(text: str, names: set[str]) -> tuple[str, list[ToolCall | InvalidToolCall]]:
    """The text outside tool-call blocks and every call found, in order, duplicates kept."""
    if "<tool_call>" in text:
        found = [_tagged(match.group(1), names) for match in _BLOCK.finditer(text)]
        return _BLOCK.sub("", text).strip(), found
    bare = _bare(text, names)
    return (bare[1], bare[0]) if bare is not None else (text, [])


def parse_tool_calls(text: str, tool_names: Iterable[str]) -> ParsedReply:
    """Split a generated reply into text, calls of the bound tools and invalid calls.

    Recognised: ``<tool_call>{json}</tool_call>`` blocks anywhere (an unclosed last block
    too), or a reply that is only JSON calls (one object, a list, or several objects one
    after another, optionally in a code fence). Each call needs a bound ``name`` and
    ``arguments`` (or ``parameters``) that are a JSON object or a JSON string of one.
    Repeated identical calls are kept once.

    Example:
        >>> reply = parse_tool_calls(
        ...     'Checking.\\n<tool_call>\\n{"name": "f", "arguments": {"x": 1}}\\n</tool_call>'
        ...     '<tool_call>{"name": "f", "arguments": {"x": </tool_call>', ["f"])
        >>> reply.content, reply.tool_calls[0]["args"], reply.invalid_tool_calls[0]["name"]
        ('Checking.', {'x': 1}, 'f')
        >>> parse_tool_calls('{"name": "other", "arguments": {}}', ["f"]).tool_calls
        []
    """
    names = set(tool_names)
    if not names:
        return ParsedReply(text)
    content, found = _scan(text, names)
    reply = ParsedReply(content)
    for call in found:
        if call.get("type") == "invalid_tool_call":
            reply.invalid_tool_calls.append(cast("InvalidToolCall", call))
        elif call_key(cast("ToolCall", call)) not in map(call_key, reply.tool_calls):
            reply.tool_calls.append(cast("ToolCall", call))
    return reply


def repeat_watch(names: Iterable[str], answered: set[tuple[str, str]]) -> Watch:
    """A :data:`Watch` that ends generation once a call repeats (in the reply or answered)."""
    known = set(names)

    def watch(text: str) -> bool:
        if not text.rstrip().endswith(("}", "]", "</tool_call>", "```")):
            return False
        calls = [c for c in _scan(text, known)[1] if c.get("type") == "tool_call"]
        keys = [call_key(cast("ToolCall", c)) for c in calls]
        return len(keys) != len(set(keys)) or any(k in answered for k in keys)

    return watch


class ToolCallingMixin:
    """``bind_tools`` and tool-aware generation for a local ``BaseChatModel``.

    The model class lists this mixin before ``BaseChatModel`` and implements
    ``_complete`` (render ``chat``, with ``tools`` through its template when given, and
    generate) and ``_renders_tools``; its ``_generate`` / ``_stream`` hand over to
    ``_generate_with_tools`` / ``_stream_with_tools`` when ``BoundTools.pop`` finds tools.

    Example:
        >>> from langchain_neuralmem.llm import load_chat_model
        >>> def get_weather(city: str) -> str:
        ...     '''The weather in a city.'''
        ...     return f"{city}: 17 degrees and foggy"
        >>> bound = load_chat_model("smollm2", max_new_tokens=32).bind_tools([get_weather])
        >>> bound.kwargs["tool_choice"], isinstance(bound.invoke("Weather in Paris?"), AIMessage)
        ('auto', True)
    """

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | dict[str, Any] | bool | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """This model with ``tools`` (as OpenAI tool dicts) and ``tool_choice`` bound.

        ``tool_choice``: ``None``/``"auto"`` lets the model choose, ``"none"`` hides the
        tools, ``"any"``/``"required"``/``True`` or a tool name force a call (decoding is
        constrained to one).

        Raises:
            ValueError: ``tool_choice`` names no bound tool.
        """
        bound = BoundTools.of(tools, tool_choice)
        runnable = cast("Runnable[LanguageModelInput, AIMessage]", self)
        return runnable.bind(tools=bound.tools, tool_choice=bound.choice, **kwargs)

    # ---- what a backend implements --------------------------------------------------

    def _complete(
        self,
        chat: list[dict[str, Any]],
        *,
        tools: list[dict[str, Any]] | None,
        forced: list[dict[str, Any]] | None,
        stop: list[str] | None,
        watch: Watch | None,
        kwargs: dict[str, Any],
    ) -> Completion:
        """Generate after ``chat`` (+ ``tools``); with ``forced``, only a call of one fits."""
        raise NotImplementedError

    def _renders_tools(self) -> bool:
        """Whether the chat template renders a ``tools`` list itself."""
        raise NotImplementedError

    # ---- the shared flow --------------------------------------------------------------

    def _generate_with_tools(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None,
        bound: BoundTools,
        kwargs: dict[str, Any],
    ) -> ChatResult:
        """A reply with the tools; from the results without them on a repeat or at the cap."""
        answered, cap = answered_calls(messages), getattr(self, "max_tool_rounds", None)
        capped = cap is not None and tool_rounds(messages) >= cap and bound.forced is None
        done, reply, n_in, n_out = Completion(""), ParsedReply(""), 0, 0
        if not capped:
            chat, tools = to_chat_dicts(messages), bound.tools
            if not self._renders_tools():
                chat, tools = with_tools_prompt(chat, bound.tools), []
            watch = repeat_watch(bound.names, answered)
            done = self._complete(
                chat, tools=tools, forced=bound.forced, stop=stop, watch=watch, kwargs=dict(kwargs)
            )
            reply, n_in, n_out = parse_tool_calls(done.text, bound.names), done.n_in, done.n_out
        repeats = reply.tool_calls and all(call_key(c) in answered for c in reply.tool_calls)
        if capped or (repeats and bound.forced is None):  # answer from the results in hand
            folded = to_chat_dicts(fold_tool_results(messages))
            done = self._complete(
                folded, tools=None, forced=None, stop=stop, watch=None, kwargs=dict(kwargs)
            )
            reply = ParsedReply(done.text.strip())
            n_in, n_out = n_in + done.n_in, n_out + done.n_out
        message = AIMessage(
            content=reply.content,
            tool_calls=reply.tool_calls,
            invalid_tool_calls=reply.invalid_tool_calls,
            usage_metadata=usage(n_in, n_out),
            response_metadata={"model_name": getattr(self, "model_name", "")},
        )
        info = {"finish_reason": "tool_calls" if reply.tool_calls else done.finish_reason}
        return ChatResult(generations=[ChatGeneration(message=message, generation_info=info)])

    def _stream_with_tools(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None,
        run_manager: CallbackManagerForLLMRun | None,
        bound: BoundTools,
        kwargs: dict[str, Any],
    ) -> Iterator[ChatGenerationChunk]:
        """The whole reply as one chunk (tool calls are only known once it is complete)."""
        generation = self._generate_with_tools(messages, stop, bound, kwargs).generations[0]
        chunk = reply_chunk(generation)
        if run_manager is not None:
            run_manager.on_llm_new_token(str(chunk.message.content), chunk=chunk)
        yield chunk
