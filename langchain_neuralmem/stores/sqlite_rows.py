"""How a row of the ``turns`` table becomes a :class:`~langchain_neuralmem.types.Turn`.

Example:
    >>> row_turn((1, "u", "s", 0, "human", "Ann", "Hi", 0.0, 1, 0, -1, 0.5, "{}", None)).content
    'Hi'
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from langchain_neuralmem.types import Turn

TURN_COLUMNS = (
    "turn_id, user_id, session_id, position, role, speaker, content, created_at, tokens, "
    "episode, segment_id, salience, meta, item_key"
)


_TURN_FIELDS = (
    "turn_id", "user_id", "session_id", "position", "role", "speaker", "content",
    "created_at", "tokens", "episode", "segment_id", "salience",
)  # fmt: skip


def row_turn(row: Sequence) -> Turn:  # type: ignore[type-arg]
    """A ``Turn`` from a row of ``TURN_COLUMNS`` (then the metadata JSON and the key)."""
    return Turn(
        **dict(zip(_TURN_FIELDS, row[:12], strict=True)),
        metadata=json.loads(row[12]),
        key=row[13],
    )
