"""`neuralmem eval report`: markdown tables rendered from eval JSON, figures unchanged."""

import json

from langchain_neuralmem.cli import main
from langchain_neuralmem.evaluation.report import render_locomo

REPORT = {
    "dataset": "locomo",
    "split": "dev",
    "budget_tokens": 1024,
    "command": "neuralmem eval locomo --data x.json",
    "tokenizer": "wordpiece",
    "query_embed_ms_p50": 9.0,
    "query_embed_ms_p95": 12.0,
    "results": {
        "neural": {"evidence_recall": 0.7512, "by_category": {"1": 0.5, "4": 0.8}, "questions": 10,
                   "context_tokens_mean": 990.0, "recall_ms_p50": 5.0, "recall_ms_p95": 6.0,
                   "end_to_end_ms_p95": 18.0, "category_5": {"evidence_recall": 0.4}},
        "vector": {"evidence_recall": 0.6012, "by_category": {"1": 0.4, "4": 0.7}, "questions": 10,
                   "context_tokens_mean": 1000.0, "recall_ms_p50": 1.0, "recall_ms_p95": 2.0},
    },
    "by_budget": {"256": {"neural": 0.4, "vector": 0.45}, "1024": {"neural": 0.7512, "vector": 0.6012}},
}  # fmt: skip


def test_tables_carry_the_figures_and_the_command():
    text = render_locomo(REPORT)
    assert "neuralmem eval locomo --data x.json" in text
    assert (
        "| neural | 0.751 | – | +0.150 | 0.500 | 0.800 | 0.400 | 990 | 5.0 / 6.0 | 18.0 |" in text
    )
    assert "| vector | 0.601 | – |  |" in text
    assert "| neural | 0.400 | 0.751 |" in text
    # A report without intervals has no difference, kind or conversation tables.
    assert "paired 95% CI" not in text and "by question kind" not in text
    assert "per conversation" not in text


def _ci_report():
    detail = {
        "256": {
            "neural": {
                "ci95": [0.35, 0.45],
                "vs": {
                    "vector": {"diff": -0.05, "ci95": [-0.1, 0.01], "significant": False},
                    "hybrid": {"diff": -0.08, "ci95": [-0.12, -0.04], "significant": True},
                },
            },
            "vector": {"ci95": [0.4, 0.5]},
            "hybrid": {"ci95": [0.43, 0.53]},
        },
        "1024": {
            "neural": {
                "ci95": [0.7, 0.8],
                "vs": {
                    "vector": {"diff": 0.15, "ci95": [0.08, 0.22], "significant": True},
                    "hybrid": {"diff": 0.02, "ci95": [-0.03, 0.07], "significant": False},
                },
            },
            "vector": {"ci95": [0.55, 0.65]},
            "hybrid": {"ci95": [0.68, 0.78]},
        },
    }
    results = {
        "neural": {
            "evidence_recall": 0.75,
            "ci95": [0.7, 0.8],
            "vs": detail["1024"]["neural"]["vs"],
            "by_category": {"1": 0.5, "10": 0.9, "4": 0.8},
            "questions": 10,
            "by_kind": {"temporal": 0.6, "multi-hop": 0.9},
            "questions_by_kind": {"temporal": 4, "multi-hop": 6},
            "by_conversation": {"conv-26": 0.7, "conv-30": 0.8},
        },
        "vector": {
            "evidence_recall": 0.6,
            "ci95": [0.55, 0.65],
            "by_category": {"1": 0.4, "4": 0.7},
            "by_kind": {"temporal": 0.5, "multi-hop": 0.65},
            "by_conversation": {"conv-26": 0.55, "conv-30": 0.65},
        },
        "hybrid": {
            "evidence_recall": 0.73,
            "ci95": [0.68, 0.78],
            "by_category": {"1": 0.6, "4": 0.8},
            "by_kind": {"temporal": 0.7, "multi-hop": 0.75},
            "by_conversation": {"conv-26": 0.7, "conv-30": 0.76},
        },
    }
    return {**REPORT, "results": results, "by_budget_detail": detail,
            "by_budget": {"256": {"neural": 0.4, "vector": 0.45, "hybrid": 0.48},
                          "1024": {"neural": 0.75, "vector": 0.6, "hybrid": 0.73}},
            "questions_by_conversation": {"conv-26": 6, "conv-30": 4},
            "bootstrap": {"resamples": 1000, "seed": 0, "method": "two-level cluster bootstrap"}}  # fmt: skip


def test_intervals_differences_kinds_and_conversations():
    text = render_locomo(_ci_report())
    assert "1000 bootstrap resamples (seed 0): two-level cluster bootstrap" in text
    assert "| neural | 0.750 | 0.700–0.800 | +0.150 | 0.500 | 0.800 | 0.900 |" in text  # 1, 4, 10
    assert "| hybrid | 0.730 | 0.680–0.780 | +0.130 |" in text
    # neural minus each memory at every budget, * where the interval excludes 0.
    assert "| vector | -0.050 (-0.100, +0.010) | +0.150 (+0.080, +0.220) * |" in text
    assert "| hybrid | -0.080 (-0.120, -0.040) * | +0.020 (-0.030, +0.070) |" in text
    # Recall per budget with its interval.
    assert "| hybrid | 0.480 (0.430–0.530) | 0.730 (0.680–0.780) |" in text
    assert "| kind | questions | neural | vector | hybrid |" in text
    assert "| multi-hop | 6 | 0.900 | 0.650 | 0.750 |" in text
    assert text.index("| multi-hop |") < text.index("| temporal |")
    assert "| conversation | questions | neural | vector | hybrid |" in text
    assert "| conv-30 | 4 | 0.800 | 0.650 | 0.760 |" in text


def test_cli_report_writes_markdown_and_rejects_other_json(tmp_path, capsys):
    src = tmp_path / "r.json"
    src.write_text(json.dumps(REPORT))
    out = tmp_path / "r.md"
    assert main(["eval", "report", str(src), "--out", str(out)]) == 0
    assert "LoCoMo dev split, 1024 tokens" in out.read_text()
    other = tmp_path / "b.json"
    other.write_text(json.dumps({"dataset": "squad"}))
    assert main(["eval", "report", str(other)]) == 2
    assert "not a `neuralmem eval` report" in capsys.readouterr().err


def test_babi_table_per_task_and_mean():
    from langchain_neuralmem.evaluation.report import render_babi

    report = {"dataset": "babi", "split": "test", "budget_tokens": 64, "command": "c", "per_task": 2,
              "questions_asked": 4, "reference": {"note": "no answer head"},
              "results": {"neural": {"by_task": {"qa2": 0.5, "qa10": 1.0}, "supporting_fact_recall": 0.75}}}  # fmt: skip
    text = render_babi(report)
    assert text.index("| qa2 | 0.500 |") < text.index("| qa10 | 1.000 |")
    assert "| **mean** | **0.750** |" in text and "no answer head" in text
