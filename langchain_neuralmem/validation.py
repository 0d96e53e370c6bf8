"""Checks on what users pass in, with errors that name the problem.

Example:
    >>> check_content("  hi  ", max_chars=10)
    '  hi  '
    >>> check_content("   ", max_chars=10)
    Traceback (most recent call last):
    ...
    langchain_neuralmem.errors.InvalidTurnError: turn content is empty or only whitespace
"""

from __future__ import annotations

from typing import Any

from langchain_neuralmem.errors import InvalidTurnError
from langchain_neuralmem.types import ROLES


def check_content(content: Any, *, max_chars: int) -> str:
    """Return ``content`` if it is a non-blank string within ``max_chars``, else raise."""
    if content is None:
        raise InvalidTurnError("turn content is None; pass the message text as a string")
    if not isinstance(content, str):
        raise InvalidTurnError(
            f"turn content must be a string, got {type(content).__name__}; the LangChain "
            "adapters turn content blocks into text, the engine takes text only"
        )
    if not content.strip():
        raise InvalidTurnError("turn content is empty or only whitespace")
    if len(content) > max_chars:
        raise InvalidTurnError(
            f"turn content has {len(content):,} characters, more than max_content_chars="
            f"{max_chars:,}; split it or raise RecallConfig.max_content_chars"
        )
    if "\x00" in content:
        raise InvalidTurnError("turn content contains a NUL character")
    return content


def check_id(value: Any, what: str) -> str:
    """A user or session id must be a non-blank string."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string, got {value!r}")
    return value


def check_role(role: Any) -> str:
    """Normalise a role to one of :data:`~langchain_neuralmem.types.ROLES`."""
    aliases = {
        "user": "human",
        "assistant": "ai",
        "system": "other",
        "tool": "other",
        "function": "other",
    }
    if not isinstance(role, str):
        raise ValueError(f"role must be a string, got {type(role).__name__}")
    role = aliases.get(role, role)
    if role not in ROLES:
        raise ValueError(
            f"role must be one of {ROLES} (or user/assistant/system/tool), got {role!r}"
        )
    return role


def check_speaker(speaker: Any, role: str) -> str:
    """A speaker name (``None`` = the role)."""
    return role if speaker is None else str(speaker)


def check_timestamp(timestamp: Any, *, now: float) -> float:
    """Seconds since the epoch (``None`` = ``now``)."""
    return now if timestamp is None else float(timestamp)


def check_metadata(metadata: Any) -> dict[str, Any]:
    """JSON-ready extras of a turn (``None`` = ``{}``)."""
    return dict(metadata or {})


def check_query(query: Any) -> str:
    """A recall query must be a string."""
    if query is None or not isinstance(query, str):
        raise TypeError(f"query must be a string, got {type(query).__name__}")
    return query


def check_budget(max_tokens: Any) -> int:
    """A token budget must be a positive integer."""
    if isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens <= 0:
        raise ValueError(f"max_tokens must be a positive integer, got {max_tokens!r}")
    return max_tokens
