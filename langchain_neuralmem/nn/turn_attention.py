"""Learned attention over past turns: ranks stored turns for a query.

The score of turn ``k`` for query ``q`` in state ``h`` is a prior plus a learned residual:

    prior    = c * cos(q, k) + b * bm25(q, k)
    residual = a * (cos(P(q + W h), P k) - cos(q, k)) + MLP([pair features, both cosines, salience])
    s        = prior + blend * residual

``P`` starts as the identity and ``W`` and the MLP's output at zero, so an untrained
scorer ranks by its prior. Training fits ``c`` and ``b`` first (the prior alone), then the
residual; ``blend`` is calibrated last on dialogues of a distribution the model never saw,
so out of its training distribution the ranking falls back towards the prior instead of
below it. Checkpoints with ``prior=False`` keep the older form
``a * cos(P(q + W h), P k) + MLP(...)``.

Example:
    >>> import torch
    >>> cfg = TurnAttentionConfig(embed_dim=8, state_dim=4)
    >>> scorer = TurnAttentionScorer(cfg)
    >>> keys = torch.nn.functional.normalize(torch.randn(5, 8), dim=-1)
    >>> feats = torch.zeros(5, cfg.pair_feature_dim)
    >>> scorer(keys[0], torch.zeros(4), keys, feats, torch.zeros(5)).argmax().item()
    0
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from langchain_neuralmem.config import TurnAttentionConfig
from langchain_neuralmem.features import PAIR_FEATURE_NAMES
from langchain_neuralmem.nn.activations import ExactGELU


class TurnAttentionScorer(nn.Module):
    """Scores candidate turns for a query, contextualised by the conversation state."""

    def __init__(self, config: TurnAttentionConfig) -> None:
        super().__init__()
        self.config = config
        d = config.embed_dim
        self.project = nn.Linear(d, d, bias=False)
        nn.init.eye_(self.project.weight)
        self.state_to_query = nn.Linear(config.state_dim, d, bias=False)
        nn.init.zeros_(self.state_to_query.weight)
        self.scale = nn.Parameter(torch.tensor(float(config.init_scale)))
        out = nn.Linear(config.hidden_dim, 1)
        nn.init.zeros_(out.weight)
        nn.init.zeros_(out.bias)
        self.feature_mlp = nn.Sequential(
            nn.Linear(config.pair_feature_dim + 3, config.hidden_dim), ExactGELU(), out
        )
        self.blend = config.blend
        if config.prior:
            self.prior_cos = nn.Parameter(torch.tensor(float(config.init_scale)))
            self.prior_bm25 = nn.Parameter(torch.tensor(0.0))

    def contextualize(self, query: torch.Tensor, state: torch.Tensor) -> torch.Tensor:
        """The query vector after mixing in the conversation state."""
        return query + self.state_to_query(state)

    def forward(
        self,
        query: torch.Tensor,
        state: torch.Tensor,
        keys: torch.Tensor,
        pair_features: torch.Tensor,
        salience: torch.Tensor,
        *,
        blend: float | None = None,
    ) -> torch.Tensor:
        """Scores (unnormalised logits) of each candidate.

        Args:
            query: ``(embed_dim,)`` query embedding.
            state: ``(state_dim,)`` GRU state; zeros switch contextualisation off.
            keys: ``(n, embed_dim)`` candidate turn embeddings.
            pair_features: ``(n, pair_feature_dim)`` query-turn features.
            salience: ``(n,)`` salience logits of the candidates.
            blend: weight of the residual (default: :attr:`blend`, from the config).

        Returns:
            ``(n,)`` scores, higher is more relevant.
        """
        feats = pair_features[..., : self.config.pair_feature_dim]
        q = self.project(self.contextualize(query, state))
        k = self.project(keys)
        learned = F.cosine_similarity(q.unsqueeze(0), k, dim=-1)
        raw = F.cosine_similarity(query.unsqueeze(0), keys, dim=-1)
        x = torch.cat(
            [feats, learned.unsqueeze(-1), raw.unsqueeze(-1), salience.unsqueeze(-1)], dim=-1
        )
        mlp = self.feature_mlp(x).squeeze(-1)
        if not self.config.prior:
            return self.scale * learned + mlp
        weight = self.blend if blend is None else blend
        return self.prior(raw, feats) + weight * (self.scale * (learned - raw) + mlp)

    def prior(self, cosine: torch.Tensor, pair_features: torch.Tensor) -> torch.Tensor:
        """The fitted cosine + BM25 blend the learned residual corrects."""
        bm25 = pair_features[..., PAIR_FEATURE_NAMES.index("bm25")]
        return self.prior_cos * cosine + self.prior_bm25 * bm25

    def residual_parameters(self) -> list[nn.Parameter]:
        """Every parameter but the prior's (trained after the prior is fitted)."""
        prior = {
            id(p) for p in (getattr(self, "prior_cos", None), getattr(self, "prior_bm25", None))
        }
        return [p for p in self.parameters() if id(p) not in prior]
