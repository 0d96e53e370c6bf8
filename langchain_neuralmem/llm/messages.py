"""LangChain messages to the ``{"role", "content"}`` dicts chat templates expect.

Example:
    >>> from langchain_core.messages import HumanMessage, SystemMessage
    >>> to_chat_dicts([SystemMessage("Be brief."), HumanMessage("Hi")])
    [{'role': 'system', 'content': 'Be brief.'}, {'role': 'user', 'content': 'Hi'}]
"""

from __future__ import annotations

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

__all__ = ["content_text", "cut_at_stop", "stop_holdback", "to_chat_dicts"]


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


def to_chat_dicts(messages: Sequence[BaseMessage]) -> list[dict[str, str]]:
    """One ``{"role", "content"}`` dict per message (system, user, assistant, tool).

    Raises:
        TypeError: a message of a kind no chat template knows.

    Example:
        >>> from langchain_core.messages import AIMessage
        >>> to_chat_dicts([AIMessage("Hello")])
        [{'role': 'assistant', 'content': 'Hello'}]
    """
    return [{"role": _role(m), "content": content_text(m.content)} for m in messages]


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
