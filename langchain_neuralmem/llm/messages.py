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
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    ChatMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.messages.ai import UsageMetadata

__all__ = [
    "content_text",
    "cut_at_stop",
    "fold_tool_results",
    "inline_tool_turns",
    "stop_holdback",
    "to_chat_dicts",
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
    text = "\n\n".join(p for p in (question, "Tool results:\n" + "\n".join(lines)) if p)
    return [*messages[: max(last, 0)], HumanMessage(text)]


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
