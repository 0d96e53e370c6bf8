"""Between LangChain messages and engine turns: text, role, speaker; no tensor math.

Every message LangChain produces in normal use becomes a turn: the message itself is
stored, exactly, as a LangChain message dict in the turn's metadata, and the turn's
indexed text says what the message is when it has no text of its own (tool calls,
images, reasoning, an empty reply ...). Memory goes back into a prompt as quoted data,
never as system text.

Example:
    >>> from langchain_core.messages import AIMessage, HumanMessage
    >>> message_to_turn(HumanMessage([{"type": "text", "text": "hi"}, "there"])).content
    'hi\\nthere'
    >>> message_to_turn(AIMessage("")).content
    '[empty reply]'
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    HumanMessage,
    message_to_dict,
    messages_from_dict,
)

from langchain_neuralmem.combining import CombinedContext
from langchain_neuralmem.engine import TurnInput
from langchain_neuralmem.errors import InvalidTurnError
from langchain_neuralmem.integrations.prompt_safety import MEMORY_NOTE, QUOTED_NOTE, memory_section
from langchain_neuralmem.types import MemoryContext, Turn, turn_line
from langchain_neuralmem.validation import MAX_SPEAKER_CHARS, SURROGATE, is_blank

MEMORY_PREAMBLE = MEMORY_NOTE
"""First line of the message that carries recalled memory (summaries, older turns); the
memory follows between ``<memory>`` and ``</memory>`` lines (see :func:`memory_section`)."""
QUOTED_PREAMBLE = QUOTED_NOTE
"""First line of a message that carries recent tool, system or other turns (delimited the
same way)."""

_MEDIA_BLOCKS = frozenset({"image", "image_url", "file", "audio", "input_audio", "video"})
_EMPTY_MARKERS = {
    "ai": "[empty reply]",
    "tool": "[empty tool result]",
    "function": "[empty function result]",
    "system": "[empty system message]",
}
_REFUSED_CHARS = re.compile(r"[\x00\ud800-\udfff]")
_SPEAKER_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SAFE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _is_text_block(block: Any) -> bool:
    return isinstance(block, str) or (
        isinstance(block, dict)
        and block.get("type") == "text"
        and isinstance(block.get("text"), str)
    )


def _block_text(block: Any) -> str:
    """A content block as text: its text, or a marker naming it, e.g. ``[image]``."""
    if isinstance(block, str):
        return block
    if _is_text_block(block):
        return str(block["text"])
    kind = block.get("type") if isinstance(block, dict) else None
    return f"[{kind[:40]}]" if isinstance(kind, str) and kind.strip() else "[block]"


def _check_content(content: Any) -> None:
    if content is None:
        raise InvalidTurnError("message content is None")
    if not isinstance(content, (str, list)):
        raise InvalidTurnError(
            "message content must be a string or a list of content blocks, "
            f"got {type(content).__name__}"
        )


def content_text(content: Any) -> str:
    """The text of a message content: a string, or the text parts of content blocks.

    Media blocks (image, audio, file, video) appear as markers such as ``[image]``;
    other non-text blocks (reasoning, tool use) are left out.

    Raises:
        InvalidTurnError: ``content`` is None, or neither a string nor a list.

    Example:
        >>> content_text([{"type": "text", "text": "Look:"}, {"type": "image", "url": "x"}])
        'Look:\\n[image]'
    """
    _check_content(content)
    if isinstance(content, str):
        return content
    parts = (
        _block_text(b)
        for b in content
        if _is_text_block(b) or (isinstance(b, dict) and b.get("type") in _MEDIA_BLOCKS)
    )
    return "\n".join(p for p in parts if p)


def engine_safe_text(text: str) -> str:
    """``text`` with the characters the engine refuses (NUL, lone surrogates) as U+FFFD.

    Example:
        >>> engine_safe_text("a\\x00b\\ud800") == "a\\ufffdb\\ufffd"
        True
    """
    return _REFUSED_CHARS.sub("\ufffd", text)


def shows_text(text: str) -> bool:
    """True when ``text`` has something visible (the engine refuses content that does not).

    Example:
        >>> shows_text(" \\u200b\\n"), shows_text("ok")
        (False, True)
    """
    return not is_blank(text)


def _tool_call_lines(message: BaseMessage) -> list[str]:
    lines = []
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        rendered = (
            f"{c.get('name') or '?'}("
            f"{json.dumps(c.get('args') or {}, sort_keys=True, ensure_ascii=False, default=str)})"
            for c in calls
        )
        lines.append("[tool calls] " + "; ".join(rendered))
    invalid = getattr(message, "invalid_tool_calls", None) or []
    if invalid:
        rendered = (
            f"{c.get('name') or '?'}({c.get('args') or ''})"
            + (f": {c['error']}" if c.get("error") else "")
            for c in invalid
        )
        lines.append("[invalid tool calls] " + "; ".join(rendered))
    return lines


def message_text(message: BaseMessage) -> str:
    """The text a message is indexed by: never blank, never refused by the engine.

    Text parts as they are; every other content block as a marker (``[image]``,
    ``[reasoning]`` ...); tool calls as ``[tool calls] name({args})``; invalid tool
    calls as ``[invalid tool calls] name(args): error``; a message with nothing at all
    as a marker such as ``[empty reply]``. NUL and lone surrogates become U+FFFD.

    Example:
        >>> call = {"name": "weather", "args": {"city": "Oslo"}, "id": "c1"}
        >>> message_text(AIMessage("", tool_calls=[call]))
        '[tool calls] weather({"city": "Oslo"})'
    """
    _check_content(message.content)
    content = message.content
    blocks: Iterable[Any] = [content] if isinstance(content, str) else content
    parts = [_block_text(b) for b in blocks] + _tool_call_lines(message)
    text = engine_safe_text("\n".join(p for p in parts if p))
    return text if shows_text(text) else _EMPTY_MARKERS.get(message.type, "[empty message]")


def _role(message: BaseMessage) -> str:
    kind = str(getattr(message, "role", "")).lower() if message.type == "chat" else message.type
    return {"human": "human", "user": "human", "ai": "ai", "assistant": "ai"}.get(kind, "other")


def _clean_speaker(name: str) -> str:
    """``name`` on one line, with nothing the engine refuses, at most
    ``MAX_SPEAKER_CHARS`` long; ``""`` when nothing visible is left."""
    name = " ".join(_SPEAKER_BREAKS.sub(" ", engine_safe_text(name)).split())
    name = name[:MAX_SPEAKER_CHARS].rstrip()
    return name if shows_text(name) else ""


def _speaker(message: BaseMessage, role: str, *, human_name: str, ai_name: str) -> str:
    name = _clean_speaker(message.name or "")
    if message.type in ("tool", "function"):
        return _clean_speaker(f"{message.type}:{name or 'result'}")
    if message.type == "system":
        return "System"
    if message.type == "chat" and not name:
        return _clean_speaker(str(getattr(message, "role", ""))) or "other"
    return name or (human_name if role == "human" else ai_name if role == "ai" else "other")


def _message_metadata(message: BaseMessage) -> dict[str, Any]:
    """The message as a LangChain message dict, or as ASCII JSON text when the dict
    holds lone surrogates (which the engine does not store in metadata)."""
    data = message_to_dict(message)
    try:
        has_surrogate = bool(SURROGATE.search(json.dumps(data, ensure_ascii=False)))
    except (TypeError, ValueError):
        has_surrogate = False  # not JSON: the engine names what is wrong
    return {"message_json": json.dumps(data)} if has_surrogate else {"message": data}


def _stored_message(turn: Turn) -> BaseMessage | None:
    """The LangChain message a turn was written from, if it was."""
    data = turn.metadata.get("message")
    if not data and isinstance(turn.metadata.get("message_json"), str):
        data = json.loads(turn.metadata["message_json"])
    return messages_from_dict([data])[0] if data else None


def message_to_turn(
    message: BaseMessage, *, human_name: str = "Human", ai_name: str = "AI"
) -> TurnInput:
    """A LangChain message as an engine turn; the message itself rides along as JSON.

    The turn's text is :func:`message_text` (never blank); its speaker is the
    message's ``name`` on one line (or ``human_name`` / ``ai_name``, ``tool:<name>``,
    ``System``). The exact message is kept in ``metadata["message"]`` (as JSON text
    in ``metadata["message_json"]`` when it holds lone surrogates).

    Raises:
        InvalidTurnError: ``message`` is not a LangChain message.

    Example:
        >>> from langchain_core.messages import ToolMessage
        >>> turn = message_to_turn(ToolMessage("", tool_call_id="c1", name="search"))
        >>> turn.content, turn.role, turn.speaker
        ('[empty tool result]', 'other', 'tool:search')
    """
    if not isinstance(message, BaseMessage):
        raise InvalidTurnError(f"expected a LangChain BaseMessage, got {type(message).__name__}")
    role = _role(message)
    return TurnInput(
        content=message_text(message),
        role=role,
        speaker=_speaker(message, role, human_name=human_name, ai_name=ai_name),
        metadata=_message_metadata(message),
    )


def _quoted_message(preamble: str, turns: Iterable[Turn]) -> HumanMessage:
    """Turns as quoted one-line ``label: content`` lines in a delimited memory section
    under ``preamble`` (see :func:`memory_section`)."""
    lines = "\n".join(turn_line(t.speaker, t.role, t.content) for t in turns)
    return HumanMessage(memory_section(lines, note=preamble))


def turn_to_message(turn: Turn) -> BaseMessage:
    """The stored LangChain message of a turn, exactly as added.

    A turn written without one (straight to the engine) becomes a ``HumanMessage`` or
    ``AIMessage`` of its text (``name`` = speaker when it is a plain identifier), or,
    for any other role, a ``HumanMessage`` quoting it: never a ``SystemMessage``.

    Example:
        >>> t = Turn(turn_id=1, user_id="u", session_id="s", position=0, role="other",
        ...          speaker="tool:search", content="Oslo: snow", created_at=0.0, tokens=3)
        >>> type(turn_to_message(t)).__name__, turn_to_message(t).content.splitlines()[1:]
        ('HumanMessage', ['<memory>', 'tool/search: Oslo: snow', '</memory>'])
    """
    stored = _stored_message(turn)
    if stored is not None:
        return stored
    name = turn.speaker if _SAFE_NAME.fullmatch(turn.speaker) else None
    if turn.role == "human":
        return HumanMessage(turn.content, name=name)
    if turn.role == "ai":
        return AIMessage(turn.content, name=name)
    return _quoted_message(QUOTED_PREAMBLE, [turn])


def context_messages(ctx: MemoryContext | CombinedContext) -> list[BaseMessage]:
    """A context as chat messages, with no ``SystemMessage`` among them.

    First one ``HumanMessage`` that quotes the background (summaries and recalled
    turns, rendered as in :meth:`MemoryContext.background_text`) under
    :data:`MEMORY_PREAMBLE`, between ``<memory>`` and ``</memory>`` lines; then the recent turns in order: human and AI turns as
    ``HumanMessage`` / ``AIMessage`` of their text only (no tool-call fields), runs of
    tool, system or other turns as one ``HumanMessage`` of quoted lines.

    Example:
        >>> ctx = MemoryContext(query="q", budget_tokens=100, recent=[
        ...     Turn(1, "u", "s", 0, "human", "Ann", "Hi", 0.0, 1),
        ...     Turn(2, "u", "s", 1, "other", "System", "obey", 0.0, 1)])
        >>> [type(m).__name__ for m in context_messages(ctx)]
        ['HumanMessage', 'HumanMessage']
    """
    background = ctx.background_text()
    out: list[BaseMessage] = (
        [HumanMessage(memory_section(background, note=MEMORY_PREAMBLE))] if background else []
    )
    quoted: list[Turn] = []
    for turn in ctx.recent:
        if turn.role not in ("human", "ai"):
            quoted.append(turn)
            continue
        if quoted:
            out.append(_quoted_message(QUOTED_PREAMBLE, quoted))
            quoted = []
        out.append(HumanMessage(turn.content) if turn.role == "human" else AIMessage(turn.content))
    if quoted:
        out.append(_quoted_message(QUOTED_PREAMBLE, quoted))
    return out
