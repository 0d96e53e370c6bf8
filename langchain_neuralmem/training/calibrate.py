"""Calibrate how much of the learned residual to trust over the prior.

After training, the residual's weight ``blend`` (see
:class:`~langchain_neuralmem.nn.turn_attention.TurnAttentionScorer`) is chosen on dialogues
from a distribution the model was never trained on: the generator's held-out partition
(other domains, other templates). For each candidate weight, every question's turns are
ranked and packed best-first into token budgets as ``recall`` packs them; the weight with
the best mean evidence recall over the budgets wins, and a tie goes to the smaller weight
(closer to the prior). So where the residual does not transfer, the shipped scorer falls
back to its cosine + BM25 prior instead of below it.

Example:
    >>> budgeted_recall(torch.tensor([3.0, 2.0, 1.0]), torch.tensor([5, 50, 5]), [1, 2], 20)
    0.5
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch

from langchain_neuralmem.nn.model import NeuralMemoryModel
from langchain_neuralmem.recall import pack_order
from langchain_neuralmem.training.dataset import PreparedDialogue

BLENDS: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0)
BUDGETS: tuple[int, ...] = (256, 512, 1024, 2048)
LABEL_TOKENS = 3
"""Tokens a rendered line adds to its content ("Speaker:" and the line break), roughly."""


def budgeted_recall(
    scores: torch.Tensor, tokens: torch.Tensor, evidence: Sequence[int], budget: int
) -> float:
    """Share of ``evidence`` rows kept when rows are packed best-first into ``budget`` tokens
    by :func:`~langchain_neuralmem.recall.pack_order`, the engine's own packing."""
    order = torch.argsort(scores, descending=True, stable=True).tolist()
    kept = set(pack_order(order, (tokens + LABEL_TOKENS).tolist(), budget))
    return len(kept & set(evidence)) / len(evidence)


@torch.no_grad()
def blend_table(
    model: NeuralMemoryModel,
    data: Sequence[PreparedDialogue],
    *,
    blends: Sequence[float] = BLENDS,
    budgets: Sequence[int] = BUDGETS,
) -> dict[float, dict[int, float]]:
    """Mean budgeted evidence recall for every blend weight and budget."""
    model.eval()
    sums = {b: dict.fromkeys(budgets, 0.0) for b in blends}
    count = 0
    for d in data:
        if d.tokens is None:
            raise ValueError(f"dialogue {d.dialogue_id} was prepared without token counts")
        states = model.gru(d.embeddings, d.turn_features)
        sal = model.hierarchy.salience(d.embeddings, d.turn_features)
        for q in d.questions:
            n = q.asked_after
            count += 1
            for blend in blends:
                scores = model.attention(
                    q.query, states[n - 1], d.embeddings[:n], q.pair_features, sal[:n], blend=blend
                )
                for budget in budgets:
                    sums[blend][budget] += budgeted_recall(scores, d.tokens[:n], q.evidence, budget)
    return {b: {k: v / max(count, 1) for k, v in row.items()} for b, row in sums.items()}


def calibrate_blend(
    model: NeuralMemoryModel,
    data: Sequence[PreparedDialogue],
    *,
    blends: Sequence[float] = BLENDS,
    budgets: Sequence[int] = BUDGETS,
    tolerance: float = 0.002,
) -> dict[str, Any]:
    """Set ``model.attention.blend`` to the best weight on ``data``; the table as JSON.

    The best weight has the highest mean recall over ``budgets``; any smaller weight within
    ``tolerance`` of it is preferred.
    """
    table = blend_table(model, data, blends=blends, budgets=budgets)
    means = {b: sum(row.values()) / len(row) for b, row in table.items()}
    best = max(means.values())
    chosen = min(b for b, m in means.items() if m >= best - tolerance)
    model.attention.blend = chosen
    return {
        "chosen": chosen,
        "questions": sum(len(d.questions) for d in data),
        "mean_recall": {str(b): round(m, 4) for b, m in means.items()},
        "by_budget": {
            str(b): {str(k): round(v, 4) for k, v in row.items()} for b, row in table.items()
        },
    }
