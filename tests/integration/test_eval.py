"""The evaluation harness end to end: real encoder, real FAISS, shipped weights.

Most tests run on a tiny hand-written LoCoMo-format conversation written to
``tmp_path``; the last two read the real LoCoMo dev split and bAbI from
``../shared/data`` and skip cleanly when that folder is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from langchain_neuralmem.evaluation.memories import MEMORY_NAMES
from langchain_neuralmem.evaluation.runner import run_babi, run_locomo
from tests.conftest import SHARED_DATA
from tests.fixtures_eval import SESSION_2, write_babi_fixture, write_locomo_fixture

BUDGET = 64
TIMING = {
    "recall_ms_p50",
    "recall_ms_p95",
    "replay_s",
    "end_to_end_ms_p95",
    "latency_p95_vs_vector",
}


@pytest.fixture(scope="module")
def fixture_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_locomo_fixture(tmp_path_factory.mktemp("locomo"))


@pytest.fixture(scope="module")
def report(fixture_file: Path, encoder: Any, model: Any) -> dict[str, Any]:
    return run_locomo(
        fixture_file,
        memories=MEMORY_NAMES,
        budget=BUDGET,
        plot_budgets=(32, 128),
        weights=model,
        encoder=encoder,
        threads=1,
        progress=False,
    )


def _scores(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: {k: v for k, v in res.items() if k not in TIMING}
        for name, res in report["results"].items()
    }


def test_report_fields_and_types(report: dict[str, Any], fixture_file: Path) -> None:
    assert report["dataset"] == "locomo"
    assert report["data"] == str(fixture_file)
    assert report["split"] == "fixture"
    assert report["budget_tokens"] == BUDGET
    assert report["tokenizer"] == "sentence-transformers/all-MiniLM-L6-v2 (WordPiece)"
    assert report["skipped_questions"] == 1  # its only evidence id is "D"
    assert report["dropped_evidence_ids"] == {"fixture-1": ["D"]}
    assert report["questions_asked"] == 4
    assert set(report["results"]) == set(MEMORY_NAMES)
    for name, res in report["results"].items():
        assert isinstance(res["evidence_recall"], float), name
        assert 0.0 <= res["evidence_recall"] <= 1.0
        assert set(res["by_category"]) == {"1", "2", "4"}  # 5 is apart, 3 absent
        assert all(isinstance(v, float) for v in res["by_category"].values())
        assert res["questions"] == 3 and isinstance(res["questions"], int)
        assert res["skipped"] == 1
        assert res["category_5"]["questions"] == 1
        assert isinstance(res["context_tokens_mean"], float)
        assert isinstance(res["recall_ms_p50"], float) and isinstance(res["recall_ms_p95"], float)
        assert res["recall_ms_p50"] <= res["recall_ms_p95"]
    assert isinstance(report["results"]["neural"]["vs_vector"], float)
    assert set(report["by_budget"]) == {"32", "64", "128"}
    assert set(report["by_budget"]["64"]) == set(MEMORY_NAMES)
    assert report["by_budget"]["64"]["neural"] == report["results"]["neural"]["evidence_recall"]
    json.dumps(report)  # JSON-ready: no nan, no numpy types


def test_every_memory_respects_the_budget(report: dict[str, Any]) -> None:
    for name, res in report["results"].items():
        assert res["context_tokens_mean"] <= BUDGET, name
        assert res["context_tokens_max"] <= BUDGET, name
        assert res["budget_overflows"] == 0, name


def test_recency_finds_the_last_turn(report: dict[str, Any]) -> None:
    # Category 2's only question cites the conversation's last turn.
    assert report["results"]["recency"]["by_category"]["2"] == 1.0
    assert SESSION_2[-1][1]  # (the fixture's last turn is non-empty)


def test_a_bigger_budget_never_holds_less_for_recency(report: dict[str, Any]) -> None:
    row = {b: report["by_budget"][b]["recency"] for b in ("32", "64", "128")}
    assert row["32"] <= row["64"] <= row["128"]


def test_the_run_is_deterministic(report: dict[str, Any], fixture_file: Path, encoder, model):
    again = run_locomo(
        fixture_file,
        memories=MEMORY_NAMES,
        budget=BUDGET,
        plot_budgets=(32, 128),
        weights=model,
        encoder=encoder,
        threads=1,
        progress=False,
    )
    assert _scores(again) == _scores(report)
    assert again["by_budget"] == report["by_budget"]


def test_cli_writes_the_json_and_the_plot(fixture_file: Path, tmp_path: Path) -> None:
    from langchain_neuralmem.cli import main

    out, png = tmp_path / "eval.json", tmp_path / "budget.png"
    argv = ["eval", "locomo", "--data", str(fixture_file), "--budget-tokens", str(BUDGET)]
    argv += ["--memories", "neural,recency", "--json", str(out), "--plot", str(png)]
    argv += ["--split", "toy", "--no-progress"]
    assert main(argv) == 0
    data = json.loads(out.read_text())
    assert data["split"] == "toy"
    assert data["command"].startswith("neuralmem eval locomo --data ")
    assert set(data["results"]) == {"neural", "recency"}
    assert set(data["by_budget"]) == {"256", "512", "1024", "2048", str(BUDGET)}
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_rejects_a_missing_file_and_an_unknown_memory(tmp_path: Path, fixture_file) -> None:
    from langchain_neuralmem.cli import main

    assert main(["eval", "locomo", "--data", str(tmp_path / "nope.json"), "--json", "-"]) == 2
    assert main(["eval", "locomo", "--data", str(fixture_file), "--memories", "neural,rag"]) == 2


def test_babi_on_a_toy_story(tmp_path: Path, encoder, model) -> None:
    folder = write_babi_fixture(tmp_path / "babi")
    rep = run_babi(
        folder,
        memories=["neural", "vector", "bm25", "recency"],
        budget=24,
        weights=model,
        encoder=encoder,
        threads=1,
        progress=False,
    )
    assert rep["accuracy"] is None and "no answer head" in rep["reference"]["note"]
    assert "4%" in rep["reference"]["babi_10k_mean_answer_error"]
    for name, res in rep["results"].items():
        assert res["questions"] == 3 and set(res["by_task"]) == {"qa1"}, name
        assert res["context_tokens_max"] <= 24 and res["budget_overflows"] == 0, name
    # Each fact is among the last two lines (about 17 tokens) when it is asked about.
    assert rep["results"]["recency"]["supporting_fact_recall"] == 1.0
    top = run_babi(
        folder, memories=["recency", "bm25"], budget=None, top_k=1, encoder=encoder,
        threads=1, progress=False,
    )  # fmt: skip
    assert top["top_k"] == 1 and top["budget_tokens"] is None
    # The last line before each question is the supporting fact only for the third.
    assert top["results"]["recency"]["supporting_fact_recall"] == pytest.approx(1 / 3, abs=1e-4)


@pytest.mark.skipif(
    not (SHARED_DATA / "locomo" / "locomo_dev.json").is_file(),
    reason="../shared/data/locomo/locomo_dev.json is not present",
)
def test_real_locomo_dev_one_conversation(encoder, model) -> None:
    """Reads ../shared/data/locomo/locomo_dev.json; skipped when it is absent."""
    rep = run_locomo(
        SHARED_DATA / "locomo" / "locomo_dev.json",
        memories=["neural", "vector", "bm25", "recency"],
        budget=512,
        weights=model,
        encoder=encoder,
        limit_conversations=1,
        limit_questions=20,
        threads=1,
        progress=False,
    )
    assert rep["split"] == "dev" and rep["conversations"] == 1
    assert rep["questions_asked"] == 20
    for name, res in rep["results"].items():
        assert res["questions"] + res["category_5"]["questions"] == 20, name
        assert res["context_tokens_max"] <= 512 and res["budget_overflows"] == 0, name
        assert set(res["by_category"]) <= {"1", "2", "3", "4"}
    assert max(res["evidence_recall"] for res in rep["results"].values()) > 0.0


@pytest.mark.skipif(
    not (SHARED_DATA / "babi-en-10k").is_dir(),
    reason="../shared/data/babi-en-10k is not present",
)
def test_real_babi_one_story_per_task(encoder, model) -> None:
    """Reads ../shared/data/babi-en-10k; skipped when it is absent."""
    rep = run_babi(
        SHARED_DATA / "babi-en-10k",
        memories=["neural", "recency"],
        per_task=1,
        budget=64,
        weights=model,
        encoder=encoder,
        threads=1,
        progress=False,
    )
    assert rep["stories"] == 20
    res = rep["results"]["neural"]
    assert len(res["by_task"]) == 20 and 0.0 <= res["supporting_fact_recall"] <= 1.0
    assert res["context_tokens_max"] <= 64
