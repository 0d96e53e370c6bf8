"""The read path: one recall, from a frozen :class:`ScopeSnapshot` to a :class:`MemoryContext`.

Recent turns first (verbatim, newest backwards), then older turns ranked by the learned
scorer and packed best-first into what is left (a top-ranked turn longer than half the
room competes with its best passage instead), then segment summaries, then more turns.
Nothing here writes; the snapshot is read once and never waits for writers.

Example:
    >>> from langchain_neuralmem.engine import NeuralMemory
    >>> memory = NeuralMemory(":memory:")
    >>> _ = memory.add_turn("I keep bees on the roof.", session_id="s")
    >>> isinstance(memory._reader, ContextReader)
    True
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from langchain_neuralmem.config import RecallConfig
from langchain_neuralmem.encoders.base import Encoder
from langchain_neuralmem.nn.model import NeuralMemoryModel
from langchain_neuralmem.recall import (
    RowCosts,
    Scored,
    descend,
    pack_rows,
    query_view,
    score_candidates,
)
from langchain_neuralmem.stores.base import MemoryStore
from langchain_neuralmem.stores.scope_index import ScopeSnapshot
from langchain_neuralmem.types import (
    RECALLED_HEADER,
    RECENT_HEADER,
    SECTION_HEADERS,
    SUMMARY_HEADER,
    MemoryContext,
    Recall,
    SummaryNode,
    date_label,
    passage_text,
    summary_line,
    turn_label,
    turn_line,
)

PASSAGE_SHARE = 1 / 8
"""A passage is shown only if it costs at most this share of the budget: in a small budget
a part of a turn would crowd out several whole ones (measured on the chatbot split)."""


class ContextReader:
    """Builds a recall's context from a snapshot; owns the token costs of rendered lines.

    Args:
        model: the trained modules (the scorer).
        encoder: embeds the query.
        store: where the chosen turns' texts are read from.
        config: budget split and candidate settings.
        count_tokens: the budget's token counter.
    """

    def __init__(
        self,
        *,
        model: NeuralMemoryModel,
        encoder: Encoder,
        store: MemoryStore,
        config: RecallConfig,
        count_tokens: Callable[[str], int],
    ) -> None:
        self.model = model
        self.encoder = encoder
        self.store = store
        self.config = config
        self.count_tokens = count_tokens
        self.header_cost = {h: count_tokens(h) + 1 for h in SECTION_HEADERS}
        self._label_costs: dict[tuple[str, str], int] = {}
        self._summary_costs: dict[str, int] = {}
        self._date_costs: dict[str, int] = {}

    def date_cost(self, created_at: float) -> int:
        """Tokens a turn's ``[8 May 2023] `` prefix adds (0 when it has no date)."""
        label = date_label(float(created_at))
        if not label:
            return 0
        if label not in self._date_costs:
            if len(self._date_costs) > 10_000:
                self._date_costs.clear()
            self._date_costs[label] = self.count_tokens(label) + 1
        return self._date_costs[label]

    def forget_texts(self) -> None:
        """Drop the caches keyed by stored text (summaries, speaker names) after a delete."""
        self._summary_costs.clear()
        self._label_costs.clear()

    def summary_cost(self, summary: str) -> int:
        """Tokens of a rendered summary line (cached; summaries rarely change)."""
        if summary not in self._summary_costs:
            if len(self._summary_costs) > 10_000:
                self._summary_costs.clear()
            self._summary_costs[summary] = self.count_tokens(summary_line(summary)) + 1
        return self._summary_costs[summary]

    def label_cost(self, speaker: str, role: str) -> int:
        """Tokens a rendered line adds for its ``"label: "`` prefix (cached)."""
        key = (speaker, role)
        if key not in self._label_costs:
            if len(self._label_costs) > 10_000:
                self._label_costs.clear()
            self._label_costs[key] = self.count_tokens(f"{turn_label(speaker, role)}:") + 1
        return self._label_costs[key]

    def read(
        self,
        index: ScopeSnapshot,
        query: str,
        budget: int,
        nodes: Callable[[], dict[str, Any]],
        config: RecallConfig | None = None,
        recent_pool: np.ndarray | None = None,
    ) -> MemoryContext:
        """The context for ``query`` within ``budget`` tokens; ``nodes`` loads the closed
        hierarchy nodes of the snapshot's version when the descent needs them; ``config``
        overrides the reader's own for this read; ``recent_pool`` are the rows the recent
        turns come from (default: all, i.e. the snapshot's last rows; a user-wide
        snapshot passes the asking session's rows)."""
        cfg = config or self.config
        ctx = MemoryContext(query=query, budget_tokens=budget, show_dates=cfg.show_dates)
        if not len(index):
            return ctx
        # every turn pays for its day when dates are shown (an upper bound; see dated_lines)
        costs = RowCosts(
            index.tokens,
            index.speakers,
            index.roles,
            self.label_cost,
            index.times,
            self.date_cost if cfg.show_dates else None,
        )
        header = self.header_cost
        # 1. recent turns, newest backwards, verbatim.
        recent_rows: list[int] = []
        left = int(budget * cfg.recent_fraction)
        n, want = len(index), cfg.recent_turns
        if recent_pool is None:  # the snapshot's last rows (no array of every row)
            tail = np.arange(max(n - want, 0), n) if want else np.zeros(0, np.int64)
        else:
            pool = np.asarray(recent_pool)
            tail = pool[max(len(pool) - want, 0) :] if want else pool[:0]
        for r in reversed(tail.tolist()):
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
        view = None
        if query.strip() and remaining > 0:
            view = query_view(index, query, self.encoder.encode_one(query))
            state_vec = (
                index.state
                if index.state is not None
                else np.zeros(self.model.config.gru.hidden_dim, np.float32)
            )
            segment_rows: dict[int, str] = {}
            if cfg.use_hierarchy:
                found = nodes()
                hits = descend(
                    view.vector,
                    found["episode"],
                    found["segment"],
                    top_episodes=cfg.descend_episodes,
                    top_segments=cfg.descend_segments,
                )
                for h in hits:
                    for r in index.rows_of_positions(h.node.start_position, h.node.end_position):
                        segment_rows[r] = "segment"
            scored = score_candidates(
                model=self.model,
                index=index,
                query=view,
                state=state_vec,
                exclude_rows=set(recent_rows),
                segment_rows=segment_rows,
                config=cfg,
            )
        if cfg.length_penalty:
            scored.sort(
                key=lambda c: -(c.score - cfg.length_penalty * math.log(max(costs[c.row], 1)))
            )
        # 2. recalled turns, best first, leaving the summaries' share free. A top-ranked
        # turn longer than half the room competes with its best passage instead.
        reserve = int(budget * cfg.summary_fraction) if cfg.use_hierarchy and hits else 0
        passages: dict[int, Recall] = {}
        if view is not None:
            room = remaining - reserve
            costs = costs.copy()
            for row, (recall, passage_cost) in self._passages(
                index, view.vector, scored, costs, room, budget, cfg
            ).items():
                passages[row] = recall
                costs[row] = passage_cost
        chosen = pack_rows(scored, tokens=costs, budget=max(remaining - reserve, 0))
        # 3. summaries of the best segments not already quoted, then more turns in what is left.
        in_context = {int(index.turn_ids[r]) for r in recent_rows} | {
            int(index.turn_ids[c.row]) for c in chosen
        }
        summaries: list[SummaryNode] = []
        for h in hits:
            cost = self.summary_cost(h.node.summary) + (0 if summaries else header[SUMMARY_HEADER])
            if h.node.summary and cost <= reserve and not set(h.node.source_turn_ids) <= in_context:
                summaries.append(SummaryNode(**{**h.node.__dict__, "score": h.similarity}))
                reserve -= cost
        if reserve > 0:
            taken = {c.row for c in chosen}
            chosen += pack_rows(
                [s for s in scored if s.row not in taken], tokens=costs, budget=reserve
            )
        # Passages came with their turns; read the other shown turns once.
        shown = [*recent_rows, *(c.row for c in chosen if c.row not in passages)]
        by_id = {
            t.turn_id: t for t in self.store.get_turns([int(index.turn_ids[r]) for r in shown])
        }
        # A turn deleted since the snapshot is simply left out.
        ctx.recent = [by_id[t] for r in recent_rows if (t := int(index.turn_ids[r])) in by_id]
        ctx.recalled = []
        for c in chosen:
            turn = by_id.get(int(index.turn_ids[c.row]))
            if c.row in passages:
                ctx.recalled.append(passages[c.row])
            elif turn is not None:
                ctx.recalled.append(Recall(turn, c.score, c.level, c.similarity))
        ctx.summaries = summaries
        self.fit(ctx)
        return ctx

    def _passages(
        self,
        index: ScopeSnapshot,
        query_vector: np.ndarray,
        scored: list[Scored],
        costs: RowCosts,
        room: int,
        budget: int,
        cfg: RecallConfig,
    ) -> dict[int, tuple[Recall, int]]:
        """Best passage, and its cost, of each top-ranked turn that would take more than half
        of ``room`` (packing fills half the budget first, so such a turn rarely fits whole),
        kept if it costs at most :data:`PASSAGE_SHARE` of ``budget`` (more would crowd out
        several whole turns)."""
        wanted = [
            s
            for s in scored[: cfg.passage_turns]
            if len(index.passages_of(s.row)) and costs[s.row] > room / 2
        ]
        if not wanted or index.passage_vectors is None:
            return {}
        ids = [int(index.turn_ids[s.row]) for s in wanted]
        spans = self.store.passage_spans(ids)
        turns = {t.turn_id: t for t in self.store.get_turns(ids)}
        out: dict[int, tuple[Recall, int]] = {}
        for s, turn_id in zip(wanted, ids, strict=True):
            turn, found, where = (
                turns.get(turn_id),
                spans.get(turn_id, []),
                index.passages_of(s.row),
            )
            if turn is None or len(found) != len(where):
                continue
            best = int(np.argmax(index.passage_vectors[where.start : where.stop] @ query_vector))
            recall = Recall(turn, s.score, "passage", s.similarity, found[best], best, len(found))
            cost = self._passage_cost(recall, cfg.show_dates)
            if cost <= budget * PASSAGE_SHARE:
                out[s.row] = (recall, cost)
        return out

    def _passage_cost(self, recall: Recall, show_dates: bool) -> int:
        """Tokens of the rendered line of a passage (with its date if dates are shown)."""
        line = turn_line(recall.turn.speaker, recall.turn.role, passage_text(recall))
        date = self.date_cost(recall.turn.created_at) if show_dates else 0
        return self.count_tokens(line) + 1 + date

    def fit(self, ctx: MemoryContext) -> None:
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
