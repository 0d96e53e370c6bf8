"""Retention limits (age, turn count, bytes) that compact old turns into the hierarchy.

Compacting a turn removes its stored row (text, vector, passages) only once a closed
segment node stands for it: the node keeps its pooled vector and its extractive summary
(the segment's most salient turns), so recall still finds and shows the gist of compacted
history. A turn no closed node covers is never removed; the latest ``keep_recent`` turns of
every session never are either. The :class:`CompactionReport` says what was removed.

The engine applies a policy with ``NeuralMemory.compact`` (see
:mod:`langchain_neuralmem.compaction`), or after writes with ``NeuralMemory(retention=...)``.

Example:
    >>> from langchain_neuralmem.engine import NeuralMemory, TurnInput
    >>> memory = NeuralMemory(":memory:")
    >>> _ = memory.add_turns([TurnInput(f"Fact number {i}.") for i in range(30)], session_id="s")
    >>> report = memory.compact(policy=RetentionPolicy(max_turns=20, keep_recent=5))
    >>> report.turns_removed, report.turns_kept, len(memory.history(session_id="s"))
    (10, 20, 20)
    >>> all(node.summary for node in memory.summaries(session_id="s"))  # they stand for them
    True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from langchain_neuralmem.config import _checked
from langchain_neuralmem.errors import InvalidInputError
from langchain_neuralmem.stores.records import StoredTurn
from langchain_neuralmem.types import Turn

DAY_SECONDS = 86_400.0


@dataclass(frozen=True)
class RetentionPolicy:
    """How much history to keep verbatim; older turns are compacted into summaries.

    Attributes:
        max_age_days: turns older than this (by ``created_at``) are compacted; turns with
            no time (``created_at`` 0) never are for age.
        max_turns: at most this many turns per scope (see ``per``); the oldest go first.
        max_bytes: at most this many bytes per scope: each turn's UTF-8 text plus its
            vectors as stored (see :func:`turn_bytes`); the oldest turns go first.
        keep_recent: the latest turns of every session that are never compacted (at
            least 1: a session with no turn left cannot be recalled from; at most
            ``max_turns``). The default, 12, is the longest a segment grows
            (``HierarchyConfig.max_segment_turns``), so a session's open segment is never
            compacted; below it, compaction closes the open segment early when it must.
        per: ``"user"`` (the default: one quota over all of a user's sessions) or
            ``"session"`` (each session has its own ``max_turns`` / ``max_bytes``).
        slack: automatic retention (``NeuralMemory(retention=...)``) compacts only once a
            scope is over a limit by this share of it (or, for age, at most once every
            ``slack * max_age_days``), so writes do not pay for a compaction each;
            :meth:`~langchain_neuralmem.compaction.RetentionMixin.compact` always compacts down to the limits.

    Raises:
        InvalidInputError: (a ``ValueError``) naming the field: no limit set, a limit that
            is not a positive number of the right type, ``keep_recent`` below 1 or above
            ``max_turns``, a negative or non-finite ``slack``, ``per`` not ``"user"`` /
            ``"session"``.

    Example:
        >>> RetentionPolicy(max_turns=1000, keep_recent=20).per
        'user'
        >>> RetentionPolicy(max_turns=0)
        Traceback (most recent call last):
        ...
        langchain_neuralmem.errors.InvalidInputError: RetentionPolicy.max_turns must be >= 1 (or None: no limit), got 0
    """

    max_age_days: float | None = None
    max_turns: int | None = None
    max_bytes: int | None = None
    keep_recent: int = 12
    per: str = "user"
    slack: float = 0.1

    def __post_init__(self) -> None:
        limits = (("max_age_days", float), ("max_turns", int), ("max_bytes", int))
        for name, kind in limits:
            value = getattr(self, name)
            if value is not None:
                value = _checked(f"RetentionPolicy.{name}", kind, value)
                object.__setattr__(self, name, value)
                low = "> 0" if kind is float else ">= 1"
                if value <= 0:
                    raise InvalidInputError(
                        f"RetentionPolicy.{name} must be {low} (or None: no limit), got {value}"
                    )
        if all(getattr(self, name) is None for name, _ in limits):
            raise InvalidInputError(
                "RetentionPolicy needs a limit: set max_age_days, max_turns or max_bytes"
            )
        keep = _checked("RetentionPolicy.keep_recent", int, self.keep_recent)
        if keep < 1:
            raise InvalidInputError(
                f"RetentionPolicy.keep_recent must be >= 1 (a session with no turn left "
                f"cannot be recalled from), got {keep}"
            )
        object.__setattr__(self, "keep_recent", keep)
        if self.max_turns is not None and keep > self.max_turns:
            raise InvalidInputError(
                f"RetentionPolicy.keep_recent ({keep}) must be <= max_turns ({self.max_turns}): "
                "a session could never get down to the limit"
            )
        slack = _checked("RetentionPolicy.slack", float, self.slack)
        if slack < 0:
            raise InvalidInputError(f"RetentionPolicy.slack must be >= 0, got {slack}")
        object.__setattr__(self, "slack", slack)
        if self.per not in ("user", "session"):
            raise InvalidInputError(
                f"RetentionPolicy.per must be 'user' or 'session', got {self.per!r}"
            )


@dataclass(frozen=True)
class CompactionReport:
    """What one compaction did. Nothing is removed without being counted here.

    Attributes:
        user_id: whose turns.
        session_id: the one session compacted, or ``None`` for all of the user's.
        removed_turn_ids: ids of the turns removed (their segments' summaries stay).
        turns_removed: how many.
        bytes_freed: their bytes, counted as :func:`turn_bytes` does.
        nodes_kept: closed segment nodes that now stand for removed turns.
        nodes_closed: of those, the ones this compaction had to close (or summarise
            again) first.
        sessions: sessions that lost turns.
        turns_kept: turns left in what was measured (the user's sessions, or the one
            session with ``per="session"``).
        bytes_kept: their bytes.
        uncovered: turns over a limit but kept because no segment node covers them.
        over_limit: limits still exceeded afterwards (``keep_recent`` or ``uncovered``
            turns held them up), e.g. ``("max_turns",)``.
    """

    user_id: str
    session_id: str | None
    removed_turn_ids: tuple[int, ...] = ()
    turns_removed: int = 0
    bytes_freed: int = 0
    nodes_kept: int = 0
    nodes_closed: int = 0
    sessions: tuple[str, ...] = ()
    turns_kept: int = 0
    bytes_kept: int = 0
    uncovered: int = 0
    over_limit: tuple[str, ...] = field(default=())


def turn_bytes(stored: StoredTurn) -> int:
    """Bytes a turn counts for under ``max_bytes``: its UTF-8 text, plus its vector and the
    vectors of its passages (a long turn) as stored: a 4-byte header per blob, then per
    vector one int8 code per dimension and a 4-byte scale (392 bytes for 384 dimensions).

    Example:
        >>> import numpy as np
        >>> t = Turn(1, "u", "s", 0, "human", "Ann", "héllo", 0.0, 2)
        >>> turn_bytes(StoredTurn(t, np.zeros(384, np.float32), ()))
        398
    """
    passages = 0 if stored.passages is None else len(stored.passages)
    return text_and_vector_bytes(stored.turn.content, len(stored.vector), passages)


def text_and_vector_bytes(content: str, dim: int, passages: int) -> int:
    """UTF-8 text, one vector blob and (if any passages) one blob of passage vectors."""
    size = len(content.encode("utf-8")) + 4 + (dim + 4)
    return size + (4 + passages * (dim + 4) if passages else 0)


def _dated_before(turn: Turn, cutoff: float) -> bool:
    return 0 < turn.created_at < cutoff


def plan_removals(
    items: Sequence[tuple[Turn, int]],
    policy: RetentionPolicy,
    *,
    now: float,
    removable: Callable[[Turn], bool],
) -> tuple[list[int], tuple[str, ...]]:
    """Which turns a policy compacts, oldest first (``created_at``, then id), and which
    limits the rest still exceed. ``items`` are (turn, bytes) of everything measured;
    a turn ``removable`` refuses, or among the latest ``keep_recent`` of its session,
    stays.

    Example:
        >>> turns = [(Turn(i, "u", "s", i, "human", "A", "x", 100.0 + i, 1), 10) for i in range(5)]
        >>> plan_removals(turns, RetentionPolicy(max_turns=3, keep_recent=1), now=0.0,
        ...               removable=lambda t: t.turn_id != 0)
        ([1, 2], ())
        >>> plan_removals(turns, RetentionPolicy(max_turns=2, keep_recent=2), now=0.0,
        ...               removable=lambda t: t.turn_id > 1)
        ([2], ('max_turns',))
    """
    protected: set[int] = set()
    by_session: dict[str, list[Turn]] = {}
    for turn, _ in items:
        by_session.setdefault(turn.session_id, []).append(turn)
    for turns in by_session.values():
        turns.sort(key=lambda t: t.position)
        protected.update(t.turn_id for t in turns[-policy.keep_recent :])
    order = sorted(items, key=lambda item: (item[0].created_at, item[0].turn_id))
    cutoff = (
        now - policy.max_age_days * DAY_SECONDS if policy.max_age_days is not None else -math.inf
    )
    removed: set[int] = set()
    for turn, _ in order:
        if _dated_before(turn, cutoff) and turn.turn_id not in protected and removable(turn):
            removed.add(turn.turn_id)
    groups: dict[str, list[tuple[Turn, int]]] = {}
    for item in order:
        groups.setdefault(item[0].session_id if policy.per == "session" else "", []).append(item)
    over: set[str] = set()
    for group in groups.values():
        left = [item for item in group if item[0].turn_id not in removed]
        count, size = len(left), sum(b for _, b in left)
        for turn, b in left:
            if not _over(policy, count, size):
                break
            if turn.turn_id not in protected and removable(turn):
                removed.add(turn.turn_id)
                count, size = count - 1, size - b
        if policy.max_turns is not None and count > policy.max_turns:
            over.add("max_turns")
        if policy.max_bytes is not None and size > policy.max_bytes:
            over.add("max_bytes")
    if any(_dated_before(t, cutoff) and t.turn_id not in removed for t, _ in items):
        over.add("max_age_days")
    ids = [t.turn_id for t, _ in order if t.turn_id in removed]
    return ids, tuple(sorted(over))


def _over(policy: RetentionPolicy, count: int, size: int) -> bool:
    return (policy.max_turns is not None and count > policy.max_turns) or (
        policy.max_bytes is not None and size > policy.max_bytes
    )


@dataclass
class Watch:
    """What automatic retention knows of one scope between compactions (an estimate:
    this engine's writes since the last compaction, added to what that one measured)."""

    turns: int = 0
    bytes: int = 0
    turns_floor: int = 0
    bytes_floor: int = 0
    oldest: float = math.inf
    age_check_at: float = -math.inf
    busy: bool = False


def due(policy: RetentionPolicy, watch: Watch, now: float) -> bool:
    """Whether a watched scope is over a limit by more than the policy's slack."""
    turns, size, age = policy.max_turns, policy.max_bytes, policy.max_age_days
    return (
        (turns is not None and watch.turns > watch.turns_floor + math.ceil(turns * policy.slack))
        or (size is not None and watch.bytes > watch.bytes_floor + math.ceil(size * policy.slack))
        or (
            age is not None and now >= watch.age_check_at and watch.oldest < now - age * DAY_SECONDS
        )
    )
