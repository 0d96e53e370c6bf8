"""What every memory under test shares: the protocol, the turn rendering and budget packing.

Both :mod:`~langchain_neuralmem.evaluation.memories` (the neural memory and the
factory) and the LangChain baselines (:mod:`~langchain_neuralmem.evaluation.baselines`,
:mod:`~langchain_neuralmem.evaluation.vector_baselines`) import from here; this module
imports none of them, so evaluation imports run one way: ``packing`` <-
``vector_baselines`` <- ``baselines`` <- ``memories`` <- ``replay`` <- ``summary`` <-
``runner``.

Example:
    >>> from langchain_neuralmem.data.dialogue import DialogueTurn
    >>> render(DialogueTurn("Ann", "human", "My dog is Rex."))
    'Ann: My dog is Rex.'
    >>> pack_best_first(["a b c", "d e f g", "h"], 4, lambda s: len(s.split()))
    ['a b c', 'h']
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol, runtime_checkable

from langchain_neuralmem.data.dialogue import DialogueTurn
from langchain_neuralmem.types import date_label

TokenCount = Callable[[str], int]


@runtime_checkable
class MemoryUnderTest(Protocol):
    """What the harness needs of a memory: replay turns, then build contexts.

    One instance holds one conversation (one ``session_id``).
    """

    name: str

    def add_session(self, turns: Sequence[DialogueTurn]) -> None:
        """Replay ``turns`` in order (a LoCoMo session, or the lines of a bAbI story)."""
        ...

    def context(self, query: str, budget: int) -> str:
        """The prompt text this memory gives for ``query`` within ``budget`` tokens."""
        ...

    def top_turns(self, query: str, k: int) -> str:
        """The ``k`` turns this memory prefers for ``query``, one per line (``--top-k`` mode)."""
        ...


def render(turn: DialogueTurn, *, dates: bool = False) -> str:
    """A turn as one prompt line, ``"Speaker: text"`` (the engine renders turns the same way);
    with ``dates``, prefixed by its day as the engine shows it (``[8 May 2023] Ann: ...``).

    Example:
        >>> render(DialogueTurn("Ann", "human", "Hi.", timestamp=1683504000.0), dates=True)
        '[8 May 2023] Ann: Hi.'
    """
    return f"{speaker_label(turn, dates=dates)}: {turn.text}"


def speaker_label(turn: DialogueTurn, *, dates: bool = False) -> str:
    """What a rendered turn line starts with before ``": "``: the speaker, after its day
    when ``dates`` and the turn has one.

    Example:
        >>> speaker_label(DialogueTurn("Ann", "human", "Hi.", timestamp=1683504000.0), dates=True)
        '[8 May 2023] Ann'
    """
    day = date_label(turn.timestamp or 0.0) if dates else ""
    return f"{day} {turn.speaker}" if day else turn.speaker


def pack_best_first(lines: Sequence[str], budget: int, count: TokenCount) -> list[str]:
    """Greedy fill: keep each line, best first, whose tokens still fit in ``budget``.

    A line too long for what is left is skipped and later (shorter) ones still tried,
    as the engine's own packing does. Lines are joined with newlines, which the
    WordPiece counter does not count; the caller measures the joined text anyway.

    Example:
        >>> pack_best_first(["a b c", "d e f g", "h"], 4, lambda s: len(s.split()))
        ['a b c', 'h']
    """
    kept: list[str] = []
    left = budget
    for line in lines:
        if left <= 0:
            break
        cost = count(line)
        if cost <= left:
            kept.append(line)
            left -= cost
    return kept


def memo_count(count: TokenCount) -> TokenCount:
    """``count`` with a per-text cache (baselines measure the same turn lines per query).

    Example:
        >>> calls = []
        >>> c = memo_count(lambda s: calls.append(s) or len(s))
        >>> c("abc"), c("abc"), len(calls)
        (3, 3, 1)
    """
    cache: dict[str, int] = {}

    def counted(text: str) -> int:
        if text not in cache:
            cache[text] = count(text)
        return cache[text]

    return counted


class RankedBaseline:
    """A baseline that ranks its lines for a query, then packs them best first.

    Subclasses set ``name`` and ``line_count`` (the shared counter, memoised) and
    implement ``_ranked(query)``: their lines for ``query``, best first.

    Example:
        >>> class Shortest(RankedBaseline):
        ...     name = "shortest"
        ...     def __init__(self, lines): self.lines, self.line_count = lines, len
        ...     def _ranked(self, query): return sorted(self.lines, key=len)
        >>> Shortest(["bb", "a", "ccc"]).context("?", 3), Shortest(["bb", "a"]).top_turns("?", 1)
        ('a\\nbb', 'a')
    """

    name: str
    line_count: TokenCount

    def _ranked(self, query: str) -> list[str]:
        raise NotImplementedError

    def context(self, query: str, budget: int) -> str:
        """The ranked lines, best first, while they fit ``budget``."""
        return "\n".join(pack_best_first(self._ranked(query), budget, self.line_count))

    def top_turns(self, query: str, k: int) -> str:
        """The ``k`` best-ranked lines."""
        return "\n".join(self._ranked(query)[:k])


def fit_lines(text: str, budget: int, count: TokenCount) -> tuple[str, int]:
    """``text`` cut to ``budget`` tokens by dropping whole lines from the end; and its tokens.

    Example:
        >>> fit_lines("a b\\nc d\\ne f", 4, lambda s: len(s.split()))
        ('a b\\nc d', 4)
    """
    tokens = count(text)
    lines = text.split("\n")
    while tokens > budget and lines:
        lines.pop()
        text = "\n".join(lines)
        tokens = count(text)
    return text, tokens


@contextmanager
def quiet_deprecations() -> Iterator[None]:
    """Silence ``DeprecationWarning`` inside the block.

    The classic LangChain memories are deprecated upstream; the warning says nothing
    about a run.

    Example:
        >>> import warnings
        >>> with quiet_deprecations():
        ...     warnings.warn("old", DeprecationWarning)
    """
    with warnings.catch_warnings():
        # LangChainDeprecationWarning and langchain-community's "sunset" notice are both
        # DeprecationWarnings.
        warnings.simplefilter("ignore", DeprecationWarning)
        yield
