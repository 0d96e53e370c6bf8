"""LangChain messages to the ``{"role", "content"}`` dicts chat templates expect.

AI tool calls and tool results become the OpenAI-shaped dicts that tool-aware chat
templates (Qwen2.5, Llama 3.1, Mistral, Hermes) read; :func:`inline_tool_turns` and
:func:`fold_tool_results` recast them as plain text for templates and models that do not
handle them.

Example:
    >>> from langchain_core.messages import HumanMessage, SystemMessage
    >>> to_chat_dicts([SystemMessage("Be brief."), HumanMessage("Hi")])
    [{'role': 'system', 'content': 'Be brief.'}, {'role': 'user', 'content': 'Hi'}]
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any, cast

from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    ChatMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.messages.ai import UsageMetadata
from langchain_core.messages.tool import ToolCall, tool_call_chunk
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk

__all__ = [
    "answered_calls",
    "call_key",
    "content_text",
    "cut_at_stop",
    "fold_tool_results",
    "inline_tool_turns",
    "reply_chunk",
    "stop_holdback",
    "template_renders_tools",
    "to_chat_dicts",
    "tool_rounds",
    "tools_system_prompt",
    "with_tools_prompt",
]


def content_text(content: Any) -> str:
    """The text of a message's content: a string, or the text blocks of a block list.

    Example:
        >>> content_text([{"type": "text", "text": "a"}, "b", {"type": "image_url"}])
        'ab'
    """
    if isinstance(content, str):
        return content
    parts: list[str] = []
    for block in content or []:
        if isinstance(block, str):
            parts.append(block)
        elif isinstance(block, dict) and block.get("type") == "text":
            parts.append(str(block.get("text", "")))
    return "".join(parts)


def _role(message: BaseMessage) -> str:
    if isinstance(message, SystemMessage):
        return "system"
    if isinstance(message, HumanMessage):
        return "user"
    if isinstance(message, AIMessage):
        return "assistant"
    if isinstance(message, ToolMessage):
        return "tool"
    if isinstance(message, ChatMessage):
        return message.role
    raise TypeError(f"unsupported message type {type(message).__name__}")


def _chat_dict(message: BaseMessage) -> dict[str, Any]:
    chat: dict[str, Any] = {"role": _role(message), "content": content_text(message.content)}
    if isinstance(message, AIMessage) and message.tool_calls:
        chat["tool_calls"] = [
            {
                "id": call.get("id") or "",
                "type": "function",
                "function": {"name": call["name"], "arguments": call["args"]},
            }
            for call in message.tool_calls
        ]
    if isinstance(message, ToolMessage):
        chat["tool_call_id"] = message.tool_call_id
        if message.name:
            chat["name"] = message.name
    return chat


def to_chat_dicts(messages: Sequence[BaseMessage]) -> list[dict[str, Any]]:
    """One ``{"role", "content"}`` dict per message (system, user, assistant, tool).

    An ``AIMessage`` with tool calls also gets ``tool_calls`` in the OpenAI shape (the
    arguments as a dict, which templates render with ``tojson``); a ``ToolMessage`` also
    gets ``tool_call_id`` (and ``name`` when it has one).

    Raises:
        TypeError: a message of a kind no chat template knows.

    Example:
        >>> from langchain_core.messages import AIMessage, ToolMessage
        >>> to_chat_dicts([AIMessage("Hello")])
        [{'role': 'assistant', 'content': 'Hello'}]
        >>> call = {"name": "get_weather", "args": {"city": "Paris"}, "id": "c1"}
        >>> chat = to_chat_dicts([AIMessage("", tool_calls=[call]), ToolMessage("17C", tool_call_id="c1")])
        >>> chat[0]["tool_calls"]
        [{'id': 'c1', 'type': 'function', 'function': {'name': 'get_weather', 'arguments': {'city': 'Paris'}}}]
        >>> chat[1]
        {'role': 'tool', 'content': '17C', 'tool_call_id': 'c1'}
    """
    return [_chat_dict(m) for m in messages]


def inline_tool_turns(chat: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """``chat`` with tool calls and results written as text, for templates without tools.

    An assistant turn's calls become ``<tool_call>`` blocks after its text; a run of tool
    results becomes one user turn of ``<tool_response>`` blocks (the Qwen / Hermes format).

    Example:
        >>> calls = [{"type": "function", "function": {"name": "f", "arguments": {"x": 1}}}]
        >>> chat = inline_tool_turns([{"role": "assistant", "content": "", "tool_calls": calls},
        ...                           {"role": "tool", "content": "2"}])
        >>> [turn["role"] for turn in chat]
        ['assistant', 'user']
        >>> print(chat[0]["content"])
        <tool_call>
        {"name": "f", "arguments": {"x": 1}}
        </tool_call>
    """
    out: list[dict[str, Any]] = []
    after_tool = False
    for turn in chat:
        if turn["role"] == "tool":
            block = f"<tool_response>\n{turn['content']}\n</tool_response>"
            if after_tool:
                out[-1] = {"role": "user", "content": f"{out[-1]['content']}\n{block}"}
            else:
                out.append({"role": "user", "content": block})
            after_tool = True
            continue
        after_tool = False
        if turn["role"] == "assistant" and turn.get("tool_calls"):
            blocks = [
                "<tool_call>\n"
                + json.dumps(
                    {"name": c["function"]["name"], "arguments": c["function"]["arguments"]},
                    ensure_ascii=False,
                )
                + "\n</tool_call>"
                for c in turn["tool_calls"]
            ]
            text = "\n".join([turn["content"], *blocks]) if turn["content"] else "\n".join(blocks)
            out.append({"role": "assistant", "content": text})
        else:
            out.append(dict(turn))
    return out


def fold_tool_results(messages: Sequence[BaseMessage]) -> list[BaseMessage]:
    """The conversation with the tool exchange after the last user message folded into it.

    The calls and results that follow the last ``HumanMessage`` are dropped and appended
    to that message as plain text lines ``name(args) returned: result``: a prompt from
    which a small model answers, where the native tool turns make it call again.

    Example:
        >>> from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
        >>> call = {"name": "get_weather", "args": {"city": "Paris"}, "id": "c1"}
        >>> folded = fold_tool_results([HumanMessage("Weather in Paris?"),
        ...     AIMessage("", tool_calls=[call]), ToolMessage("17C", tool_call_id="c1")])
        >>> print(folded[-1].content)
        Weather in Paris?
        <BLANKLINE>
        Tool results:
        get_weather({"city": "Paris"}) returned: 17C
    """
    last = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1)
    tail = messages[last + 1 :]
    calls = {c.get("id"): c for m in tail if isinstance(m, AIMessage) for c in m.tool_calls}
    lines = []
    for message in tail:
        if isinstance(message, ToolMessage):
            call = calls.get(message.tool_call_id)
            label = (
                f"{call['name']}({json.dumps(call['args'], ensure_ascii=False)})"
                if call is not None
                else message.name or "tool"
            )
            lines.append(f"{label} returned: {content_text(message.content)}")
    question = content_text(messages[last].content) if last >= 0 else ""
    results = "Tool results:\n" + "\n".join(lines) if lines else ""
    text = "\n\n".join(p for p in (question, results) if p)
    return [*messages[: max(last, 0)], HumanMessage(text)]


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


def call_key(call: ToolCall) -> tuple[str, str]:
    """``(name, canonical JSON of args)``: equal for two calls that do the same thing.

    Example:
        >>> call_key({"name": "f", "args": {"b": 1, "a": 2}, "id": "x"})
        ('f', '{"a": 2, "b": 1}')
    """
    return call["name"], json.dumps(call["args"], sort_keys=True, ensure_ascii=False)


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


_TOOLS_VAR = re.compile(r"\btools\b")


def template_renders_tools(template: Any) -> bool:
    """Whether a Jinja chat template reads a ``tools`` variable.

    Example:
        >>> template_renders_tools("{% if tools %}{{ tools | tojson }}{% endif %}")
        True
        >>> template_renders_tools("{{ messages[0].content }}")
        False
    """
    return isinstance(template, str) and bool(_TOOLS_VAR.search(template))


def reply_chunk(generation: ChatGeneration) -> ChatGenerationChunk:
    """A finished reply as one stream chunk: its text, usage and ``tool_call_chunks``.

    Example:
        >>> call = {"name": "f", "args": {"x": 1}, "id": "c1"}
        >>> chunk = reply_chunk(ChatGeneration(message=AIMessage("", tool_calls=[call])))
        >>> chunk.message.tool_call_chunks[0]["args"]
        '{"x": 1}'
    """
    message = cast("AIMessage", generation.message)
    calls: list[tuple[str | None, str | None, str | None]]
    calls = [(c["name"], json.dumps(c["args"]), c["id"]) for c in message.tool_calls]
    calls += [(c.get("name"), c.get("args"), c.get("id")) for c in message.invalid_tool_calls]
    piece = AIMessageChunk(
        content=message.content,
        tool_call_chunks=[
            tool_call_chunk(name=name, args=args, id=id_, index=i)
            for i, (name, args, id_) in enumerate(calls)
        ],
        usage_metadata=message.usage_metadata,
        response_metadata=message.response_metadata,
        chunk_position="last",
    )
    return ChatGenerationChunk(message=piece, generation_info=generation.generation_info)


def tool_rounds(messages: Sequence[BaseMessage]) -> int:
    """How many AI messages with tool calls follow the last user message.

    Example:
        >>> from langchain_core.messages import AIMessage, HumanMessage
        >>> call = {"name": "f", "args": {}, "id": "c1"}
        >>> tool_rounds([HumanMessage("go"), AIMessage("", tool_calls=[call])])
        1
    """
    last = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1)
    return sum(1 for m in messages[last + 1 :] if isinstance(m, AIMessage) and m.tool_calls)


def cut_at_stop(text: str, stop: Sequence[str] | None) -> tuple[str, bool]:
    """``text`` up to the earliest stop sequence, and whether one was found.

    Example:
        >>> cut_at_stop("one two three", ["three", "two"])
        ('one ', True)
    """
    cut = len(text)
    for seq in stop or ():
        if seq:
            at = text.find(seq)
            if 0 <= at < cut:
                cut = at
    return text[:cut], cut < len(text)


def stop_holdback(text: str, stop: Sequence[str] | None) -> int:
    """How many trailing characters of ``text`` could still begin a stop sequence.

    A streaming model keeps these back until the next piece shows whether they stop.

    Example:
        >>> stop_holdback("answer: ab", ["abc"])
        2
    """
    keep = 0
    for seq in stop or ():
        for n in range(min(len(seq) - 1, len(text)), 0, -1):
            if text.endswith(seq[:n]):
                keep = max(keep, n)
                break
    return keep


def usage(n_in: int, n_out: int) -> UsageMetadata:
    """LangChain usage metadata for ``n_in`` prompt and ``n_out`` generated tokens.

    Example:
        >>> usage(3, 2)["total_tokens"]
        5
    """
    return UsageMetadata(input_tokens=n_in, output_tokens=n_out, total_tokens=n_in + n_out)
