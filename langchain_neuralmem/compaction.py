"""Compaction: :class:`RetentionMixin`, the part of
:class:`~langchain_neuralmem.engine.NeuralMemory` that applies a
:class:`~langchain_neuralmem.retention.RetentionPolicy`, on demand (``compact``) or after
writes (``NeuralMemory(retention=...)``).

Example:
    >>> from langchain_neuralmem.engine import NeuralMemory
    >>> from langchain_neuralmem.retention import RetentionPolicy
    >>> memory = NeuralMemory(":memory:", retention=RetentionPolicy(max_turns=8, keep_recent=2))
    >>> for i in range(20):
    ...     _ = memory.add_turn(f"Note {i}: the meeting moved to room {i}.", session_id="s")
    >>> len(memory.history(session_id="s")) <= 8 + 1
    True
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from langchain_neuralmem.config import _checked
from langchain_neuralmem.deletion import DEFAULT_USER
from langchain_neuralmem.errors import InvalidInputError, StoreError
from langchain_neuralmem.retention import (
    DAY_SECONDS,
    CompactionReport,
    RetentionPolicy,
    Watch,
    due,
    plan_removals,
    text_and_vector_bytes,
    turn_bytes,
)
from langchain_neuralmem.stores.base import MemoryStore, TxConn
from langchain_neuralmem.types import SummaryNode, Turn
from langchain_neuralmem.validation import check_id

if TYPE_CHECKING:
    from langchain_neuralmem.encoders.base import Encoder
    from langchain_neuralmem.index_cache import IndexCache
    from langchain_neuralmem.reading import ContextReader
    from langchain_neuralmem.writing import ClosedNode, TurnWriter

_WATCHED_SCOPES = 4096  # automatic retention remembers this many scopes (oldest forgotten first)


class RetentionMixin:
    """The compacting half of :class:`~langchain_neuralmem.engine.NeuralMemory`."""

    store: MemoryStore
    encoder: Encoder
    _write_lock: threading.Lock
    _cache: IndexCache
    _reader: ContextReader
    _writer: TurnWriter
    _summarize_closed: Callable[[list[ClosedNode]], None]
    _retention: RetentionPolicy | None = None
    _watches: dict[tuple[str, str | None], Watch]
    _watch_lock: threading.Lock

    @property
    def retention(self) -> RetentionPolicy | None:
        """The policy applied after writes (``None``: none); setting it restarts the count."""
        return self._retention

    @retention.setter
    def retention(self, policy: RetentionPolicy | None) -> None:
        if policy is not None and not isinstance(policy, RetentionPolicy):
            raise InvalidInputError(
                f"retention must be a RetentionPolicy or None, got {type(policy).__name__}"
            )
        self._retention = policy
        self._watches = {}
        self._watch_lock = threading.Lock()

    def compact(
        self,
        *,
        user_id: str = DEFAULT_USER,
        session_id: str | None = None,
        policy: RetentionPolicy | None = None,
        now: float | None = None,
    ) -> CompactionReport:
        """Compact ``user_id``'s oldest turns down to ``policy`` (default: the memory's
        ``retention``); returns what was removed.

        Each removed turn is first covered by a closed segment node with its pooled vector
        and summary (its open segment is closed now if needed; the session's next turn
        starts a new one); then the turns are deleted in the same transaction, the indexes
        dropped and the file scrubbed, as :meth:`delete_turns` does, except that summaries
        quoting them are kept. ``session_id`` limits removal to one session; the limits
        are still measured over the policy's scope. Running it again removes nothing more.
        ``now`` (epoch seconds) is the time ``max_age_days`` counts back from.
        """
        check_id(user_id, "user_id")
        if session_id is not None:
            check_id(session_id, "session_id")
        policy = self._retention if policy is None else policy
        if not isinstance(policy, RetentionPolicy):
            raise InvalidInputError(
                "compact() needs a RetentionPolicy: pass policy=RetentionPolicy(...) or "
                f"create the memory with retention=...; got {type(policy).__name__}"
            )
        when = time.time() if now is None else _checked("now", float, now)
        return self._compact(user_id, session_id, policy, when)[0]

    async def acompact(self, **kwargs: Any) -> CompactionReport:
        """Async :meth:`compact`."""
        return await asyncio.to_thread(lambda: self.compact(**kwargs))

    def _compact(
        self, user_id: str, session_id: str | None, policy: RetentionPolicy, now: float
    ) -> tuple[CompactionReport, float]:
        """One compaction in one write transaction; also returns the oldest dated turn
        left in what was measured (for automatic retention)."""
        store, closed, touched = self.store, [], set()

        def mine(t: Turn) -> bool:
            return session_id is None or t.session_id == session_id

        with self._write_lock:
            with store.transaction() as conn:
                measured = (
                    store.turns(user_id, session_id)
                    if session_id is not None and policy.per == "session"
                    else store.user_turns(user_id)
                )
                items = [(s.turn, turn_bytes(s)) for s in measured]
                nodes = store.user_closed_nodes(user_id, "segment", session_id=session_id)
                segments = {n.node_id: n for found in nodes.values() for n, _, _ in found}
                sessions = sorted({t.session_id for t, _ in items if mine(t)})
                states = {s: store.load_state(user_id, s) for s in sessions}
                opened = {s: st.segment_node_id for s, st in states.items() if st is not None}

                def covered(t: Turn) -> bool:
                    return mine(t) and (
                        t.segment_id in segments or t.segment_id == opened.get(t.session_id)
                    )

                ids, over = plan_removals(items, policy, now=now, removable=covered)
                wanted, _ = plan_removals(items, policy, now=now, removable=mine)
                by_id = {t.turn_id: t for t, _ in items}
                uncovered = sum(not covered(by_id[i]) for i in wanted)
                if ids:
                    gone = [by_id[i] for i in ids]
                    touched = {t.session_id for t in gone}
                    closed = self._cover(conn, user_id, gone, segments, opened)
                    self._delete_keeping_summaries(conn, user_id, session_id, ids)
            if ids:
                self._cache.drop(
                    lambda s: (
                        s.user_id == user_id and (s.session_id is None or s.session_id in touched)
                    )
                )
                self._reader.forget_texts()
        if ids:
            store.scrub()
            self._summarize_closed(closed)
        removed = set(ids)
        kept = [(t, b) for t, b in items if t.turn_id not in removed]
        oldest = min((t.created_at for t, _ in kept if t.created_at > 0), default=math.inf)
        report = CompactionReport(
            user_id=user_id,
            session_id=session_id,
            removed_turn_ids=tuple(ids),
            turns_removed=len(ids),
            bytes_freed=sum(b for t, b in items if t.turn_id in removed),
            nodes_kept=len({by_id[i].segment_id for i in ids}),
            nodes_closed=len(closed),
            sessions=tuple(sorted(touched)),
            turns_kept=len(kept),
            bytes_kept=sum(b for _, b in kept),
            uncovered=uncovered,
            over_limit=over,
        )
        return report, oldest

    def _cover(
        self,
        conn: TxConn,
        user_id: str,
        gone: list[Turn],
        segments: dict[int, SummaryNode],
        opened: dict[str, int],
    ) -> list[ClosedNode]:
        """Close (or summarise again, if a delete blanked its summary) every segment of
        ``gone`` that has no summary yet, with the writer's own pooling; a session whose
        open segment is closed here starts a new one with its next turn."""
        hierarchy = self._writer.model.config.hierarchy
        todo = sorted(
            {
                (t.session_id, t.segment_id)
                for t in gone
                if t.segment_id not in segments or not segments[t.segment_id].summary
            }
        )
        closed = []
        for session, node_id in todo:
            node = self._writer._close(conn, user_id, session, node_id, k=hierarchy.summary_turns)
            if node is None:  # cannot happen for a stored turn's node; never drop it silently
                raise StoreError(f"segment {node_id} of session {session!r} could not be closed")
            closed.append(node)
            if node_id == opened.get(session):
                state = self.store.load_state(user_id, session)
                assert state is not None  # the session's open segment came from its state
                state.segment_node_id = self.store.open_node(
                    conn, user_id, session, "segment", state.episode, state.turn_count
                )
                state.segment_len = 0
                state.segment_sum = np.zeros_like(state.segment_sum)
                self.store.save_state(conn, user_id, session, state)
        return closed

    def _delete_keeping_summaries(
        self, conn: TxConn, user_id: str, session_id: str | None, ids: list[int]
    ) -> None:
        """Delete turns inside ``conn``'s transaction; the store drops every summary that
        quotes a deleted turn, so the closed nodes quoting them are written back as they
        were (same vector, text and source ids: recall shows a summary whose source
        turns are not all in the context, which removed ones never are)."""
        ids_set = set(ids)
        keep = [
            (node, vector)
            for level in ("segment", "episode")
            for found in self.store.user_closed_nodes(
                user_id, level, session_id=session_id
            ).values()
            for node, _, vector in found
            if ids_set & set(node.source_turn_ids)
        ]
        self.store.delete_turns(ids, conn)
        for node, vector in keep:
            self.store.close_node(
                conn,
                node.node_id,
                end=node.end_position,
                vector=vector,
                summary=node.summary,
                source_turn_ids=node.source_turn_ids,
            )

    def _retain(self, user_id: str, session_id: str, written: Sequence[Turn]) -> None:
        """After a write: compact the written scope if it may be over the retention policy
        by its slack (amortised: counts are kept here between compactions; the first write
        to a scope after start-up measures it). A failed compaction warns; the write stands."""
        policy = self._retention
        if policy is None or not written:
            return
        key = (user_id, None if policy.per == "user" else session_id)
        now = time.time()
        size = 0
        if policy.max_bytes is not None:
            spans = self.store.passage_spans([t.turn_id for t in written])
            size = sum(
                text_and_vector_bytes(t.content, self.encoder.dim, len(spans.get(t.turn_id, ())))
                for t in written
            )
        with self._watch_lock:
            watch = self._watches.get(key)
            if watch is None:
                watch = self._watches[key] = Watch()
                while len(self._watches) > _WATCHED_SCOPES:
                    self._watches.pop(next(iter(self._watches)))
                run = True
            else:
                watch.turns += len(written)
                watch.bytes += size
                watch.oldest = min(
                    [watch.oldest, *(t.created_at for t in written if t.created_at > 0)]
                )
                run = due(policy, watch, now)
            if not run or watch.busy:
                return
            watch.busy = True
        try:
            report, oldest = self._compact(user_id, key[1], policy, now)
        except BaseException as exc:
            with self._watch_lock:  # measured again by the next write
                self._watches.pop(key, None)
            if not isinstance(exc, StoreError):
                raise
            warnings.warn(f"automatic retention did not compact: {exc}", stacklevel=3)
            return
        with self._watch_lock:
            self._watches[key] = Watch(
                turns=report.turns_kept,
                bytes=report.bytes_kept,
                turns_floor=max(policy.max_turns or 0, report.turns_kept),
                bytes_floor=max(policy.max_bytes or 0, report.bytes_kept),
                oldest=oldest,
                age_check_at=now + (policy.max_age_days or 0.0) * DAY_SECONDS * policy.slack,
            )
