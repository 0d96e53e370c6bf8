"""Checks on what users pass in, with errors that name the problem.

The engine runs every check on every turn of a call before it writes anything, so a
refused value never leaves part of a call stored and never reaches SQLite, the index or
the GRU state (where a NaN timestamp, say, would spoil every later recall of the session).

Rules, in short:

- **ids** (user, session): non-blank strings without control characters or lone
  surrogates; any other text (spaces, emoji, any script) is fine.
- **role**: ``human`` / ``ai`` / ``other``, or the aliases user/assistant/system/tool/function.
- **content**: a string with something visible (whitespace and invisible characters such
  as U+200B or U+FEFF alone count as empty), at most ``max_content_chars`` characters,
  no NUL, no lone surrogates (text that cannot be written as UTF-8).
- **speaker**: ``None`` or blank means the role name; otherwise a string of at most
  :data:`MAX_SPEAKER_CHARS` characters without control characters or lone surrogates.
- **timestamp**: ``None`` (now), seconds since the epoch as a finite real number (int,
  float, numpy integer or float; not bool, not a string) between the years 1 and 9999,
  or a timezone-aware :class:`datetime.datetime` (naive ones are refused: their offset
  is a guess).
- **metadata**: ``None`` or a dict that JSON can store exactly: string keys, values that
  are str / int / finite float / bool / None / lists / dicts, no cycles. A JSON copy is
  kept, so later changes to the caller's dict do not reach the stored turn.
- **query**: a string without lone surrogates. **max_tokens**: a positive integer
  (numpy integers included).

Bad turns raise :class:`~langchain_neuralmem.errors.InvalidTurnError`, other bad
arguments :class:`~langchain_neuralmem.errors.InvalidInputError`; both are ``ValueError``.

Example:
    >>> check_content("  hi  ", max_chars=10)
    '  hi  '
    >>> check_content("   ", max_chars=10)
    Traceback (most recent call last):
    ...
    langchain_neuralmem.errors.InvalidTurnError: turn content is empty or only whitespace
    >>> check_timestamp(float("inf"), now=0.0)
    Traceback (most recent call last):
    ...
    langchain_neuralmem.errors.InvalidTurnError: turn timestamp must be a finite number of seconds since the epoch, got inf
"""

from __future__ import annotations

import datetime as dt
import json
import math
import numbers
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from langchain_neuralmem.errors import InvalidInputError, InvalidTurnError
from langchain_neuralmem.types import ROLE_ALIASES, ROLES

MAX_SPEAKER_CHARS = 200
"""Longest speaker name accepted (it is repeated on every rendered line)."""
MAX_METADATA_DEPTH = 64
"""Deepest nesting of lists and dicts accepted in turn metadata."""
MIN_TIMESTAMP = dt.datetime(1, 1, 1, tzinfo=dt.timezone.utc).timestamp()
"""Earliest timestamp accepted: 0001-01-01 UTC."""
MAX_TIMESTAMP = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.timezone.utc).timestamp()
"""Latest timestamp accepted: 9999-12-31 23:59:59 UTC (anything a ``datetime`` can show)."""

