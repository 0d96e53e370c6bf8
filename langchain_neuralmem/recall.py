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
from typing import Union

import numpy as np
import torch

from langchain_neuralmem.config import RecallConfig
from langchain_neuralmem.features import asks_about_self, asks_when, pair_features, terms
from langchain_neuralmem.nn.model import NeuralMemoryModel
from langchain_neuralmem.stores.node_table import Found, NodeLevel
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


def _level(found: Sequence[Found]) -> NodeLevel:
    if isinstance(found, NodeLevel):
        return found
    if not len(found):
        return NodeLevel([], np.zeros((0, 0), np.float32), np.zeros(0, np.int64))
    vectors = np.stack([np.asarray(v, np.float32) for _, _, v in found])
    return NodeLevel(list(found), vectors, np.array([int(e) for _, e, _ in found], np.int64))


def descend(
    query: np.ndarray,
    episodes: Sequence[Found],
    segments: Sequence[Found],
    *,
    top_episodes: int,
    top_segments: int,
) -> list[NodeHit]:
    """Coarse-to-fine: best episodes by pooled vector, then best segments inside them
    (one matrix product per level when given :class:`NodeLevel` s)."""
    seg = _level(segments)
    if not len(seg):
        return []
    q = np.asarray(query, dtype=np.float32)
    inside = np.arange(len(seg))
    eps = _level(episodes)
    if len(eps) and top_episodes > 0:
        sims = eps.vectors @ q
        keep = eps.episodes[np.argsort(-sims, kind="stable")[:top_episodes]]
        inside = np.flatnonzero(np.isin(seg.episodes, keep))
    sims = seg.vectors[inside] @ q
    best = np.argsort(-sims, kind="stable")[:top_segments]
    return [
        NodeHit(seg[int(inside[i])][0], int(seg.episodes[inside[i]]), float(sims[i])) for i in best
    ]


def query_speakers(query: str, speakers: Sequence[str]) -> list[str]:
    """Lower-cased speaker names mentioned in the query."""
    words = set(_NAME.findall(query.lower()))
    names = {s.lower() for s in speakers}
    return sorted(n for n in names if n and set(_NAME.findall(n)) <= words)


SCANNED_ROWS = 16_384
"""Rows a sealed (large) scope's vector search scans per query: its nearest lists."""


@dataclass(frozen=True)
class QueryView:
    """A query as every ranking step sees it: its vector, its terms, and its cosine and
    BM25 score against the rows of one snapshot.

    ``cosine`` is full-length; in a sealed (large) scope only the rows of ``known`` hold
    a score (the search's nearest lists and the flat rows): :meth:`ensure` scores more.
    ``bm25`` is full-length too; ``bm25_rows`` / ``bm25_values`` are its non-zero part.
    """

    text: str
    vector: np.ndarray
    terms: list[str]
    cosine: np.ndarray
    bm25: np.ndarray
    known: np.ndarray | None = None
    bm25_rows: np.ndarray | None = None
    bm25_values: np.ndarray | None = None
    index: ScopeSnapshot | None = None

    @property
    def bm25_max(self) -> float | None:
        """The best BM25 score (0 when nothing matches; ``None``: not known sparsely)."""
        if self.bm25_values is None:
            return None
        return float(self.bm25_values.max()) if len(self.bm25_values) else 0.0

    def ensure(self, rows: Sequence[int] | np.ndarray) -> None:
        """Score by cosine any of ``rows`` (and their neighbours) not scored yet."""
        if self.known is None or self.index is None or not len(rows):
            return
        r = np.asarray(rows, dtype=np.int64)
        around = np.unique(
            np.concatenate([r, np.maximum(r - 1, 0), np.minimum(r + 1, len(self.cosine) - 1)])
        )
        missing = around[~self.known[around]]
        if len(missing):
            self.cosine[missing] = self.index.cosine_of(self.vector, missing)
            self.known[missing] = True

    def nearest(self, k: int) -> list[int]:
        """Rows of the ``k`` best cosines among the scored rows, best first."""
        if k <= 0 or not len(self.cosine):
            return []
        pool = np.arange(len(self.cosine)) if self.known is None else np.flatnonzero(self.known)
        sims = self.cosine[pool]
        if k < len(pool):
            top = np.argpartition(-sims, k - 1)[:k]
            top = top[np.argsort(-sims[top], kind="stable")]
        else:
            top = np.argsort(-sims, kind="stable")
        return [int(pool[i]) for i in top]

    def best_lexical(self, k: int) -> list[int]:
        """Rows of the ``k`` best BM25 matches (score > 0), best first."""
        if k <= 0 or self.bm25_rows is None or self.bm25_values is None:
            return []
        top = np.argsort(-self.bm25_values, kind="stable")[:k]
        return [int(self.bm25_rows[i]) for i in top]


