"""Replay conversations through each memory, ask the questions, time and score the answers.

Each conversation is replayed once per memory; every question is then asked at the
main budget (timed) and at any extra budgets (for the budget curve), so a budget
sweep costs queries, not replays. Contexts are measured with one token counter and
cut to the budget if a memory overflows (counted in ``budget_overflows``).

Embeddings are cached across memories (:class:`CachingEncoder`) and a conversation's
questions are embedded before its queries, so ``recall_ms_*`` is the memory's own
work; the one encoder pass every embedding memory adds per query is reported once as
``query_embed_ms_p50/p95``.

Example:
    >>> report = run_locomo("locomo_dev.json", memories=["neural", "vector"], budget=1024)
    ... # doctest: +SKIP
    >>> report["results"]["neural"]["evidence_recall"]  # doctest: +SKIP
    0.61
"""

from __future__ import annotations

import math
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

from langchain_neuralmem.data.dialogue import Dialogue, DialogueTurn
from langchain_neuralmem.data.locomo import load_locomo
from langchain_neuralmem.encoders.base import Encoder
from langchain_neuralmem.evaluation.bootstrap import Bootstrap
from langchain_neuralmem.evaluation.cache import CachingEncoder
from langchain_neuralmem.evaluation.memories import NEURAL_VARIANTS, build_memory, load_weights
from langchain_neuralmem.evaluation.metrics import (
    QuestionScore,
    ambiguous_evidence,
    by_conversation,
    evidence_recall,
    percentile,
    summarize,
)
from langchain_neuralmem.evaluation.packing import MemoryUnderTest, TokenCount, fit_lines, render
from langchain_neuralmem.nn.model import NeuralMemoryModel

PLOT_BUDGETS: tuple[int, ...] = (256, 512, 1024, 2048)
#: Baselines that embed "Speaker: text" documents with the shared encoder.
EMBEDDING_BASELINES: tuple[str, ...] = ("vector", "hybrid")
#: The memory every other one is compared with (paired bootstrap differences).
REFERENCE = "neural"
DEFAULT_TOKENIZER_NAME = "sentence-transformers/all-MiniLM-L6-v2 (WordPiece)"
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


@dataclass
class _Tally:
    """Scores of one memory across a run."""

    scores: dict[int, list[QuestionScore]] = field(default_factory=dict)
    overflows: int = 0
    replay_s: float = 0.0


@dataclass
class _Setup:
    """What every memory of a run shares."""

    encoder: CachingEncoder
    count: TokenCount
    tokenizer: str
    model: NeuralMemoryModel | None


def _setup(
    memories: Sequence[str],
    *,
    encoder: Encoder | None,
    token_counter: TokenCount | None,
    weights: NeuralMemoryModel | str | os.PathLike[str] | None,
    device: str | None,
) -> _Setup:
    from langchain_neuralmem.encoders.minilm import pick_device
    from langchain_neuralmem.encoders.tokens import default_token_counter
    from langchain_neuralmem.engine import _shared_minilm

    if encoder is None:
        encoder = _shared_minilm(str(pick_device(device)))
    cached = encoder if isinstance(encoder, CachingEncoder) else CachingEncoder(encoder)
    if token_counter is None:
        count: TokenCount = default_token_counter()
        name = DEFAULT_TOKENIZER_NAME
    else:
        count = token_counter
        name = str(getattr(token_counter, "name", type(token_counter).__name__))
    needs_model = any(m in NEURAL_VARIANTS for m in memories)
    model = load_weights(weights, device) if needs_model else None
    return _Setup(cached, count, name, model)


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


def _ask(
    memory: MemoryUnderTest,
    query: str,
    *,
    budget: int | None,
    top_k: int | None,
    count: TokenCount,
) -> tuple[str, int, float, bool]:
    """One context: its text (cut to the budget), tokens, milliseconds, and if it overflowed."""
    t0 = time.perf_counter()
    if top_k is not None:
        text = memory.top_turns(query, top_k)
    else:
        assert budget is not None
        text = memory.context(query, budget)
    ms = (time.perf_counter() - t0) * 1000.0
    tokens = count(text)
    overflow = budget is not None and tokens > budget
    if overflow:
        assert budget is not None
        text, tokens = fit_lines(text, budget, count)
    return text, tokens, ms, overflow


def _sessions(turns: Sequence[DialogueTurn]) -> list[list[DialogueTurn]]:
    """Consecutive turns grouped by their episode (a LoCoMo session)."""
    return [list(g) for _, g in groupby(turns, key=lambda t: t.episode)]


