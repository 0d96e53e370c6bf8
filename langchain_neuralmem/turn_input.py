"""What a caller hands the engine to store (:class:`TurnInput`), and its validation.

Example:
    >>> [c.role for c in check_turns([TurnInput("Hi", role="user")], max_chars=100)]
    ['human']
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from langchain_neuralmem.errors import InvalidInputError, InvalidTurnError
from langchain_neuralmem.validation import (
    check_content,
    check_id,
    check_metadata,
    check_role,
    check_speaker,
    check_timestamp,
)


@dataclass(frozen=True)
class TurnInput:
    """One turn to add with :meth:`NeuralMemory.add_turns`.

    Attributes:
        content: the text.
        role: "human", "ai", "other" (aliases user/assistant/system/tool accepted).
        speaker: display name; defaults to the role.
        timestamp: seconds since the epoch; defaults to now.
        new_episode: start a new episode (sitting) at this turn.
        metadata: JSON-ready extras stored with the turn and returned with it.
        key: a unique key of the turn within its session (a message id, a store key): a
            turn whose key is already stored is skipped, or replaces the stored one (see
            :meth:`NeuralMemory.add_turns`).
    """

    content: str
    role: str = "human"
    speaker: str | None = None
    timestamp: float | None = None
    new_episode: bool = False
    metadata: dict[str, Any] | None = None
    key: str | None = None


@dataclass(frozen=True)
class CheckedTurn:
    """A :class:`TurnInput` after validation: role, speaker and time filled in.

    ``key`` is ``None`` for a turn without one, and ``""`` for a repeat, within one
    call, of an earlier turn's key (that turn is not written again).
    """

    given: TurnInput
    role: str
    content: str
    speaker: str
    timestamp: float
    metadata: dict[str, Any]
    key: str | None


def check_turns(turns: Sequence[TurnInput], *, max_chars: int) -> list[CheckedTurn]:
    """Validate every turn before anything is written.

    Raises:
        InvalidInputError: ``turns`` is not a sequence, or a key is not a valid id.
        InvalidTurnError: an item is not a :class:`TurnInput`, or its content, role,
            speaker, timestamp or metadata is refused (the message names which).
    """
    if isinstance(turns, (str, bytes)) or not isinstance(turns, Sequence):
        raise InvalidInputError(
            f"add_turns takes a sequence of TurnInput, got {type(turns).__name__}"
        )
    now = time.time()
    seen: set[str] = set()
    out = []
    for t in turns:
        if not isinstance(t, TurnInput):
            raise InvalidTurnError(f"add_turns takes TurnInput items, got {type(t).__name__}")
        key = None if t.key is None else check_id(t.key, "key")
        role = check_role(t.role)
        out.append(
            CheckedTurn(
                given=t,
                role=role,
                content=check_content(t.content, max_chars=max_chars),
                speaker=check_speaker(t.speaker, role),
                timestamp=check_timestamp(t.timestamp, now=now),
                metadata=check_metadata(t.metadata),
                key="" if key is not None and key in seen else key,
            )
        )
        if key is not None:
            seen.add(key)
    return out