def query_view(index: ScopeSnapshot, query: str, query_vector: np.ndarray) -> QueryView:
    """Score ``query`` against ``index`` once: BM25 as of ``n`` rows, cosine exact for
    every row of a scope still searched flat, else for the rows its search scans.

    Example:
        >>> from langchain_neuralmem.stores.scope_index import ScopeIndex
        >>> len(query_view(ScopeIndex(4).snapshot(), "dog?", np.ones(4, np.float32)).cosine)
        0
    """
    qterms = terms(query)
    rows, values = index.bm25.sparse_scores(qterms, n=len(index))
    bm25 = np.zeros(len(index), dtype=np.float32)
    bm25[rows] = values
    cosine, known = index.searched_cosine(query_vector, SCANNED_ROWS)
    return QueryView(query, query_vector, qterms, cosine, bm25, known, rows, values, index)


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
    for r in query.nearest(config.vector_candidates):
        levels.setdefault(r, "turn")
    for r in query.best_lexical(config.lexical_candidates):
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
    query.ensure(rows)
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
        cosine_known=query.known,
        bm25_max=query.bm25_max,
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
    query.ensure(rows)
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
            torch.from_numpy(index.vectors_of(rows)).to(device),
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


Costs = Union[Sequence[int], np.ndarray, "RowCosts"]
"""Token costs by row: a list, an array, or :class:`RowCosts` priced on demand."""

MIN_NESTED_BUDGET = 128
"""Below this many tokens :func:`pack_order` packs plainly greedy."""


def pack_order(order: Sequence[int], costs: Costs, budget: int) -> list[int]:
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


def pack_rows(scored: Sequence[Scored], *, tokens: Costs, budget: int) -> list[Scored]:
    """The candidates :func:`pack_order` keeps in ``budget``, best first."""
    by_row = {s.row: s for s in scored}
    kept = set(pack_order([s.row for s in scored], tokens, budget))
    return [by_row[r] for r in by_row if r in kept]


class RowCosts:
    """Tokens of each row's rendered line (content + ``"label: "`` + its date, if dated),
    worked out when first asked for: a recall prices the rows it considers, never every
    stored turn. Assigning a row overrides its cost (a passage shown instead).

    Example:
        >>> costs = RowCosts(np.array([5, 7]), ["Ann", "Bo"], ["human", "ai"],
        ...                  lambda sp, role: 2, None, None)
        >>> costs[1], costs[0]
        (9, 7)
    """

    def __init__(
        self,
        tokens: np.ndarray,
        speakers: Sequence[str],
        roles: Sequence[str],
        label_cost: Callable[[str, str], int],
        times: np.ndarray | None,
        date_cost: Callable[[float], int] | None,
    ) -> None:
        self._tokens, self._speakers, self._roles = tokens, speakers, roles
        self._label_cost, self._times, self._date_cost = label_cost, times, date_cost
        self._known: dict[int, int] = {}

    def __getitem__(self, row: int) -> int:
        cost = self._known.get(row)
        if cost is None:
            cost = int(self._tokens[row]) + self._label_cost(self._speakers[row], self._roles[row])
            if self._date_cost is not None and self._times is not None:
                cost += self._date_cost(float(self._times[row]))
            self._known[row] = cost
        return cost

    def __setitem__(self, row: int, cost: int) -> None:
        self._known[row] = cost

    def copy(self) -> RowCosts:
        """An independent copy (overrides in one do not show in the other)."""
        out = RowCosts(
            self._tokens,
            self._speakers,
            self._roles,
            self._label_cost,
            self._times,
            self._date_cost,
        )
        out._known = dict(self._known)
        return out