def _close(memory: MemoryUnderTest) -> None:
    close: Callable[[], None] | None = getattr(memory, "close", None)
    if close is not None:
        close()


def _embed_timing(encoder: CachingEncoder, queries: Sequence[str], limit: int) -> list[float]:
    """Milliseconds of one uncached encoder pass per query, for the first ``limit`` queries."""
    out = []
    for q in list(queries)[:limit]:
        t0 = time.perf_counter()
        encoder.base.encode_one(q)
        out.append((time.perf_counter() - t0) * 1000.0)
    return out


def _embeds(memories: Sequence[str]) -> bool:
    """Whether any of ``memories`` uses the encoder."""
    return any(m in NEURAL_VARIANTS or m in EMBEDDING_BASELINES for m in memories)


def _turn_texts(memories: Sequence[str], turns: Sequence[DialogueTurn]) -> list[str]:
    """What the embedding memories will embed: raw turns (neural), "Speaker: text" (vector, hybrid)."""
    texts: list[str] = []
    if any(m in NEURAL_VARIANTS for m in memories):
        texts += [t.text for t in turns]
    if any(m in EMBEDDING_BASELINES for m in memories):
        texts += [render(t) for t in turns]
    return texts


def split_from_path(path: str | Path) -> str:
    """The word after the file name's last ``_`` or ``-``; ``"unknown"`` if there is none.

    Example:
        >>> split_from_path("/data/locomo_dev.json"), split_from_path("locomo10.json")
        ('dev', 'unknown')
    """
    m = re.search(r"[_-]([A-Za-z]+)$", Path(path).stem)
    return m.group(1).lower() if m else "unknown"


def _results(
    tallies: dict[str, _Tally],
    budget: int,
    *,
    excluded: Sequence[str],
    extra: dict[str, dict[str, Any]] | None = None,
    conversations: bool = False,
) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    for name, tally in tallies.items():
        res = summarize(
            tally.scores.get(budget, []), excluded=excluded, conversations=conversations
        )
        res["budget_overflows"] = tally.overflows
        res["replay_s"] = round(tally.replay_s, 3)
        res.update((extra or {}).get(name, {}))
        results[name] = res
    base = results.get("neural", {}).get("evidence_recall")
    vec = results.get("vector", {}).get("evidence_recall")
    if base is not None and vec is not None:
        results["neural"]["vs_vector"] = round(base - vec, 4)
    for name in tallies:
        own = results[name].get("evidence_recall")
        if name in NEURAL_VARIANTS and name != "neural" and base is not None and own is not None:
            results[name]["vs_neural"] = round(own - base, 4)
    return results


def _end_to_end_latency(report: dict[str, Any]) -> None:
    """Add per-query latency including the query embedding, and neural's ratio to vector.

    ``recall_ms_*`` excludes the query embedding (cached, shared); a user pays it once
    per query in every embedding memory, so ``end_to_end_ms_p95`` adds the embedding p95
    to the search p95 (an upper bound of the p95 of the sum).
    """
    embed = report.get("query_embed_ms_p95")
    if embed is None:
        return
    results = report["results"]
    for name, res in results.items():
        embeds = name in NEURAL_VARIANTS or name in EMBEDDING_BASELINES
        if res.get("recall_ms_p95") is not None and embeds:
            res["end_to_end_ms_p95"] = round(res["recall_ms_p95"] + embed, 2)
    if "end_to_end_ms_p95" in results.get("neural", {}) and "end_to_end_ms_p95" in results.get(
        "vector", {}
    ):
        results["neural"]["latency_p95_vs_vector"] = round(
            results["neural"]["end_to_end_ms_p95"] / results["vector"]["end_to_end_ms_p95"], 2
        )


def _by_budget(
    tallies: dict[str, _Tally], budgets: Sequence[int], excluded: Sequence[str]
) -> dict[str, dict[str, float | None]]:
    skip = set(excluded)
    out: dict[str, dict[str, float | None]] = {}
    for b in budgets:
        row: dict[str, float | None] = {}
        for name, tally in tallies.items():
            kept = [s.recall for s in tally.scores.get(b, []) if s.category not in skip]
            row[name] = round(sum(kept) / len(kept), 4) if kept else None
        out[str(b)] = row
    return out


def _pair(lo: float, hi: float) -> list[float] | None:
    """An interval for the JSON (``None`` when there was nothing to resample)."""
    if math.isnan(lo) or math.isnan(hi):
        return None
    return [round(lo, 4), round(hi, 4)]


