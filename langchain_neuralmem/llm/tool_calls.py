"""Tool calling for the in-process chat models: binding, prompting and parsing.

:class:`ToolCallingMixin` gives ``LlamaCppChatModel`` and ``TransformersChatModel``
``bind_tools``: the tools travel as OpenAI tool dicts to generation, where the model's
own chat template renders them (Qwen2.5 lists them in its system turn and asks for
``<tool_call>{"name": ..., "arguments": ...}</tool_call>`` blocks). A template without
tool support gets the same instructions as a system message (:func:`with_tools_prompt`).
:func:`parse_tool_calls` turns the reply into ``AIMessage.tool_calls``: tagged blocks, a
bare JSON object (or several, one per line) as the whole reply, or code-fenced JSON.

Small models often call the same tool again after its result arrives; a reply that only
repeats calls already answered since the last user message is replaced by an answer
generated without tools, from the conversation with the results folded into the user's
message as text (:func:`~langchain_neuralmem.llm.messages.fold_tool_results`).

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
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage
from langchain_core.messages.tool import (
    InvalidToolCall,
    ToolCall,
    ToolCallChunk,
    invalid_tool_call,
    tool_call,
    tool_call_chunk,
)
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.utils.function_calling import convert_to_openai_tool

from langchain_neuralmem.llm.messages import (
    fold_tool_results,
    inline_tool_turns,
    to_chat_dicts,
    usage,
)

__all__ = [
    "BoundTools",
    "Completion",
    "ParsedReply",
    "ToolCallingMixin",
    "normalize_tool_choice",
    "parse_tool_calls",
    "template_renders_tools",
    "tools_system_prompt",
    "with_tools_prompt",
]

_BLOCK = re.compile(r"<tool_call>(.*?)(?:</tool_call>|\Z)", re.S)
_FENCE = re.compile(r"\A```[\w-]*[ \t]*\n?(.*?)\n?[ \t]*```\Z", re.S)
_NAME = re.compile(r'"name"\s*:\s*"([^"]*)"')
_TOOLS_VAR = re.compile(r"\btools\b")
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
    """One generation by a backend: its text and token counts.

    Example:
        >>> Completion("Hello", n_in=5, n_out=2).finish_reason
        'stop'
    """

    text: str
    """The generated text (after any forced prefix the backend added)."""
    n_in: int = 0
    """Prompt tokens."""
    n_out: int = 0
    """Generated tokens."""
    finish_reason: str = "stop"
    """``"stop"`` or ``"length"``."""


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


def new_call_id() -> str:
    """A fresh tool-call id, ``call_`` and 32 hex digits.

    Example:
        >>> new_call_id().startswith("call_")
        True
    """
    return f"call_{uuid.uuid4().hex}"


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


def template_renders_tools(template: Any) -> bool:
    """Whether a Jinja chat template reads a ``tools`` variable.

    Example:
        >>> template_renders_tools("{% if tools %}{{ tools | tojson }}{% endif %}")
        True
        >>> template_renders_tools("{{ messages[0].content }}")
        False
    """
    return isinstance(template, str) and bool(_TOOLS_VAR.search(template))


def tools_system_prompt(tools: Sequence[dict[str, Any]]) -> str:
    """Qwen2.5's tool instructions, for a chat template that cannot render tools itself.

    Example:
        >>> spec = {"type": "function", "function": {"name": "f", "parameters": {}}}
        >>> "<tool_call>" in tools_system_prompt([spec])
        True
    """
    listed = "\n".join(json.dumps(t, ensure_ascii=False) for t in tools)
    return (
        "# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
        "You are provided with function signatures within <tools></tools> XML tags:\n"
        f"<tools>\n{listed}\n</tools>\n\n"
        "For each function call, return a json object with function name and arguments "
        "within <tool_call></tool_call> XML tags:\n<tool_call>\n"
        '{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call>'
    )


def with_tools_prompt(
    chat: Sequence[dict[str, Any]], tools: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """``chat`` for a template without tools: instructions in the system turn, tool turns as text.

    Example:
        >>> spec = {"type": "function", "function": {"name": "f", "parameters": {}}}
        >>> chat = with_tools_prompt([{"role": "user", "content": "Hi"}], [spec])
        >>> [turn["role"] for turn in chat]
        ['system', 'user']
    """
    out = inline_tool_turns(chat)
    prompt = tools_system_prompt(tools)
    if out and out[0]["role"] == "system":
        out[0] = {"role": "system", "content": f"{out[0]['content']}\n\n{prompt}"}
    else:
        out.insert(0, {"role": "system", "content": prompt})
    return out


# ---- parsing --------------------------------------------------------------------------


def _unfence(text: str) -> str:
    match = _FENCE.match(text.strip())
    return match.group(1).strip() if match else text.strip()


def _as_call(obj: Any, raw: str, names: set[str]) -> ToolCall | InvalidToolCall | None:
    """A call from one decoded JSON value; ``None`` when it is no call of a bound tool."""
    if not isinstance(obj, dict) or obj.get("name") not in names:
        return None
    name = str(obj["name"])
    args = obj.get("arguments", obj.get("parameters"))
    if isinstance(args, str):
        try:
            args = json.loads(args) if args.strip() else {}
        except json.JSONDecodeError as exc:
            error = f"arguments are not valid JSON: {exc.msg}"
            return invalid_tool_call(name=name, args=raw, id=new_call_id(), error=error)
    if args is None:
        args = {}
    if not isinstance(args, dict):
        error = "arguments must be a JSON object"
        return invalid_tool_call(name=name, args=raw, id=new_call_id(), error=error)
    return tool_call(name=name, args=args, id=new_call_id())


def _tagged(body: str, names: set[str]) -> ToolCall | InvalidToolCall:
    """The call in one ``<tool_call>`` block (an invalid call when it is not one)."""
    raw = _unfence(body)
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        found = _NAME.search(raw)
        return invalid_tool_call(
            name=found.group(1) if found else None,
            args=raw,
            id=new_call_id(),
            error=f"<tool_call> block is not valid JSON: {exc.msg}",
        )
    call = _as_call(obj, raw, names)
    if call is not None:
        return call
    name = obj.get("name") if isinstance(obj, dict) else None
    return invalid_tool_call(
        name=str(name) if name is not None else None,
        args=raw,
        id=new_call_id(),
        error=f"<tool_call> names no bound tool; bound tools: {sorted(names)}",
    )


def _bare(text: str, names: set[str]) -> tuple[list[ToolCall | InvalidToolCall], str] | None:
    """The calls and trailing text when a reply is JSON calls of bound tools, else ``None``.

    Leading calls count; a JSON value after them that is no call, or JSON cut short (a
    repeat stopped by the token limit), is dropped; text after them is kept.
    """
    body = _unfence(text)
    if not body.startswith(("{", "[")):
        return None
    decoder = json.JSONDecoder()
    calls: list[ToolCall | InvalidToolCall] = []
    at = 0
    while True:
        while at < len(body) and body[at].isspace():
            at += 1
        if at >= len(body):
            break
        try:
            value, end = decoder.raw_decode(body, at)
        except json.JSONDecodeError as exc:
            if calls:
                break
            found = _NAME.search(body[at : at + 200])  # broken JSON: a call if it names one
            if found is None or found.group(1) not in names:
                return None
            error = f"reply is not valid JSON: {exc.msg}"
            return [
                invalid_tool_call(name=found.group(1), args=body, id=new_call_id(), error=error)
            ], ""
        items = value if isinstance(value, list) else [value]
        got = [_as_call(item, json.dumps(item, ensure_ascii=False), names) for item in items]
        if not got or any(call is None for call in got):
            if calls:
                break
            return None  # JSON, but no call of a bound tool: an ordinary answer
        calls += cast("list[ToolCall | InvalidToolCall]", got)
        at = end
    rest = re.sub(r"</?tool_call>", "", body[at:]).strip()
    return calls, "" if rest.startswith(("{", "[")) else rest


def _scan(text: str, names: set[str]) -> tuple[str, list[ToolCall | InvalidToolCall]]:
    """The text outside tool-call blocks and every call found, in order, duplicates kept."""
    if "<tool_call>" in text:
        found: list[ToolCall | InvalidToolCall] = []

        def cut(match: re.Match[str]) -> str:
            found.append(_tagged(match.group(1), names))
            return ""

        return _BLOCK.sub(cut, text).strip(), found
    bare = _bare(text, names)
    return (bare[1], bare[0]) if bare is not None else (text, [])


def call_key(call: ToolCall) -> tuple[str, str]:
    """``(name, canonical JSON of args)``: equal for two calls that do the same thing.

    Example:
        >>> call_key({"name": "f", "args": {"b": 1, "a": 2}, "id": "x"})
        ('f', '{"a": 2, "b": 1}')
    """
    return call["name"], json.dumps(call["args"], sort_keys=True, ensure_ascii=False)


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
    seen: set[tuple[str, str]] = set()
    for call in found:
        if call.get("type") == "invalid_tool_call":
            reply.invalid_tool_calls.append(cast("InvalidToolCall", call))
            continue
        valid = cast("ToolCall", call)
        if call_key(valid) not in seen:
            seen.add(call_key(valid))
            reply.tool_calls.append(valid)
    return reply


def answered_calls(messages: Sequence[BaseMessage]) -> set[tuple[str, str]]:
    """:func:`call_key` of each call since the last user message that has a result.

    Example:
        >>> from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
        >>> call = {"name": "f", "args": {}, "id": "c1"}
        >>> answered_calls([HumanMessage("go"), AIMessage("", tool_calls=[call]),
        ...                 ToolMessage("done", tool_call_id="c1")])
        {('f', '{}')}
    """
    last = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1)
    tail = messages[last + 1 :]
    results = {getattr(m, "tool_call_id", None) for m in tail if m.type == "tool"}
    return {
        call_key(c)
        for m in tail
        if isinstance(m, AIMessage)
        for c in m.tool_calls
        if c.get("id") in results
    }


def repeat_watch(names: Iterable[str], answered: set[tuple[str, str]]) -> Watch:
    """A :data:`Watch` that ends generation once a call repeats (in the reply or answered).

    Example:
        >>> watch = repeat_watch(["f"], set())
        >>> watch('{"name": "f", "arguments": {}}'), watch('{"name": "f", "arguments": {}}\\n'
        ...                                               '{"name": "f", "arguments": {}}')
        (False, True)
    """
    known = set(names)

    def watch(text: str) -> bool:
        if not text.rstrip().endswith(("}", "]", "</tool_call>", "```")):
            return False
        calls = [c for c in _scan(text, known)[1] if c.get("type") == "tool_call"]
        keys = [call_key(cast("ToolCall", c)) for c in calls]
        return len(keys) != len(set(keys)) or any(k in answered for k in keys)

    return watch


def forced_call_schema(tools: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A JSON schema of ``{"name", "arguments"}`` objects calling one of ``tools``.

    Example:
        >>> spec = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
        >>> forced_call_schema([spec])["anyOf"][0]["properties"]["name"]
        {'const': 'f'}
    """
    defs: dict[str, Any] = {}
    options = []
    for spec in tools:
        params = dict(spec["function"].get("parameters") or {"type": "object"})
        defs.update(params.pop("$defs", {}))
        options.append(
            {
                "type": "object",
                "properties": {"name": {"const": spec["function"]["name"]}, "arguments": params},
                "required": ["name", "arguments"],
                "additionalProperties": False,
            }
        )
    schema: dict[str, Any] = {"anyOf": options}
    if defs:
        schema["$defs"] = defs
    return schema


