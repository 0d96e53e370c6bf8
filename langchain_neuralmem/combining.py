"""One token budget shared by the recent window, the learned recall, summaries and a retriever.

A combined context is the engine's own context (recent turns verbatim, recalled turns,
segment summaries, with the shares of a :class:`BudgetSplit`) plus the items an outside
retriever (any LangChain vector store, through the adapter in
:mod:`langchain_neuralmem.integrations.combined`) finds for the same query, in a section
of their own. No turn is shown twice: a retrieved item that is a turn already in the
context (same turn id, or the same text) is skipped. What one part leaves unused goes
to the others: the retriever fills whatever the recall left, and when the retriever
finds little that is new, the recall is asked again with the room it did not use.
No LangChain here.

Example:
    >>> from langchain_neuralmem.engine import NeuralMemory
    >>> memory = NeuralMemory(":memory:")
    >>> _ = memory.add_turn("My sister lives in Oslo.", session_id="s", speaker="Ann", timestamp=0.0)
    >>> notes = [RetrievedItem("The Oslo office opens at nine.")]
    >>> ctx = combine(
    ...     lambda budget, cfg: memory.recall("Oslo?", session_id="s", max_tokens=budget, config=cfg),
    ...     lambda: notes, budget=128, split=BudgetSplit(), count_tokens=memory.count_tokens,
    ... )
    >>> print(ctx.to_text())
    Retrieved notes:
    - The Oslo office opens at nine.
    Recent conversation:
    Ann: My sister lives in Oslo.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from langchain_neuralmem.config import RecallConfig, check_fields
from langchain_neuralmem.errors import InvalidInputError
from langchain_neuralmem.types import (
    RETRIEVED_HEADER,
    MemoryContext,
    Turn,
    date_label,
    quote_content,
    turn_line,
)

RecallFn = Callable[[int, RecallConfig], MemoryContext]
"""``recall(budget, config)``: the engine's context for the query within ``budget``."""
RetrieveFn = Callable[[], Sequence["RetrievedItem"]]
"""``retrieve()``: the retriever's items for the query, best first."""


@dataclass(frozen=True)
class BudgetSplit:
    """How a combined memory shares one token budget.

    The recent window gets at most ``recent_fraction`` (and ``recent_turns`` turns), the
    summaries at most ``summary_fraction``, the retriever ``retrieved_fraction``; the
    learned recall gets the rest and everything the others leave unused.
    ``retrieved_fraction`` and ``summary_fraction`` were chosen with
    ``neuralmem eval split`` on LoCoMo dev and the generated chatbot split
    (docs/guides/combined_memory.md): a tenth of the budget for the retriever was best on
    average of the two, summaries added nothing measurable, so they are off by default.

    Example:
        >>> BudgetSplit().recall_share
        0.75
        >>> BudgetSplit(retrieved_fraction=0.9)
        Traceback (most recent call last):
        ...
        langchain_neuralmem.errors.InvalidInputError: BudgetSplit: recent_fraction + summary_fraction + retrieved_fraction must be <= 1, got 1.05
    """

    recent_turns: int = 6
    recent_fraction: float = 0.15
    summary_fraction: float = 0.0
    retrieved_fraction: float = 0.1

    def __post_init__(self) -> None:
        check_fields(self)
        if self.recent_turns < 0:
            raise InvalidInputError(
                f"BudgetSplit.recent_turns must be >= 0, got {self.recent_turns}"
            )
        shares = ("recent_fraction", "summary_fraction", "retrieved_fraction")
        for name in shares:
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise InvalidInputError(
                    f"BudgetSplit.{name} must be in [0, 1], got {getattr(self, name)}"
                )
        total = round(sum(getattr(self, n) for n in shares), 6)
        if total > 1.0:
            raise InvalidInputError(f"BudgetSplit: {' + '.join(shares)} must be <= 1, got {total}")

    @property
    def recall_share(self) -> float:
        """The share left to the learned recall when every other part uses all of its own."""
        return round(
            1.0 - self.recent_fraction - self.summary_fraction - self.retrieved_fraction, 6
        )

    def recall_config(self, base: RecallConfig) -> RecallConfig:
        """``base`` with this split's recent window and summary share, for the recall's budget
        (the recall sees the budget minus the retriever's share, so its fractions are rescaled).
        """
        scale = 1.0 / max(1.0 - self.retrieved_fraction, 1e-6)
        recent = min(self.recent_fraction * scale, 1.0)
        return dataclasses.replace(
            base,
            recent_turns=self.recent_turns,
            recent_fraction=recent,
            summary_fraction=min(self.summary_fraction * scale, 1.0 - recent),
        )


