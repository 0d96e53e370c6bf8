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

from langchain_neuralmem.evaluation.lexical import bm25_preprocess
from langchain_neuralmem.evaluation.memories import MEMORY_NAMES, build_memory
from langchain_neuralmem.evaluation.runner import run_babi, run_locomo
from tests.conftest import SHARED_DATA
from tests.fixtures_eval import SESSION_1, SESSION_2, write_babi_fixture, write_locomo_fixture

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


def test_intervals_per_conversation_and_paired_differences(report: dict[str, Any]) -> None:
    assert report["bootstrap"]["resamples"] == 1000 and report["bootstrap"]["level"] == 0.95
    assert report["questions_by_conversation"] == {"fixture-1": 3}  # category 5 apart
    for name, res in report["results"].items():
        lo, hi = res["ci95"]
        assert 0.0 <= lo <= res["evidence_recall"] <= hi <= 1.0, name
        assert res["by_conversation"] == {"fixture-1": res["evidence_recall"]}, name
    vs = report["results"]["neural"]["vs"]
    assert set(vs) == set(MEMORY_NAMES) - {"neural"}
    for name, d in vs.items():
        own = report["results"][name]["evidence_recall"]
        neural = report["results"]["neural"]["evidence_recall"]
        assert d["diff"] == pytest.approx(neural - own, abs=2e-4)  # both rounded to 4 places
        assert d["ci95"][0] <= d["diff"] <= d["ci95"][1], name
        assert d["significant"] == (d["ci95"][0] > 0 or d["ci95"][1] < 0), name
    # Every memory at every budget, with its interval; the main budget's match results.
    detail = report["by_budget_detail"]
    assert set(detail) == {"32", "64", "128"}
    for b, row in detail.items():
        assert set(row) == set(MEMORY_NAMES), b
        for name, d in row.items():
            assert d["evidence_recall"] == report["by_budget"][b][name], (b, name)
            assert d["ci95"][0] <= d["evidence_recall"] <= d["ci95"][1], (b, name)
        assert set(row["neural"]["vs"]) == set(MEMORY_NAMES) - {"neural"}
    assert detail["64"]["hybrid"]["ci95"] == report["results"]["hybrid"]["ci95"]
    assert detail["64"]["neural"]["vs"] == report["results"]["neural"]["vs"]


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


def test_cli_budgets_report_every_memory_with_intervals(fixture_file: Path, tmp_path: Path) -> None:
    from langchain_neuralmem.cli import main
    from langchain_neuralmem.evaluation.report import render_locomo

    out, png = tmp_path / "eval.json", tmp_path / "budget.png"
    argv = ["eval", "locomo", "--data", str(fixture_file), "--budget-tokens", "48"]
    argv += ["--memories", "neural,vector,hybrid", "--budgets", "32,96", "--no-progress"]
    assert main([*argv, "--json", str(out), "--plot", str(png)]) == 0
    data = json.loads(out.read_text())
    assert set(data["by_budget"]) == set(data["by_budget_detail"]) == {"32", "48", "96"}
    for row in data["by_budget_detail"].values():
        assert set(row) == {"neural", "vector", "hybrid"}
        assert all(d["ci95"] is not None for d in row.values())
        assert set(row["neural"]["vs"]) == {"vector", "hybrid"}
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = render_locomo(data)
    assert "| hybrid |" in text and "paired 95% CI" in text
    for bad in ("32,zero", "0", ","):
        with pytest.raises(SystemExit):
            main(["eval", "locomo", "--data", str(fixture_file), "--budgets", bad])


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


# Two questions on the fixture conversation that need different halves of the hybrid:
# one shares a rare word ("March") with its evidence, which the embedding ranks low;
# one shares no word with its evidence, which only the embedding finds.
LEXICAL_Q, LEXICAL_EVIDENCE = "What about March?", SESSION_1[5]  # D1:6, the cello
SEMANTIC_Q, SEMANTIC_EVIDENCE = "Which family member comes to stay?", SESSION_2[7]  # D2:8
HYBRID_BUDGET = 40


