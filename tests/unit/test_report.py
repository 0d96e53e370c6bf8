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
    assert "| neural | 0.751 | +0.150 | 0.500 | 0.800 | 0.400 | 990 | 5.0 / 6.0 | 18.0 |" in text
    assert "| vector | 0.601 |  |" in text
    assert "| neural | 0.400 | 0.751 |" in text


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
