"""Shared state, plan records and text helpers of the synthetic dialogue generator.

:class:`_Core` holds what planning (:mod:`.generator_plan`) and rendering
(:mod:`.generator_render`) share for one dialogue: the private random stream, the
two speakers (names, pronouns), the values already used, the session schedule
with its content units and the queue of questions. Internal to
:mod:`langchain_neuralmem.data.generator`.

Example:
    >>> import random
    >>> from langchain_neuralmem.data.generator import GeneratorConfig
    >>> core = _Core(random.Random(1), GeneratorConfig())
    >>> 8 <= len(core.sessions) <= 24 and core.names[0] != core.names[1]
    True
    >>> an(cap("a oat milk latte")), uncap("I know. Nice"), uncap("Nice")
    ('An oat milk latte', 'I know. Nice', 'nice')
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from langchain_neuralmem.data.generator_data import PHRASES, POOLS, EventTemplate

if TYPE_CHECKING:
    from langchain_neuralmem.data.generator import GeneratorConfig


@dataclass
class _Unit:
    """A content segment built around one statement by speaker ``owner``.

    With ``reveal`` set, the statement is a teaser, the other speaker asks
    ``curious`` and the owner names the object in a second evidence turn.
    """

    owner: int
    topic: str
    statement: str
    reaction: str
    session: int
    ask: str = ""  # the other speaker's question that the statement answers
    caption: str = ""  # photo shared with the (last) evidence turn
    curious: str = ""
    reveal: str = ""
    turns: list[int] = field(default_factory=list)  # evidence turn indices, set when rendered


@dataclass
class _Pending:
    """A question waiting for its units' turn indices."""

    question: str
    answer: str
    units: list[_Unit]
    kind: str
    before_session: int | None = None  # asked right before this session starts


@dataclass
class _Session:
    """A planned session: start time, turn budget and content units."""

    start: datetime
    n_turns: int
    n_content: int
    n_distract: int
    units: list[_Unit] = field(default_factory=list)


Line = tuple[int, str, "_Unit | None"]  # (speaker index, text, unit stated in this turn)


def cap(text: str) -> str:
    """Upper-case the first character."""
    return text[:1].upper() + text[1:]


def uncap(text: str) -> str:
    """Lower-case the first character unless it is the pronoun "I"."""
    return text if re.match(r"I\b", text) else text[:1].lower() + text[1:]


_A_VOWEL = re.compile(r"\b([Aa]) (?=[aeiouAEIO])")


def an(text: str) -> str:
    """Fix the article before a vowel: "a oat milk latte" -> "an oat milk latte"."""
    return _A_VOWEL.sub(r"\1n ", text)


class _Core:
    """The state of one dialogue being built, its session schedule and shared helpers."""

    def __init__(self, rng: random.Random, config: GeneratorConfig) -> None:
        self.rng, self.cfg = rng, config
        self.used: dict[str, set[str]] = {}
        self.keys: list[dict[str, str]] = [{}, {}]  # fact key -> value, per speaker
        self.stems: list[list[str]] = [[], []]  # recurring-activity stems, per speaker
        self.stated: list[dict[str, _Unit]] = [{}, {}]  # single facts' units, per speaker
        self.pending: list[_Pending] = []
        self.events: list[tuple[int, EventTemplate, str, _Unit]] = []
        self.bounds: list[tuple[int, int]] = []  # [first, end) turn index per session
        self.said: set[str] = set()  # padding lines used in the current session
        genders = [rng.choice(("female", "male")) for _ in range(2)]
        self.names = [self.pick(g) for g in genders]
        self.poss = ["her" if g == "female" else "his" for g in genders]
        self.pron = ["she" if g == "female" else "he" for g in genders]
        self.sessions = self._plan_sessions()

    def pick(self, pool: str, avoid: list[str] | None = None) -> str:
        """Pick a value not used yet in this dialogue (all names share one namespace).

        Values containing one of the ``avoid`` stems are skipped when possible.
        """
        used = self.used.setdefault("names" if pool in ("female", "male", "any") else pool, set())
        fresh = [v for v in POOLS[pool] if v not in used] or POOLS[pool]
        for _ in range(10):
            value = self.rng.choice(fresh)
            if not avoid or not any(a in value.lower() for a in avoid):
                break
        used.add(value)
        return value

    def phrase(self, name: str, **kw: str) -> str:
        """A random phrasing from :data:`PHRASES`, formatted."""
        return self.rng.choice(PHRASES[name]).format(**kw)

    def fill(self, template: str, owner: int, **kw: str) -> str:
        """Format a template with the owner's name ``{n}``, ``{poss}`` and ``{pr}``."""
        return template.format(
            n=self.names[owner], poss=self.poss[owner], pr=self.pron[owner], **kw
        )

    def free(self) -> list[int]:
        """Sessions with free content capacity."""
        return [i for i, s in enumerate(self.sessions) if len(s.units) < s.n_content]

    def unit(self, owner: int, topic: str, said: str, reaction: str, s: int, **kw: str) -> _Unit:
        """Create a content unit in session ``s`` (``kw``: ask, caption, curious, reveal)."""
        made = _Unit(owner, topic, an(cap(said)), an(cap(reaction)), s)
        for name, value in kw.items():
            setattr(made, name, value)
        self.sessions[s].units.append(made)
        return made

    def ask(self, question: str, answer: str, units: list[_Unit], kind: str, **kw: int) -> None:
        """Queue a question (``before_session=s`` asks it just before session ``s``)."""
        self.pending.append(_Pending(question, answer, units, kind, **kw))

    def lexical(self) -> bool:
        """Whether the next question reuses its evidence's words."""
        return self.rng.random() < self.cfg.lexical_question_rate

    def _plan_sessions(self) -> list[_Session]:
        """Dated sessions with their turn, content and distractor budgets."""
        cfg, rng = self.cfg, self.rng
        year = rng.randint(cfg.start_year_min, cfg.start_year_max)
        day = datetime(year, rng.randint(1, 12), rng.randint(1, 28), tzinfo=timezone.utc)
        lo = max(6, cfg.turns_per_session_min)
        sessions: list[_Session] = []
        for s in range(rng.randint(cfg.sessions_min, cfg.sessions_max)):
            if s:
                day += timedelta(
                    days=rng.randint(cfg.session_gap_days_min, cfg.session_gap_days_max)
                )
            start = day.replace(hour=rng.randint(8, 21), minute=rng.randint(0, 59))
            n_turns = rng.randint(lo, max(lo, cfg.turns_per_session_max))
            distract = round(cfg.distractor_rate * n_turns)  # greeting + closing count too
            n_content = max(1, round((n_turns - max(distract, 4)) / 3))
            n_distract = max(0, round((distract - 4) / 3))
            while 2 * (n_content + n_distract) + 4 > n_turns and n_distract:
                n_distract -= 1
            sessions.append(_Session(start, n_turns, n_content, n_distract))
        return sessions
