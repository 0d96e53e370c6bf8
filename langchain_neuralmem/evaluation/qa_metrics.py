"""LoCoMo's answer scoring: token F1 over stemmed words, with its per-category rules.

Written from the definition published with LoCoMo (Maharana et al., 2024):

* **normalisation** — lower-case, drop punctuation, drop the words *a*, *an*, *the*
  and *and*, collapse whitespace (:func:`normalize_answer`);
* **token F1** — the harmonic mean of precision and recall of the bag of
  Porter-stemmed tokens (NLTK's :class:`~nltk.stem.porter.PorterStemmer`, the stemmer
  the published scorer uses) (:func:`token_f1`);
* **per category** (:func:`score_answer`): multi-hop (1) splits the gold answer on
  commas and averages, for each gold part, the best F1 over the prediction's
  comma-separated parts (:func:`multi_hop_f1`); open-domain (3) scores against the
  gold answer's first option, before any ``;``; adversarial (5) scores 1 when the
  prediction says the information is not there (:func:`is_abstention`), else 0;
  temporal (2) and single-hop (4) use plain token F1.

A judge model's CORRECT / WRONG reply is read by :func:`parse_verdict`.

Example:
    >>> normalize_answer("The  Old Town-Hall, and a river!")
    'old townhall river'
    >>> round(token_f1("adoption agencies", "Adoption agency"), 3)
    1.0
    >>> score_answer("cello, town hall", "Cello, the old town hall", category=1)
    0.9
    >>> score_answer("Not mentioned in the conversation", "Pepper", category=5)
    1.0
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

__all__ = [
    "ABSTENTION_PHRASES",
    "ADVERSARIAL",
    "MULTI_HOP",
    "OPEN_DOMAIN",
    "answer_tokens",
    "is_abstention",
    "multi_hop_f1",
    "normalize_answer",
    "parse_verdict",
    "score_answer",
    "token_f1",
]

#: LoCoMo's category numbers with a scoring rule of their own.
MULTI_HOP, OPEN_DOMAIN, ADVERSARIAL = 1, 3, 5

#: Phrases that mark a prediction as "the information is not there" (adversarial
#: questions). LoCoMo's scorer looks for the first two; the last two are the same
#: statement in words small models often choose.
ABSTENTION_PHRASES: tuple[str, ...] = (
    "no information available",
    "not mentioned",
    "not available",
    "no information",
)

_ARTICLES = re.compile(r"\b(a|an|the|and)\b")
_PUNCTUATION = str.maketrans("", "", string.punctuation)
_VERDICT = re.compile(r"\b(not\s+correct|incorrect|wrong|correct)\b", re.IGNORECASE)


def normalize_answer(text: str) -> str:
    """Lower-case, punctuation removed, *a/an/the/and* removed, whitespace collapsed.

    Punctuation is deleted, not replaced by a space, so ``"self-care"`` becomes
    ``"selfcare"`` (as in the SQuAD-style scorer LoCoMo builds on).

    Example:
        >>> normalize_answer("  The sunday before 25 May, 2023. ")
        'sunday before 25 may 2023'
    """
    text = text.lower().translate(_PUNCTUATION)
    return " ".join(_ARTICLES.sub(" ", text).split())


@lru_cache(maxsize=1)
def _stemmer() -> Callable[[str], str]:
    try:
        from nltk.stem.porter import PorterStemmer
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError(
            "LoCoMo answer scoring needs NLTK's Porter stemmer: "
            "pip install 'langchain-neuralmem[eval]' (or pip install nltk)"
        ) from exc
    stem: Callable[[str], str] = PorterStemmer().stem
    return lru_cache(maxsize=65536)(stem)


def answer_tokens(text: str) -> list[str]:
    """The Porter-stemmed tokens of ``text`` after :func:`normalize_answer`.

    Example:
        >>> answer_tokens("Researching the adoption agencies")
        ['research', 'adopt', 'agenc']
    """
    stem = _stemmer()
    return [stem(w) for w in normalize_answer(text).split()]


def token_f1(prediction: str, gold: str) -> float:
    """Token F1 of ``prediction`` against ``gold`` (0.0 when they share no token).

    Example:
        >>> token_f1("Paris France", "Paris")
        0.6666666666666666
        >>> token_f1("", "Paris")
        0.0
    """
    pred, ref = answer_tokens(prediction), answer_tokens(gold)
    same = sum((Counter(pred) & Counter(ref)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(pred), same / len(ref)
    return 2 * precision * recall / (precision + recall)


def multi_hop_f1(prediction: str, gold: str) -> float:
    """Mean over the gold's comma-separated parts of the best F1 over the prediction's parts.

    Example:
        >>> multi_hop_f1("Sweden, pottery", "pottery, Sweden")
        1.0
        >>> multi_hop_f1("pottery", "pottery, Sweden")
        0.5
    """
    preds = [p.strip() for p in prediction.split(",")]
    golds = [g.strip() for g in gold.split(",")]
    return sum(max(token_f1(p, g) for p in preds) for g in golds) / len(golds)


def is_abstention(prediction: str) -> bool:
    """Whether ``prediction`` says the information is not available / not mentioned.

    Example:
        >>> is_abstention("That is NOT mentioned."), is_abstention("Pepper")
        (True, False)
    """
    folded = " ".join(prediction.lower().split())
    return any(phrase in folded for phrase in ABSTENTION_PHRASES)


def score_answer(prediction: str, gold: str, category: int | str) -> float:
    """LoCoMo's score (0.0 to 1.0) of ``prediction`` for a question of ``category``.

    Args:
        prediction: the model's answer.
        gold: the reference answer (ignored for adversarial questions, whose
            correct answer is that the conversation does not say).
        category: the LoCoMo category, ``1``-``5`` (or its string); any other value
            is scored with plain token F1.

    Example:
        >>> score_answer("counseling", "Psychology, counseling certification; or social work", 3)
        0.5
    """
    cat = int(category) if str(category).isdigit() else 0
    if cat == ADVERSARIAL:
        return 1.0 if is_abstention(prediction) else 0.0
    if cat == MULTI_HOP:
        return multi_hop_f1(prediction, gold)
    if cat == OPEN_DOMAIN:
        gold = gold.split(";")[0].strip()
    return token_f1(prediction, gold)


def parse_verdict(text: str) -> bool | None:
    """A judge model's verdict: ``True`` for CORRECT, ``False`` for WRONG, ``None`` if neither.

    The first verdict word decides, so "WRONG (not correct)" is wrong and "Correct."
    is correct; "incorrect" and "not correct" read as WRONG.

    Example:
        >>> parse_verdict("**CORRECT**"), parse_verdict("The answer is incorrect."), parse_verdict("?")
        (True, False, None)
    """
    m = _VERDICT.search(text)
    if m is None:
        return None
    return m.group(1).lower() == "correct"
