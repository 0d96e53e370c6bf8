"""NeuralMemory: encoder + trained modules + store, per user and session. No LangChain.

Example:
    >>> import tempfile, os
    >>> memory = NeuralMemory(os.path.join(tempfile.mkdtemp(), "m.db"))
    >>> _ = memory.add_turn("My first dog was called Biscuit.", session_id="s", speaker="Ann")
    >>> _ = memory.add_turn("What a lovely name!", session_id="s", role="ai")
    >>> ctx = memory.recall("What was my first dog's name?", session_id="s", max_tokens=256)
    >>> "Biscuit" in ctx.to_text()
    True
"""

from __future__ import annotations

import asyncio
import math
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from langchain_neuralmem.config import RecallConfig
from langchain_neuralmem.encoders.base import EmbeddingsEncoder, Encoder
from langchain_neuralmem.encoders.tokens import as_token_counter
from langchain_neuralmem.errors import InvalidInputError, InvalidTurnError
from langchain_neuralmem.features import embedding_text, terms
from langchain_neuralmem.nn.model import NeuralMemoryModel, check_encoder_compatible
from langchain_neuralmem.recall import (
    Scored,
    descend,
    line_costs,
    pack_rows,
    query_view,
    score_candidates,
)
from langchain_neuralmem.stores.scope_index import ScopeIndex, ScopeSnapshot, turn_columns
from langchain_neuralmem.stores.sqlite import SQLiteStore
from langchain_neuralmem.types import (
    RECALLED_HEADER,
    RECENT_HEADER,
    SECTION_HEADERS,
    SUMMARY_HEADER,
    MemoryContext,
    Recall,
    SummaryNode,
    Turn,
    quote_content,
    summary_line,
    turn_label,
)
from langchain_neuralmem.validation import (
    check_budget,
    check_content,
    check_id,
    check_metadata,
    check_query,
    check_role,
    check_speaker,
    check_timestamp,
)
from langchain_neuralmem.writing import ClosedNode, PendingTurn, TurnWriter

