"""Evidence recall and its aggregation, on hand-made contexts with known answers."""

from __future__ import annotations

import math

import pytest

from langchain_neuralmem.evaluation.memories import MEMORY_NAMES, parse_memories
from langchain_neuralmem.evaluation.metrics import (
    QuestionScore,
    ambiguous_evidence,
    by_category,
    by_conversation,
    by_kind,
    evidence_hits,
    evidence_recall,
    mean,
    percentile,
    summarize,
)
from langchain_neuralmem.evaluation.packing import fit_lines, pack_best_first
from langchain_neuralmem.evaluation.runner import split_from_path

CONTEXT = (
    "Relevant earlier turns:\n"
    "Ann: My first dog was a terrier named Waffles.\n"
    "Bob: I moved to Montreal in 2019.\n"
    "Recent conversation:\n"
    "Ann: See you tomorrow!"
)


def test_full_hit() -> None:
    ev = ["My first dog was a terrier named Waffles.", "See you tomorrow!"]
    assert evidence_recall(CONTEXT, ev) == 1.0


def test_partial_hit() -> None:
    ev = [
        "I moved to Montreal in 2019.",
        "I can't eat peanuts.",
        "Nothing here.",
        "See you tomorrow!",
    ]
    assert evidence_recall(CONTEXT, ev) == 0.5
    assert evidence_hits(CONTEXT, ev) == [True, False, False, True]


def test_no_hit_and_empty_context() -> None:
    assert evidence_recall(CONTEXT, ["Our anniversary is in June."]) == 0.0
    assert evidence_recall("", ["Our anniversary is in June."]) == 0.0


def test_truncated_or_paraphrased_turn_is_not_a_hit() -> None:
    full = "My first dog was a terrier named Waffles, and he loved the beach."
    assert evidence_recall(CONTEXT, [full]) == 0.0  # the context holds only a prefix
    assert evidence_recall(CONTEXT, ["my first dog was a terrier named waffles."]) == 0.0  # case


def test_whitespace_is_normalised_on_both_sides() -> None:
    ctx = "Ann: I moved   to\nMontreal  in 2019."
    assert evidence_recall(ctx, ["I moved to Montreal\tin 2019.  "]) == 1.0


def test_substring_of_a_longer_turn_counts() -> None:
    # A documented limit of the substring test: a short turn inside a longer one is
    # found; ambiguous_evidence reports how often that can happen in a dataset.
    assert evidence_recall("Ann: Yes, see you tomorrow!", ["see you tomorrow!"]) == 1.0
    texts = ["see you tomorrow!", "Yes, see you tomorrow!", "Bye."]
    assert ambiguous_evidence(texts, 0) is True
    assert ambiguous_evidence(texts, 1) is False
    assert ambiguous_evidence(texts, 0, upto=1) is False  # the longer turn comes later


def test_duplicate_evidence_texts_each_count() -> None:
    assert evidence_recall(CONTEXT, ["See you tomorrow!", "See you tomorrow!", "Hi."]) == 2 / 3


def test_bad_evidence_is_rejected() -> None:
    with pytest.raises(ValueError, match="at least one"):
        evidence_recall(CONTEXT, [])
    with pytest.raises(ValueError, match="empty"):
        evidence_recall(CONTEXT, ["  \n"])


def test_percentile_matches_linear_interpolation() -> None:
    vals = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert percentile(vals, 50) == 3.0
    assert percentile(vals, 0) == 1.0 and percentile(vals, 100) == 5.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 95) == pytest.approx(3.85)
    assert percentile([7.0], 95) == 7.0
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError):
        percentile(vals, 101)


def test_mean_and_by_category_order() -> None:
    assert mean([]) != mean([])  # nan
    scores = [QuestionScore(c, r) for c, r in [("10", 1.0), ("2", 0.0), ("2", 1.0), ("qa1", 1.0)]]
    assert list(by_category(scores)) == ["2", "10", "qa1"]
    assert by_category(scores)["2"] == 0.5


def test_summarize_keeps_excluded_category_apart() -> None:
    scores = [
        QuestionScore("1", 1.0, tokens=100, ms=1.0),
        QuestionScore("1", 0.5, tokens=200, ms=2.0),
        QuestionScore("4", 0.0, tokens=300, ms=3.0),
        QuestionScore("5", 1.0, tokens=400, ms=10.0),
    ]
    out = summarize(scores, excluded=["5"])
    assert out["evidence_recall"] == 0.5
    assert out["by_category"] == {"1": 0.75, "4": 0.0}
    assert out["questions"] == 3
    assert out["all_evidence_rate"] == round(1 / 3, 4)
    assert out["category_5"] == {"evidence_recall": 1.0, "questions": 1}
    assert out["context_tokens_mean"] == 250.0  # every question asked
    assert out["recall_ms_p50"] == 2.5
    assert out["recall_ms_p95"] == pytest.approx(8.95)  # 3 + 0.85 * (10 - 3)


def test_summarize_has_no_by_kind_when_kinds_are_the_categories() -> None:
    scores = [QuestionScore("1", 1.0, kind="1"), QuestionScore("4", 0.0, kind="4")]
    out = summarize(scores, excluded=["5"])
    assert "by_kind" not in out and "by_conversation" not in out


def test_summarize_by_kind_and_by_conversation() -> None:
    scores = [
        QuestionScore("1", 1.0, kind="multi-hop", conversation="c2"),
        QuestionScore("1", 0.0, kind="multi-hop", conversation="c1"),
        QuestionScore("2", 1.0, kind="temporal", conversation="c1"),
        QuestionScore("4", 0.5, conversation="c2"),  # no kind of its own: its category
        QuestionScore("5", 0.0, kind="adversarial", conversation="c3"),
    ]
    out = summarize(scores, excluded=["5"], conversations=True)
    # The headline still leaves category 5 out, whatever its kind is called.
    assert out["evidence_recall"] == 0.625 and out["questions"] == 4
    assert out["by_category"] == {"1": 0.5, "2": 1.0, "4": 0.5}
    assert out["by_kind"] == {"4": 0.5, "multi-hop": 0.5, "temporal": 1.0}
    assert out["questions_by_kind"] == {"4": 1, "multi-hop": 2, "temporal": 1}
    assert out["by_conversation"] == {"c2": 0.75, "c1": 0.5, "c3": None}
    assert by_kind(scores[:1]) == {"multi-hop": 1.0}
    assert by_conversation(scores) == {"c2": 0.75, "c1": 0.5, "c3": 0.0}


def test_summarize_of_nothing_is_null_not_nan() -> None:
    out = summarize([], excluded=["5"])
    assert out["evidence_recall"] is None and out["recall_ms_p50"] is None
    assert out["category_5"] == {"evidence_recall": None, "questions": 0}


def test_packing_and_clipping() -> None:
    words = lambda s: len(s.split())  # noqa: E731
    assert pack_best_first(["a b c", "d e f g", "h", "i j"], 4, words) == ["a b c", "h"]
    text, tokens = fit_lines("a b\nc d\ne f", 4, words)
    assert (text, tokens) == ("a b\nc d", 4)
    assert fit_lines("a b c", 2, words) == ("", 0)


def test_memory_names_and_split() -> None:
    assert parse_memories("neural, vector,neural") == ["neural", "vector"]
    assert parse_memories("hybrid,neural") == ["hybrid", "neural"] and "hybrid" in MEMORY_NAMES
    with pytest.raises(ValueError, match="unknown"):
        parse_memories("neural,rag")
    assert split_from_path("/x/locomo_dev.json") == "dev"
    assert split_from_path("locomo10.json") == "unknown"
