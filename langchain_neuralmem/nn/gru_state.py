"""A recurrent state over the sequence of turn embeddings.

Example:
    >>> import torch
    >>> gru = ConversationGRU(GRUStateConfig(embed_dim=8, hidden_dim=4))
    >>> h = gru.initial_state()
    >>> h = gru.step(torch.randn(8), torch.zeros(gru.config.feature_dim), h)
    >>> tuple(h.shape)
    (4,)
"""

from __future__ import annotations

import torch
from torch import nn

from langchain_neuralmem.config import GRUStateConfig


class ConversationGRU(nn.Module):
    """GRU over ``[turn embedding, turn features]``; one state per conversation.

    The state summarises the conversation so far. It contextualises queries in
    :class:`~langchain_neuralmem.nn.turn_attention.TurnAttentionScorer` and feeds the
    segment-boundary head in :class:`~langchain_neuralmem.nn.hierarchy.HierarchyHeads`.
    """

    def __init__(self, config: GRUStateConfig) -> None:
        super().__init__()
        self.config = config
        # One fused GRU layer: a whole sequence in one call when training, one step at a
        # time when writing turns (the same weights either way).
        self.rnn = nn.GRU(
            config.embed_dim + config.feature_dim, config.hidden_dim, batch_first=True
        )

    def initial_state(self) -> torch.Tensor:
        """The all-zero state of an empty conversation."""
        return torch.zeros(self.config.hidden_dim, device=next(self.rnn.parameters()).device)

    def step(
        self, embedding: torch.Tensor, features: torch.Tensor, state: torch.Tensor
    ) -> torch.Tensor:
        """Advance ``state`` by one turn (unbatched tensors)."""
        x = torch.cat([embedding, features], dim=-1).view(1, 1, -1)
        _, h = self.rnn(x, state.view(1, 1, -1))
        return h.view(-1)

    def forward(self, embeddings: torch.Tensor, features: torch.Tensor) -> torch.Tensor:
        """States after each turn of a whole sequence.

        Args:
            embeddings: ``(turns, embed_dim)``.
            features: ``(turns, feature_dim)``.

        Returns:
            ``(turns, hidden_dim)``: row ``i`` is the state after turn ``i``.
        """
        if embeddings.shape[0] == 0:
            return torch.zeros(0, self.config.hidden_dim, device=embeddings.device)
        x = torch.cat([embeddings, features], dim=-1).unsqueeze(0)
        out, _ = self.rnn(x, self.initial_state().view(1, 1, -1))
        return out.squeeze(0)
