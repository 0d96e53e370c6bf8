"""The write path: one turn advances the GRU state, may close a segment or an episode,
and is stored with its vector, salience and hierarchy ids. No LLM is called.

Example:
    >>> import numpy as np, torch
    >>> from langchain_neuralmem.nn.model import NeuralMemoryModel
    >>> model = NeuralMemoryModel.from_pretrained()
    >>> s = new_state(model)
    >>> s.turn_count, s.state.shape
    (0, (128,))
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from langchain_neuralmem.features import terms, turn_features
from langchain_neuralmem.nn.model import NeuralMemoryModel
from langchain_neuralmem.stores.base import MemoryStore, TxConn
from langchain_neuralmem.stores.records import SessionState, StoredTurn
from langchain_neuralmem.turn_input import CheckedTurn
from langchain_neuralmem.types import Turn, quote_content


@dataclass(frozen=True)
class PendingTurn:
    """A validated turn about to be written, with its vector and counts."""

    content: str
    role: str
    speaker: str
    timestamp: float
    tokens: int
    vector: np.ndarray
    terms: tuple[str, ...]
    new_episode: bool = False
    metadata: dict[str, Any] = field(default_factory=dict)
    passages: np.ndarray | None = None
    """``(m, dim)`` vectors of the passages of a long turn (``None`` for a short one)."""
    passage_spans: tuple[tuple[int, int], ...] = ()
    key: str | None = None


def pending_turn(
    checked: CheckedTurn,
    vector: np.ndarray,
    passages: np.ndarray | None,
    spans: Sequence[tuple[int, int]],
    count_tokens: Callable[[str], int],
) -> PendingTurn:
    """A validated turn with its vectors, token count and terms, ready to write."""
    return PendingTurn(
        content=checked.content,
        role=checked.role,
        speaker=checked.speaker,
        timestamp=checked.timestamp,
        tokens=count_tokens(quote_content(checked.content)),
        vector=vector,
        terms=tuple(terms(checked.content)),
        new_episode=bool(checked.given.new_episode),
        metadata=checked.metadata,
        passages=passages,
        passage_spans=tuple(spans),
        key=checked.key or None,
    )


@dataclass(frozen=True)
class ClosedNode:
    """A node closed by a write (for optional abstractive summaries afterwards)."""

    node_id: int
    texts: tuple[str, ...]


def new_state(model: NeuralMemoryModel) -> SessionState:
    """The state of a session with no turns."""
    dim = model.embed_dim
    return SessionState(
        state=np.zeros(model.config.gru.hidden_dim, dtype=np.float32),
        turn_count=0,
        last_time=0.0,
        episode=0,
        episode_node_id=0,
        segment_node_id=0,
        segment_len=0,
        segment_sum=np.zeros(dim, dtype=np.float32),
    )


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _summarize(turns: list[StoredTurn], k: int) -> tuple[str, list[int]]:
    """Extractive summary: the ``k`` most salient turns, in conversation order."""
    top = sorted(turns, key=lambda t: -t.turn.salience)[:k]
    top.sort(key=lambda t: t.turn.position)
    text = " / ".join(f"{t.turn.speaker}: {t.turn.content[:400]}" for t in top)
    return text, [t.turn.turn_id for t in top]


class TurnWriter:
    """Applies turns to one session inside a store transaction."""

    def __init__(
        self, model: NeuralMemoryModel, store: MemoryStore, *, episode_gap_seconds: float
    ) -> None:
        self.model = model
        self.store = store
        self.episode_gap_seconds = episode_gap_seconds

    def _close(
        self, conn: TxConn, user_id: str, session_id: str, node_id: int, *, k: int
    ) -> ClosedNode | None:
        """Pool and summarise a segment or episode node's turns, and mark it closed."""
        row = self.store.node_span(conn, node_id)
        if row is None:
            return None
        level, episode, start = row
        turns = [
            t
            for t in self.store.turns(user_id, session_id, since_position=start)
            if (t.turn.segment_id == node_id if level == "segment" else t.turn.episode == episode)
        ]
        if not turns:
            return None
        vectors = torch.from_numpy(np.stack([t.vector for t in turns]))
        logits = torch.tensor([_logit(t.turn.salience) for t in turns])
        pooled = self.model.hierarchy.pool(vectors, logits).numpy()
        summary, sources = _summarize(turns, k)
        self.store.close_node(
            conn,
            node_id,
            end=turns[-1].turn.position,
            vector=pooled,
            summary=summary,
            source_turn_ids=sources,
        )
        return ClosedNode(node_id, tuple(t.turn.content for t in turns))

    @torch.no_grad()
    def write(
        self, conn: TxConn, user_id: str, session_id: str, pending: list[PendingTurn]
    ) -> tuple[list[Turn], list[ClosedNode], np.ndarray]:
        """Write ``pending`` turns in order; returns the stored turns, the nodes closed and
        the session's GRU state after the last turn."""
        model = self.model
        hcfg = model.config.hierarchy
        device = model.device
        s = self.store.load_state(user_id, session_id) or new_state(model)
        h = torch.from_numpy(s.state).to(device)
        stored: list[Turn] = []
        closed: list[ClosedNode] = []
        for p in pending:
            gap = p.timestamp - s.last_time if s.turn_count else 0.0
            new_episode = s.turn_count > 0 and (p.new_episode or gap >= self.episode_gap_seconds)
            feats = turn_features(role=p.role, gap_seconds=gap, new_episode=new_episode)
            emb_t = torch.from_numpy(p.vector).to(device)
            feat_t = torch.tensor(feats, device=device)
            if s.turn_count == 0 or new_episode:
                if s.turn_count:
                    for node in (s.segment_node_id, s.episode_node_id):
                        k = (
                            hcfg.summary_turns
                            if node == s.segment_node_id
                            else hcfg.episode_summary_turns
                        )
                        c = self._close(conn, user_id, session_id, node, k=k)
                        if c:
                            closed.append(c)
                    s.episode += 1
                s.episode_node_id = self.store.open_node(
                    conn, user_id, session_id, "episode", s.episode, s.turn_count
                )
                s.segment_node_id = self.store.open_node(
                    conn, user_id, session_id, "segment", s.episode, s.turn_count
                )
                s.segment_len = 0
                s.segment_sum = np.zeros_like(s.segment_sum)
            else:
                centroid = torch.from_numpy(s.segment_sum / max(s.segment_len, 1)).to(device)
                logit = model.hierarchy.boundary(
                    h[None], emb_t[None], feat_t[None], centroid[None]
                )[0]
                starts_segment = (
                    s.segment_len >= hcfg.min_segment_turns
                    and torch.sigmoid(logit).item() > hcfg.boundary_threshold
                ) or s.segment_len >= hcfg.max_segment_turns
                if starts_segment:
                    c = self._close(
                        conn, user_id, session_id, s.segment_node_id, k=hcfg.summary_turns
                    )
                    if c:
                        closed.append(c)
                    s.segment_node_id = self.store.open_node(
                        conn, user_id, session_id, "segment", s.episode, s.turn_count
                    )
                    s.segment_len = 0
                    s.segment_sum = np.zeros_like(s.segment_sum)
            salience = torch.sigmoid(model.hierarchy.salience(emb_t[None], feat_t[None])[0]).item()
            turn = Turn(
                turn_id=0,
                user_id=user_id,
                session_id=session_id,
                position=s.turn_count,
                role=p.role,
                speaker=p.speaker,
                content=p.content,
                created_at=p.timestamp,
                tokens=p.tokens,
                episode=s.episode,
                segment_id=s.segment_node_id,
                salience=salience,
                metadata=p.metadata,
                key=p.key,
            )
            turn_id = self.store.insert_turn(
                conn, turn, p.vector, p.terms, p.passages, p.passage_spans
            )
            stored.append(Turn(**{**turn.__dict__, "turn_id": turn_id}))
            h = model.gru.step(emb_t, feat_t, h)
            s.segment_sum = s.segment_sum + p.vector
            s.segment_len += 1
            s.turn_count += 1
            s.last_time = max(s.last_time, p.timestamp)
        s.state = h.cpu().numpy().astype(np.float32)
        self.store.save_state(conn, user_id, session_id, s)
        return stored, closed, s.state
