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

from collections.abc import Mapping, Sequence
from typing import Any

CATEGORY_NAMES = {"1": "multi-hop", "2": "temporal", "3": "open-domain", "4": "single-hop"}


def _f(value: Any, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _breakdown(
    title: str,
    label: str,
    keys: Sequence[str],
    counts: Mapping[str, Any],
    results: Mapping[str, Mapping[str, Any]],
    field: str,
) -> list[str]:
    """A titled table: one row per key (its question count, then each memory's ``field``)."""
    names = [n for n in results if field in results[n]]
    lines = [
        title,
        "",
        f"| {label} | questions | " + " | ".join(names) + " |",
        "|---|---|" + "---|" * len(names),
    ]
    for k in keys:
        lines.append(
            f"| {k} | {counts.get(k, '')} | "
            + " | ".join(_f(results[n][field].get(k)) for n in names)
            + " |"
        )
    lines.append("")
    return lines


def _ci(interval: Any) -> str:
    """``[lo, hi]`` as ``"0.412–0.488"``; ``"–"`` when absent."""
    if not interval or interval[0] is None or interval[1] is None:
        return "–"
    return f"{interval[0]:.3f}–{interval[1]:.3f}"


def _with_ci(value: Any, interval: Any) -> str:
    """A recall and, when known, its interval: ``"0.450 (0.412–0.488)"``."""
    ci = _ci(interval)
    return _f(value) if ci == "–" else f"{_f(value)} ({ci})"


def _diff(entry: dict[str, Any] | None) -> str:
    """A paired difference ``"+0.150 (+0.080, +0.220) *"``; ``*`` when the CI excludes 0."""
    if not entry or entry.get("diff") is None:
        return "–"
    text = f"{entry['diff']:+.3f}"
    ci = entry.get("ci95")
    if ci and ci[0] is not None:
        text += f" ({ci[0]:+.3f}, {ci[1]:+.3f})"
    return text + (" *" if entry.get("significant") else "")


def _label_key(label: str) -> tuple[int, int, str]:
    return (0, int(label), "") if label.isdigit() else (1, 0, label)


def render_locomo(report: dict[str, Any], *, plot: str | None = None) -> str:
    """One results section: the command, the main table, then (when the report has them)
    paired differences with 95% CIs, recall per budget, per kind and per conversation."""
    # The neural memory first, the rest in the report's order (JSON files are key-sorted).
    results: dict[str, dict[str, Any]] = {
        n: report["results"][n] for n in sorted(report["results"], key=lambda n: n != "neural")
    }
    cats = sorted({c for r in results.values() for c in r.get("by_category", {})}, key=_label_key)
    boot = report.get("bootstrap")
    lines = [
        f"### LoCoMo {report.get('split', '?')} split, {report['budget_tokens']} tokens",
        "",
        f"Command: `{report['command']}`  ",
        f"Weights: {report.get('weights', 'shipped')}  ",
        f"Token counter: {report['tokenizer']}; questions: categories 1-4 "
        f"({results[next(iter(results))].get('questions')} asked), category 5 apart.",
    ]
    if boot:
        lines[-1] += "  "
        lines.append(
            f"95% CI: {boot.get('resamples')} bootstrap resamples (seed {boot.get('seed')}): "
            f"{boot.get('method')}."
        )
    lines += [
        "",
        "| memory | evidence recall | 95% CI | vs vector | "
        + " | ".join(f"cat {c} ({CATEGORY_NAMES.get(c, c)})" for c in cats)
        + " | cat 5 | tokens (mean) | recall p50 / p95 ms | end-to-end p95 ms |",
        "|---|---|---|---|" + "---|" * len(cats) + "---|---|---|---|",
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
            f"| {name} | {_f(own)} | {_ci(r.get('ci95'))} | {delta} | "
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
    detail: dict[str, dict[str, Any]] = report.get("by_budget_detail") or {
        str(report["budget_tokens"]): results
    }
    budgets = sorted(detail, key=int)
    reference = next((n for n in results if "vs" in results[n]), None)
    if reference is not None:
        lines += [
            f"{reference} minus each memory on the same questions, with the paired 95% CI "
            "(* = the interval excludes 0):",
            "",
            "| memory | " + " | ".join(f"{b} tokens" for b in budgets) + " |",
            "|---|" + "---|" * len(budgets),
        ]
        for name in results:
            if name == reference:
                continue
            cells = [_diff(detail[b].get(reference, {}).get("vs", {}).get(name)) for b in budgets]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")
    by_budget = report.get("by_budget")
    if by_budget:
        budgets = sorted(by_budget, key=int)
        lines += [
            "Evidence recall at each budget (categories 1-4), with its 95% CI:",
            "",
            "| memory | " + " | ".join(f"{b} tokens" for b in budgets) + " |",
            "|---|" + "---|" * len(budgets),
        ]
        for name in results:
            cells = [
                _with_ci(by_budget[b].get(name), detail.get(b, {}).get(name, {}).get("ci95"))
                for b in budgets
            ]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")
    kinds = sorted({k for r in results.values() for k in r.get("by_kind", {})}, key=_label_key)
    if kinds:
        lines += _breakdown(
            "Evidence recall by question kind (categories 1-4):",
            "kind",
            kinds,
            next(iter(results.values())).get("questions_by_kind", {}),
            results,
            "by_kind",
        )
    convs = list(dict.fromkeys(c for r in results.values() for c in r.get("by_conversation", {})))
    if convs:
        lines += _breakdown(
            f"Evidence recall per conversation at {report['budget_tokens']} tokens (categories 1-4):",
            "conversation",
            convs,
            report.get("questions_by_conversation", {}),
            results,
            "by_conversation",
        )
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