def _intervals(
    tallies: dict[str, _Tally],
    budgets: Sequence[int],
    excluded: Sequence[str],
    *,
    reference: str = REFERENCE,
) -> tuple[dict[str, dict[str, dict[str, Any]]], Bootstrap]:
    """Per budget and memory: headline recall, its 95% CI, recall per conversation, and
    (for ``reference``) the paired difference to every other memory with its 95% CI.

    One :class:`Bootstrap` over the headline questions serves every memory and budget
    (all are asked the same questions in the same order), so differences are paired.
    """
    skip = set(excluded)

    def kept(tally: _Tally, b: int) -> list[QuestionScore]:
        return [s for s in tally.scores.get(b, []) if s.category not in skip]

    first = next(iter(tallies.values()))
    clusters = [s.conversation for s in kept(first, budgets[0])]
    boot = Bootstrap(clusters)
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for b in budgets:
        values: dict[str, list[float]] = {}
        row: dict[str, dict[str, Any]] = {}
        for name, tally in tallies.items():
            scores = kept(tally, b)
            if [s.conversation for s in scores] != clusters:
                raise RuntimeError(f"{name} at {b} tokens was not asked the same questions")
            values[name] = [s.recall for s in scores]
            lo, hi = boot.ci(values[name])
            row[name] = {
                "evidence_recall": _round4(sum(values[name]) / len(scores)) if scores else None,
                "ci95": _pair(lo, hi),
                "by_conversation": {
                    k: None if v is None else round(v, 4)
                    for k, v in by_conversation(tally.scores.get(b, []), excluded=skip).items()
                },
            }
        if reference in values:
            vs: dict[str, dict[str, Any]] = {}
            for name in values:
                if name == reference:
                    continue
                diff, lo, hi = boot.diff(values[reference], values[name])
                ci = _pair(lo, hi)
                vs[name] = {
                    "diff": None if math.isnan(diff) else round(diff, 4),
                    "ci95": ci,
                    "significant": ci is not None and (ci[0] > 0.0 or ci[1] < 0.0),
                }
            row[reference]["vs"] = vs
        out[str(b)] = row
    return out, boot


