"""Markdown tables from ``neuralmem eval locomo`` JSON reports (``neuralmem eval report``).

The docs' results page is this function's output, so every figure on it traces back
to a JSON file and the command recorded inside it.

Example:
    >>> report = {"dataset": "locomo", "split": "dev", "budget_tokens": 8, "command": "c",
    ...           "tokenizer": "t", "results": {"neural": {"evidence_recall": 0.5,
    ...           "by_category": {"1": 0.5}, "questions": 2, "context_tokens_mean": 7.0,
    ...           "recall_ms_p50": 1.0, "recall_ms_p95": 2.0}}}
    >>> "| neural | 0.500 |" in render_locomo(report)
    True
"""

from __future__ import annotations

from typing import Any

CATEGORY_NAMES = {"1": "multi-hop", "2": "temporal", "3": "open-domain", "4": "single-hop"}


def _f(value: Any, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def render_locomo(report: dict[str, Any], *, plot: str | None = None) -> str:
    """One results section: the command, the main table, per-category and budget tables."""
    results: dict[str, dict[str, Any]] = report["results"]
    cats = sorted({c for r in results.values() for c in r.get("by_category", {})})
    lines = [
        f"### LoCoMo {report.get('split', '?')} split, {report['budget_tokens']} tokens",
        "",
        f"Command: `{report['command']}`  ",
        f"Weights: {report.get('weights', 'shipped')}  ",
        f"Token counter: {report['tokenizer']}; questions: categories 1-4 "
        f"({results[next(iter(results))].get('questions')} asked), category 5 apart.",
        "",
        "| memory | evidence recall | vs vector | "
        + " | ".join(f"cat {c} ({CATEGORY_NAMES.get(c, c)})" for c in cats)
        + " | cat 5 | tokens (mean) | recall p50 / p95 ms | end-to-end p95 ms |",
        "|---|---|---|" + "---|" * len(cats) + "---|---|---|---|",
    ]
    vector = results.get("vector", {}).get("evidence_recall")
    for name, r in results.items():
        own = r.get("evidence_recall")
        delta = (
            f"{own - vector:+.3f}"
            if own is not None and vector is not None and name != "vector"
            else ""
        )
        cells = [_f(r.get("by_category", {}).get(c)) for c in cats]
        cat5 = r.get("category_5", {}).get("evidence_recall")
        lines.append(
            f"| {name} | {_f(own)} | {delta} | "
            + " | ".join(cells)
            + f" | {_f(cat5)} | {_f(r.get('context_tokens_mean'), 0)} | "
            f"{_f(r.get('recall_ms_p50'), 1)} / {_f(r.get('recall_ms_p95'), 1)} | {_f(r.get('end_to_end_ms_p95'), 1)} |"
        )
    lines.append("")
    if "query_embed_ms_p95" in report:
        lines.append(
            f"Query embedding (paid by every embedding memory, not in `recall` columns): "
            f"p50 {_f(report.get('query_embed_ms_p50'), 1)} ms, p95 {_f(report.get('query_embed_ms_p95'), 1)} ms."
        )
        lines.append("")
    by_budget = report.get("by_budget")
    if by_budget:
        budgets = sorted(by_budget, key=int)
        lines += [
            "| memory | " + " | ".join(f"{b} tokens" for b in budgets) + " |",
            "|---|" + "---|" * len(budgets),
        ]
        for name in results:
            lines.append(
                f"| {name} | " + " | ".join(_f(by_budget[b].get(name)) for b in budgets) + " |"
            )
        lines.append("")
    if plot:
        lines += [f"![evidence recall against budget]({plot})", ""]
    return "\n".join(lines)


def render_babi(report: dict[str, Any]) -> str:
    """Supporting-fact recall per bAbI task for every memory of a ``neuralmem eval babi`` report."""
    results: dict[str, dict[str, Any]] = report["results"]
    names = list(results)
    tasks = sorted(
        {t for r in results.values() for t in r.get("by_task", {})}, key=lambda t: int(t[2:])
    )
    size = (
        f"top {report['top_k']} turns"
        if report.get("top_k")
        else f"{report['budget_tokens']} tokens"
    )
    lines = [
        f"### bAbI en-10k {report.get('split', '?')} split, {size}",
        "",
        f"Command: `{report['command']}`  ",
        f"{report.get('per_task')} stories per task, {report.get('questions_asked')} questions. "
        + str(report.get("reference", {}).get("note", "")),
        "",
        "| task | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for t in tasks:
        lines.append(
            f"| {t} | " + " | ".join(_f(results[n].get("by_task", {}).get(t)) for n in names) + " |"
        )
    lines.append(
        "| **mean** | "
        + " | ".join(f"**{_f(results[n].get('supporting_fact_recall'))}**" for n in names)
        + " |"
    )
    return "\n".join([*lines, ""])
