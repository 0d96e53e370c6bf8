"""Train the GRU state, turn attention and hierarchy heads together, from scratch.

Objective, per dialogue:
- listwise evidence loss: for each question, ``-log`` of the softmax mass the scorer
  puts on the evidence turns among every earlier turn;
- salience: binary cross-entropy, a turn is salient if any question cites it;
- boundary: binary cross-entropy on topic changes of the generated dialogues.

Example:
    >>> config = TrainConfig(generated=4, val_generated=2, babi_per_task=0, epochs=1,
    ...                      chatbot_generated=2, chatbot_val=1, calibration_dialogues=1)
    >>> summary = train(config, out_dir=None, progress=False)
    >>> 0.0 <= summary["val"]["neural_recall_at_5"] <= 1.0
    True
"""

from __future__ import annotations

import dataclasses
import json
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from tqdm.auto import tqdm

from langchain_neuralmem.config import NeuralMemoryConfig
from langchain_neuralmem.data.babi import load_babi
from langchain_neuralmem.data.chatbot import ChatbotConfig, generate_chatbot_dialogues
from langchain_neuralmem.data.generator import generate_dialogues
from langchain_neuralmem.encoders.base import Encoder
from langchain_neuralmem.nn.model import NeuralMemoryModel
from langchain_neuralmem.training.calibrate import calibrate_blend
from langchain_neuralmem.training.dataset import PreparedDialogue, prepare_dialogues

TRAINING_CHATS = ChatbotConfig(
    sessions_min=10,
    sessions_max=14,
    assistant_words_median=110,
    assistant_words_min=50,
    assistant_words_max=600,
)
"""Shorter chats than the generator's default (about 12k tokens instead of 50k): the same
kinds of turns and questions, at a fraction of the encoding time."""


@dataclass(frozen=True)
class TrainConfig:
    """What to train on and how.

    Attributes:
        seed: seeds data generation, initialisation and shuffling.
        generated: generated training dialogues.
        val_generated: generated held-out dialogues (different seed stream).
        babi_dir: bAbI en-10k folder; ``None`` skips bAbI.
        babi_per_task: stories per bAbI task.
        epochs: passes over the training dialogues.
        lr: AdamW learning rate.
        weight_decay: AdamW weight decay.
        dialogues_per_step: dialogues whose losses are summed per optimiser step.
        salience_weight: weight of the salience loss.
        boundary_weight: weight of the boundary loss.
        top_k: k of the recall@k figures reported.
        state_dropout: share of questions scored with the GRU state zeroed, so the scorer
            never depends on the state alone (the state is generated-data specific).
        projection_l2: pull of the learned query/key projection towards the identity
            (keeps the encoder's geometry; the generated data is narrow).
        hard_negatives: ``(k_vector, k_lexical)``: rank each question's evidence among the
            turns the engine would score (FAISS and BM25 top hits) instead of every
            earlier turn; ``None`` = every earlier turn.
        embed_speaker: embed turns as ``"speaker: text"`` (recorded in the checkpoint config).
        chatbot_generated: generated user-assistant chats (training partition of the tables).
        chatbot_val: generated user-assistant chats held out for validation (same partition).
        calibration_dialogues: generated user-assistant chats from the *held-out* partition
            (domains and templates never trained on) on which the residual's ``blend`` is
            calibrated; 0 keeps ``blend`` at 1.
        prior_epochs: passes fitting the prior (cosine and BM25 weights) before the residual.
    """

    seed: int = 0
    generated: int = 80
    val_generated: int = 20
    babi_dir: str | None = None
    babi_per_task: int = 40
    epochs: int = 3
    lr: float = 2e-3
    weight_decay: float = 1e-4
    dialogues_per_step: int = 8
    salience_weight: float = 0.3
    boundary_weight: float = 0.3
    top_k: int = 5
    state_dropout: float = 0.5
    projection_l2: float = 0.0
    hard_negatives: tuple[int, int] | None = None
    embed_speaker: bool = True
    chatbot_generated: int = 30
    chatbot_val: int = 6
    calibration_dialogues: int = 8
    prior_epochs: int = 1


