"""The read path: gather candidates (FAISS, BM25, hierarchy descent, neighbours),
score them with the learned attention, and pack a context under a token budget.

Example:
    >>> scored = [Scored(row=0, score=2.0, similarity=0.5, level="turn")]
    >>> pack_rows(scored, tokens=[5], budget=4)
    []
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from langchain_neuralmem.config import RecallConfig
from langchain_neuralmem.features import asks_when, pair_features, terms
from langchain_neuralmem.nn.model import NeuralMemoryModel
from langchain_neuralmem.stores.scope_index import ScopeSnapshot
from langchain_neuralmem.types import SummaryNode

_NAME = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Scored:
    """A candidate row of a :class:`ScopeSnapshot` with its scores."""

    row: int
    score: float
    similarity: float
    level: str


@dataclass(frozen=True)
class NodeHit:
    """A closed hierarchy node ranked for a query."""

    node: SummaryNode
    episode: int
    similarity: float


def descend(
    query: np.ndarray,
    episodes: Sequence[tuple[SummaryNode, int, np.ndarray]],
    segments: Sequence[tuple[SummaryNode, int, np.ndarray]],
    *,
    top_episodes: int,
    top_segments: int,
) -> list[NodeHit]:
    """Coarse-to-fine: best episodes by pooled vector, then best segments inside them."""
    if not segments:
        return []
    keep: set[int] | None = None
    if episodes and top_episodes > 0:
        sims = np.array([float(v @ query) for _, _, v in episodes])
        keep = {episodes[i][1] for i in np.argsort(-sims)[:top_episodes]}
    inside = [s for s in segments if keep is None or s[1] in keep]
    hits = [NodeHit(node, ep, float(v @ query)) for node, ep, v in inside]
    hits.sort(key=lambda h: -h.similarity)
    return hits[:top_segments]


def query_speakers(query: str, speakers: Sequence[str]) -> list[str]:
    """Lower-cased speaker names mentioned in the query."""
    words = set(_NAME.findall(query.lower()))
    names = {s.lower() for s in speakers}
    return sorted(n for n in names if n and set(_NAME.findall(n)) <= words)


@torch.no_grad()
def score_candidates(
    *,
    model: NeuralMemoryModel,
    index: ScopeSnapshot,
    query: str,
    query_vector: np.ndarray,
    state: np.ndarray,
    now_episode: int,
    now_time: float,
    exclude_rows: set[int],
    segment_rows: dict[int, str],
    config: RecallConfig,
) -> list[Scored]:
    """Candidates from every source, scored, best first."""
    n = len(index)
    qterms = terms(query)
    cosine = index.cosine(query_vector)
    levels: dict[int, str] = {}
    for r in index.search(query_vector, config.vector_candidates, cosine=cosine):
        levels.setdefault(r, "turn")
    lexical_rows, bm25_all = index.lexical_search(qterms, config.lexical_candidates)
    for r in lexical_rows:
        levels.setdefault(r, "turn")
    for r, lvl in segment_rows.items():
        levels.setdefault(r, lvl)
    for r in list(levels):
        for d in range(1, config.neighbour_window + 1):
            for nb in (r - d, r + d):
                if 0 <= nb < n:
                    levels.setdefault(nb, "neighbour")
    rows = sorted(r for r in levels if r not in exclude_rows)
    if not rows:
        return []
    keys = index.vectors[rows]
    sims = cosine[rows]
    if not config.use_attention:
        return sorted(
            (Scored(r, float(s), float(s), levels[r]) for r, s in zip(rows, sims, strict=True)),
            key=lambda x: -x.score,
        )
    feats = pair_features(
        query_terms=qterms,
        query_speakers=query_speakers(query, index.speaker_names),
        query_asks_when=asks_when(query),
        rows=rows,
        now_position=n,
        now_time=now_time,
        now_episode=now_episode,
        positions=index.positions,
        times=index.times,
        episodes=index.episodes,
        roles=index.roles,
        speakers=index.speakers,
        turn_terms=index.terms,
        time_flags=index.time_flags,
        cosine=cosine,
        bm25=bm25_all if len(bm25_all) else np.zeros(n, np.float32),
    )
    device = model.device
    sal = np.clip(index.saliences[rows].astype(np.float32), 1e-6, 1 - 1e-6)
    state_t = torch.from_numpy(state).to(device)
    if not config.use_state:
        state_t = torch.zeros_like(state_t)
    scores = (
        model.attention(
            torch.from_numpy(query_vector).to(device),
            state_t,
            torch.from_numpy(keys).to(device),
            torch.from_numpy(feats).to(device),
            torch.from_numpy(np.log(sal / (1 - sal))).to(device),
        )
        .cpu()
        .numpy()
    )
    out = [
        Scored(r, float(s), float(c), levels[r]) for r, s, c in zip(rows, scores, sims, strict=True)
    ]
    out.sort(key=lambda x: -x.score)
    return out


def pack_rows(scored: Sequence[Scored], *, tokens: Sequence[int], budget: int) -> list[Scored]:
    """Greedy by score: keep each candidate whose tokens still fit in ``budget``."""
    chosen: list[Scored] = []
    left = budget
    for s in scored:
        cost = tokens[s.row]
        if cost <= left:
            chosen.append(s)
            left -= cost
    return chosen


def line_costs(
    index_tokens: Sequence[int] | np.ndarray,
    speakers: Sequence[str] | np.ndarray,
    roles: Sequence[str] | np.ndarray,
    label_cost: Callable[[str, str], int],
) -> list[int]:
    """Tokens of each rendered ``"label: content"`` line (content tokens + label tokens)."""
    return [
        int(t) + label_cost(sp, role)
        for t, sp, role in zip(index_tokens, speakers, roles, strict=True)
    ]
