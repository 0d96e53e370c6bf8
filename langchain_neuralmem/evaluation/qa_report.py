"""The figures of a LoCoMo QA run: per-memory summaries, a markdown table, a bar chart.

:func:`summarize_answers` turns one memory's :class:`QAAnswer` rows into its
results (F1 overall and per category with a 95% bootstrap interval, judge accuracy,
context tokens, latency); :func:`paired_vs` adds the reference memory's paired
differences; :func:`render_qa` and :func:`plot_qa_f1` present a report.

Example:
    >>> from langchain_neuralmem.evaluation.bootstrap import Bootstrap
    >>> rows = [QAAnswer("m", "c", "q", "4", "", "Rex", "Rex", 1.0, 1.0, 9, 0.5, 20.0),
    ...         QAAnswer("m", "c", "q", "5", "", "Rex", "Rex", 0.0, 1.0, 9, 0.5, 20.0)]
    >>> res = summarize_answers(rows, overflows=0, replay_s=0.0, shares={"4": 1.0},
    ...                         boot=Bootstrap(["c"]), judged=False)
    >>> res["f1"], res["by_category"], res["adversarial_accuracy"]
    (1.0, {'4': 1.0, '5': 0.0}, 0.0)
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from langchain_neuralmem.evaluation.bootstrap import Bootstrap
from langchain_neuralmem.evaluation.metrics import mean, percentile
from langchain_neuralmem.evaluation.qa_metrics import ADVERSARIAL, is_abstention
from langchain_neuralmem.evaluation.report import CATEGORY_NAMES
from langchain_neuralmem.evaluation.summary import REFERENCE, ci_pair

__all__ = [
    "EXCLUDED",
    "ORACLE",
    "QA_CATEGORY_NAMES",
    "SAMPLING_NOTE",
    "SCORING_NOTE",
    "QAAnswer",
    "category_counts",
    "paired_vs",
    "plot_qa_f1",
    "render_qa",
    "summarize_answers",
]

#: The memory that is given exactly the gold evidence turns (the upper bound).
ORACLE = "oracle"
#: LoCoMo's categories by number, adversarial (5) included.
QA_CATEGORY_NAMES: dict[str, str] = {**CATEGORY_NAMES, "5": "adversarial"}
#: Categories left out of the headline ``f1`` (reported under ``by_category``).
EXCLUDED: tuple[str, ...] = (str(ADVERSARIAL),)
#: How the questions were sampled (for the report).
SAMPLING_NOTE = (
    "seeded and category-balanced: each category gets an equal share of the limit "
    "where it has enough questions (the rest go to the others), dealt round-robin "
    "over the conversations; f1 is the mean over the sampled questions of "
    "categories 1-4, f1_file_weighted reweights the per-category means to the "
    "file's own category mix"
)
#: How the answers are scored (for the report).
SCORING_NOTE = (
    "LoCoMo F1: lower-case, punctuation and a/an/the/and removed, Porter-stemmed "
    "token F1; multi-hop (1): mean over the gold's comma-separated parts of the best "
    "F1 over the prediction's parts; open-domain (3): against the gold's first "
    "';'-option; adversarial (5): 1 if the answer says it is not mentioned / no "
    "information is available, else 0. f1 and judge_accuracy cover categories 1-4; "
    "ci95: 95% bootstrap interval; vs: neural minus that memory on the same "
    "questions (paired). oracle: the gold evidence turns alone, the upper bound."
)


@dataclass
class QAAnswer:
    """One question answered from one memory's context.

    Attributes:
        memory: the memory's name.
        conversation: the conversation's id.
        question: the question.
        category: its LoCoMo category ("1".."5").
        kind: its own label (the generator's kinds), ``""`` when it has none.
        gold: the reference answer (for category 5, the answer the question's false
            premise invites; not what is scored).
        prediction: the model's answer (:func:`answer_text` of its reply).
        f1: LoCoMo's score of the prediction.
        evidence_recall: share of the gold evidence turns present in the context.
        context_tokens: tokens of the context (the shared counter).
        recall_ms: milliseconds the memory took to build the context.
        answer_ms: milliseconds the chat model took; ``None`` if the reply was reused.
        judge: the judge's verdict (``None``: no judge, category 5, or no verdict).
    """

    memory: str
    conversation: str
    question: str
    category: str
    kind: str
    gold: str
    prediction: str
    f1: float
    evidence_recall: float
    context_tokens: int
    recall_ms: float
    answer_ms: float | None
    judge: bool | None = None


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None or math.isnan(value) else round(value, digits)


def _cat_key(label: str) -> tuple[int, str]:
    return (int(label), "") if label.isdigit() else (1 << 30, label)


def category_counts(categories: Iterable[str]) -> dict[str, int]:
    """How many of each category, in category order.

    Example:
        >>> category_counts(["4", "1", "4"])
        {'1': 1, '4': 2}
    """
    counts: dict[str, int] = {}
    for c in categories:
        counts[c] = counts.get(c, 0) + 1
    return {k: counts[k] for k in sorted(counts, key=_cat_key)}


def _means(
    rows: Sequence[QAAnswer], key: str, value: Callable[[QAAnswer], float | None]
) -> dict[str, float | None]:
    groups: dict[str, list[float]] = {}
    for a in rows:
        v = value(a)
        if v is not None:
            groups.setdefault(getattr(a, key), []).append(float(v))
    return {k: _r(mean(groups[k])) for k in sorted(groups, key=_cat_key)}


def summarize_answers(
    rows: Sequence[QAAnswer],
    *,
    overflows: int,
    replay_s: float,
    shares: Mapping[str, float],
    boot: Bootstrap,
    judged: bool,
) -> dict[str, Any]:
    """One memory's results from its answers, in question order (see ``run_locomo_qa``).

    ``shares`` are the headline categories' shares of the whole file (for
    ``f1_file_weighted``); ``boot`` resamples the headline questions; ``judged`` adds
    the judge's figures.
    """
    kept = [a for a in rows if a.category not in EXCLUDED]
    by_cat = _means(rows, "category", lambda a: a.f1)
    weighted = [(w, v) for c, w in shares.items() if (v := by_cat.get(c)) is not None]
    total_share = sum(w for w, _ in weighted)
    timed = [a.answer_ms for a in rows if a.answer_ms is not None]
    lo, hi = boot.ci([a.f1 for a in kept])
    out: dict[str, Any] = {
        "f1": _r(mean(a.f1 for a in kept)),
        "ci95": ci_pair(lo, hi),
        "f1_all": _r(mean(a.f1 for a in rows)),
        "f1_file_weighted": _r(sum(w * v for w, v in weighted) / total_share)
        if total_share
        else None,
        "by_category": by_cat,
        "questions": len(kept),
        "questions_by_category": category_counts(a.category for a in rows),
        "adversarial_accuracy": by_cat.get(str(ADVERSARIAL)),
        "evidence_recall": _r(mean(a.evidence_recall for a in kept)),
        "abstained": sum(is_abstention(a.prediction) for a in rows),
        "context_tokens_mean": _r(mean(a.context_tokens for a in rows), 2),
        "context_tokens_max": max((a.context_tokens for a in rows), default=0),
        "budget_overflows": overflows,
        "recall_ms_p50": _r(percentile([a.recall_ms for a in rows], 50), 3),
        "answer_ms_mean": _r(mean(timed), 1),
        "answer_ms_p50": _r(percentile(timed, 50), 1),
        "answer_ms_p95": _r(percentile(timed, 95), 1),
        "answers_generated": len(timed),
        "replay_s": round(replay_s, 3),
    }
    if any(a.kind for a in rows):
        out["by_kind"] = _means(kept, "kind", lambda a: a.f1)
    if judged:
        verdicts = [float(a.judge) for a in kept if a.judge is not None]
        out["judge_accuracy"] = _r(mean(verdicts))
        out["judge_by_category"] = _means(
            kept, "category", lambda a: None if a.judge is None else float(a.judge)
        )
        out["judge_unparsed"] = len(kept) - len(verdicts)
    return out


def paired_vs(
    results: dict[str, dict[str, Any]], ordered: Mapping[str, Sequence[QAAnswer]], boot: Bootstrap
) -> None:
    """Add ``vs`` to the reference memory: its F1 minus each other memory's, paired."""
    if REFERENCE not in ordered:
        return
    ref = [a.f1 for a in ordered[REFERENCE] if a.category not in EXCLUDED]
    vs: dict[str, dict[str, Any]] = {}
    for name, rows in ordered.items():
        if name == REFERENCE:
            continue
        diff, lo, hi = boot.diff(ref, [a.f1 for a in rows if a.category not in EXCLUDED])
        ci = ci_pair(lo, hi)
        vs[name] = {
            "diff": _r(diff),
            "ci95": ci,
            "significant": ci is not None and (ci[0] > 0.0 or ci[1] < 0.0),
        }
    results[REFERENCE]["vs"] = vs


