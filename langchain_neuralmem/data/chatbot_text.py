"""Building blocks of the chatbot transcript generator (:mod:`.chatbot`).

Relative day expressions and their resolution against a session date, the
:class:`ReplyComposer` that builds long assistant replies from a domain's
building blocks (paragraphs, numbered steps, bullet lists, fenced code blocks,
markdown tables and caveats) until a target word count is reached, and the small
records a dialogue plan is made of (internal to :mod:`.chatbot_plan`).

Example:
    >>> from datetime import date
    >>> resolve_when("yesterday", date(2023, 5, 8))
    datetime.date(2023, 5, 7)
    >>> resolve_when("on the 14th", date(2023, 5, 14))
    datetime.date(2023, 6, 14)
    >>> format_day(date(2023, 5, 7))
    '7 May 2023'
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from langchain_neuralmem.data.chatbot_tables import (
    CODE,
    CODE_FILLS,
    RELATIVE_DAYS,
    Domain,
    Milestone,
)
from langchain_neuralmem.data.chatbot_tables import in_group as _in_group
from langchain_neuralmem.data.dates import MONTHS, format_day

__all__ = ["MONTHS", "WEEKDAYS", "ReplyComposer", "cap", "format_day", "resolve_when"]
__all__ += ["when_expressions", "word_count"]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ORDINAL = re.compile(r"on the (\d+)(?:st|nd|rd|th)$")


def cap(text: str) -> str:
    """Upper-case the first character.

    Example:
        >>> cap("the Lisbon trip is close")
        'The Lisbon trip is close'
    """
    return text[:1].upper() + text[1:]


def word_count(text: str) -> int:
    """Whitespace-separated words.

    Example:
        >>> word_count("Two words")
        2
    """
    return len(text.split())


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def when_expressions(tense: str, selection: str) -> list[str]:
    """Relative day expressions usable for a ``"past"`` or ``"future"`` event.

    Example:
        >>> "last Friday" in when_expressions("past", "train")
        True
        >>> "four days ago" in when_expressions("past", "train")
        False
    """
    past = tense == "past"
    out = [e for e, days, g in RELATIVE_DAYS if (days <= 0) == past and _in_group(g, selection)]
    if past:
        out += [f"last {w}" for w in WEEKDAYS]
    else:
        out += [f"this coming {w}" for w in WEEKDAYS]
        out += [f"on the {_ordinal(n)}" for n in range(2, 29)]
    return out


def resolve_when(expression: str, day: date) -> date:
    """The date a relative expression said on ``day`` refers to.

    Raises:
        ValueError: for an unknown expression.

    Example:
        >>> resolve_when("last Monday", date(2023, 5, 8))  # a Monday
        datetime.date(2023, 5, 1)
        >>> resolve_when("this coming Friday", date(2023, 5, 8))
        datetime.date(2023, 5, 12)
    """
    for text, days, _group in RELATIVE_DAYS:
        if text == expression:
            return day + timedelta(days=days)
    for i, name in enumerate(WEEKDAYS):
        if expression == f"last {name}":
            return day - timedelta(days=(day.weekday() - i) % 7 or 7)
        if expression == f"this coming {name}":
            return day + timedelta(days=(i - day.weekday()) % 7 or 7)
    match = _ORDINAL.match(expression)
    if match:
        n = int(match.group(1))
        if n > day.day:
            return day.replace(day=n)
        first_next = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        return first_next.replace(day=n)
    raise ValueError(f"unknown relative day expression: {expression!r}")


class ReplyComposer:
    """Builds long assistant replies by composition.

    Args:
        rng: the random stream.
        phrases: the stock phrases of the selected partition(s).

    Example:
        >>> from langchain_neuralmem.data.chatbot_tables import DOMAINS, PHRASES
        >>> c = ReplyComposer(random.Random(0), PHRASES["train"])
        >>> text = c.reply(DOMAINS[0], "your inventory script", 300, [], [])
        >>> word_count(text) >= 300
        True
    """

    def __init__(self, rng: random.Random, phrases: dict[str, tuple[str, ...]]) -> None:
        self.rng, self.phr = rng, phrases
        self.decks: dict[int, list[str]] = {}

    def pick(self, pool: tuple[str, ...]) -> str:
        """A value of ``pool``; no value comes back within a reply before all others did."""
        deck = self.decks.get(id(pool))
        if not deck:
            deck = self.decks[id(pool)] = list(pool)
            self.rng.shuffle(deck)
        return deck.pop()

    def sentence(self, dom: Domain, project: str) -> str:
        """A domain tip or a generic sentence filled with the domain's words."""
        if self.rng.random() < 0.35:
            return self.pick(dom.tips)
        term, term2 = self.rng.sample(dom.terms, 2)
        text = self.pick(self.phr["a_sentences"]).format(
            term=term, term2=term2, Term=cap(term), action=self.pick(dom.actions), project=project
        )
        return cap(text)

    def paragraph(self, dom: Domain, project: str, extra: list[str] | None = None) -> str:
        """Three to five sentences; ``extra`` sentences are mixed in."""
        sentences = [self.sentence(dom, project) for _ in range(self.rng.randint(3, 5))]
        for line in extra or []:
            sentences.insert(self.rng.randint(0, len(sentences)), line)
        return " ".join(sentences)

    def steps(self, dom: Domain) -> str:
        """A numbered list of actions, some with a reason."""
        lines = [self.pick(self.phr["a_steps"])]
        for i in range(1, self.rng.randint(3, 7) + 1):
            line = f"{i}. {cap(self.pick(dom.actions))}."
            if self.rng.random() < 0.4:
                line += " " + self.pick(self.phr["a_reasons"])
            lines.append(line)
        return "\n".join(lines)

    def bullets(self, dom: Domain, caveats: bool = False) -> str:
        """A bullet list of terms with tips, or of caveats."""
        lines = [self.pick(self.phr["a_caveats" if caveats else "a_bullets"])]
        for _ in range(self.rng.randint(2, 4) if caveats else self.rng.randint(3, 6)):
            if caveats or self.rng.random() < 0.4:
                lines.append(f"- {self.pick(dom.tips)}")
            else:
                lines.append(f"- **{cap(self.pick(dom.terms))}**: {cap(self.pick(dom.actions))}.")
        return "\n".join(lines)

    def code(self, dom: Domain) -> str:
        """A fenced code block (domains with code only)."""
        lang, text = self.rng.choice(CODE[dom.key])
        for slot, values in CODE_FILLS.items():
            text = text.replace(slot, self.rng.choice(values))
        return f"{self.pick(self.phr['a_code'])}\n\n```{lang}\n{text}```"

    def table(self, dom: Domain) -> str:
        """A markdown table drawn from the domain's column pools."""
        header, *cols = dom.table
        rows = [f"| {' | '.join(header)} |", "|" + "---|" * len(header)]
        firsts = self.rng.sample(cols[0], min(len(cols[0]), self.rng.randint(3, 6)))
        for first in firsts:
            cells = [first, *(self.rng.choice(c) for c in cols[1:])]
            rows.append(f"| {' | '.join(cap(c) for c in cells)} |")
        return f"{self.pick(self.phr['a_table'])}\n\n" + "\n".join(rows)

    def reply(
        self, dom: Domain, project: str, target: int, top: list[str], inner: list[str]
    ) -> str:
        """A reply of about ``target`` words (at least that many).

        Args:
            dom: the domain the reply is about.
            project: the project name, as the assistant says it ("your ...").
            target: the number of words to reach.
            top: sentences that open the reply (acknowledgements, restated facts).
            inner: sentences hidden in a paragraph somewhere in the reply.
        """
        self.decks = {}
        rng = self.rng
        opener = [self.pick(self.phr["a_openers"])] if rng.random() < 0.7 else []
        blocks = [" ".join([*opener, *top, self.paragraph(dom, project)])]
        hidden = self.paragraph(dom, project, inner) if inner else ""
        closer = self.pick(self.phr["a_closers"])
        words = word_count(blocks[0]) + word_count(hidden) + word_count(closer)
        has_table = False
        while words < target:
            roll = rng.random()
            if roll < 0.34:
                block = self.paragraph(dom, project)
            elif roll < 0.56:
                block = self.steps(dom)
            elif roll < 0.72:
                block = self.bullets(dom)
            elif roll < 0.86 and dom.key in CODE:
                block = self.code(dom)
            elif roll < 0.93 and not has_table:
                block, has_table = self.table(dom), True
            else:
                block = self.bullets(dom, caveats=True)
            blocks.append(block)
            words += word_count(block)
        if hidden:
            blocks.insert(rng.randint(1, len(blocks)), hidden)
        return "\n\n".join([*blocks, closer])


