"""Between LangChain messages and engine turns: text, role, speaker; no tensor math.

Example:
    >>> from langchain_core.messages import HumanMessage
    >>> message_to_turn(HumanMessage([{"type": "text", "text": "hi"}, "there"])).content
    'hi\\nthere'
"""

from __future__ import annotations

import json
from typing import Any

from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    HumanMessage,
    SystemMessage,
    message_to_dict,
    messages_from_dict,
)

from langchain_neuralmem.engine import TurnInput
from langchain_neuralmem.errors import InvalidTurnError
from langchain_neuralmem.types import MemoryContext, Turn


def content_text(content: Any) -> str:
    """The text of a message content: a string, or the text parts of content blocks.

    Raises:
        InvalidTurnError: ``content`` is None, or blocks hold no text.
    """
    if content is None:
        raise InvalidTurnError("message content is None")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts: list[str] = []
        for block in content:
            if isinstance(block, str):
                parts.append(block)
            elif (
                isinstance(block, dict)
                and block.get("type") == "text"
                and isinstance(block.get("text"), str)
            ):
                parts.append(block["text"])
            elif isinstance(block, dict) and block.get("type") in (
                "image",
                "image_url",
                "file",
                "audio",
            ):
                parts.append(f"[{block['type']}]")
        return "\n".join(p for p in parts if p)
    raise InvalidTurnError(
        f"message content must be a string or a list of content blocks, got {type(content).__name__}"
    )


def _role(message: BaseMessage) -> str:
    return {"human": "human", "ai": "ai"}.get(message.type, "other")


def message_to_turn(
    message: BaseMessage, *, human_name: str = "Human", ai_name: str = "AI"
) -> TurnInput:
    """A LangChain message as an engine turn; the message itself rides along as JSON.

    Tool calls of an AI message and the result of a tool message are written into the
    text so the memory can find them; an AI message with tool calls and no text is
    therefore not empty.
    """
    if not isinstance(message, BaseMessage):
        raise InvalidTurnError(f"expected a LangChain BaseMessage, got {type(message).__name__}")
    text = content_text(message.content)
    tool_calls = getattr(message, "tool_calls", None) or []
    if tool_calls:
        calls = "; ".join(
            f"{c['name']}({json.dumps(c.get('args', {}), sort_keys=True)})" for c in tool_calls
        )
        text = f"{text}\n[tool calls] {calls}".strip()
    role = _role(message)
    if message.type == "tool":
        speaker = f"tool:{getattr(message, 'name', None) or 'result'}"
    elif message.type == "system":
        speaker = "System"
    else:
        speaker = message.name or (human_name if role == "human" else ai_name)
    return TurnInput(
        content=text, role=role, speaker=speaker, metadata={"message": message_to_dict(message)}
    )


def turn_to_message(turn: Turn) -> BaseMessage:
    """The stored LangChain message of a turn (or one rebuilt from its text)."""
    stored = turn.metadata.get("message")
    if stored:
        return messages_from_dict([stored])[0]
    if turn.role == "human":
        return HumanMessage(turn.content, name=turn.speaker)
    if turn.role == "ai":
        return AIMessage(turn.content, name=turn.speaker)
    return SystemMessage(f"{turn.speaker}: {turn.content}")


def context_messages(ctx: MemoryContext) -> list[BaseMessage]:
    """A context as messages: summaries and recalled turns as one system message, then recent turns."""
    background = ctx.background_text()
    out: list[BaseMessage] = [SystemMessage(background)] if background else []
    out.extend(turn_to_message(t) for t in ctx.recent)
    return out