def _round4(value: float) -> float:
    return round(value, 4)


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

    Category 5 (adversarial) questions are asked and reported under ``category_5``
    but are not part of ``evidence_recall`` or ``by_category``.
    """
    if budget <= 0:
        raise ValueError(f"budget must be a positive number of tokens, got {budget}")
    started = time.perf_counter()
    samples = load_locomo(data)[:limit_conversations]
    budgets = [budget, *sorted(set(plot_budgets) - {budget})]
    with cpu_threads(threads):
        setup = _setup(
            memories, encoder=encoder, token_counter=token_counter, weights=weights, device=device
        )
        tallies = {m: _Tally() for m in memories}
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
            if _embeds(memories):
                queries = [q.question for q in questions]
                embed_ms += _embed_timing(setup.encoder, queries, max(0, 100 - len(embed_ms)))
                t0 = time.perf_counter()
                setup.encoder.warm(queries + _turn_texts(memories, dialogue.turns))
                embed_s += time.perf_counter() - t0
            for name in memories:
                _run_conversation(
                    name,
                    dialogue,
                    questions,
                    categories,
                    budgets,
                    setup,
                    tallies[name],
                    vector_k,
                    bar,
                )
        bar.close()
    excluded = ["5"]
    results = _results(tallies, budget, excluded=excluded, conversations=True)
    details, boot = _intervals(tallies, budgets, excluded)
    for name, res in results.items():
        res["ci95"] = details[str(budget)][name]["ci95"]
        if "vs" in details[str(budget)][name]:
            res["vs"] = details[str(budget)][name]["vs"]
    report: dict[str, Any] = {
        "dataset": "locomo",
        "data": str(data),
        "split": split or split_from_path(data),
        "budget_tokens": budget,
        "tokenizer": setup.tokenizer,
        "encoder": setup.encoder.name,
        "weights": _weights_name(weights, setup.model),
        "command": command,
        "conversations": len(samples),
        "conversation_ids": [s.dialogue.dialogue_id for s in samples],
        "questions_asked": sum(map(len, asked)),
        "questions_by_conversation": {
            s.dialogue.dialogue_id: sum(str(c) not in excluded for c in s.categories[: len(q)])
            for s, q in zip(samples, asked, strict=True)
        },
        "skipped_questions": sum(s.skipped for s in samples),
        "dropped_evidence_ids": {
            s.dialogue.dialogue_id: s.dropped_evidence for s in samples if s.dropped_evidence
        },
        "ambiguous_evidence": ambiguous,
        "embed_s": round(embed_s, 1),
        "query_embed_ms_p50": _ms(percentile(embed_ms, 50)),
        "query_embed_ms_p95": _ms(percentile(embed_ms, 95)),
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
    skipped = sum(s.skipped for s in samples)
    for res in report["results"].values():
        res["skipped"] = skipped
    _end_to_end_latency(report)
    if plot_budgets:
        report["by_budget"] = _by_budget(tallies, sorted(budgets), excluded)
        report["by_budget_detail"] = {str(b): details[str(b)] for b in sorted(budgets)}
    report["wall_s"] = round(time.perf_counter() - started, 1)
    return report


def _run_conversation(
    name: str,
    dialogue: Dialogue,
    questions: Sequence[Any],
    categories: Sequence[str],
    budgets: Sequence[int],
    setup: _Setup,
    tally: _Tally,
    vector_k: int,
    bar: Any,
) -> None:
    """Replay one whole conversation into a fresh memory, then ask every question."""
    memory = build_memory(
        name,
        setup.encoder,
        setup.count,
        setup.model,
        session_id=dialogue.dialogue_id,
        budgets=budgets,
        vector_k=vector_k,
    )
    t0 = time.perf_counter()
    for session in _sessions(dialogue.turns):
        memory.add_session(session)
    tally.replay_s += time.perf_counter() - t0
    if questions:
        memory.context(questions[0].question, budgets[0])  # warm-up, untimed
    for q, category in zip(questions, categories, strict=True):
        evidence = [dialogue.turns[i].text for i in q.evidence]
        for b in budgets:
            text, tokens, ms, overflow = _ask(
                memory, q.question, budget=b, top_k=None, count=setup.count
            )
            tally.overflows += int(overflow)
            tally.scores.setdefault(b, []).append(
                QuestionScore(
                    category,
                    evidence_recall(text, evidence),
                    tokens,
                    ms,
                    kind=q.kind,
                    conversation=dialogue.dialogue_id,
                )
            )
        bar.update(1)
        bar.set_postfix_str(f"{dialogue.dialogue_id} {name}", refresh=False)
    _close(memory)


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
    budgets = [budget] if budget is not None else []
    with cpu_threads(threads):
        setup = _setup(
            memories, encoder=encoder, token_counter=token_counter, weights=weights, device=device
        )
        tallies = {m: _Tally() for m in memories}
        ambiguous = 0
        bar = _progress(sum(len(s.questions) for s in stories) * len(memories), "babi", progress)
        for story in stories:
            texts = [t.text for t in story.turns]
            for q in story.questions:
                ambiguous += sum(ambiguous_evidence(texts, i, q.asked_after) for i in q.evidence)
            if _embeds(memories):
                setup.encoder.warm(
                    [q.question for q in story.questions] + _turn_texts(memories, story.turns)
                )
            for name in memories:
                memory = build_memory(
                    name,
                    setup.encoder,
                    setup.count,
                    setup.model,
                    session_id=story.dialogue_id,
                    budgets=budgets,
                )
                seen = 0
                for q in story.questions:
                    upto = len(story.turns) if q.asked_after is None else q.asked_after
                    t0 = time.perf_counter()
                    if upto > seen:
                        memory.add_session(story.turns[seen:upto])
                        seen = upto
                    tallies[name].replay_s += time.perf_counter() - t0
                    text, tokens, ms, overflow = _ask(
                        memory, q.question, budget=budget, top_k=top_k, count=setup.count
                    )
                    tallies[name].overflows += int(overflow)
                    evidence = [story.turns[i].text for i in q.evidence]
                    tallies[name].scores.setdefault(0, []).append(
                        QuestionScore(q.kind, evidence_recall(text, evidence), tokens, ms)
                    )
                    bar.update(1)
                _close(memory)
        bar.close()
    results = _results(tallies, 0, excluded=[])
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
        "weights": _weights_name(weights, setup.model),
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


def _weights_name(
    weights: NeuralMemoryModel | str | os.PathLike[str] | None, model: NeuralMemoryModel | None
) -> str | None:
    if model is None:
        return None
    if weights is None:
        return "shipped"
    if isinstance(weights, NeuralMemoryModel):
        return "in-memory model"
    return str(weights)


def _ms(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 3)