def _line(turn: tuple[str, str]) -> str:
    return f"{turn[0]}: {turn[1]}"


@pytest.fixture(scope="module")
def hybrid_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_locomo_fixture(tmp_path_factory.mktemp("hybrid"))
    records = json.loads(path.read_text())
    records[0]["qa"] = [
        {"question": LEXICAL_Q, "answer": "cello", "evidence": ["D1:6"], "category": 1},
        {"question": SEMANTIC_Q, "answer": "Ines", "evidence": ["D2:8"], "category": 2},
    ]
    path.write_text(json.dumps(records))
    return path


def test_the_two_hybrid_questions_split_bm25_and_embeddings() -> None:
    lexical = set(bm25_preprocess(LEXICAL_Q)) & set(bm25_preprocess(_line(LEXICAL_EVIDENCE)))
    semantic = set(bm25_preprocess(SEMANTIC_Q)) & set(bm25_preprocess(_line(SEMANTIC_EVIDENCE)))
    assert lexical == {"march"}
    assert semantic == set()  # BM25 scores this evidence 0 for this question


def test_hybrid_holds_evidence_only_bm25_finds_and_evidence_only_embeddings_find(
    hybrid_file: Path, encoder: Any
) -> None:
    rep = run_locomo(
        hybrid_file,
        memories=["vector", "bm25", "hybrid"],
        budget=HYBRID_BUDGET,
        encoder=encoder,
        threads=1,
        progress=False,
    )
    cats = {name: res["by_category"] for name, res in rep["results"].items()}
    # Category 1 is the lexical question, category 2 the semantic one.
    assert cats["vector"]["1"] == 0.0  # the embedding alone ranks "March" too low
    assert cats["bm25"]["2"] == 0.0  # no shared word: keywords alone miss it
    assert cats["hybrid"] == {"1": 1.0, "2": 1.0}  # the fusion keeps both
    assert cats["vector"]["2"] == 1.0 and cats["bm25"]["1"] == 1.0
    assert rep["results"]["hybrid"]["context_tokens_max"] <= HYBRID_BUDGET


def test_hybrid_is_langchains_ensemble_over_bm25_and_the_vector_store(encoder: Any) -> None:
    from langchain_classic.retrievers import EnsembleRetriever
    from langchain_community.retrievers import BM25Retriever
    from langchain_community.vectorstores import FAISS

    from langchain_neuralmem.data.dialogue import DialogueTurn
    from langchain_neuralmem.encoders.tokens import default_token_counter

    count = default_token_counter()
    hybrid = build_memory("hybrid", encoder, count, session_id="s", vector_k=250)
    assert hybrid.name == "hybrid" and hybrid.context("anything?", 64) == ""  # empty memory
    turns = [DialogueTurn(s, "human" if s == "Maya" else "ai", t) for s, t in SESSION_1 + SESSION_2]
    hybrid.add_session(turns[:10])
    hybrid.add_session(turns[10:])
    ensemble = hybrid.retriever()  # type: ignore[attr-defined]
    assert isinstance(ensemble, EnsembleRetriever) and ensemble.weights == [0.5, 0.5]
    bm25, vector = ensemble.retrievers
    assert isinstance(bm25, BM25Retriever) and bm25.k == 250
    assert bm25.preprocess_func is bm25_preprocess
    assert isinstance(vector.vectorstore, FAISS) and vector.search_kwargs == {"k": 250}
    assert len(bm25.docs) == vector.vectorstore.index.ntotal == 20
    assert [d.page_content for d in bm25.docs] == [_line(t) for t in SESSION_1 + SESSION_2]
    # Packed best first into the budget, as the vector baseline packs.
    ctx = hybrid.context(LEXICAL_Q, HYBRID_BUDGET)
    assert ctx.split("\n")[0] == _line(LEXICAL_EVIDENCE)
    assert count(ctx) <= HYBRID_BUDGET
    fused = [d.page_content for d in ensemble.invoke(LEXICAL_Q)]
    assert len(fused) == 20 and ctx.split("\n") == [
        line for line in fused if line in ctx.split("\n")
    ]
    assert hybrid.top_turns(SEMANTIC_Q, 2).split("\n")[0] == _line(SEMANTIC_EVIDENCE)


