"""``neuralmem eval locomo --qa`` end to end: real memories (packaged encoder, shipped
weights, FAISS) on a small LoCoMo-format file, answered by a chat model.

The file is ``tests/fixtures_eval.py``'s conversation plus a second one written here
(our own invented text), so the sample spans two conversations and all five LoCoMo
categories. Most tests use fake chat models: they answer instantly and predictably,
which is what pins the scoring arithmetic and the report's plumbing exactly. One
slow test runs the real packaged SmolLM2 to check that a real model's answers flow
through the same report.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import SimpleChatModel
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import BaseMessage

from langchain_neuralmem.cli import main
from langchain_neuralmem.data.locomo import load_locomo
from langchain_neuralmem.evaluation.qa import (
    ORACLE,
    default_qa_memories,
    oracle_context,
    parse_qa_memories,
    run_locomo_qa,
    sample_questions,
)
from langchain_neuralmem.evaluation.qa_prompts import NOT_MENTIONED, AnswerCache
from tests.fixtures_eval import SESSION_1, SESSION_2, write_locomo_fixture

BUDGET = 64
MEMORIES = default_qa_memories()  # neural, vector, combined (once registered), oracle

# A second conversation (invented): a category-3 (open-domain) question, two single-hop ones.
SECOND = [
    ("Noor", "I signed up for a pottery class on Thursday evenings."),
    ("Sam", "Nice! I am training for a half marathon in Lyon."),
    ("Noor", "My grandmother taught me to make quince jam every autumn."),
    ("Sam", "My running shoes are bright orange, hard to miss."),
]
SECOND_QA: list[dict[str, Any]] = [
    {
        "question": "Would Noor enjoy a ceramics workshop?",
        "answer": "Likely yes; she takes a pottery class",
        "evidence": ["D1:1"],
        "category": 3,
    },
    {
        "question": "Where is Sam's half marathon?",
        "answer": "Lyon",
        "evidence": ["D1:2"],
        "category": 4,
    },
    {
        "question": "What colour are Sam's running shoes?",
        "answer": "bright orange",
        "evidence": ["D1:4"],
        "category": 4,
    },
]


def _write_file(folder: Path) -> Path:
    path = write_locomo_fixture(folder, "locomo_qa_fixture.json")
    records = json.loads(path.read_text())
    records.append(
        {
            "sample_id": "fixture-2",
            "conversation": {
                "speaker_a": "Noor",
                "speaker_b": "Sam",
                "session_1_date_time": "10:00 am on 2 June, 2023",
                "session_1": [
                    {"speaker": s, "dia_id": f"D1:{j}", "text": t}
                    for j, (s, t) in enumerate(SECOND, 1)
                ],
            },
            "qa": SECOND_QA,
        }
    )
    path.write_text(json.dumps(records))
    return path


@pytest.fixture(scope="module")
def qa_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_file(tmp_path_factory.mktemp("locomo_qa"))


@pytest.fixture(scope="module")
def gold(qa_file: Path) -> dict[str, str]:
    """Question -> its gold answer (the adversarial one for category 5)."""
    return {q.question: q.answer for s in load_locomo(qa_file) for q in s.dialogue.questions}


class GoldEcho(SimpleChatModel):
    """A fake chat model that answers every question with its gold answer.

    Not a real model: it reads the question out of the prompt and looks it up, so the
    expected F1 of every answer is known exactly (1.0 for categories 1-4, 0.0 for the
    adversarial question, whose "gold" is the answer its false premise invites).
    """

    answers: dict[str, str]

    @property
    def _llm_type(self) -> str:
        return "gold-echo"

    def _call(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> str:
        m = re.search(r"^Question: (.*)$", str(messages[-1].content), re.MULTILINE)
        assert m is not None, "the prompt names the question on its own line"
        return f"Answer: {self.answers[m.group(1)]}.\nThis line is ignored."


def _run(qa_file: Path, encoder: Any, model: Any, chat: Any, **kw: Any) -> dict[str, Any]:
    kw.setdefault("memories", MEMORIES)
    return run_locomo_qa(
        qa_file,
        chat_model=chat,
        budget=BUDGET,
        weights=model,
        encoder=encoder,
        threads=1,
        progress=False,
        **kw,
    )


@pytest.fixture(scope="module")
def echo_report(qa_file: Path, gold: dict[str, str], encoder: Any, model: Any) -> dict[str, Any]:
    judge = FakeListChatModel(responses=["**CORRECT**"])  # fake judge: pins the parsing
    return _run(qa_file, encoder, model, GoldEcho(answers=gold), judge_model=judge)


# -- the sample -----------------------------------------------------------------------


def test_sample_is_seeded_balanced_and_spread(qa_file: Path) -> None:
    samples = load_locomo(qa_file)
    every = sample_questions(samples, None)
    assert len(every) == 7  # 4 + 3 kept questions (one fixture question is skipped)
    assert every == sorted(every)  # file order
    four = sample_questions(samples, 4, seed=3)
    assert four == sample_questions(samples, 4, seed=3)  # deterministic
    # five categories, four questions: four different categories, none twice
    assert len({it.category for it in four}) == 4
    five = sample_questions(samples, 5)
    assert sorted(it.category for it in five) == ["1", "2", "3", "4", "5"]
    # category 4 has a question in each conversation: two picks take one from each
    six = sample_questions(samples, 6)
    assert {it.conversation for it in six if it.category == "4"} == {0, 1}
    assert sample_questions(samples, 100) == every
    with pytest.raises(ValueError):
        sample_questions(samples, 0)


def test_memory_names() -> None:
    assert default_qa_memories()[-1] == ORACLE and "neural" in default_qa_memories()
    assert parse_qa_memories("oracle,bm25") == ["oracle", "bm25"]
    with pytest.raises(ValueError):
        parse_qa_memories("neural,rag")


def test_oracle_context_is_the_evidence_rendered_in_order(qa_file: Path, encoder: Any) -> None:
    from langchain_neuralmem.encoders.tokens import default_token_counter

    sample = load_locomo(qa_file)[0]
    q = sample.dialogue.questions[0]  # multi-hop: D1:6 and D2:3
    text, tokens = oracle_context(sample.dialogue, q, BUDGET, default_token_counter())
    assert text.splitlines() == [f"Leo: {SESSION_1[5][1]}", f"Leo: {SESSION_2[2][1]}"]
    assert 0 < tokens <= BUDGET


# -- exact scoring with fake models -------------------------------------------------------


def test_gold_answers_score_one(echo_report: dict[str, Any]) -> None:
    r = echo_report
    assert r["dataset"] == "locomo-qa" and r["model"] == "GoldEcho"
    assert r["questions_asked"] == 7
    assert r["questions_by_category"] == {"1": 1, "2": 1, "3": 1, "4": 3, "5": 1}
    assert list(r["results"]) == MEMORIES
    for name, res in r["results"].items():
        # Echoing the whole gold "Likely yes; she takes a pottery class" scores 0.5 on the
        # open-domain question: LoCoMo scores against the first option, "Likely yes"
        # (2 of 6 predicted tokens match, recall 1: F1 = 0.5). Every other gold scores 1.
        assert res["by_category"] == {"1": 1.0, "2": 1.0, "3": 0.5, "4": 1.0, "5": 0.0}, name
        assert res["f1"] == round(5.5 / 6, 4), name
        assert res["adversarial_accuracy"] == 0.0
        assert res["f1_all"] == round(5.5 / 7, 4)
        assert res["f1_file_weighted"] == round(5.5 / 6, 4)  # the sample is the whole file
        lo, hi = res["ci95"]
        assert lo <= res["f1"] <= hi
        assert res["questions"] == 6 and res["abstained"] == 0
        assert res["judge_accuracy"] == 1.0 and res["judge_unparsed"] == 0
        assert set(res["judge_by_category"]) == {"1", "2", "3", "4"}  # 5 is not judged
    assert r["results"]["neural"]["vs"]["oracle"]["diff"] == 0.0
    # the answer is the reply's first line, its "Answer:" prefix and full stop removed
    preds = {a["question"]: a["prediction"] for a in r["answers"] if a["memory"] == ORACLE}
    assert preds["Where is Sam's half marathon?"] == "Lyon"
    json.dumps(r)  # JSON-ready


def test_contexts_fit_the_budget_and_the_oracle_holds_the_evidence(
    echo_report: dict[str, Any],
) -> None:
    rows = echo_report["answers"]
    assert len(rows) == 7 * len(MEMORIES)
    for a in rows:
        assert 0 < a["context_tokens"] <= BUDGET, a
        assert 0.0 <= a["f1"] <= 1.0 and 0.0 <= a["evidence_recall"] <= 1.0
    assert all(a["evidence_recall"] == 1.0 for a in rows if a["memory"] == ORACLE)
    for res in echo_report["results"].values():
        assert res["context_tokens_max"] <= BUDGET and res["budget_overflows"] == 0


def test_abstaining_scores_only_the_adversarial_question(
    qa_file: Path, encoder: Any, model: Any, tmp_path: Path
) -> None:
    cache = tmp_path / "answers.jsonl"
    chat = FakeListChatModel(responses=[NOT_MENTIONED])  # fake: always abstains
    r = _run(qa_file, encoder, model, chat, memories=["bm25", ORACLE], limit=5, answer_cache=cache)
    for res in r["results"].values():
        assert res["f1"] == 0.0 and res["adversarial_accuracy"] == 1.0
        assert res["abstained"] == 5 and "judge_accuracy" not in res
    generated = sum(res["answers_generated"] for res in r["results"].values())
    assert generated + r["answers_reused"] == 10
    assert len(cache.read_text().splitlines()) == generated
    # a second run reuses every reply from the file: the model is never called
    again = _run(
        qa_file,
        encoder,
        model,
        FakeListChatModel(responses=["never used"]),
        memories=["bm25", ORACLE],
        limit=5,
        answer_cache=cache,
        model_name="FakeListChatModel",
    )
    assert again["answers_reused"] == 10
    assert again["results"]["bm25"]["by_category"] == r["results"]["bm25"]["by_category"]
    assert len(AnswerCache(cache)._replies) == generated


# -- the command line ----------------------------------------------------------------


def test_cli_qa_writes_json_table_and_plot(
    qa_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import langchain_neuralmem.llm as llm

    calls: list[tuple[Any, dict[str, Any]]] = []

    def fake_loader(model: Any = None, **kw: Any) -> FakeListChatModel:
        calls.append((model, kw))  # a fake model: the CLI's plumbing, not a model, is tested
        return FakeListChatModel(responses=["WRONG" if model == "judge" else "Pepper"])

    monkeypatch.setattr(llm, "load_chat_model", fake_loader)
    out, png = tmp_path / "qa.json", tmp_path / "qa.png"
    argv = ["eval", "locomo", "--qa", "--data", str(qa_file), "--limit", "3", "--no-progress"]
    argv += ["--memories", "vector,oracle", "--budget-tokens", str(BUDGET), "--model", "smollm2"]
    argv += ["--judge-model", "judge", "--json", str(out), "--plot", str(png)]
    assert main(argv) == 0
    assert [c[0] for c in calls] == ["smollm2", "judge"]
    assert calls[0][1]["max_new_tokens"] == 32 and calls[1][1]["max_new_tokens"] == 8
    report = json.loads(out.read_text())
    assert report["questions_asked"] == 3 and report["model"] == "smollm2"
    assert report["command"].startswith("neuralmem eval locomo --qa")
    assert set(report["results"]) == {"vector", ORACLE}
    assert all(res["judge_accuracy"] in (0.0, None) for res in report["results"].values())
    assert png.stat().st_size > 0 and report["plot"] == str(png)
    assert "| oracle |" in capsys.readouterr().err  # the printed table
    # `eval report` renders a QA report too
    md = tmp_path / "qa.md"
    assert main(["eval", "report", str(out), "--out", str(md)]) == 0
    assert "| vector |" in md.read_text()


def test_cli_rejects_flags_that_do_not_fit(qa_file: Path) -> None:
    base = ["eval", "locomo", "--data", str(qa_file), "--json", "-", "--no-progress"]
    assert main([*base, "--limit", "3"]) == 2  # --limit needs --qa
    assert main([*base, "--qa", "--budgets", "64,128"]) == 2
    assert main([*base, "--qa", "--limit-questions", "2"]) == 2
    assert main([*base, "--qa", "--memories", "neural,rag"]) == 2


# -- a real chat model -----------------------------------------------------------------


@pytest.mark.slow
def test_a_real_model_answers_from_every_memory(qa_file: Path, encoder: Any, model: Any) -> None:
    from langchain_neuralmem.llm import load_chat_model

    chat = load_chat_model("smollm2", device="cpu", max_new_tokens=16)
    memories = default_qa_memories()  # includes "combined" once it is registered
    r = _run(qa_file, encoder, model, chat, memories=memories, limit=3)
    assert list(r["results"]) == memories and isinstance(r["model"], str) and r["model"]
    assert len(r["answers"]) == 3 * len(memories)
    assert Counter(a["memory"] for a in r["answers"]) == dict.fromkeys(memories, 3)
    cats = {a["category"] for a in r["answers"]}
    assert len(cats) == 3 and cats <= {"1", "2", "3", "4", "5"}
    for name, res in r["results"].items():
        for v in [res["f1"], res["f1_all"], *res["by_category"].values()]:
            assert v is None or 0.0 <= v <= 1.0, name
        assert set(res["by_category"]) == cats
        assert res["context_tokens_max"] <= BUDGET and res["budget_overflows"] == 0
        assert (
            res["answers_generated"]
            + sum(a["answer_ms"] is None for a in r["answers"] if a["memory"] == name)
            == 3
        )
    for a in r["answers"]:
        assert isinstance(a["prediction"], str) and "\n" not in a["prediction"]
        if a["memory"] == ORACLE:
            assert a["evidence_recall"] == 1.0  # the oracle's context holds the evidence
