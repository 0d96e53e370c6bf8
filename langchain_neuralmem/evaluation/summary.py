"""Turn the tallies of a run into the report's figures.

Headline results per memory (:func:`summarize_tallies`); per budget, 95% bootstrap
intervals, recall per conversation and paired differences to the reference memory
(:func:`intervals`); the budget curve (:func:`by_budget`); and per-query latency
including the query embedding (:func:`end_to_end_latency`).

Example:
    >>> from langchain_neuralmem.evaluation.metrics import QuestionScore
    >>> tally = Tally({64: [QuestionScore("1", 1.0, conversation="a"),
    ...                     QuestionScore("5", 0.0, conversation="a"),
    ...                     QuestionScore("2", 0.0, conversation="b")]})
    >>> by_budget({"bm25": tally}, [64], excluded=["5"])
    {'64': {'bm25': 0.5}}
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from langchain_neuralmem.evaluation.bootstrap import Bootstrap
from langchain_neuralmem.evaluation.memories import NEURAL_VARIANTS
from langchain_neuralmem.evaluation.metrics import QuestionScore, by_conversation, summarize
from langchain_neuralmem.evaluation.replay import Tally, embeds

__all__ = [
    "REFERENCE",
    "by_budget",
    "ci_pair",
    "end_to_end_latency",
    "intervals",
    "locomo_results",
    "round_ms",
    "summarize_tallies",
]

#: The memory every other one is compared with (paired bootstrap differences).
REFERENCE = "neural"


def summarize_tallies(
    tallies: dict[str, Tally],
    budget: int,
    *,
    excluded: Sequence[str],
    conversations: bool = False,
) -> dict[str, dict[str, Any]]:
    """Per memory, :func:`~langchain_neuralmem.evaluation.metrics.summarize` at ``budget``.

    Adds ``budget_overflows`` and ``replay_s``; ``vs_vector`` to ``neural`` and
    ``vs_neural`` to its ablations (differences in evidence recall) when both ran.
    """
    results: dict[str, dict[str, Any]] = {}
    for name, tally in tallies.items():
        res = summarize(
            tally.scores.get(budget, []), excluded=excluded, conversations=conversations
        )
        res["budget_overflows"] = tally.overflows
        res["replay_s"] = round(tally.replay_s, 3)
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


def locomo_results(
    tallies: dict[str, Tally], budgets: Sequence[int], excluded: Sequence[str], *, skipped: int
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, dict[str, Any]]], Bootstrap]:
    """Headline results at ``budgets[0]`` with their intervals; the intervals of every budget.

    Returns ``(results, details, bootstrap)``: ``details`` is :func:`intervals`, whose
    ``ci95`` and ``vs`` at the headline budget are copied into ``results``; each result
    also records the ``skipped`` questions (malformed evidence).
    """
    budget = budgets[0]
    results = summarize_tallies(tallies, budget, excluded=excluded, conversations=True)
    details, boot = intervals(tallies, budgets, excluded)
    for name, res in results.items():
        res["ci95"] = details[str(budget)][name]["ci95"]
        if "vs" in details[str(budget)][name]:
            res["vs"] = details[str(budget)][name]["vs"]
    for res in results.values():
        res["skipped"] = skipped
    return results, details, boot


def end_to_end_latency(report: dict[str, Any]) -> None:
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
        if res.get("recall_ms_p95") is not None and embeds(name):
            res["end_to_end_ms_p95"] = round(res["recall_ms_p95"] + embed, 2)
    if "end_to_end_ms_p95" in results.get("neural", {}) and "end_to_end_ms_p95" in results.get(
        "vector", {}
    ):
        results["neural"]["latency_p95_vs_vector"] = round(
            results["neural"]["end_to_end_ms_p95"] / results["vector"]["end_to_end_ms_p95"], 2
        )


def by_budget(
    tallies: dict[str, Tally], budgets: Sequence[int], excluded: Sequence[str]
) -> dict[str, dict[str, float | None]]:
    """Per budget and memory, the mean evidence recall of the questions not ``excluded``."""
    skip = set(excluded)
    out: dict[str, dict[str, float | None]] = {}
    for b in budgets:
        row: dict[str, float | None] = {}
        for name, tally in tallies.items():
            kept = [s.recall for s in tally.scores.get(b, []) if s.category not in skip]
            row[name] = round(sum(kept) / len(kept), 4) if kept else None
        out[str(b)] = row
    return out


def ci_pair(lo: float, hi: float) -> list[float] | None:
    """An interval for the JSON (``None`` when there was nothing to resample)."""
    if math.isnan(lo) or math.isnan(hi):
        return None
    return [round(lo, 4), round(hi, 4)]


def intervals(
    tallies: dict[str, Tally],
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

    def kept(tally: Tally, b: int) -> list[QuestionScore]:
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
                "evidence_recall": round(sum(values[name]) / len(scores), 4) if scores else None,
                "ci95": ci_pair(lo, hi),
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
                ci = ci_pair(lo, hi)
                vs[name] = {
                    "diff": None if math.isnan(diff) else round(diff, 4),
                    "ci95": ci,
                    "significant": ci is not None and (ci[0] > 0.0 or ci[1] < 0.0),
                }
            row[reference]["vs"] = vs
        out[str(b)] = row
    return out, boot


def round_ms(value: float) -> float | None:
    """Milliseconds for the JSON: three decimals, ``None`` for NaN (nothing was timed)."""
    return None if math.isnan(value) else round(value, 3)
