"""Replay conversations through each memory, ask the questions, time and score the answers.

Each conversation is replayed once per memory; every question is then asked at the
main budget (timed) and at any extra budgets (for the budget curve), so a budget
sweep costs queries, not replays. Contexts are measured with one token counter and
cut to the budget if a memory overflows (counted in ``budget_overflows``).

Embeddings are cached across memories
(:class:`~langchain_neuralmem.evaluation.cache.CachingEncoder`) and a conversation's
questions are embedded before its queries, so ``recall_ms_*`` is the memory's own
work; the one encoder pass every embedding memory adds per query is reported once as
``query_embed_ms_p50/p95``.

This module orchestrates a run and assembles its report; replaying a conversation
into a memory and scoring its questions is :mod:`~langchain_neuralmem.evaluation.replay`,
turning the tallies into figures (intervals, budget curve, latency) is
:mod:`~langchain_neuralmem.evaluation.summary`.

Example:
    >>> report = run_locomo("locomo_dev.json", memories=["neural", "vector"], budget=1024)
    ... # doctest: +SKIP
    >>> report["results"]["neural"]["evidence_recall"]  # doctest: +SKIP
    0.61
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from langchain_neuralmem.data.locomo import load_locomo
from langchain_neuralmem.encoders.base import Encoder
from langchain_neuralmem.evaluation.metrics import ambiguous_evidence, percentile
from langchain_neuralmem.evaluation.packing import TokenCount
from langchain_neuralmem.evaluation.replay import (
    DEFAULT_TOKENIZER_NAME,
    EMBEDDING_BASELINES,
    Tally,
    embed_timing,
    embeds,
    prepare_embeddings,
    replay_conversation,
    replay_story,
    shared_setup,
)
from langchain_neuralmem.evaluation.summary import (
    REFERENCE,
    by_budget,
    end_to_end_latency,
    locomo_results,
    round_ms,
    summarize_tallies,
)
from langchain_neuralmem.nn.model import NeuralMemoryModel

__all__ = [
    "DEFAULT_TOKENIZER_NAME",
    "EMBEDDING_BASELINES",
    "LATENCY_NOTE",
    "MEMN2N_REFERENCE",
    "PLOT_BUDGETS",
    "REFERENCE",
    "cpu_threads",
    "run_babi",
    "run_locomo",
    "split_from_path",
]

PLOT_BUDGETS: tuple[int, ...] = (256, 512, 1024, 2048)
MEMN2N_REFERENCE = (
    "End-To-End Memory Networks (Sukhbaatar et al., 2015) reach about 4% mean answer "
    "error over the 20 bAbI tasks with the 10k training set. This harness has no answer "
    "head: it measures whether the supporting facts are in the memory's context, not "
    "whether a question is answered, so no accuracy is reported and the figures are not "
    "comparable to that error rate."
)
LATENCY_NOTE = (
    "recall_ms_* time context(query, budget) at budget_tokens after one untimed warm-up "
    "query per conversation; query embeddings are cached beforehand, so they exclude the "
    "single encoder pass that the embedding memories (neural, vector, hybrid) add per query "
    "(query_embed_ms_p50/p95). Turns are embedded once for all memories before replay "
    "(embed_s), so replay_s excludes embedding too."
)


@contextmanager
def cpu_threads(threads: int | None) -> Iterator[None]:
    """Run with ``threads`` torch and FAISS CPU threads, restoring the old values after.

    Recall is many small operations; on a busy machine a single thread is several
    times faster than two threads contending with other work.
    """
    if threads is None:
        yield
        return
    import faiss
    import torch

    old_torch, old_faiss = torch.get_num_threads(), faiss.omp_get_max_threads()
    torch.set_num_threads(threads)
    faiss.omp_set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(old_torch)
        faiss.omp_set_num_threads(old_faiss)


def _progress(total: int, desc: str, enabled: bool) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="q", disable=not enabled, dynamic_ncols=True)


def split_from_path(path: str | Path) -> str:
    """The word after the file name's last ``_`` or ``-``; ``"unknown"`` if there is none.

    Example:
        >>> split_from_path("/data/locomo_dev.json"), split_from_path("locomo10.json")
        ('dev', 'unknown')
    """
    m = re.search(r"[_-]([A-Za-z]+)$", Path(path).stem)
    return m.group(1).lower() if m else "unknown"


def run_locomo(
    data: str | Path,
    *,
    memories: Sequence[str],
    budget: int = 1024,
    plot_budgets: Sequence[int] = (),
    weights: NeuralMemoryModel | str | os.PathLike[str] | None = None,
    encoder: Encoder | None = None,
    token_counter: TokenCount | None = None,
    device: str | None = None,
    limit_conversations: int | None = None,
    limit_questions: int | None = None,
    split: str | None = None,
    command: str | None = None,
    threads: int | None = None,
    vector_k: int = 200,
    progress: bool = True,
    dates: bool = False,
) -> dict[str, Any]:
    """Evidence recall of each memory on a LoCoMo file; the JSON report as a dict.

    Args:
        data: the LoCoMo JSON file.
        memories: names from :data:`~langchain_neuralmem.evaluation.memories.MEMORY_NAMES`.
        budget: the token budget of the main figures.
        plot_budgets: extra budgets to ask at (adds ``by_budget`` to the report).
        weights: modules for the neural memories (``None`` = shipped weights).
        encoder: the embedding model (default: the packaged all-MiniLM-L6-v2).
        token_counter: the shared counter (default: the MiniLM WordPiece tokenizer).
        device: where the encoder and modules run (default: CUDA when present).
        limit_conversations: only the first K conversations.
        limit_questions: at most Q questions per conversation (in file order).
        split: the split's name (default: read from the file name).
        command: the command line, recorded in the report.
        threads: torch / FAISS CPU threads during the run (``None`` = leave as is).
        vector_k: documents the vector baseline retrieves before packing.
        progress: show a tqdm bar on stderr.
        dates: every memory shows (and pays for) each turn's day, as chat users get it.

    Category 5 (adversarial) questions are asked and reported under ``category_5``
    but are not part of ``evidence_recall`` or ``by_category``.
    """
    if budget <= 0:
        raise ValueError(f"budget must be a positive number of tokens, got {budget}")
    started = time.perf_counter()
    samples = load_locomo(data)[:limit_conversations]
    budgets = [budget, *sorted(set(plot_budgets) - {budget})]
    with cpu_threads(threads):
        setup = shared_setup(
            memories, encoder=encoder, token_counter=token_counter, weights=weights, device=device
        )
        tallies = {m: Tally() for m in memories}
        asked = [s.dialogue.questions[:limit_questions] for s in samples]
        embed_ms: list[float] = []
        embed_s = 0.0
        ambiguous = 0
        bar = _progress(sum(map(len, asked)) * len(memories), "locomo", progress)
        for sample, questions in zip(samples, asked, strict=True):
            dialogue = sample.dialogue
            categories = [str(c) for c in sample.categories[: len(questions)]]
            texts = [t.text for t in dialogue.turns]
            ambiguous += sum(
                ambiguous_evidence(texts, i) for q in questions for i in set(q.evidence)
            )
            if any(map(embeds, memories)):
                queries = [q.question for q in questions]
                embed_ms += embed_timing(setup.encoder, queries, max(0, 100 - len(embed_ms)))
            embed_s += prepare_embeddings(setup, memories, questions, dialogue.turns)
            for name in memories:
                replay_conversation(
                    name,
                    dialogue,
                    questions,
                    categories,
                    budgets,
                    setup,
                    tallies[name],
                    vector_k=vector_k,
                    bar=bar,
                    dates=dates,
                )
        bar.close()
    excluded = ["5"]
    skipped = sum(s.skipped for s in samples)
    results, details, boot = locomo_results(tallies, budgets, excluded, skipped=skipped)
    report: dict[str, Any] = {
        "dataset": "locomo",
        "data": str(data),
        "split": split or split_from_path(data),
        "budget_tokens": budget,
        "dates": dates,
        "tokenizer": setup.tokenizer,
        "encoder": setup.encoder.name,
        "weights": weights_name(weights, setup.model),
        "command": command,
        "conversations": len(samples),
        "conversation_ids": [s.dialogue.dialogue_id for s in samples],
        "questions_asked": sum(map(len, asked)),
        "questions_by_conversation": {
            s.dialogue.dialogue_id: sum(str(c) not in excluded for c in s.categories[: len(q)])
            for s, q in zip(samples, asked, strict=True)
        },
        "skipped_questions": skipped,
        "dropped_evidence_ids": {
            s.dialogue.dialogue_id: s.dropped_evidence for s in samples if s.dropped_evidence
        },
        "ambiguous_evidence": ambiguous,
        "embed_s": round(embed_s, 1),
        "query_embed_ms_p50": round_ms(percentile(embed_ms, 50)),
        "query_embed_ms_p95": round_ms(percentile(embed_ms, 95)),
        "latency_note": LATENCY_NOTE,
        "scoring": (
            "evidence_recall: per question, the share of its gold evidence turns whose text "
            "occurs verbatim (up to whitespace) in the context; mean over categories 1-4 "
            "(category 5, adversarial, is reported separately as category_5). ci95: 95% "
            "bootstrap interval (see bootstrap); vs: neural minus that memory on the same "
            "questions, with its paired 95% interval; significant: the interval excludes 0."
        ),
        "bootstrap": boot.describe(),
        "results": results,
    }
    end_to_end_latency(report)
    if plot_budgets:
        report["by_budget"] = by_budget(tallies, sorted(budgets), excluded)
        report["by_budget_detail"] = {str(b): details[str(b)] for b in sorted(budgets)}
    report["wall_s"] = round(time.perf_counter() - started, 1)
    return report


def run_babi(
    data: str | Path,
    *,
    memories: Sequence[str],
    budget: int | None = 64,
    top_k: int | None = None,
    per_task: int | None = 50,
    split: str = "test",
    weights: NeuralMemoryModel | str | os.PathLike[str] | None = None,
    encoder: Encoder | None = None,
    token_counter: TokenCount | None = None,
    device: str | None = None,
    command: str | None = None,
    threads: int | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Supporting-fact recall of each memory on bAbI; the JSON report as a dict.

    Each story is replayed line by line into a fresh memory; each question is asked
    right after the lines before it, and scored by the share of its supporting facts
    present verbatim in the context. Give ``budget`` (tokens) or ``top_k`` (turns).
    """
    from langchain_neuralmem.data.babi import load_babi

    if (budget is None) == (top_k is None):
        raise ValueError("give exactly one of budget (tokens) or top_k (turns)")
    if (budget is not None and budget <= 0) or (top_k is not None and top_k <= 0):
        raise ValueError("budget and top_k must be positive")
    started = time.perf_counter()
    stories = load_babi(data, split=split, per_task=per_task)
    with cpu_threads(threads):
        setup = shared_setup(
            memories, encoder=encoder, token_counter=token_counter, weights=weights, device=device
        )
        tallies = {m: Tally() for m in memories}
        ambiguous = 0
        bar = _progress(sum(len(s.questions) for s in stories) * len(memories), "babi", progress)
        for story in stories:
            texts = [t.text for t in story.turns]
            for q in story.questions:
                ambiguous += sum(ambiguous_evidence(texts, i, q.asked_after) for i in q.evidence)
            prepare_embeddings(setup, memories, story.questions, story.turns)
            for name in memories:
                replay_story(name, story, setup, tallies[name], budget=budget, top_k=top_k, bar=bar)
        bar.close()
    results = summarize_tallies(tallies, 0, excluded=[])
    for res in results.values():
        res["supporting_fact_recall"] = res.pop("evidence_recall")
        res["by_task"] = res.pop("by_category")
        res["questions_by_task"] = res.pop("questions_by_category")
    return {
        "dataset": "babi",
        "data": str(data),
        "split": split,
        "per_task": per_task,
        "budget_tokens": budget,
        "top_k": top_k,
        "tokenizer": setup.tokenizer,
        "encoder": setup.encoder.name,
        "weights": weights_name(weights, setup.model),
        "command": command,
        "stories": len(stories),
        "questions_asked": sum(len(s.questions) for s in stories),
        "ambiguous_evidence": ambiguous,
        "accuracy": None,
        "reference": {
            "model": "End-To-End Memory Networks (Sukhbaatar et al., 2015)",
            "babi_10k_mean_answer_error": "about 4%",
            "note": MEMN2N_REFERENCE,
        },
        "scoring": (
            "supporting_fact_recall: per question, the share of its supporting facts whose "
            "line occurs verbatim in the memory's context when the question is asked; "
            "identical earlier lines also count (see ambiguous_evidence)."
        ),
        "latency_note": LATENCY_NOTE.replace(
            " after one untimed warm-up query per conversation", ""
        ),
        "results": results,
        "wall_s": round(time.perf_counter() - started, 1),
    }


def weights_name(
    weights: NeuralMemoryModel | str | os.PathLike[str] | None, model: NeuralMemoryModel | None
) -> str | None:
    """The weights a report names: None without a neural memory, "shipped", "in-memory model"
    or the checkpoint folder."""
    if model is None:
        return None
    if weights is None:
        return "shipped"
    if isinstance(weights, NeuralMemoryModel):
        return "in-memory model"
    return str(weights)