def test_kinds_that_are_not_category_numbers_get_their_own_table(
    fixture_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from langchain_neuralmem.evaluation import runner
    from langchain_neuralmem.evaluation.report import render_locomo

    real = runner.load_locomo
    names = {"1": "multi-hop", "2": "temporal", "4": "single-hop", "5": "adversarial"}

    def load_with_kinds(path: Any) -> Any:
        samples = real(path)
        for s in samples:
            for q in s.dialogue.questions:
                q.kind = names[q.kind]
        return samples

    monkeypatch.setattr(runner, "load_locomo", load_with_kinds)
    rep = run_locomo(fixture_file, memories=["recency", "bm25"], budget=BUDGET, progress=False)
    for res in rep["results"].values():
        assert res["questions"] == 3 and res["category_5"]["questions"] == 1  # 5 still apart
        assert set(res["by_category"]) == {"1", "2", "4"}
        assert set(res["by_kind"]) == {"multi-hop", "temporal", "single-hop"}
        assert res["questions_by_kind"] == {"multi-hop": 1, "single-hop": 1, "temporal": 1}
        for kind, cat in (("multi-hop", "1"), ("temporal", "2"), ("single-hop", "4")):
            assert res["by_kind"][kind] == res["by_category"][cat]
    assert "| temporal | 1 |" in render_locomo(rep)


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
    # Measured with the shipped checkpoint when it was made (20 questions, so each one
    # is worth 0.05 or a share of it); a change of model, features or packing shows here.
    measured = {"neural": 0.529, "vector": 0.375, "bm25": 0.4125, "recency": 0.0}
    for name, value in measured.items():
        assert abs(rep["results"][name]["evidence_recall"] - value) <= 0.03, (name, rep["results"])


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
    assert len(res["by_task"]) == 20
    # Measured with the shipped checkpoint (one story per task): neural 0.917, recency 0.918.
    assert abs(res["supporting_fact_recall"] - 0.917) <= 0.03, res["supporting_fact_recall"]
    assert abs(rep["results"]["recency"]["supporting_fact_recall"] - 0.918) <= 0.03
    assert res["context_tokens_max"] <= 64


def test_cli_split_sweep_scores_every_split_and_the_combined_row(
    fixture_file: Path, tmp_path: Path
) -> None:
    """`neuralmem eval split` (how the combined memory's split was chosen) on the fixture."""
    from langchain_neuralmem.cli import main

    out = tmp_path / "split.json"
    argv = ["eval", "split", "--data", str(fixture_file), "--budgets", "64,256"]
    argv += ["--retrieved", "0,0.25", "--summaries", "0", "--json", str(out), "--no-progress"]
    assert main(argv) == 0
    data = json.loads(out.read_text())
    assert data["command"].startswith("neuralmem eval split")
    assert [r["split"]["retrieved_fraction"] for r in data["results"]] == [0.0, 0.25]
    for row in data["results"]:
        assert set(row["evidence_recall"]) == {"64", "256"}
        assert all(0.0 <= v <= 1.0 for v in row["evidence_recall"].values())
    # More room never finds less evidence.
    assert all(r["evidence_recall"]["256"] >= r["evidence_recall"]["64"] for r in data["results"])
    assert main([*argv[:-3], "--retrieved", "x", "--json", str(out)]) == 2
    assert (
        main(
            [
                "eval",
                "locomo",
                "--data",
                str(fixture_file),
                "--memories",
                "combined",
                "--budget-tokens",
                "256",
                "--json",
                str(tmp_path / "c.json"),
                "--no-progress",
            ]
        )
        == 0
    )
    assert "combined" in json.loads((tmp_path / "c.json").read_text())["results"]