SURROGATE = re.compile(r"[\ud800-\udfff]")
"""A lone surrogate: text that cannot be encoded as UTF-8."""
_CONTROL_OR_SURROGATE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# Characters that show nothing on their own: format characters (zero-width space and
# joiners, word joiner, BOM, soft hyphen, bidi marks), combining marks with no base
# (variation selectors, the grapheme joiner), controls, and the blank "letters".
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp"})
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _show(value: Any, limit: int = 60) -> str:
    """A short, printable ``repr`` of a user value (surrogates escaped, long text cut)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def is_blank(text: str) -> bool:
    """True when ``text`` shows nothing: whitespace and invisible characters only.

    Example:
        >>> is_blank(" \\u200b\\n"), is_blank("ok")
        (True, False)
    """
    return all(
        ch.isspace() or ch in _BLANK_LETTERS or unicodedata.category(ch) in _INVISIBLE_CATEGORIES
        for ch in text.strip()
    )


def _surrogate_problem(text: str) -> str | None:
    """Where ``text`` holds a lone surrogate (it cannot be encoded as UTF-8), if it does."""
    found = SURROGATE.search(text)
    if found is None:
        return None
    return (
        f"contains a lone surrogate (U+{ord(found.group()):04X}) at index {found.start()}, "
        "which is not valid text (cannot be encoded as UTF-8); decode the source with "
        "errors='replace'"
    )


def check_content(content: Any, *, max_chars: int) -> str:
    """Return ``content`` if it is visible text within ``max_chars``, else raise.

    Raises:
        InvalidTurnError: ``None``, not a string, empty / whitespace / invisible
            characters only, longer than ``max_chars``, a NUL or a lone surrogate.

    Example:
        >>> check_content("\\u200b\\u200b", max_chars=10)
        Traceback (most recent call last):
        ...
        langchain_neuralmem.errors.InvalidTurnError: turn content is empty or only whitespace
    """
    if content is None:
        raise InvalidTurnError("turn content is None; pass the message text as a string")
    if not isinstance(content, str):
        raise InvalidTurnError(
            f"turn content must be a string, got {type(content).__name__}; the LangChain "
            "adapters turn content blocks into text, the engine takes text only"
        )
    if is_blank(content):
        raise InvalidTurnError("turn content is empty or only whitespace")
    if len(content) > max_chars:
        raise InvalidTurnError(
            f"turn content has {len(content):,} characters, more than max_content_chars="
            f"{max_chars:,}; split it or raise RecallConfig.max_content_chars"
        )
    if "\x00" in content:
        raise InvalidTurnError("turn content contains a NUL character")
    problem = _surrogate_problem(content)
    if problem:
        raise InvalidTurnError(f"turn content {problem}")
    return content


def _check_name(value: str, what: str, error: type[InvalidInputError]) -> None:
    """Refuse control characters (NUL, newlines ...) and lone surrogates in a name."""
    found = _CONTROL_OR_SURROGATE.search(value)
    if found is not None:
        kind = "a lone surrogate" if SURROGATE.match(found.group()) else "a control character"
        raise error(
            f"{what} contains {kind} (U+{ord(found.group()):04X}) at index {found.start()}: "
            f"{_show(value)}"
        )


SCOPES = ("session", "user")


def check_scope(scope: Any) -> str:
    """A recall scope: ``"session"`` or ``"user"``.

    Example:
        >>> check_scope("user")
        'user'
    """
    if scope not in SCOPES:
        raise InvalidInputError(f"scope must be 'session' or 'user', got {scope!r}")
    return str(scope)


def check_id(value: Any, what: str) -> str:
    """A user or session id must be a non-blank string without control characters.

    Raises:
        InvalidInputError: not a string, blank (whitespace or invisible characters only),
            or holding a control character (NUL, newline ...) or a lone surrogate.

    Example:
        >>> check_id("alice", "user_id")
        'alice'
        >>> check_id("a\\x00b", "user_id")
        Traceback (most recent call last):
        ...
        langchain_neuralmem.errors.InvalidInputError: user_id contains a control character (U+0000) at index 1: 'a\\x00b'
    """
    if not isinstance(value, str) or is_blank(value):
        raise InvalidInputError(f"{what} must be a non-empty string, got {_show(value)}")
    _check_name(value, what, InvalidInputError)
    return value


def check_role(role: Any) -> str:
    """Normalise a role to one of :data:`~langchain_neuralmem.types.ROLES`.

    Raises:
        InvalidInputError: not a string, or not a known role or alias.

    Example:
        >>> check_role("assistant")
        'ai'
    """
    if not isinstance(role, str):
        raise InvalidInputError(f"role must be a string, got {type(role).__name__}")
    role = ROLE_ALIASES.get(role, role)
    if role not in ROLES:
        raise InvalidInputError(
            f"role must be one of {ROLES} (or user/assistant/system/tool), got {_show(role)}"
        )
    return role


def check_speaker(speaker: Any, role: str) -> str:
    """A speaker name; ``None`` or a blank string means the role.

    Raises:
        InvalidTurnError: not a string, longer than :data:`MAX_SPEAKER_CHARS`, or holding
            a control character or a lone surrogate.

    Example:
        >>> check_speaker(None, "human"), check_speaker("Ann", "human")
        ('human', 'Ann')
    """
    if speaker is None:
        return role
    if not isinstance(speaker, str):
        raise InvalidTurnError(
            f"turn speaker must be a string or None, got {type(speaker).__name__} {_show(speaker)}"
        )
    if is_blank(speaker):
        return role
    if len(speaker) > MAX_SPEAKER_CHARS:
        raise InvalidTurnError(
            f"turn speaker has {len(speaker):,} characters, more than {MAX_SPEAKER_CHARS}: "
            f"{_show(speaker)}"
        )
    _check_name(speaker, "turn speaker", InvalidTurnError)
    return speaker


def check_timestamp(timestamp: Any, *, now: float) -> float:
    """Seconds since the epoch as a float (``None`` = ``now``).

    Accepts finite real numbers (int, float, numpy integers and floats) between
    :data:`MIN_TIMESTAMP` and :data:`MAX_TIMESTAMP` (the years 1 to 9999), and
    timezone-aware ``datetime`` objects.

    Raises:
        InvalidTurnError: a bool, string or other type; NaN or infinite; out of range
            (milliseconds are the usual cause); a naive ``datetime``.

    Example:
        >>> import datetime as dt
        >>> check_timestamp(dt.datetime(1970, 1, 2, tzinfo=dt.timezone.utc), now=0.0)
        86400.0
    """
    if timestamp is None:
        return float(now)
    if isinstance(timestamp, dt.datetime):
        if timestamp.utcoffset() is None:
            raise InvalidTurnError(
                f"turn timestamp is a naive datetime ({timestamp.isoformat()}): its time zone "
                "is unknown; pass an aware one, e.g. datetime.now(timezone.utc), or epoch seconds"
            )
        return timestamp.timestamp()
    if isinstance(timestamp, bool) or not isinstance(timestamp, numbers.Real):
        raise InvalidTurnError(
            "turn timestamp must be seconds since the epoch (a number) or an aware datetime, "
            f"got {type(timestamp).__name__} {_show(timestamp)}"
        )
    try:
        value = float(timestamp)
    except (OverflowError, ValueError, TypeError):
        value = math.inf
    if not math.isfinite(value):
        raise InvalidTurnError(
            "turn timestamp must be a finite number of seconds since the epoch, got "
            f"{_show(timestamp)}"
        )
    if not MIN_TIMESTAMP <= value <= MAX_TIMESTAMP:
        raise InvalidTurnError(
            f"turn timestamp {value:g} is outside the years 1-9999 (it is in seconds since "
            "the epoch; milliseconds must be divided by 1000)"
        )
    return value


def _metadata_problem(value: Any, where: str, depth: int, path: set[int]) -> str | None:
    """What keeps ``value`` (at ``where``) from being stored as JSON exactly, if anything."""
    if value is None or isinstance(value, (bool, int)):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{where} is {value!r}, which JSON cannot store"
    if isinstance(value, str):
        problem = _surrogate_problem(value)
        return f"{where} {problem}" if problem else None
    if not isinstance(value, (dict, list, tuple)):
        return (
            f"{where} is a {type(value).__name__}, which JSON cannot store; convert it to a "
            "string, number, bool, None, list or dict"
        )
    if depth >= MAX_METADATA_DEPTH:
        return f"{where} is nested more than {MAX_METADATA_DEPTH} levels deep"
    if id(value) in path:
        return f"{where} refers back to itself (a circular reference)"
    path.add(id(value))
    try:
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    return (
                        f"{where} has a key of type {type(key).__name__} ({_show(key)}); JSON "
                        "keys must be strings"
                    )
                problem = _surrogate_problem(key)
                if problem:
                    return f"{where} key {_show(key)} {problem}"
                problem = _metadata_problem(item, f"{where}[{_show(key)}]", depth + 1, path)
                if problem:
                    return problem
        else:
            for i, item in enumerate(value):
                problem = _metadata_problem(item, f"{where}[{i}]", depth + 1, path)
                if problem:
                    return problem
    finally:
        path.discard(id(value))
    return None


def check_metadata(metadata: Any) -> dict[str, Any]:
    """A JSON copy of a turn's extras (``None`` = ``{}``).

    Raises:
        InvalidTurnError: not a dict, or something inside JSON cannot store exactly
            (an object, NaN or infinity, a non-string key, a lone surrogate, a cycle);
            the message gives its path, e.g. ``turn metadata['when']``.

    Example:
        >>> check_metadata({"tags": ("a", "b")})
        {'tags': ['a', 'b']}
        >>> check_metadata({"score": float("nan")})
        Traceback (most recent call last):
        ...
        langchain_neuralmem.errors.InvalidTurnError: turn metadata['score'] is nan, which JSON cannot store
    """
    if metadata is None:
        return {}
    if not isinstance(metadata, Mapping):
        raise InvalidTurnError(
            f"turn metadata must be a dict with string keys or None, got {type(metadata).__name__}"
        )
    metadata = dict(metadata)
    problem = _metadata_problem(metadata, "turn metadata", 0, set())
    if problem:
        raise InvalidTurnError(problem)
    copy: dict[str, Any] = json.loads(json.dumps(metadata, allow_nan=False))
    return copy


def check_query(query: Any) -> str:
    """A recall query must be a string (it may be empty: then only recent turns come back).

    Raises:
        InvalidInputError: not a string, or holding a lone surrogate.

    Example:
        >>> check_query("Where is Mary?")
        'Where is Mary?'
    """
    if not isinstance(query, str):
        raise InvalidInputError(f"query must be a string, got {type(query).__name__}")
    problem = _surrogate_problem(query)
    if problem:
        raise InvalidInputError(f"query {problem}")
    return query


def check_budget(max_tokens: Any) -> int:
    """A token budget must be a positive integer (numpy integers too); returns an ``int``.

    Raises:
        InvalidInputError: a bool, a float, another type, or not above zero.

    Example:
        >>> import numpy as np
        >>> check_budget(np.int64(256))
        256
    """
    if (
        isinstance(max_tokens, bool)
        or not isinstance(max_tokens, numbers.Integral)
        or max_tokens <= 0
    ):
        raise InvalidInputError(f"max_tokens must be a positive integer, got {_show(max_tokens)}")
    return int(max_tokens)
