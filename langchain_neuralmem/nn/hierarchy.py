"""Turn -> segment -> episode: salience, segment boundaries and pooled node vectors.

Example:
    >>> import torch
    >>> heads = HierarchyHeads(HierarchyConfig(embed_dim=8, state_dim=4))
    >>> emb = torch.nn.functional.normalize(torch.randn(3, 8), dim=-1)
    >>> feats = torch.zeros(3, heads.config.feature_dim)
    >>> tuple(heads.salience(emb, feats).shape)
    (3,)
    >>> tuple(heads.pool(emb, torch.zeros(3)).shape)
    (8,)
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from langchain_neuralmem.config import HierarchyConfig
from langchain_neuralmem.nn.activations import ExactGELU


class HierarchyHeads(nn.Module):
    """Learned salience of turns and segment-boundary detection.

    - ``salience``: how likely a turn is to be needed later (trained on which turns
      questions cite as evidence). Chooses the turns of extractive summaries and
      weights the pooling of segment / episode vectors.
    - ``boundary``: probability that a turn opens a new topic segment, from the GRU
      state before the turn, the turn itself and its similarity to the open segment.
    """

    def __init__(self, config: HierarchyConfig) -> None:
        super().__init__()
        self.config = config
        self.salience_mlp = nn.Sequential(
            nn.Linear(config.embed_dim + config.feature_dim, config.hidden_dim),
            ExactGELU(),
            nn.Linear(config.hidden_dim, 1),
        )
        self.boundary_mlp = nn.Sequential(
            nn.Linear(
                config.state_dim + config.embed_dim + config.feature_dim + 1, config.hidden_dim
            ),
            ExactGELU(),
            nn.Linear(config.hidden_dim, 1),
        )

    def salience(self, embeddings: torch.Tensor, features: torch.Tensor) -> torch.Tensor:
        """Salience logits, ``(n,)``, for turns ``(n, embed_dim)`` with ``(n, feature_dim)``."""
        return self.salience_mlp(torch.cat([embeddings, features], dim=-1)).squeeze(-1)

    def boundary(
        self,
        prev_state: torch.Tensor,
        embedding: torch.Tensor,
        features: torch.Tensor,
        segment_centroid: torch.Tensor,
    ) -> torch.Tensor:
        """Boundary logits; all inputs batched on the first dimension.

        ``segment_centroid`` is the mean embedding of the open segment (zeros if empty).
        """
        sim = F.cosine_similarity(embedding, segment_centroid, dim=-1, eps=1e-6).unsqueeze(-1)
        x = torch.cat([prev_state, embedding, features, sim], dim=-1)
        return self.boundary_mlp(x).squeeze(-1)

    @staticmethod
    def pool(embeddings: torch.Tensor, salience: torch.Tensor) -> torch.Tensor:
        """Salience-weighted, L2-normalised mean of a node's turn embeddings."""
        weights = torch.softmax(salience, dim=0).unsqueeze(-1)
        return F.normalize((weights * embeddings).sum(0), dim=-1)
