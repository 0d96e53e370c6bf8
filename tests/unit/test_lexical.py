"""The hybrid baseline's BM25 preprocessing: Porter's published examples, stop words."""

from __future__ import annotations

import pytest

from langchain_neuralmem.evaluation.lexical import STOP_WORDS, bm25_preprocess, porter_stem

# Examples from Porter (1980), "An algorithm for suffix stripping", steps 1-5.
PORTER = {
    "caresses": "caress", "ponies": "poni", "ties": "ti", "caress": "caress", "cats": "cat",
    "feed": "feed", "agreed": "agre", "plastered": "plaster", "bled": "bled",
    "motoring": "motor", "sing": "sing", "conflated": "conflat", "troubled": "troubl",
    "sized": "size", "hopping": "hop", "tanned": "tan", "falling": "fall", "hissing": "hiss",
    "fizzed": "fizz", "failing": "fail", "filing": "file", "happy": "happi", "sky": "sky",
    "relational": "relat", "conditional": "condit", "rational": "ration",
    "valenci": "valenc", "digitizer": "digit", "vietnamization": "vietnam",
    "predication": "predic", "operator": "oper", "feudalism": "feudal",
    "decisiveness": "decis", "hopefulness": "hope", "callousness": "callous",
    "formaliti": "formal", "sensitiviti": "sensit", "sensibiliti": "sensibl",
    "triplicate": "triplic", "formative": "form", "formalize": "formal",
    "electriciti": "electr", "electrical": "electr", "hopeful": "hope", "goodness": "good",
    "revival": "reviv", "allowance": "allow", "inference": "infer", "airliner": "airlin",
    "adjustable": "adjust", "defensible": "defens", "irritant": "irrit",
    "replacement": "replac", "adjustment": "adjust", "dependent": "depend",
    "adoption": "adopt", "communism": "commun", "activate": "activ",
    "effective": "effect", "bowdlerize": "bowdler", "probate": "probat", "rate": "rate",
    "cease": "ceas", "controll": "control", "roll": "roll",
}  # fmt: skip


@pytest.mark.parametrize(("word", "stem"), sorted(PORTER.items()))
def test_porter_examples(word: str, stem: str) -> None:
    assert porter_stem(word) == stem


def test_inflections_meet() -> None:
    for group in (["adopt", "adopted", "adopting", "adoption"], ["dog", "dogs"],
                  ["run", "running"], ["bake", "baking", "baked"]):  # fmt: skip
        assert len({porter_stem(w) for w in group}) == 1, group


def test_preprocess_lowercases_drops_stop_words_and_stems() -> None:
    assert bm25_preprocess("What did the DOGS do?") == ["dog"]
    assert bm25_preprocess("Maya: I've been baking sourdough!") == ["maya", "bake", "sourdough"]
    assert bm25_preprocess("") == [] and bm25_preprocess("the of and") == []
    assert {"the", "what", "is", "i", "you"} <= STOP_WORDS and "dog" not in STOP_WORDS
