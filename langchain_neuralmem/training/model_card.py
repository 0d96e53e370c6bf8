"""Writes ``MODEL_CARD.md`` next to a checkpoint from its training summary.

Example:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> summary = {"train_config": {"seed": 0, "generated": 1, "babi_dir": None, "babi_per_task": 0,
    ...            "epochs": 1}, "train_dialogues": 1, "train_questions": 2, "seconds": 1.0,
    ...            "val": {"questions": 2, "neural_recall_at_5": 1.0, "cosine_recall_at_5": 0.5,
    ...            "neural_by_kind": {}, "boundary_accuracy": 0.9}, "torch": "x", "encoder": "e"}
    >>> "Training data" in write_model_card(folder, summary).read_text()
    True
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_neuralmem.nn.serialization import FORMAT_VERSION


def _figures(title: str, block: dict[str, Any]) -> list[str]:
    lines = [f"### {title}", "", "| figure | value |", "|---|---|"]
    for key in sorted(block):
        value = block[key]
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items())
        elif isinstance(value, float):
            value = f"{value:.4f}"
        lines.append(f"| {key} | {value} |")
    return [*lines, ""]


def write_model_card(folder: Path, summary: dict[str, Any], *, evaluation: str = "") -> Path:
    """Render the card from a :func:`~langchain_neuralmem.training.trainer.train` summary.

    ``evaluation`` is appended as markdown (e.g. LoCoMo tables from ``neuralmem eval report``).
    """
    cfg = summary["train_config"]
    babi = (
        f"bAbI en-10k (CC BY 3.0), training split, {cfg['babi_per_task']} stories per task"
        if cfg.get("babi_dir") and cfg.get("babi_per_task")
        else "no bAbI data"
    )
    lines = [
        "# Model card: langchain-neuralmem default checkpoint",
        "",
        "Small PyTorch modules that decide what a conversational memory recalls: a GRU state",
        "over turn embeddings (contextualises the query, feeds the segment-boundary head), a",
        "learned attention scorer over past turns, and hierarchy heads (turn salience for",
        "extractive summaries and pooling; topic-segment boundaries).",
        "",
        "## Training data",
        "",
        f"- {cfg['generated']} synthetic multi-session dialogues from `langchain_neuralmem.data.generator`",
        "  (our own code and text, seed-deterministic): two friends over 8-24 dated sittings",
        "  (about 390 turns of about 19 words); 30 fact types stated once inside natural",
        "  padding, often as the answer to the other speaker's question; updates; events with",
        "  relative times asked as dates; recurring activities with different details (strong",
        "  lexical distractors); multi-hop and inference questions; photo captions; about 60%",
        "  of questions reuse the evidence's words, 40% paraphrase.",
        f"- {cfg.get('chatbot_generated', 0)} synthetic user-assistant chats from",
        "  `langchain_neuralmem.data.chatbot` (our own code and text, seed-deterministic,",
        "  training partition of its tables): 10-14 dated sessions of task help (programming,",
        "  cooking, travel, fitness, finance, gardening, languages, music, job search) with",
        "  projects that span sessions; long assistant turns (steps, lists, code blocks, tables,",
        "  50-600 words here); personal facts said in passing, later updated or contradicted,",
        "  preferences, standing instructions, dates and schedules. Questions of kinds fact,",
        "  update, contradiction, temporal, event order, multi-session, preference, instruction",
        "  and assistant recall, half of them paraphrased.",
        f"- {babi}.",
        f"- Calibration of the residual (below): {cfg.get('calibration_dialogues', 0)} chats from the",
        "  generator's *held-out* partition (other domains, facts and question wordings), never",
        "  trained on.",
        "- No LoCoMo data: its licence (CC BY-NC 4.0) allows evaluation and model selection only.",
        f"- {summary['train_dialogues']} dialogues, {summary['train_questions']} evidence-labelled questions in all.",
        "",
        "## Objective",
        "",
        "The score of a turn is a prior (a fitted weight on cosine similarity plus one on BM25)",
        "plus a learned residual weighted by `blend`. Three stages: the prior's two weights",
        "alone; then every other parameter with the prior frozen; then `blend` is chosen on the",
        "held-out-partition chats (mean evidence recall over 256-2048-token budgets, packed as",
        "`recall` packs; ties go to the smaller weight), so out of distribution the ranking",
        "falls back towards its prior instead of below it.",
        "",
        "Listwise evidence loss (softmax over every earlier turn, the evidence turns as",
        "positives) + binary cross-entropy on salience (a turn cited by any question) +",
        "binary cross-entropy on topic boundaries of the generated dialogues. The GRU state is",
        f"zeroed for {cfg.get('state_dropout', 0):.0%} of questions so the scorer never depends on it alone.",
        f"AdamW, one-cycle schedule, {cfg['epochs']} epochs, seed {cfg['seed']}.",
        "",
        "## Encoder",
        "",
        f"`{summary['encoder']}` (384-dim, mean pooled, L2 normalised); other encoders need a retrained checkpoint.",
        "",
        "## Figures (held-out generated dialogues and bAbI test stories; not LoCoMo)",
        "",
        *_figures("Generated dialogues, held out (different seed)", summary["val"]),
    ]
    if summary.get("prior"):
        prior = summary["prior"]
        lines += [
            "### Prior and calibration",
            "",
            f"Prior: {prior['cosine_weight']:.3f} x cosine + {prior['bm25_weight']:.3f} x BM25 (normalised).",
            "",
        ]
    calibration = summary.get("calibration")
    if calibration:
        budgets = list(next(iter(calibration["by_budget"].values())))
        lines += [
            f"Residual weight chosen: **{calibration['chosen']}** on {calibration['questions']}"
            " held-out-partition questions (evidence recall, packed into each budget):",
            "",
            "| blend | " + " | ".join(budgets) + " | mean |",
            "|---" * (len(budgets) + 2) + "|",
        ]
        for blend, row in calibration["by_budget"].items():
            cells = " | ".join(f"{row[b]:.3f}" for b in budgets)
            lines.append(f"| {blend} | {cells} | {calibration['mean_recall'][blend]:.3f} |")
        lines.append("")
    if "babi_test" in summary:
        lines += _figures("bAbI en-10k test split (subset)", summary["babi_test"])
    lines += [
        "## Reproduce",
        "",
        "```bash",
        f"neuralmem train --out DIR --seed {cfg['seed']} --generated {cfg['generated']} "
        f"--chatbot-generated {cfg.get('chatbot_generated', 0)} --epochs {cfg['epochs']} "
        + (
            f"--babi-dir ../shared/data/babi-en-10k --babi-per-task {cfg['babi_per_task']}"
            if cfg.get("babi_dir")
            else ""
        ),
        "```",
        "",
        f"Training took {summary['seconds']:.0f} s on a 2-core CPU (torch {summary['torch']}), encoding included.",
        "",
        f"Checkpoint format {FORMAT_VERSION}: the metadata of `model.safetensors` holds a SHA-256 over its",
        "tensors (names, dtypes, shapes, bytes), checked on every load.",
        "",
    ]
    if evaluation:
        lines += [
            "## Evaluation (LoCoMo dev split: evaluation and model selection only, never training)",
            "",
            evaluation,
        ]
    path = folder / "MODEL_CARD.md"
    path.write_text("\n".join(lines))
    return path
