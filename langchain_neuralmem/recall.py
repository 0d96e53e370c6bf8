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
from langchain_neuralmem.features import asks_about_self, asks_when, pair_features, terms
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


@dataclass(frozen=True)
class QueryView:
    """A query as every ranking step sees it: its vector, its terms, and its cosine and
    BM25 score against every row of one snapshot."""

    text: str
    vector: np.ndarray
    terms: list[str]
    cosine: np.ndarray
    bm25: np.ndarray


def query_view(index: ScopeSnapshot, query: str, query_vector: np.ndarray) -> QueryView:
    """Score ``query`` against every row of ``index`` once (exact cosine, BM25 as of ``n`` rows).

    Example:
        >>> from langchain_neuralmem.stores.scope_index import ScopeIndex
        >>> len(query_view(ScopeIndex(4).snapshot(), "dog?", np.ones(4, np.float32)).cosine)
        0
    """
    qterms = terms(query)
    bm25 = index.bm25_scores(qterms)
    return QueryView(query, query_vector, qterms, index.cosine(query_vector), bm25)


def gather_candidates(
    index: ScopeSnapshot,
    query: QueryView,
    *,
    segment_rows: dict[int, str],
    exclude_rows: set[int],
    config: RecallConfig,
) -> dict[int, str]:
    """Rows worth scoring, with where each came from: nearest by cosine, best BM25 matches,
    the turns of the best segments, and their neighbours; ``exclude_rows`` left out."""
    n = len(index)
    levels: dict[int, str] = {}
    for r in index.search(query.vector, config.vector_candidates, cosine=query.cosine):
        levels.setdefault(r, "turn")
    for r in index.lexical_search(query.terms, config.lexical_candidates, scores=query.bm25):
        levels.setdefault(r, "turn")
    for r, lvl in segment_rows.items():
        levels.setdefault(r, lvl)
    for r in list(levels):
        for d in range(1, config.neighbour_window + 1):
            for nb in (r - d, r + d):
                if 0 <= nb < n:
                    levels.setdefault(nb, "neighbour")
    return {r: levels[r] for r in sorted(levels) if r not in exclude_rows}


def candidate_features(index: ScopeSnapshot, query: QueryView, rows: Sequence[int]) -> np.ndarray:
    """:func:`~langchain_neuralmem.features.pair_features` of ``rows``, asked after the last row."""
    return pair_features(
        query_terms=query.terms,
        query_speakers=query_speakers(query.text, index.speaker_names),
        query_asks_when=asks_when(query.text),
        query_first_person=asks_about_self(query.text),
        rows=rows,
        now_position=len(index),
        now_time=float(index.times.max()) if len(index) else 0.0,
        now_episode=(
            index.now_episode
            if index.now_episode is not None
            else int(index.episodes[-1])
            if len(index)
            else 0
        ),
        positions=index.positions,
        times=index.times,
        episodes=index.episodes,
        roles=index.roles,
        speakers=index.speakers,
        turn_terms=index.terms,
        time_flags=index.time_flags,
        cosine=query.cosine,
        bm25=query.bm25,
        tokens=index.tokens,
    )


@torch.no_grad()
def score_candidates(
    *,
    model: NeuralMemoryModel,
    index: ScopeSnapshot,
    query: QueryView,
    state: np.ndarray,
    exclude_rows: set[int],
    segment_rows: dict[int, str],
    config: RecallConfig,
) -> list[Scored]:
    """Candidates from every source, scored, best first."""
    levels = gather_candidates(
        index, query, segment_rows=segment_rows, exclude_rows=exclude_rows, config=config
    )
    rows = list(levels)
    if not rows:
        return []
    sims = query.cosine[rows]
    if not config.use_attention:
        return sorted(
            (Scored(r, float(s), float(s), levels[r]) for r, s in zip(rows, sims, strict=True)),
            key=lambda x: -x.score,
        )
    feats = candidate_features(index, query, rows)
    device = model.device
    sal = np.clip(index.saliences[rows].astype(np.float32), 1e-6, 1 - 1e-6)
    state_t = torch.from_numpy(state).to(device)
    if not config.use_state:
        state_t = torch.zeros_like(state_t)
    scores = (
        model.attention(
            torch.from_numpy(query.vector).to(device),
            state_t,
            torch.from_numpy(index.vectors[rows]).to(device),
            torch.from_numpy(feats).to(device),
            torch.from_numpy(np.log(sal / (1 - sal))).to(device),
            blend=None if config.use_residual else 0.0,
        )
        .cpu()
        .numpy()
    )
    out = [
        Scored(r, float(s), float(c), levels[r]) for r, s, c in zip(rows, scores, sims, strict=True)
    ]
    out.sort(key=lambda x: -x.score)
    return out


MIN_NESTED_BUDGET = 128
"""Below this many tokens :func:`pack_order` packs plainly greedy."""


def pack_order(order: Sequence[int], costs: Sequence[int] | np.ndarray, budget: int) -> list[int]:
    """Rows of ``order`` (best first) packed into ``budget``, nested so more never shows less.

    Greedy with skipping, but first for the power of two just below ``budget`` (down to
    :data:`MIN_NESTED_BUDGET`) and then filling the rest: what is packed for 256 tokens is
    packed for every budget above it, what is packed for 512 for every budget above that,
    and so on, so a larger budget does not lose turns (plain greedy can: a long turn that
    starts to fit can push out several short ones).

    Example:
        >>> pack_order([0, 1, 2], [300, 100, 100], 300)
        [1, 2]
        >>> pack_order([0, 1, 2], [300, 100, 100], 600)
        [1, 2, 0]
    """
    below = 1 << max(budget - 1, 1).bit_length() - 1  # the largest power of two < budget
    chosen = pack_order(order, costs, below) if below >= MIN_NESTED_BUDGET else []
    left = budget - sum(int(costs[r]) for r in chosen)
    taken = set(chosen)
    for r in order:
        cost = int(costs[r])
        if r not in taken and cost <= left:
            chosen.append(r)
            taken.add(r)
            left -= cost
    return chosen


def pack_rows(scored: Sequence[Scored], *, tokens: Sequence[int], budget: int) -> list[Scored]:
    """The candidates :func:`pack_order` keeps in ``budget``, best first."""
    by_row = {s.row: s for s in scored}
    kept = set(pack_order([s.row for s in scored], tokens, budget))
    return [by_row[r] for r in by_row if r in kept]


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