DEFAULT_USER = "default"


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
    """

    content: str
    role: str = "human"
    speaker: str | None = None
    timestamp: float | None = None
    new_episode: bool = False
    metadata: dict[str, Any] | None = None


class NeuralMemory:
    """A learned conversational memory over a SQLite file.

    Writes encode the turn, advance the session's GRU state, detect segment
    boundaries and score salience — no LLM call. Recalls build a
    :class:`~langchain_neuralmem.types.MemoryContext` under a token budget: recent
    turns verbatim, older turns ranked by the learned attention (candidates from FAISS,
    BM25 and a coarse-to-fine descent of the segment / episode hierarchy) and segment
    summaries.

    Args:
        db_path: the SQLite file (or an open :class:`SQLiteStore`).
        encoder: an :class:`Encoder`, any LangChain ``Embeddings``, or ``None`` for the
            packaged all-MiniLM-L6-v2.
        model: trained modules, a checkpoint folder, or ``None`` for the shipped weights.
        token_counter: a callable text -> int, a transformers tokenizer, or a LangChain
            model with ``get_num_tokens``; ``None`` = the packaged MiniLM tokenizer.
        config: budget split and candidate settings.
        device: where the modules run; default CUDA when present.
        summarizer: optional ``texts -> summary`` callable (e.g. an LLM) run after a
            segment or episode closes, replacing its extractive summary.
    """

    def __init__(
        self,
        db_path: str | os.PathLike[str] | SQLiteStore = "memory.db",
        *,
        encoder: Encoder | Any | None = None,
        model: NeuralMemoryModel | str | os.PathLike[str] | None = None,
        token_counter: Any = None,
        config: RecallConfig | None = None,
        device: str | torch.device | None = None,
        summarizer: Callable[[Sequence[str]], str] | None = None,
    ) -> None:
        self.config = config or RecallConfig()
        self.store = db_path if isinstance(db_path, SQLiteStore) else SQLiteStore(db_path)
        if encoder is None:
            from langchain_neuralmem.encoders.minilm import pick_device

            encoder = _shared_minilm(str(pick_device(device)))
        elif not isinstance(encoder, Encoder):
            encoder = EmbeddingsEncoder(encoder)
        self.encoder: Encoder = encoder
        if model is None or isinstance(model, (str, os.PathLike)):
            model = NeuralMemoryModel.from_pretrained(model, device=device)
        elif device is not None:
            model = model.to(device)
        self.model: NeuralMemoryModel = model.eval()
        check_encoder_compatible(self.model.config, self.encoder.name, self.encoder.dim)
        self.store.check_encoder(self.encoder.name, self.encoder.dim)
        self.count_tokens: Callable[[str], int] = as_token_counter(token_counter)
        self.summarizer = summarizer
        self._writer = TurnWriter(
            self.model, self.store, episode_gap_seconds=self.config.episode_gap_seconds
        )
        self._indexes: dict[tuple[str, str], ScopeIndex] = {}
        # Writers of this engine take turns (SQLite has one writer at a time anyway).
        self._write_lock = threading.Lock()
        # Guards the index cache; held only for O(1) work (a snapshot, an append, a swap).
        self._lock = threading.RLock()
        self._header_cost = {h: self.count_tokens(h) + 1 for h in SECTION_HEADERS}
        self._label_costs: dict[tuple[str, str], int] = {}
        self._summary_costs: dict[str, int] = {}

    def _summary_cost(self, summary: str) -> int:
        """Tokens of a rendered summary line (cached; summaries rarely change)."""
        if summary not in self._summary_costs:
            if len(self._summary_costs) > 10_000:
                self._summary_costs.clear()
            self._summary_costs[summary] = self.count_tokens(summary_line(summary)) + 1
        return self._summary_costs[summary]

    def _label_cost(self, speaker: str, role: str) -> int:
        """Tokens a rendered line adds for its ``"label: "`` prefix (cached)."""
        key = (speaker, role)
        if key not in self._label_costs:
            if len(self._label_costs) > 10_000:
                self._label_costs.clear()
            self._label_costs[key] = self.count_tokens(f"{turn_label(speaker, role)}:") + 1
        return self._label_costs[key]

    # -- writes -----------------------------------------------------------------------
    def add_turn(
        self,
        content: str,
        *,
        session_id: str,
        user_id: str = DEFAULT_USER,
        role: str = "human",
        speaker: str | None = None,
        timestamp: float | None = None,
        new_episode: bool = False,
        metadata: dict[str, Any] | None = None,
    ) -> Turn:
        """Store one turn; returns it with its id, salience and hierarchy ids."""
        turn = TurnInput(content, role, speaker, timestamp, new_episode, metadata)
        return self.add_turns([turn], session_id=session_id, user_id=user_id)[0]

    def add_turns(
        self, turns: Sequence[TurnInput], *, session_id: str, user_id: str = DEFAULT_USER
    ) -> list[Turn]:
        """Store several turns of one session in order, encoding them in one batch.

        All turns are validated before anything is written; the write is one
        transaction, so either every turn is stored or none is.
        """
        check_id(session_id, "session_id")
        check_id(user_id, "user_id")
        if isinstance(turns, (str, bytes)) or not isinstance(turns, Sequence):
            raise InvalidInputError(
                f"add_turns takes a sequence of TurnInput, got {type(turns).__name__}"
            )
        checked = []
        now = time.time()
        for t in turns:
            if not isinstance(t, TurnInput):
                raise InvalidTurnError(f"add_turns takes TurnInput items, got {type(t).__name__}")
            role = check_role(t.role)
            checked.append(
                (
                    t,
                    role,
                    check_content(t.content, max_chars=self.config.max_content_chars),
                    check_speaker(t.speaker, role),
                    check_timestamp(t.timestamp, now=now),
                    check_metadata(t.metadata),
                )
            )
        if not checked:
            return []
        vectors = self.encoder.encode(
            [
                embedding_text(content, speaker, speaker=self.model.config.embed_speaker)
                for _, _, content, speaker, _, _ in checked
            ]
        )
        pending = [
            PendingTurn(
                content=content,
                role=role,
                speaker=speaker,
                timestamp=timestamp,
                tokens=self.count_tokens(quote_content(content)),
                vector=vectors[i],
                terms=tuple(terms(content)),
                new_episode=bool(t.new_episode),
                metadata=metadata,
            )
            for i, (t, role, content, speaker, timestamp, metadata) in enumerate(checked)
        ]
        with self._write_lock:
            with self.store.transaction() as conn:
                before = self.store.scope_version(user_id, session_id)
                stored, closed, state = self._writer.write(conn, user_id, session_id, pending)
            # Ids only grow (AUTOINCREMENT), so the version after the write follows from it.
            after = (before[0] + len(stored), stored[-1].turn_id)
            self._extend_index(
                (user_id, session_id),
                before,
                after,
                stored,
                vectors,
                [p.terms for p in pending],
                state,
            )
        self._summarize_closed(closed)
        return stored

    def _summarize_closed(self, closed: list[ClosedNode]) -> None:
        if self.summarizer is None:
            return
        for node in closed:
            self.store.set_abstract_summary(node.node_id, str(self.summarizer(list(node.texts))))

    # -- index cache ------------------------------------------------------------------
    def _snapshot(self, user_id: str, session_id: str) -> ScopeSnapshot:
        """A frozen view of the session's index, rebuilt from SQLite if it is stale.

        The usual path is one read on this thread's own connection plus an O(1) snapshot,
        so a recall does not wait for writes. Only a stale cache (first use, another
        process wrote, or a local write between its commit and its index append) takes
        the write lock, so a rebuild never races with a local write or delete.
        """
        key = (user_id, session_id)
        cached = self._cached_snapshot(key, self.store.scope_version(user_id, session_id))
        if cached is not None:
            return cached
        with self._write_lock:
            version = self.store.scope_version(user_id, session_id)
            cached = self._cached_snapshot(key, version)
            if cached is not None:
                return cached
            index = self._build_index(user_id, session_id)
            with self._lock:
                self._indexes[key] = index
                return index.snapshot()

    def _cached_snapshot(
        self, key: tuple[str, str], version: tuple[int, int]
    ) -> ScopeSnapshot | None:
        with self._lock:
            index = self._indexes.get(key)
            if index is not None and index.version == version:
                return index.snapshot()
        return None

    def _build_index(self, user_id: str, session_id: str) -> ScopeIndex:
        """A session's index from one consistent read of SQLite."""
        version, rows, state = self.store.read_scope(user_id, session_id)
        index = ScopeIndex(self.encoder.dim)
        if rows:
            self._append(
                index,
                [r.turn for r in rows],
                np.stack([r.vector for r in rows]),
                [r.terms for r in rows],
            )
        index.version = version
        index.state = state.state if state is not None else None
        return index

    @staticmethod
    def _append(
        index: ScopeIndex,
        turns: Sequence[Turn],
        vectors: np.ndarray,
        turn_terms: Sequence[tuple[str, ...]],
    ) -> None:
        index.append(
            **turn_columns(
                turn_ids=[t.turn_id for t in turns],
                positions=[t.position for t in turns],
                contents=[t.content for t in turns],
                turn_terms=turn_terms,
                vectors=vectors,
                episodes=[t.episode for t in turns],
                roles=[t.role for t in turns],
                speakers=[t.speaker for t in turns],
                times=[t.created_at for t in turns],
                saliences=[t.salience for t in turns],
                tokens=[t.tokens for t in turns],
            )
        )

    def _extend_index(
        self,
        key: tuple[str, str],
        before: tuple[int, int],
        after: tuple[int, int],
        stored: list[Turn],
        vectors: np.ndarray,
        turn_terms: Sequence[tuple[str, ...]],
        state: np.ndarray,
    ) -> None:
        """Append a committed write to the cached index if it held exactly the rows before it."""
        with self._lock:
            index = self._indexes.get(key)
            if index is None:
                return
            if index.version != before:
                self._indexes.pop(key, None)  # another process wrote too: rebuild on next read
                return
            self._append(index, stored, vectors, turn_terms)
            index.state = state
            index.version = after

    # -- reads ------------------------------------------------------------------------
    def recall(
        self, query: str, *, session_id: str, user_id: str = DEFAULT_USER, max_tokens: int = 1024
    ) -> MemoryContext:
        """The context for ``query`` within ``max_tokens`` (counted with the token counter).

        An empty query returns only recent turns. An unknown session returns an
        empty context.
        """
        check_id(session_id, "session_id")
        check_id(user_id, "user_id")
        budget = check_budget(max_tokens)
        query = check_query(query)
        index = self._snapshot(user_id, session_id)
        ctx = MemoryContext(query=query, budget_tokens=budget)
        if not len(index):
            return ctx
        cfg = self.config
        costs = line_costs(index.tokens, index.speakers, index.roles, self._label_cost)
        header = self._header_cost
        # 1. recent turns, newest backwards, verbatim.
        recent_rows: list[int] = []
        left = int(budget * cfg.recent_fraction)
        for r in range(len(index) - 1, max(len(index) - 1 - cfg.recent_turns, -1), -1):
            if costs[r] > left:
                break
            recent_rows.append(r)
            left -= costs[r]
        recent_rows.reverse()
        # Headers are paid only for the sections that can appear.
        remaining = budget - sum(costs[r] for r in recent_rows) - header[RECALLED_HEADER]
        if recent_rows:
            remaining -= header[RECENT_HEADER]
        scored: list[Scored] = []
        hits = []
        if query.strip() and remaining > 0:
            qvec = self.encoder.encode_one(query)
            state_vec = (
                index.state
                if index.state is not None
                else np.zeros(self.model.config.gru.hidden_dim, np.float32)
            )
            segment_rows: dict[int, str] = {}
            if cfg.use_hierarchy:
                nodes = index.nodes or self._load_nodes((user_id, session_id), index.version)
                hits = descend(
                    qvec,
                    nodes["episode"],
                    nodes["segment"],
                    top_episodes=cfg.descend_episodes,
                    top_segments=cfg.descend_segments,
                )
                for h in hits:
                    for r in index.rows_of_positions(h.node.start_position, h.node.end_position):
                        segment_rows[r] = "segment"
            scored = score_candidates(
                model=self.model,
                index=index,
                query=query_view(index, query, qvec),
                state=state_vec,
                exclude_rows=set(recent_rows),
                segment_rows=segment_rows,
                config=cfg,
            )
        if cfg.length_penalty:
            scored.sort(
                key=lambda c: -(c.score - cfg.length_penalty * math.log(max(costs[c.row], 1)))
            )
        # 2. recalled turns, best first, leaving the summaries' share free.
        reserve = int(budget * cfg.summary_fraction) if cfg.use_hierarchy and hits else 0
        chosen = pack_rows(scored, tokens=costs, budget=max(remaining - reserve, 0))
        # 3. summaries of the best segments not already quoted, then more turns in what is left.
        in_context = {int(index.turn_ids[r]) for r in recent_rows} | {
            int(index.turn_ids[c.row]) for c in chosen
        }
        summaries: list[SummaryNode] = []
        for h in hits:
            cost = self._summary_cost(h.node.summary) + (0 if summaries else header[SUMMARY_HEADER])
            if h.node.summary and cost <= reserve and not set(h.node.source_turn_ids) <= in_context:
                summaries.append(SummaryNode(**{**h.node.__dict__, "score": h.similarity}))
                reserve -= cost
        if reserve > 0:
            taken = {c.row for c in chosen}
            chosen += pack_rows(
                [s for s in scored if s.row not in taken], tokens=costs, budget=reserve
            )

        def turn_id(row: int) -> int:
            return int(index.turn_ids[row])

        by_id = {
            t.turn_id: t
            for t in self.store.get_turns(
                [turn_id(r) for r in recent_rows + [c.row for c in chosen]]
            )
        }
        # A turn deleted since the snapshot is simply left out.
        ctx.recent = [by_id[turn_id(r)] for r in recent_rows if turn_id(r) in by_id]
        ctx.recalled = [
            Recall(
                turn=by_id[turn_id(c.row)], score=c.score, level=c.level, similarity=c.similarity
            )
            for c in chosen
            if turn_id(c.row) in by_id
        ]
        ctx.summaries = summaries
        self._fit(ctx)
        return ctx

    def _load_nodes(self, key: tuple[str, str], version: tuple[int, int]) -> dict[str, list[Any]]:
        """Closed hierarchy nodes of a session, cached with the index version they belong to."""
        nodes: dict[str, list[Any]] = {
            level: self.store.closed_nodes(key[0], key[1], level)
            for level in ("episode", "segment")
        }
        with self._lock:
            index = self._indexes.get(key)
            if index is not None:
                index.set_nodes(version, nodes)
        return nodes

    def _fit(self, ctx: MemoryContext) -> None:
        """Measure the rendered context; drop the weakest parts if it overflows."""
        ctx.tokens_used = self.count_tokens(ctx.to_text())
        while ctx.tokens_used > ctx.budget_tokens and (ctx.recalled or ctx.summaries or ctx.recent):
            if ctx.recalled:
                ctx.recalled.pop()
            elif ctx.summaries:
                ctx.summaries.pop()
            else:
                ctx.recent.pop(0)
            ctx.tokens_used = self.count_tokens(ctx.to_text())

    def history(
        self, *, session_id: str, user_id: str = DEFAULT_USER, limit: int | None = None
    ) -> list[Turn]:
        """A session's turns in order (the last ``limit`` if given)."""
        check_id(session_id, "session_id")
        check_id(user_id, "user_id")
        if limit is not None:
            return self.store.recent_turns(user_id, session_id, limit)
        return [t.turn for t in self.store.turns(user_id, session_id)]

    def summaries(
        self, *, session_id: str, user_id: str = DEFAULT_USER, level: str = "segment"
    ) -> list[SummaryNode]:
        """Closed segment or episode nodes of a session with their summaries."""
        if level not in ("segment", "episode"):
            raise InvalidInputError(f"level must be 'segment' or 'episode', got {level!r}")
        return [n for n, _, _ in self.store.closed_nodes(user_id, session_id, level)]

    # -- deletion ---------------------------------------------------------------------
    def clear(self, *, session_id: str, user_id: str = DEFAULT_USER) -> int:
        """Delete one session of one user (turns, state, hierarchy); returns turns deleted."""
        check_id(session_id, "session_id")
        check_id(user_id, "user_id")
        with self._write_lock:
            n = self.store.delete(user_id, session_id)
            with self._lock:
                self._indexes.pop((user_id, session_id), None)
                self._forget_texts()
        return n

    def delete_user(self, user_id: str) -> int:
        """Delete every session of one user, and nothing of anyone else."""
        check_id(user_id, "user_id")
        with self._write_lock:
            n = self.store.delete(user_id)
            with self._lock:
                for key in [k for k in self._indexes if k[0] == user_id]:
                    self._indexes.pop(key)
                self._forget_texts()
        return n

    def _forget_texts(self) -> None:
        """Drop caches keyed by stored text (summaries, speaker names) after a delete."""
        self._summary_costs.clear()
        self._label_costs.clear()

    # -- async twins: the same implementation, run off the event loop -------------------
    async def aadd_turn(self, content: str, **kwargs: Any) -> Turn:
        """Async :meth:`add_turn`."""
        return await asyncio.to_thread(lambda: self.add_turn(content, **kwargs))

    async def aadd_turns(self, turns: Sequence[TurnInput], **kwargs: Any) -> list[Turn]:
        """Async :meth:`add_turns`."""
        return await asyncio.to_thread(lambda: self.add_turns(turns, **kwargs))

    async def arecall(self, query: str, **kwargs: Any) -> MemoryContext:
        """Async :meth:`recall`."""
        return await asyncio.to_thread(lambda: self.recall(query, **kwargs))

    async def aclear(self, **kwargs: Any) -> int:
        """Async :meth:`clear`."""
        return await asyncio.to_thread(lambda: self.clear(**kwargs))

    def close(self) -> None:
        """Close the database connection."""
        self.store.close()


_MINILM_CACHE: dict[str, Encoder] = {}
_MINILM_LOCK = threading.Lock()


def _shared_minilm(device: str) -> Encoder:
    """One packaged MiniLM per device per process (it is read-only and thread-safe)."""
    from langchain_neuralmem.encoders.minilm import MiniLMEncoder

    with _MINILM_LOCK:
        if device not in _MINILM_CACHE:
            _MINILM_CACHE[device] = MiniLMEncoder(device=device)
        return _MINILM_CACHE[device]
