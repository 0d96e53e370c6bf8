"""Learned attention over past turns: ranks stored turns for a query.

The score of turn ``k`` for query ``q`` in state ``h`` is

    s = a * cos(P(q + W h), P k) + MLP([cos(P(q + W h), P k), cos(q, k), salience, pair features])

``P`` starts as the identity, ``W`` at zero and ``a`` at ``init_scale``, so an
untrained scorer ranks by cosine similarity; training moves it from there.

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
            nn.Linear(config.pair_feature_dim + 3, config.hidden_dim), nn.GELU(), out
        )

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
    ) -> torch.Tensor:
        """Scores (unnormalised logits) of each candidate.

        Args:
            query: ``(embed_dim,)`` query embedding.
            state: ``(state_dim,)`` GRU state; zeros switch contextualisation off.
            keys: ``(n, embed_dim)`` candidate turn embeddings.
            pair_features: ``(n, pair_feature_dim)`` query-turn features.
            salience: ``(n,)`` salience logits of the candidates.

        Returns:
            ``(n,)`` scores, higher is more relevant.
        """
        q = self.project(self.contextualize(query, state))
        k = self.project(keys)
        learned = F.cosine_similarity(q.unsqueeze(0), k, dim=-1)
        raw = F.cosine_similarity(query.unsqueeze(0), keys, dim=-1)
        x = torch.cat(
            [pair_features, learned.unsqueeze(-1), raw.unsqueeze(-1), salience.unsqueeze(-1)],
            dim=-1,
        )
        return self.scale * learned + self.feature_mlp(x).squeeze(-1)