def _losses(
    model: NeuralMemoryModel,
    d: PreparedDialogue,
    *,
    state_dropout: float = 0.0,
    rng: random.Random | None = None,
    blend: float | None = None,
) -> tuple[dict[str, torch.Tensor], dict[str, float]]:
    states = model.gru(d.embeddings, d.turn_features)
    sal_logits = model.hierarchy.salience(d.embeddings, d.turn_features)
    parts: dict[str, torch.Tensor] = {}
    if d.questions:
        ranking = []
        for q in d.questions:
            state = states[q.asked_after - 1]
            if state_dropout and rng is not None and rng.random() < state_dropout:
                state = torch.zeros_like(state)
            rows = q.candidates if q.candidates is not None else torch.arange(q.asked_after)
            scores = model.attention(
                q.query,
                state,
                d.embeddings[rows],
                q.pair_features[rows],
                sal_logits[rows],
                blend=blend,
            )
            positive = torch.isin(rows, torch.tensor(q.evidence))
            ranking.append(torch.logsumexp(scores, 0) - torch.logsumexp(scores[positive], 0))
        parts["ranking"] = torch.stack(ranking).mean()
    pos = d.salience_labels.sum().clamp(min=1.0)
    pos_weight = ((len(d.salience_labels) - pos) / pos).clamp(max=20.0)
    parts["salience"] = F.binary_cross_entropy_with_logits(
        sal_logits, d.salience_labels, pos_weight=pos_weight
    )
    if d.boundary_mask.sum() > 0:
        prev = torch.cat([torch.zeros_like(states[:1]), states[:-1]])
        logits = model.hierarchy.boundary(prev, d.embeddings, d.turn_features, d.segment_centroids)
        per = F.binary_cross_entropy_with_logits(logits, d.boundary_labels, reduction="none")
        parts["boundary"] = (per * d.boundary_mask).sum() / d.boundary_mask.sum()
    return parts, {k: float(v.detach()) for k, v in parts.items()}


@torch.no_grad()
def evaluate(
    model: NeuralMemoryModel, data: list[PreparedDialogue], *, top_k: int = 5
) -> dict[str, Any]:
    """Evidence recall@k of the learned scorer and of plain cosine similarity, plus boundary accuracy."""
    model.eval()
    neural: list[float] = []
    cosine: list[float] = []
    kinds: dict[str, list[float]] = {}
    b_hits = b_total = 0
    for d in data:
        states = model.gru(d.embeddings, d.turn_features)
        sal = model.hierarchy.salience(d.embeddings, d.turn_features)
        for q in d.questions:
            keys = d.embeddings[: q.asked_after]
            scores = model.attention(
                q.query, states[q.asked_after - 1], keys, q.pair_features, sal[: q.asked_after]
            )
            ev = set(q.evidence)
            top_n = set(torch.topk(scores, min(top_k, len(scores))).indices.tolist())
            top_c = set(torch.topk(keys @ q.query, min(top_k, len(scores))).indices.tolist())
            neural.append(len(ev & top_n) / len(ev))
            cosine.append(len(ev & top_c) / len(ev))
            kinds.setdefault(q.kind, []).append(neural[-1])
        if d.boundary_mask.sum() > 0:
            prev = torch.cat([torch.zeros_like(states[:1]), states[:-1]])
            pred = (
                model.hierarchy.boundary(prev, d.embeddings, d.turn_features, d.segment_centroids)
                > 0
            )
            m = d.boundary_mask.bool()
            b_hits += int((pred[m] == d.boundary_labels[m].bool()).sum())
            b_total += int(m.sum())
    return {
        "questions": len(neural),
        f"neural_recall_at_{top_k}": float(np.mean(neural)) if neural else 0.0,
        f"cosine_recall_at_{top_k}": float(np.mean(cosine)) if cosine else 0.0,
        "neural_by_kind": {k: round(float(np.mean(v)), 4) for k, v in sorted(kinds.items())},
        "boundary_accuracy": b_hits / b_total if b_total else None,
    }