# ---------------------------------------------------------------------------
# Plan records
# ---------------------------------------------------------------------------
@dataclass
class _Unit:
    """One statement with a turn of its own: a user aside or an assistant recommendation."""

    text: str
    role: str = "human"
    ask: str = ""  # "ai" units: the user's request that the recommendation answers
    inner: list[str] = field(default_factory=list)  # "ai" units: the hidden sentences
    echo: tuple[str, str] | None = None  # (key, the assistant restating it)
    milestone: bool = False
    turn: int = -1


@dataclass
class _Project:
    domain: Domain
    name: str
    sessions: list[int] = field(default_factory=list)
    milestones: list[tuple[_Unit, Milestone]] = field(default_factory=list)
    recs_used: set[int] = field(default_factory=set)

    @property
    def yours(self) -> str:
        """The name as the assistant says it."""
        return "your " + self.name[3:] if self.name.startswith("my ") else self.name


@dataclass
class _Pos:
    project: _Project | None  # None: small talk
    unit: _Unit | None = None


@dataclass
class _Session:
    start: datetime
    main: _Project
    positions: list[_Pos]


@dataclass
class _Pending:
    question: str
    answer: str
    units: list[_Unit]
    kind: str


_STOP = frozenset(
    "the and for you your what which who when where how did does have has had with from that "
    "this are was were been about any should would could can will just into than then them "
    "they their our out its it's i'm i've i'd don't".split()
)


def _content(text: str) -> set[str]:
    """Lower-case content words (3+ letters, crude plural folding)."""
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {w[:-1] if w.endswith("s") and len(w) > 4 else w for w in words if len(w) > 2} - _STOP


def _listing(items: list[str]) -> str:
    """Items joined with semicolons (some items contain "and" or commas)."""
    return "; ".join(items)
