"""Synthetic long multi-session conversations with evidence-labelled questions.

A pure-standard-library, seed-deterministic generator of LoCoMo-like dialogues:
two friends chat over many dated sessions of long, natural turns (a fact wrapped
in feelings, reasons and follow-up questions). Facts about both of them are stated
(pets, jobs, cities, family, hobbies ...), often as the answer to the other
speaker's question, sometimes updated later; events are told with relative time
expressions ("yesterday", "last weekend"); recurring activities (woodcarving, choir,
chess ...) come back across sessions with different details, some only visible in
a shared photo's caption ("[shares a photo: ...]"); near-miss facts, on-topic chatter
and small talk act as distractors. Each dialogue carries questions of kinds
``single``, ``update``, ``temporal``, ``multi`` and ``inference`` whose ``evidence``
lists the indices of the turns holding the answer. Most questions reuse the content
words of their evidence in a third-person frame; the rest paraphrase them.

The data tables (name pools, fact templates, topics, phrases ...) live in
:mod:`langchain_neuralmem.data.generator_data`. The logic is split by idea:
:mod:`.generator_dates` (session dates, relative time expressions),
:mod:`.generator_core` (shared state, plan records, text helpers),
:mod:`.generator_plan` (facts, events, updates and their questions) and
:mod:`.generator_render` (sessions, segments and turns). This module holds the
configuration, the final question selection and the public API, and re-exports
the public tables, their types and the date helpers.

Example:
    >>> from langchain_neuralmem.data.generator import generate_dialogues
    >>> dialogues = generate_dialogues(2, seed=7)
    >>> len(dialogues)
    2
    >>> d = dialogues[0]
    >>> all(0 <= i < len(d.turns) for q in d.questions for i in q.evidence)
    True
    >>> generate_dialogues(2, seed=7)[0].turns[5].text == d.turns[5].text
    True
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from langchain_neuralmem.data.dialogue import Dialogue, EvidenceQuestion
from langchain_neuralmem.data.generator_core import _Pending
from langchain_neuralmem.data.generator_data import (
    DURATIONS,
    EVENTS,
    FACTS,
    PHRASES,
    POOLS,
    PROFILES,
    QUESTION_KINDS,
    QUESTION_SHARES,
    RECURRING,
    RELATIVE_TIMES,
    TOPICS,
    EventTemplate,
    FactTemplate,
    InterestProfile,
    RecurringTemplate,
    Topic,
)
from langchain_neuralmem.data.generator_dates import format_session_date, resolve_relative_time
from langchain_neuralmem.data.generator_plan import _Planner
from langchain_neuralmem.data.generator_render import _Renderer

__all__ = ["GeneratorConfig", "format_session_date", "generate_dialogue", "generate_dialogues"]
__all__ += ["EVENTS", "FACTS", "POOLS", "PROFILES", "QUESTION_KINDS", "RELATIVE_TIMES"]
__all__ += ["EventTemplate", "FactTemplate", "InterestProfile", "resolve_relative_time"]
__all__ += ["DURATIONS", "PHRASES", "RECURRING", "TOPICS", "RecurringTemplate", "Topic"]


# ---------------------------------------------------------------------------
# Public configuration
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class GeneratorConfig:
    """Knobs of the synthetic dialogue generator.

    The defaults give LoCoMo-sized conversations (about 370 turns of ~22 words);
    ``GeneratorConfig(sessions_min=4, sessions_max=12, turns_per_session_min=10,
    turns_per_session_max=24, padding=0.0)`` gives the earlier short, terse ones.

    Attributes:
        sessions_min: fewest sessions per dialogue.
        sessions_max: most sessions per dialogue.
        turns_per_session_min: fewest turns per session (at least 6 are used).
        turns_per_session_max: most turns per session.
        distractor_rate: share of turns that are small talk / distractors.
        session_gap_days_min: fewest days between session starts.
        session_gap_days_max: most days between session starts.
        turn_gap_seconds_min: fewest seconds between turns in a session.
        turn_gap_seconds_max: most seconds between turns in a session.
        mid_question_rate: share of questions asked mid-dialogue (when possible).
        max_questions: cap on questions per dialogue.
        start_year_min: earliest year of the first session.
        start_year_max: latest year of the first session.
        lexical_question_rate: share of fact / detail questions that reuse the content
            words of their evidence (the rest paraphrase them).
        qa_rate: share of content segments opened by the other speaker's question
            about the fact, so that the evidence is the answer turn.
        photo_rate: share of chatter turns that share a (topic) photo.
        padding: scale of the chance of wrapping a line in openers, feelings and
            follow-ups (0 = bare, short turns; 1 = long, natural turns).
    """

    sessions_min: int = 8
    sessions_max: int = 24
    turns_per_session_min: int = 14
    turns_per_session_max: int = 32
    distractor_rate: float = 0.35
    session_gap_days_min: int = 1
    session_gap_days_max: int = 30
    turn_gap_seconds_min: int = 30
    turn_gap_seconds_max: int = 120
    mid_question_rate: float = 0.2
    max_questions: int = 60
    start_year_min: int = 2019
    start_year_max: int = 2024
    lexical_question_rate: float = 0.6
    qa_rate: float = 0.5
    photo_rate: float = 0.1
    padding: float = 1.0


# ---------------------------------------------------------------------------
# Building one dialogue: plan, render, then resolve and select the questions
# ---------------------------------------------------------------------------
class _Builder(_Planner, _Renderer):
    """Plans, renders and questions one dialogue from a private random stream."""

    def questions(self) -> list[EvidenceQuestion]:
        """Resolve queued questions to evidence indices, cap and order them."""
        last = len(self.sessions) - 1
        out: list[EvidenceQuestion] = []
        for p in self._select():
            asked: int | None = None
            top = max(u.session for u in p.units)
            if p.before_session is not None:
                asked = self.bounds[p.before_session][0]
            elif top < last and self.rng.random() < self.cfg.mid_question_rate:
                asked = self.bounds[self.rng.randint(top, last - 1)][1]
            evidence = sorted({i for u in p.units for i in u.turns})
            out.append(EvidenceQuestion(p.question, p.answer, evidence, asked, p.kind))
        out.sort(key=lambda q: (q.asked_after is None, q.asked_after or 0, max(q.evidence)))
        return out

    def _select(self) -> list[_Pending]:
        """Keep at most ``max_questions``, each kind up to its share, then any others."""
        cap = self.cfg.max_questions
        if len(self.pending) <= cap:
            return list(self.pending)
        order = list(range(len(self.pending)))
        self.rng.shuffle(order)
        chosen: list[int] = []
        for kind in QUESTION_KINDS:
            quota = max(2, round(QUESTION_SHARES[kind] * cap))
            chosen += [i for i in order if self.pending[i].kind == kind][:quota]
        taken = set(chosen)
        chosen += [i for i in order if i not in taken]
        return [self.pending[i] for i in sorted(chosen[:cap])]


_RANGES = ("sessions", "turns_per_session", "session_gap_days", "turn_gap_seconds", "start_year")
_RATES = ("lexical_question_rate", "qa_rate", "photo_rate", "padding", "mid_question_rate")


def _validate(cfg: GeneratorConfig) -> None:
    """Raise ``ValueError`` for inconsistent configuration ranges."""
    for name in _RANGES:
        lo, hi = getattr(cfg, f"{name}_min"), getattr(cfg, f"{name}_max")
        if not 0 < lo <= hi:
            raise ValueError(f"invalid GeneratorConfig: need 0 < {name}_min <= {name}_max")
    if not 0.0 <= cfg.distractor_rate < 1.0 or cfg.max_questions < 1:
        raise ValueError(
            "invalid GeneratorConfig: need 0 <= distractor_rate < 1, max_questions >= 1"
        )
    for name in _RATES:
        if not 0.0 <= getattr(cfg, name) <= 1.0:
            raise ValueError(f"invalid GeneratorConfig: need 0 <= {name} <= 1")


def generate_dialogue(
    rng: random.Random, index: int, config: GeneratorConfig = GeneratorConfig()
) -> Dialogue:
    """Generate one synthetic multi-session dialogue.

    Args:
        rng: the random stream (the only source of randomness).
        index: used for the dialogue id (``"synth-00042"``).
        config: generator knobs.

    Returns:
        A :class:`Dialogue` with turns and evidence-labelled questions.

    Raises:
        ValueError: if ``config`` is inconsistent.
    """
    _validate(config)
    builder = _Builder(rng, config)
    builder.plan()
    turns = builder.render()
    return Dialogue(f"synth-{index:05d}", turns, builder.questions())


def generate_dialogues(
    n: int, *, seed: int = 0, config: GeneratorConfig = GeneratorConfig()
) -> list[Dialogue]:
    """Generate ``n`` dialogues; identical for the same ``(n, seed, config)``.

    Dialogue ``i`` draws from its own stream seeded with the string ``"...:{seed}:{i}"``
    (string seeds go through SHA-512, independent of ``PYTHONHASHSEED``), so the first
    ``k`` dialogues do not depend on ``n``.

    Args:
        n: number of dialogues.
        seed: base seed.
        config: generator knobs.

    Returns:
        The list of dialogues.
    """
    return [
        generate_dialogue(random.Random(f"neuralmem-generator:{seed}:{i}"), i, config)
        for i in range(n)
    ]