def tool_chunk(generation: ChatGeneration) -> ChatGenerationChunk:
    """One stream chunk carrying a finished reply: its text and ``tool_call_chunks``.

    Example:
        >>> call = {"name": "f", "args": {"x": 1}, "id": "c1"}
        >>> chunk = tool_chunk(ChatGeneration(message=AIMessage("", tool_calls=[call])))
        >>> chunk.message.tool_call_chunks[0]["args"]
        '{"x": 1}'
    """
    message = cast("AIMessage", generation.message)
    chunks: list[ToolCallChunk] = [
        tool_call_chunk(name=c["name"], args=json.dumps(c["args"]), id=c["id"], index=i)
        for i, c in enumerate(message.tool_calls)
    ]
    chunks += [
        tool_call_chunk(name=c["name"], args=c["args"], id=c["id"], index=len(chunks) + i)
        for i, c in enumerate(message.invalid_tool_calls)
    ]
    piece = AIMessageChunk(
        content=message.content,
        tool_call_chunks=chunks,
        usage_metadata=message.usage_metadata,
        chunk_position="last",
    )
    return ChatGenerationChunk(message=piece, generation_info=generation.generation_info)


class ToolCallingMixin:
    """``bind_tools`` and tool-aware generation for a local ``BaseChatModel``.

    The model class lists this mixin before ``BaseChatModel`` and implements
    ``_complete`` (render ``chat``, with ``tools`` through its template when given, and
    generate) and ``_renders_tools``; its ``_generate`` / ``_stream`` hand over to
    ``_generate_with_tools`` / ``_stream_with_tools`` when ``_take_tools`` finds tools.

    Example:
        >>> from langchain_core.tools import tool
        >>> from langchain_neuralmem.llm import load_chat_model
        >>> @tool
        ... def get_weather(city: str) -> str:
        ...     '''The weather in a city.'''
        ...     return f"{city}: 17 degrees and foggy"
        >>> chat = load_chat_model("smollm2", max_new_tokens=32)
        >>> bound = chat.bind_tools([get_weather])
        >>> bound.kwargs["tools"][0]["function"]["name"], bound.kwargs["tool_choice"]
        ('get_weather', 'auto')
        >>> isinstance(bound.invoke("Weather in Paris?"), AIMessage)
        True
    """

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | Any],
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
        formatted = [convert_to_openai_tool(t) for t in tools]
        names = [t["function"]["name"] for t in formatted if "function" in t]
        choice = normalize_tool_choice(tool_choice, names)
        runnable = cast("Runnable[LanguageModelInput, AIMessage]", self)
        return runnable.bind(tools=formatted, tool_choice=choice, **kwargs)

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
        """Generate after ``chat`` (``tools`` rendered by the template when given);
        with ``forced``, the reply must be a call of one of those tools."""
        raise NotImplementedError

    def _renders_tools(self) -> bool:
        """Whether the chat template renders a ``tools`` list itself."""
        raise NotImplementedError

    # ---- the shared flow --------------------------------------------------------------

    @staticmethod
    def _take_tools(kwargs: dict[str, Any]) -> BoundTools | None:
        """Pop ``tools``/``tool_choice`` from ``kwargs``; ``None`` when none are in play."""
        tools = kwargs.pop("tools", None)
        choice = kwargs.pop("tool_choice", None)
        if not tools:
            return None
        formatted = [convert_to_openai_tool(t) for t in tools]
        names = [t["function"]["name"] for t in formatted if "function" in t]
        normalized = normalize_tool_choice(choice, names)
        return None if normalized == "none" else BoundTools(formatted, normalized)

    def _generate_with_tools(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None,
        bound: BoundTools,
        kwargs: dict[str, Any],
    ) -> ChatResult:
        chat = to_chat_dicts(messages)
        tools: list[dict[str, Any]] | None = bound.tools
        if not self._renders_tools():
            chat, tools = with_tools_prompt(chat, bound.tools), None
        answered = answered_calls(messages)
        watch = repeat_watch(bound.names, answered)
        done = self._complete(
            chat, tools=tools, forced=bound.forced, stop=stop, watch=watch, kwargs=dict(kwargs)
        )
        reply = parse_tool_calls(done.text, bound.names)
        n_in, n_out = done.n_in, done.n_out
        repeats = reply.tool_calls and all(call_key(c) in answered for c in reply.tool_calls)
        if repeats and bound.forced is None:  # answer from the results already there
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
        result = self._generate_with_tools(messages, stop, bound, kwargs)
        chunk = tool_chunk(result.generations[0])
        if run_manager is not None:
            run_manager.on_llm_new_token(str(chunk.message.content), chunk=chunk)
        yield chunk