def _data(
    config: TrainConfig, encoder: Encoder, progress: bool
) -> dict[str, list[PreparedDialogue]]:
    """Prepared train, validation and calibration sets, as the config asks."""
    train_dialogues = generate_dialogues(config.generated, seed=config.seed)
    val_dialogues = generate_dialogues(config.val_generated, seed=config.seed + 1_000_003)
    train_dialogues += generate_chatbot_dialogues(
        config.chatbot_generated, seed=config.seed + 2_000_003, config=TRAINING_CHATS
    )
    val_dialogues += generate_chatbot_dialogues(
        config.chatbot_val, seed=config.seed + 3_000_003, config=TRAINING_CHATS
    )
    calibration = generate_chatbot_dialogues(
        config.calibration_dialogues,
        seed=config.seed + 4_000_003,
        config=dataclasses.replace(TRAINING_CHATS, domains="heldout"),
    )
    babi_val = []
    if config.babi_dir and config.babi_per_task > 0:
        train_dialogues += load_babi(config.babi_dir, split="train", per_task=config.babi_per_task)
        babi_val = load_babi(
            config.babi_dir, split="test", per_task=max(config.babi_per_task // 4, 5)
        )
    sets = {"train": train_dialogues, "val": val_dialogues, "calibration": calibration}
    sets["babi_test"] = babi_val
    return {
        name: prepare_dialogues(
            dialogues,
            encoder,
            progress=progress,
            candidate_sizes=config.hard_negatives if name == "train" else None,
            embed_speaker=config.embed_speaker,
        )
        for name, dialogues in sets.items()
    }


def _fit(
    model: NeuralMemoryModel,
    params: list[torch.nn.Parameter],
    data: list[PreparedDialogue],
    config: TrainConfig,
    *,
    epochs: int,
    blend: float | None,
    desc: str,
    progress: bool,
    val: list[PreparedDialogue] | None = None,
) -> list[dict[str, Any]]:
    """AdamW with a one-cycle schedule over ``params`` only; the epoch history."""
    optimiser = torch.optim.AdamW(params, lr=config.lr, weight_decay=config.weight_decay)
    weights = {
        "ranking": 1.0,
        "salience": config.salience_weight,
        "boundary": config.boundary_weight,
        "projection": config.projection_l2,
    }
    rng = random.Random(config.seed)
    history = []
    total_steps = epochs * len(data)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser,
        max_lr=config.lr,
        total_steps=max(total_steps // config.dialogues_per_step + epochs, 1),
    )
    bar = tqdm(total=total_steps, desc=desc, unit="dialogue", disable=not progress)
    for epoch in range(epochs):
        model.train()
        order = list(range(len(data)))
        rng.shuffle(order)
        sums: dict[str, float] = {}
        optimiser.zero_grad()
        for i, idx in enumerate(order, 1):
            parts, values = _losses(
                model, data[idx], state_dropout=config.state_dropout, rng=rng, blend=blend
            )
            if config.projection_l2:
                eye = torch.eye(model.embed_dim)
                parts["projection"] = (model.attention.project.weight - eye).pow(2).sum()
            loss = sum(weights[k] * v for k, v in parts.items()) / config.dialogues_per_step
            loss.backward()  # type: ignore[union-attr]
            for k, v in values.items():
                sums[k] = sums.get(k, 0.0) + v
            if i % config.dialogues_per_step == 0 or i == len(order):
                torch.nn.utils.clip_grad_norm_(params, 1.0)
                optimiser.step()
                schedule.step()
                optimiser.zero_grad()
            bar.update(1)
            bar.set_postfix({k: f"{v / i:.3f}" for k, v in sums.items()})
        row: dict[str, Any] = {"epoch": epoch + 1, **{k: v / len(order) for k, v in sums.items()}}
        if val:
            row.update({k: v for k, v in evaluate(model, val).items() if "recall" in k})
        history.append(row)
    bar.close()
    return history


def train(
    config: TrainConfig,
    *,
    out_dir: str | Path | None,
    encoder: Encoder | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Train from scratch; save ``config.json`` + ``model.safetensors`` + ``training.json`` into ``out_dir``.

    Three stages: the prior (cosine and BM25 weights) alone, then every other parameter
    with the prior frozen, then the residual's ``blend`` calibrated on held-out-partition
    chats (:func:`~langchain_neuralmem.training.calibrate.calibrate_blend`).
    Returns the JSON-ready summary (data sizes, losses, held-out figures, seconds).
    """
    start = time.time()
    random.seed(config.seed)
    np.random.seed(config.seed)
    torch.manual_seed(config.seed)
    if encoder is None:
        from langchain_neuralmem.encoders.minilm import MiniLMEncoder

        encoder = MiniLMEncoder(device="cpu")
    data = _data(config, encoder, progress)
    model_config = NeuralMemoryConfig(encoder_name=encoder.name, embed_speaker=config.embed_speaker)
    model = NeuralMemoryModel(model_config)
    prior = [model.attention.prior_cos, model.attention.prior_bm25]
    prior_history = _fit(
        model,
        prior,
        data["train"],
        dataclasses.replace(config, lr=0.5),
        epochs=config.prior_epochs,
        blend=0.0,
        desc="fitting the prior",
        progress=progress,
    )
    for p in prior:
        p.requires_grad_(False)
    history = _fit(
        model,
        [p for p in model.parameters() if p.requires_grad],
        data["train"],
        config,
        epochs=config.epochs,
        blend=1.0,
        desc="training",
        progress=progress,
        val=data["val"],
    )
    calibration = calibrate_blend(model, data["calibration"]) if data["calibration"] else None
    summary: dict[str, Any] = {
        "train_config": dataclasses.asdict(config),
        "encoder": encoder.name,
        "train_dialogues": len(data["train"]),
        "train_questions": sum(len(d.questions) for d in data["train"]),
        "prior": {
            "cosine_weight": float(model.attention.prior_cos),
            "bm25_weight": float(model.attention.prior_bm25),
            "history": prior_history,
        },
        "history": history,
        "calibration": calibration,
        "val": evaluate(model, data["val"], top_k=config.top_k),
        "seconds": round(time.time() - start, 1),
        "torch": torch.__version__,
    }
    if data["babi_test"]:
        summary["babi_test"] = evaluate(model, data["babi_test"], top_k=config.top_k)
    if out_dir is not None:
        model.save_pretrained(out_dir)
        (Path(out_dir) / "training.json").write_text(
            json.dumps(summary, indent=2, sort_keys=True) + "\n"
        )
    return summary
