"""LoCoMo's answer scoring on hand-made cases: normalisation, stemmed token F1, the
per-category rules (multi-hop, open-domain, adversarial) and the judge's verdicts."""

from __future__ import annotations

import pytest

from langchain_neuralmem.evaluation.qa_metrics import (
    answer_tokens,
    is_abstention,
    multi_hop_f1,
    normalize_answer,
    parse_verdict,
    score_answer,
    token_f1,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Lighthouse", "lighthouse"),
        ("a cat and an owl", "cat owl"),
        ("  7 May,   2023. ", "7 may 2023"),
        ("self-care (daily)!", "selfcare daily"),
        ("Theatre, Anderson", "theatre anderson"),  # "the" only as a whole word
        ("", ""),
    ],
)
def test_normalize_answer(text: str, expected: str) -> None:
    assert normalize_answer(text) == expected


def test_tokens_are_porter_stemmed() -> None:
    assert answer_tokens("Running races, researching agencies") == [
        "run",
        "race",
        "research",
        "agenc",
    ]


def test_token_f1_arithmetic() -> None:
    assert token_f1("Pepper", "pepper.") == 1.0
    assert token_f1("adoption agency", "Adoption agencies") == 1.0  # stems match
    # 2 shared of 3 predicted and 2 gold tokens: P = 2/3, R = 1 -> F1 = 0.8
    assert token_f1("old town hall", "town hall") == pytest.approx(0.8)
    # repeated tokens count once per occurrence on both sides
    assert token_f1("tea tea", "tea") == pytest.approx(2 / 3)
    assert token_f1("coffee", "tea") == 0.0
    assert token_f1("", "tea") == 0.0
    assert token_f1("the", "the") == 0.0  # nothing left after normalisation


def test_multi_hop_averages_best_match_per_gold_part() -> None:
    gold = "Sweden, pottery, the violin"
    assert multi_hop_f1("violin, Sweden, pottery", gold) == pytest.approx(1.0)
    assert multi_hop_f1("pottery", gold) == pytest.approx(1 / 3)
    # "Sweden pottery" as one part: F1 2/3 against "Sweden" and against "pottery"
    assert multi_hop_f1("Sweden pottery", gold) == pytest.approx((2 / 3 + 2 / 3 + 0) / 3)
    assert score_answer("pottery", gold, category=1) == pytest.approx(1 / 3)
    assert score_answer("pottery", gold, category=4) == pytest.approx(0.5)  # plain F1


def test_open_domain_scores_against_the_first_option() -> None:
    gold = "Likely no; though she likes reading, she wants to be a counselor"
    assert score_answer("likely no", gold, category=3) == 1.0
    assert score_answer("likely no", gold, category="3") == 1.0
    assert score_answer("she wants to be a counselor", gold, category=3) == 0.0
    assert score_answer("likely no", gold, category=2) < 0.5  # temporal: whole gold


@pytest.mark.parametrize(
    ("prediction", "score"),
    [
        ("Not mentioned in the conversation", 1.0),
        ("That is not mentioned.", 1.0),
        ("No information available", 1.0),
        ("The information is not available", 1.0),
        ("There is no information about a dog", 1.0),
        ("Pepper", 0.0),
        ("", 0.0),
    ],
)
def test_adversarial_scores_abstentions(prediction: str, score: float) -> None:
    # the gold answer (what the false premise invites) plays no part
    assert score_answer(prediction, "Pepper", category=5) == score
    assert is_abstention(prediction) is (score == 1.0)


def test_unknown_categories_use_plain_f1() -> None:
    assert score_answer("town hall", "old town hall", category="fact") == pytest.approx(0.8)


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        ("CORRECT", True),
        ("correct.", True),
        ("**Correct** - same date", True),
        ("WRONG", False),
        ("Incorrect", False),
        ("The answer is not correct.", False),
        ("WRONG, the correct answer is Rex", False),
        ("I cannot tell", None),
        ("", None),
    ],
)
def test_parse_verdict(reply: str, verdict: bool | None) -> None:
    assert parse_verdict(reply) is verdict