@dataclass(frozen=True)
class RetrievedItem:
    """One thing a retriever found: a stored turn (``turn_id`` or ``speaker`` set) or a note.

    Attributes:
        text: the document's text.
        turn_id: the engine's id of the turn it is, if known (exact de-duplication).
        speaker: who said it, if it is a turn (shown as ``speaker: text``).
        role: the speaker's role ("human", "ai", "other").
        created_at: its time (shown as its day when dates are on); 0 = none.
        score: the retriever's score, if it gave one.

    Example:
        >>> RetrievedItem("Ann: My dog is Rex.").line(show_dates=True)
        '- Ann: My dog is Rex.'
        >>> RetrievedItem("My dog is Rex.", speaker="Ann", role="human").line(show_dates=False)
        'Ann: My dog is Rex.'
    """

    text: str
    turn_id: int | None = None
    speaker: str = ""
    role: str = "other"
    created_at: float = 0.0
    score: float = 0.0

    def line(self, *, show_dates: bool) -> str:
        """The item as one rendered line (a turn line when it has a speaker, else ``- note``)."""
        body = (
            turn_line(self.speaker, self.role, self.text)
            if self.speaker
            else f"- {quote_content(self.text)}"
        )
        label = date_label(self.created_at) if show_dates else ""
        return f"{label} {body}" if label else body


@dataclass
class CombinedContext:
    """A combined memory's context: the engine's context plus the retrieved items.

    Attributes:
        memory: the engine's context (summaries, recalled turns, recent turns).
        retrieved: the retriever's items kept, best first.
        budget_tokens: the one budget all parts fit in.
        tokens_used: tokens of :meth:`to_text` under the memory's counter.
    """

    memory: MemoryContext
    retrieved: list[RetrievedItem] = field(default_factory=list)
    budget_tokens: int = 0
    tokens_used: int = 0

    def turns(self) -> list[Turn]:
        """The engine turns shown (recalled and recent), in conversation order."""
        return self.memory.turns()

    @property
    def recent(self) -> list[Turn]:
        """The recent turns, verbatim (the engine context's)."""
        return self.memory.recent

    def background_text(self) -> str:
        """Summaries, recalled turns and retrieved notes: everything but the recent turns."""
        return "\n".join(p for p in (self.memory.background_text(), self.retrieved_text()) if p)

    def retrieved_text(self) -> str:
        """The retrieved section (header and lines), or ``""``."""
        if not self.retrieved:
            return ""
        lines = [RETRIEVED_HEADER]
        lines.extend(i.line(show_dates=self.memory.show_dates) for i in self.retrieved)
        return "\n".join(lines)

    def to_text(self) -> str:
        """Summaries, recalled turns, retrieved notes, then the recent turns."""
        background = self.background_text()
        recent = self.memory.recent_text(header=bool(background))
        return "\n".join(p for p in (background, recent) if p)


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _new_items(items: Sequence[RetrievedItem], shown: Sequence[Turn]) -> list[RetrievedItem]:
    """``items`` without the turns already shown (by id or text) and without repeats."""
    ids = {t.turn_id for t in shown}
    texts = {_folded(t.content) for t in shown} | {
        _folded(f"{t.speaker}: {t.content}") for t in shown
    }
    kept: list[RetrievedItem] = []
    for item in items:
        key = _folded(item.text)
        if (item.turn_id is not None and item.turn_id in ids) or key in texts or not key:
            continue
        texts.add(key)
        kept.append(item)
    return kept


def _pack(
    items: Sequence[RetrievedItem], room: int, count: Callable[[str], int], show_dates: bool
) -> tuple[list[RetrievedItem], int]:
    """Items best first while they fit ``room`` (header included); and the tokens they take."""
    header = count(RETRIEVED_HEADER) + 1
    if room <= header:
        return [], 0
    kept: list[RetrievedItem] = []
    left = room - header
    for item in items:
        cost = count(item.line(show_dates=show_dates)) + 1
        if cost <= left:
            kept.append(item)
            left -= cost
    return kept, (room - left if kept else 0)


def combine(
    recall: RecallFn,
    retrieve: RetrieveFn | None,
    *,
    budget: int,
    split: BudgetSplit,
    count_tokens: Callable[[str], int],
    base_config: RecallConfig | None = None,
) -> CombinedContext:
    """The combined context for one query within ``budget`` tokens.

    Args:
        recall: the engine's recall for the query, given a budget and a config.
        retrieve: the retriever's items for the query, best first (``None``: no retriever).
        budget: the one token budget.
        split: the shares of the parts.
        count_tokens: the budget's token counter (the engine's).
        base_config: the engine's recall config the split is applied to.
    """
    config = split.recall_config(base_config or RecallConfig())
    if retrieve is None or split.retrieved_fraction == 0:
        ctx = recall(budget, config) if budget > 0 else MemoryContext("", 0)
        return CombinedContext(ctx, [], budget, ctx.tokens_used)
    reserved = int(budget * split.retrieved_fraction)
    ctx = recall(max(budget - reserved, 1), config)
    items = list(retrieve())
    fresh = _new_items(items, ctx.turns())
    kept, used = _pack(fresh, budget - ctx.tokens_used, count_tokens, config.show_dates)
    if used < reserved // 2 and budget - used > 0:
        # The retriever found little that is new: give the learned recall its room back.
        ctx = recall(budget - used, config)
        kept, _ = _pack(
            _new_items(kept, ctx.turns()), budget - ctx.tokens_used, count_tokens, config.show_dates
        )
    out = CombinedContext(ctx, kept, budget)
    out.tokens_used = count_tokens(out.to_text())
    while out.tokens_used > budget and out.retrieved:
        out.retrieved.pop()
        out.tokens_used = count_tokens(out.to_text())
    return out