def _f(value: Any, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def render_qa(report: Mapping[str, Any]) -> str:
    """A markdown table of a :func:`run_locomo_qa` report: F1 per memory and category.

    Example:
        >>> r = {"split": "dev", "model": "m", "budget_tokens": 64, "questions_asked": 2,
        ...      "questions_by_category": {"1": 1, "5": 1}, "judge_model": None,
        ...      "results": {"oracle": {"f1": 1.0, "ci95": None, "by_category": {"1": 1.0,
        ...      "5": 0.0}, "context_tokens_mean": 9.0, "answer_ms_p50": 3.0}}}
        >>> "| oracle | 1.000 | – | 1.000 | 0.000 | 9 | 3 |" in render_qa(r)
        True
    """
    cats = list(report.get("questions_by_category", {}))
    judged = bool(report.get("judge_model"))
    counts = report.get("questions_by_category", {})
    head = ["memory", "F1 (1-4)", "95% CI"]
    head += [f"{QA_CATEGORY_NAMES.get(c, c)} ({counts.get(c, 0)})" for c in cats]
    head += ["judge acc."] if judged else []
    head += ["context tokens", "answer ms p50"]
    lines = [
        f"LoCoMo ({report.get('split')}) question answering: {report.get('questions_asked')} "
        f"questions, model {report.get('model')}, {report.get('budget_tokens')}-token contexts",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|",
    ]
    for name, res in report.get("results", {}).items():
        ci = res.get("ci95")
        cells = [name, _f(res.get("f1")), "–" if not ci else f"{ci[0]:.3f}–{ci[1]:.3f}"]
        cells += [_f(res.get("by_category", {}).get(c)) for c in cats]
        cells += [_f(res.get("judge_accuracy"))] if judged else []
        cells += [_f(res.get("context_tokens_mean"), 0), _f(res.get("answer_ms_p50"), 0)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def plot_qa_f1(
    report: Mapping[str, Any],
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
) -> None:
    """Bar chart (PNG, matplotlib Agg) of each memory's F1, overall (1-4) and per category.

    Baselines and the oracle are hatched, so the trained memories stand out.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "qa.png")
        >>> plot_qa_f1({"results": {"neural": {"f1": 0.4, "by_category": {"1": 0.3}},
        ...                         "oracle": {"f1": 0.8, "by_category": {"1": 0.7}}}}, path)
        >>> os.path.getsize(path) > 0
        True
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from langchain_neuralmem.evaluation.plots import BASELINE_NAMES

    results = report["results"]
    names = list(results)
    cats = sorted({c for r in results.values() for c in r.get("by_category", {})}, key=_cat_key)
    groups = ["all (1-4)", *(QA_CATEGORY_NAMES.get(c, c) for c in cats)]
    width = 0.8 / max(len(names), 1)
    fig, ax = plt.subplots(figsize=(max(7.0, 1.3 * len(groups) + 2), 4.5))
    try:
        for k, name in enumerate(names):
            res = results[name]
            ys = [res.get("f1"), *(res.get("by_category", {}).get(c) for c in cats)]
            xs = [g + (k - (len(names) - 1) / 2) * width for g in range(len(groups))]
            ax.bar(
                xs,
                [0.0 if y is None else y for y in ys],
                width=width,
                label=name,
                hatch="//" if name in BASELINE_NAMES or name == ORACLE else None,
                edgecolor="white",
            )
        ax.set_xticks(range(len(groups)), labels=groups)
        ax.set_ylabel("LoCoMo F1")
        ax.set_ylim(0.0, 1.0)
        ax.set_title(
            title or f"LoCoMo ({report.get('split', '?')}): answer F1 by memory and category"
        )
        ax.grid(True, axis="y", alpha=0.3)
        ax.legend(loc="best", fontsize="small")
        fig.tight_layout()
        fig.savefig(os.fspath(path), format="png", dpi=120)
    finally:
        plt.close(fig)
