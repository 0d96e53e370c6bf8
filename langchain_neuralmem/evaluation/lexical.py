"""Text preprocessing for the keyword half of the ``hybrid`` baseline: lower-casing,
English stop-word removal and Porter stemming. Pure Python, no dependency.

``langchain_community``'s ``BM25Retriever`` splits on whitespace by default, so
"Dog?" and "dogs" never match; a LangChain user building a hybrid retriever passes a
``preprocess_func`` like :func:`bm25_preprocess` instead. The stemmer is Porter's
(1980) algorithm as published (the reference ANSI C version's results, without the
later "logi" / "bli" departures).

Example:
    >>> bm25_preprocess("What did the dogs adopt? Leo's adopted greyhounds are running!")
    ['dog', 'adopt', 'leo', 'adopt', 'greyhound', 'run']
    >>> [porter_stem(w) for w in ["caresses", "ponies", "relational", "generalization"]]
    ['caress', 'poni', 'relat', 'gener']
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")

#: English stop words (NLTK's list, with the contractions' fragments).
STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above after again against ain all am an and any are aren aren't as at be
    because been before being below between both but by can couldn could couldn't d did
    didn didn't do does doesn doesn't doing don don't down during each few for from
    further had hadn hadn't has hasn hasn't have haven haven't having he her here hers
    herself him himself his how i if in into is isn isn't it it's its itself just ll m ma
    me mightn mightn't more most mustn mustn't my myself needn needn't no nor not now o
    of off on once only or other our ours ourselves out over own re s same shan shan't
    she she's should should've shouldn shouldn't so some such t than that that'll the
    their theirs them themselves then there these they this those through to too under
    until up ve very was wasn wasn't we were weren weren't what when where which while
    who whom why will with won won't wouldn wouldn't y you you'd you'll you're you've
    your yours yourself yourselves
    """.split()
)


def bm25_preprocess(text: str) -> list[str]:
    """Lower-cased ``\\w+`` words, stop words dropped, each Porter-stemmed.

    Example:
        >>> bm25_preprocess("The Cats were sleeping.")
        ['cat', 'sleep']
    """
    return [porter_stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


def _cons(w: str, i: int) -> bool:
    """Whether ``w[i]`` is a consonant (``y`` is one at the start or after a vowel)."""
    c = w[i]
    if c in "aeiou":
        return False
    if c == "y":
        return i == 0 or not _cons(w, i - 1)
    return True


def _measure(stem: str) -> int:
    """Porter's *m*: the number of vowel-consonant sequences in ``[C](VC)^m[V]``."""
    n, i, size = 0, 0, len(stem)
    while i < size and _cons(stem, i):
        i += 1
    while i < size:
        while i < size and not _cons(stem, i):
            i += 1
        if i >= size:
            break
        while i < size and _cons(stem, i):
            i += 1
        n += 1
    return n


def _has_vowel(stem: str) -> bool:
    return any(not _cons(stem, i) for i in range(len(stem)))


def _double_cons(w: str) -> bool:
    return len(w) >= 2 and w[-1] == w[-2] and _cons(w, len(w) - 1)


def _cvc(w: str) -> bool:
    """Ends consonant-vowel-consonant, the last not w, x or y (e.g. -hop, -fil)."""
    return (
        len(w) >= 3
        and _cons(w, len(w) - 3)
        and not _cons(w, len(w) - 2)
        and _cons(w, len(w) - 1)
        and w[-1] not in "wxy"
    )


_STEP2 = (
    ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"),
    ("izer", "ize"), ("abli", "able"), ("alli", "al"), ("entli", "ent"), ("eli", "e"),
    ("ousli", "ous"), ("ization", "ize"), ("ation", "ate"), ("ator", "ate"),
    ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"),
    ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"),
)  # fmt: skip
_STEP3 = (
    ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"),
    ("ful", ""), ("ness", ""),
)  # fmt: skip
_STEP4 = (
    "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
    "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize",
)  # fmt: skip


def _longest(w: str, suffixes: tuple[str, ...]) -> str | None:
    """The longest of ``suffixes`` that ``w`` ends with (Porter tries only that one)."""
    found = [s for s in suffixes if w.endswith(s)]
    return max(found, key=len) if found else None


def _replace(w: str, rules: tuple[tuple[str, str], ...], min_m: int) -> str:
    suffix = _longest(w, tuple(s for s, _ in rules))
    if suffix is None:
        return w
    stem = w[: -len(suffix)]
    return stem + dict(rules)[suffix] if _measure(stem) > min_m else w


def porter_stem(word: str) -> str:
    """Porter's stem of a lower-case word (words of one or two letters are kept).

    Example:
        >>> [porter_stem(w) for w in ["hopping", "filing", "happy", "adoption", "sky"]]
        ['hop', 'file', 'happi', 'adopt', 'sky']
    """
    w = word
    if len(w) <= 2:
        return w
    # Step 1a: plurals.
    if w.endswith(("sses", "ies")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    # Step 1b: -eed, -ed, -ing.
    if w.endswith("eed"):
        if _measure(w[:-3]) > 0:
            w = w[:-1]
    else:
        for suffix in ("ed", "ing"):
            if w.endswith(suffix) and _has_vowel(w[: -len(suffix)]):
                w = w[: -len(suffix)]
                if w.endswith(("at", "bl", "iz")):
                    w += "e"
                elif _double_cons(w) and w[-1] not in "lsz":
                    w = w[:-1]
                elif _measure(w) == 1 and _cvc(w):
                    w += "e"
                break
    # Step 1c: y -> i after a vowel somewhere in the stem.
    if w.endswith("y") and _has_vowel(w[:-1]):
        w = w[:-1] + "i"
    # Steps 2 and 3: double and single suffixes, when the stem has m > 0.
    w = _replace(w, _STEP2, 0)
    w = _replace(w, _STEP3, 0)
    # Step 4: drop a suffix when m > 1 ("-ion" only after s or t).
    last = _longest(w, _STEP4)
    if last is not None:
        stem = w[: -len(last)]
        if _measure(stem) > 1 and (last != "ion" or stem.endswith(("s", "t"))):
            w = stem
    # Step 5: a final -e, and -ll -> -l.
    if w.endswith("e"):
        stem = w[:-1]
        m = _measure(stem)
        if m > 1 or (m == 1 and not _cvc(stem)):
            w = stem
    if _measure(w) > 1 and _double_cons(w) and w.endswith("l"):
        w = w[:-1]
    return w
