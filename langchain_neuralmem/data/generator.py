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
:mod:`langchain_neuralmem.data.generator_data`; this module holds the
generation logic and re-exports the public tables and their types.

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

import itertools
import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from langchain_neuralmem.data.dialogue import Dialogue, DialogueTurn, EvidenceQuestion
from langchain_neuralmem.data.generator_data import (
    COMBOS,
    COUNT_WORDS,
    DAY_PRECISE,
    DURATIONS,
    EVENTS,
    FACTS,
    FACTS_BY_KEY,
    MONTHS,
    NEAR_MISS_FACTS,
    PHRASES,
    POOLS,
    PROFILES,
    QUESTION_KINDS,
    QUESTION_SHARES,
    RECURRING,
    RELATIVE_TIMES,
    SMALL_TALK,
    TOPIC_NAMES,
    TOPICS,
    UPDATABLE,
    EventTemplate,
    FactTemplate,
    InterestProfile,
    RecurringTemplate,
    Topic,
)

__all__ = ["GeneratorConfig", "format_session_date", "generate_dialogue", "generate_dialogues"]
__all__ += ["EVENTS", "FACTS", "POOLS", "PROFILES", "QUESTION_KINDS", "RELATIVE_TIMES"]
__all__ += ["EventTemplate", "FactTemplate", "InterestProfile", "resolve_relative_time"]
__all__ += ["DURATIONS", "PHRASES", "RECURRING", "TOPICS", "RecurringTemplate", "Topic"]


# ---------------------------------------------------------------------------
# Public configuration and date helpers
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


def format_session_date(timestamp: float) -> str:
    """Format a UTC timestamp LoCoMo-style, e.g. ``"1:56 pm on 8 May, 2023"``."""
    dt = datetime.fromtimestamp(timestamp, tz=timezone.utc)
    ampm, month = ("am" if dt.hour < 12 else "pm"), MONTHS[dt.month - 1]
    return f"{dt.hour % 12 or 12}:{dt.minute:02d} {ampm} on {dt.day} {month}, {dt.year}"


def _fmt_day(day: date) -> str:
    """Format a date as ``"8 May 2023"``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _event_day(expression: str, session_day: date) -> date | None:
    """Resolve a day-precise relative expression to a date, else ``None``."""
    for text, kind, n in RELATIVE_TIMES:
        if text == expression and kind == "day":
            return session_day - timedelta(days=n)
        if text == expression and kind == "weekday":
            return session_day - timedelta(days=(session_day.weekday() - n) % 7 or 7)
    return None


def resolve_relative_time(expression: str, session_day: date) -> str:
    """Resolve an expression of :data:`RELATIVE_TIMES` to a LoCoMo-style answer.

    Args:
        expression: e.g. ``"yesterday"`` or ``"last weekend"``.
        session_day: the date of the session in which it was said.

    Returns:
        ``"7 May 2023"``, ``"the weekend before 8 May 2023"``,
        ``"the week before 8 May 2023"``, ``"April 2023"`` or ``"2022"``.

    Raises:
        ValueError: if the expression is unknown.
    """
    exact = _event_day(expression, session_day)
    if exact is not None:
        return _fmt_day(exact)
    if expression in ("last weekend", "last week"):
        return f"the {expression[5:]} before {_fmt_day(session_day)}"
    if expression == "last month":
        prev = session_day.replace(day=1) - timedelta(days=1)
        return f"{MONTHS[prev.month - 1]} {prev.year}"
    if expression == "last year":
        return str(session_day.year - 1)
    raise ValueError(f"unknown relative time expression: {expression!r}")


# ---------------------------------------------------------------------------
# Planning and rendering
# ---------------------------------------------------------------------------
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


def _cap(text: str) -> str:
    """Upper-case the first character."""
    return text[:1].upper() + text[1:]


def _uncap(text: str) -> str:
    """Lower-case the first character unless it is the pronoun "I"."""
    return text if re.match(r"I\b", text) else text[:1].lower() + text[1:]


_A_VOWEL = re.compile(r"\b([Aa]) (?=[aeiouAEIO])")


def _an(text: str) -> str:
    """Fix the article before a vowel: "a oat milk latte" -> "an oat milk latte"."""
    return _A_VOWEL.sub(r"\1n ", text)


class _Builder:
    """Plans, renders and questions one dialogue from a private random stream."""

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
        made = _Unit(owner, topic, _an(_cap(said)), _an(_cap(reaction)), s)
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

    # -- planning --------------------------------------------------------------
    def _plan_sessions(self) -> list[_Session]:
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

    def plan(self) -> None:
        """Schedule all content units and queue their questions."""
        rng = self.rng
        n_threads = max(1, round(len(self.sessions) * rng.uniform(0.15, 0.3)))
        for tpl in rng.sample(RECURRING, min(n_threads, len(RECURRING))):
            owner = rng.randrange(2)
            self._plan_thread(owner, tpl)
            if rng.random() < 0.2:  # the other speaker does it too, with other details
                self._plan_thread(1 - owner, tpl)
        for _ in range(rng.randint(1, 2)):
            self._plan_update(rng.randrange(2))
        first = rng.randrange(2)
        for owner in (first, 1 - first)[: 1 if len(self.sessions) < 8 else 2]:
            self._plan_inference(owner)
        if rng.random() < 0.5:
            self._plan_pets(rng.randrange(2))
        if rng.random() < 0.6:
            self._plan_list(rng.randrange(2), "hobby", "hobbies", "activity")
        if rng.random() < 0.5:
            self._plan_list(rng.randrange(2), "trips", "cities", "trip")
        if rng.random() < 0.5:
            self._plan_common_hobby()
        for _ in range(rng.randint(0, 2)):
            self._plan_duration(rng.randrange(2))
        n_events = max(3, round(len(self.sessions) * rng.uniform(0.5, 0.9)))
        for event in rng.sample(EVENTS, min(n_events, len(EVENTS))):
            self._plan_event(rng.randrange(2), event)
        self._plan_orders()
        self._plan_singles()
        self._plan_combos()

    def _plan_thread(self, owner: int, tpl: RecurringTemplate) -> None:
        """An activity told 2-4 times in different sessions with different details."""
        rng, sessions = self.rng, self.free()
        if len(sessions) < 2 or tpl.stem in self.stems[owner]:
            return
        self.stems[owner].append(tpl.stem)
        k = min(len(sessions), rng.randint(2, 4))
        units, objects, poss = [], [], self.poss[owner]
        for s, (y, yp) in zip(
            sorted(rng.sample(sessions, k)), rng.sample(tpl.occasions, k), strict=True
        ):
            x, rel = self.pick(tpl.pool), rng.choice(RELATIVE_TIMES)[0]
            made = self._occurrence(owner, tpl, s, x, y, rel)
            units.append(made)
            objects.append(x)
            if self.lexical():
                question = self.fill(rng.choice(tpl.lexical), owner, y=y.format(my=poss))
            else:
                question = self.fill(rng.choice(tpl.paraphrased), owner, yp=yp.format(my=poss))
            self.ask(question, x, [made], "single")
            if rng.random() < 0.5:
                when = resolve_relative_time(rel, self.sessions[s].start.date())
                self.ask(self.fill(rng.choice(tpl.when), owner, x=x), when, [made], "temporal")
        if rng.random() < 0.9:
            question = self.fill(rng.choice(tpl.lists), owner)
            self.ask(question, ", ".join(objects), units, "multi")
        if rng.random() < 0.5:
            question = self.fill(rng.choice(tpl.counts), owner)
            self.ask(question, COUNT_WORDS[k], units, "multi")
        if rng.random() < 0.4:  # the latest occurrence: recency decides
            template = rng.choice(tpl.lexical if self.lexical() else tpl.paraphrased)
            recent = "most recently"
            question = self.fill(template, owner, y=recent, yp=recent)
            self.ask(question, objects[-1], units[-1:], "single")
        if rng.random() < 0.5:
            activity = tpl.key.replace("_", " ")
            answer = f"Likely yes; {self.names[owner]} often talks about {activity}."
            self.ask(self.fill(rng.choice(tpl.inferences), owner), answer, units, "inference")

    def _occurrence(
        self, owner: int, tpl: RecurringTemplate, s: int, x: str, y: str, rel: str
    ) -> _Unit:
        """One telling: a full statement, a teaser with a photo, or teaser + reveal."""
        rng = self.rng
        said = {"x": x, "X": _cap(x), "y": y.format(my="my"), "rel": rel, "Rel": _cap(rel)}
        ask = rng.choice(tpl.asks).format(y=y.format(my="your"))
        roll = rng.random()
        caption = rng.choice(tpl.captions).format(x=x)
        if roll < 0.5:
            statement, caption = rng.choice(tpl.statements).format(**said), ""
        else:  # a teaser; the object is only in the photo's caption (or in a reveal)
            statement = rng.choice(tpl.teasers).format(**said)
        if roll >= 0.7:  # the other asks, the owner reveals the object (photo or not)
            reveal = rng.choice(tpl.reveals).format(**said)
            kw = {"curious": rng.choice(tpl.curious), "reveal": reveal}
            caption = caption if rng.random() < 0.5 else ""
        else:
            kw = {"ask": ask}
        reaction = self.phrase("photo_reactions" if caption else "thread_reactions")
        return self.unit(owner, tpl.topic, statement, reaction, s, caption=caption, **kw)

    def _plan_update(self, owner: int) -> None:
        """A fact stated, then changed in a later session; ask current and prior values."""
        rng = self.rng
        keys = [k for k in UPDATABLE if k not in self.keys[owner]]
        early = [s for s in self.free() if s < len(self.sessions) - 1]
        later = [s for s in self.free() if early and s > min(early)]
        if not keys or not later:
            return
        s2 = rng.choice(later)
        s1 = rng.choice([s for s in early if s < s2])
        tpl = FACTS_BY_KEY[rng.choice(keys)]
        old, new = self.pick(tpl.pool), self.pick(tpl.pool)
        self.keys[owner][tpl.key] = new
        orig = self._fact_unit(owner, tpl, s1, old)[0]
        i = rng.randrange(len(tpl.updates))
        said = tpl.updates[i].format(old=old, v=new)
        reaction = rng.choice(tpl.reactions).format(v=new)
        upd = self.unit(owner, tpl.topic, said, reaction, s2, ask=rng.choice(tpl.asks))
        if self.lexical() and tpl.update_lexical[i]:
            current = self.fill(tpl.update_lexical[i], owner, old=old)
        else:
            current = self.fill(rng.choice(tpl.current_questions), owner)
        self.ask(current, new, [upd], "update")
        prior = self.fill(rng.choice(tpl.prior_questions), owner, v=new)
        self.ask(prior, old, [orig, upd], "update")
        if rng.random() < 0.5:  # asked before the change: the old value is current then
            question = self.fill(rng.choice(tpl.questions), owner)
            self.ask(question, old, [orig], "single", before_session=s2)

    def _plan_inference(self, owner: int) -> None:
        """Two or three hints at a latent interest in different sessions."""
        rng, sessions = self.rng, self.free()
        if len(sessions) < 2:
            return
        profile = rng.choice(PROFILES)
        k = min(len(sessions), rng.randint(2, 3))
        units = []
        for hint, s in zip(
            rng.sample(profile.hints, k), sorted(rng.sample(sessions, k)), strict=True
        ):
            units.append(self.unit(owner, "life", hint, self.phrase("hint_reactions"), s))
        question = self.fill(rng.choice(PHRASES["inference_questions"]), owner)
        self.ask(question, _cap(profile.field), units, "inference")
        if rng.random() < 0.7:
            question = self.fill(rng.choice(PHRASES["enjoy_questions"]), owner, x=profile.enjoy)
            answer = f"Yes, likely; {self.names[owner]} seems drawn to {profile.field}."
            self.ask(question, answer, units, "inference")

    def _fact_unit(self, owner: int, tpl: FactTemplate, s: int, v: str) -> tuple[_Unit, str]:
        """State value ``v`` of a fact in session ``s``; returns the unit and a question."""
        rng = self.rng
        i = rng.randrange(len(tpl.statements))
        said = tpl.statements[i].format(v=v)
        reaction = rng.choice(tpl.reactions).format(v=v)
        made = self.unit(owner, tpl.topic, said, reaction, s, ask=rng.choice(tpl.asks))
        template = tpl.lexical[i] if self.lexical() and tpl.lexical[i] else ""
        return made, self.fill(template or rng.choice(tpl.questions), owner)

    def _single(self, owner: int, tpl: FactTemplate, s: int, value: str = "") -> _Unit:
        """State a fact in session ``s`` and queue its single-hop question."""
        v = value or self.pick(tpl.pool, self.stems[owner])
        self.keys[owner][tpl.key] = v
        made, question = self._fact_unit(owner, tpl, s, v)
        self.ask(question, v, [made], "single")
        self.stated[owner][tpl.key] = made
        return made

    def _plan_pets(self, owner: int) -> None:
        """A dog and a cat in different sessions; ask for all pets."""
        sessions = self.free()
        if len(sessions) < 2 or "dog" in self.keys[owner] or "cat" in self.keys[owner]:
            return
        s1, s2 = self.rng.sample(sessions, 2)
        units = [self._single(owner, FACTS_BY_KEY[k], s) for k, s in (("dog", s1), ("cat", s2))]
        answer = f"a dog named {self.keys[owner]['dog']} and a cat named {self.keys[owner]['cat']}"
        self.ask(
            self.fill(self.rng.choice(PHRASES["pets_questions"]), owner), answer, units, "multi"
        )

    def _plan_list(self, owner: int, key: str, pool: str, name: str) -> None:
        """Two to four items of one list (activities, trips) in different sessions."""
        rng, sessions = self.rng, self.free()
        if len(sessions) < 2 or key in self.keys[owner]:
            return
        k = min(len(sessions), rng.randint(2, 4))
        values = [self.pick(pool, self.stems[owner]) for _ in range(k)]
        self.keys[owner][key] = ", ".join(values)
        topic = "hobbies" if name == "activity" else "travel"
        units = []
        for v, s in zip(values, sorted(rng.sample(sessions, k)), strict=True):
            said, reaction = (
                self.phrase(f"{name}_{part}", v=v) for part in ("statements", "reactions")
            )
            units.append(self.unit(owner, topic, said, reaction, s))
        question = self.fill(rng.choice(PHRASES[f"{name}_questions"]), owner)
        self.ask(question, ", ".join(values), units, "multi")

    def _plan_common_hobby(self) -> None:
        """Both speakers mention the same hobby; ask what they share."""
        sessions, tpl = self.free(), FACTS_BY_KEY["hobby"]
        if len(sessions) < 2 or any("hobby" in keys for keys in self.keys):
            return
        value = self.pick(tpl.pool, self.stems[0] + self.stems[1])
        s1, s2 = self.rng.sample(sessions, 2)
        units = [self._single(0, tpl, s1, value), self._single(1, tpl, s2, value)]
        question = self.phrase("common_questions", a=self.names[0], b=self.names[1])
        self.ask(question, value, units, "multi")

    def _plan_duration(self, owner: int) -> None:
        """A long-running habit with its duration; ask how long."""
        rng, sessions = self.rng, self.free()
        if not sessions:
            return
        topic, habit = rng.choice(DURATIONS)
        if habit in self.keys[owner]:
            return
        d = self.keys[owner][habit] = self.pick("durations")
        said = self.phrase("duration_statements", g=habit.format(my="my"), d=d)
        made = self.unit(owner, topic, said, self.phrase("support"), rng.choice(sessions))
        question = rng.choice(PHRASES["duration_questions"])
        self.ask(
            self.fill(question, owner, g=habit.format(my=self.poss[owner])), d, [made], "temporal"
        )

    def _plan_event(self, owner: int, event: EventTemplate) -> None:
        """An event told with a relative time; ask when it happened."""
        rng, sessions = self.rng, self.free()
        clash = [any(stem in event.past for stem in self.stems[o]) for o in (0, 1)]
        if clash[owner]:  # keep recurring activities countable: the other one did it
            owner = 1 - owner
        if not sessions or clash[owner]:
            return
        s, rel = rng.choice(sessions), rng.choice(RELATIVE_TIMES)[0]
        adj = rng.choice(PHRASES["event_adjectives"])
        said = self.phrase("event_statements", Rel=_cap(rel), rel=rel, past=event.past, adj=adj)
        made = self.unit(owner, event.topic, said, self.phrase("event_reactions", adj=adj), s)
        self.events.append((owner, event, rel, made))
        base = self.fill(event.base, owner)
        question = self.fill(rng.choice(PHRASES["temporal_questions"]), owner, base=base)
        answer = resolve_relative_time(rel, self.sessions[s].start.date())
        self.ask(question, answer, [made], "temporal")

    def _plan_orders(self) -> None:
        """Ask which of two day-precise events of one speaker happened first."""
        for owner in (0, 1):
            evs = [e for e in self.events if e[0] == owner and e[2] in DAY_PRECISE]
            for first, second in itertools.pairwise(evs):
                days = [
                    _event_day(e[2], self.sessions[e[3].session].start.date())
                    for e in (first, second)
                ]
                if None in days or days[0] == days[1] or self.rng.random() < 0.6:
                    continue
                g1, g2 = (self.fill(e[1].gerund, owner) for e in (first, second))
                answer = g1 if days[0] < days[1] else g2  # type: ignore[operator]
                if self.rng.random() < 0.5:
                    g1, g2 = g2, g1
                question = self.fill(
                    self.rng.choice(PHRASES["order_questions"]), owner, g1=g1, g2=g2
                )
                self.ask(question, answer, [first[3], second[3]], "multi")

    def _plan_singles(self) -> None:
        """Fill the remaining capacity with single facts of both speakers."""
        candidates = [(owner, tpl) for tpl in FACTS for owner in (0, 1)]
        self.rng.shuffle(candidates)
        for owner, tpl in candidates:
            sessions = self.free()
            if not sessions:
                return
            if tpl.key not in self.keys[owner]:
                self._single(owner, tpl, self.rng.choice(sessions))

    def _plan_combos(self) -> None:
        """Ask for two facts of one speaker stated apart (siblings, cities lived in ...)."""
        for owner, (keys, questions) in itertools.product((0, 1), COMBOS):
            units = [self.stated[owner][k] for k in keys if k in self.stated[owner]]
            if len(units) == len(keys) and self.rng.random() < 0.7:
                answer = ", ".join(self.keys[owner][k] for k in keys)
                self.ask(self.fill(self.rng.choice(questions), owner), answer, units, "multi")

    # -- rendering -------------------------------------------------------------
    def render(self) -> list[DialogueTurn]:
        """Turn the session plans into dialogue turns (fills ``_Unit.turns``)."""
        turns: list[DialogueTurn] = []
        segment, gap = -1, self.cfg.turn_gap_seconds_min
        spread = self.cfg.turn_gap_seconds_max - gap + 1
        for s, sess in enumerate(self.sessions):
            begin, clock = len(turns), sess.start.timestamp()
            for seg in self._session_segments(s, sess):
                segment += 1
                for speaker, text, unit in seg:
                    if unit is not None:
                        unit.turns.append(len(turns))
                    turn_id = f"D{s + 1}:{len(turns) - begin + 1}"
                    role = ("human", "ai")[speaker]
                    turns.append(
                        DialogueTurn(self.names[speaker], role, text, clock, s, segment, turn_id)
                    )
                    clock += gap + int(self.rng.random() * spread)  # faster than randint
            self.bounds.append((begin, len(turns)))
        return turns

    def _session_segments(self, s: int, sess: _Session) -> list[list[Line]]:
        """Greeting, shuffled content / distractor segments of 2-8 turns, closing."""
        rng = self.rng
        self.said.clear()
        a = rng.randrange(2)
        b = 1 - a
        greet = self.phrase("greet", o=self.names[b])
        head: list[Line] = [
            (a, greet, None),
            (b, self.phrase("greet_reply", o=self.names[a]), None),
        ]
        tail: list[Line] = [(a, self.phrase("close"), None)]
        tail.append((b, self.phrase("close_reply", o=self.names[a]), None))
        bodies: list[_Unit | None] = [*sess.units, *([None] * sess.n_distract)]
        for _ in range(6):  # avoid two adjacent segments on the same topic
            rng.shuffle(bodies)
            topics = [u.topic if u else None for u in bodies]
            if all(t is None or t != u for t, u in itertools.pairwise(topics)):
                break
        lengths = [2] * len(bodies)
        extra = sess.n_turns - 4 - 2 * len(bodies)
        for i, body in enumerate(bodies):  # a reveal needs a third turn (teaser, ask, reveal)
            if extra > 0 and body is not None and body.reveal:
                lengths[i] += 1
                extra -= 1
        while extra > 0:
            slots = [i for i, n in enumerate(lengths) if n < 8]
            if not slots:  # every segment is full: add another small-talk segment
                bodies.append(None)
                lengths.append(min(8, max(2, extra)))
                extra -= lengths[-1]
                continue
            lengths[rng.choice(slots)] += 1
            extra -= 1
        middle = [
            self._content(u, n) if u is not None else self._distractor(n)
            for u, n in zip(bodies, lengths, strict=True)
        ]
        return [head, *middle, tail]

    # -- padding: long, natural turns around the facts ----------------------------
    def fresh(self, pool: tuple[str, ...]) -> str:
        """A line of ``pool``, if possible one not said yet in this session."""
        for _ in range(4):
            text = self.rng.choice(pool)
            if text not in self.said:
                break
        self.said.add(text)
        return text

    def _tails(self, topic: str, chance: float) -> list[str]:
        """Zero to two trailing sentences: an on-topic remark and/or a feeling."""
        rng = self.rng
        if rng.random() >= chance * self.cfg.padding:
            return []
        tails = [self.fresh(TOPICS[topic].lines if rng.random() < 0.5 else PHRASES["feelings"])]
        if rng.random() < 0.3:
            tails.append(self.fresh(PHRASES["feelings"]))
        return list(dict.fromkeys(tails))

    def _tell(self, text: str, topic: str, answering: bool) -> str:
        """A first-person line: an opener (news or answer), the text, feelings."""
        parts = []
        if self.rng.random() < (0.6 if answering else 0.3) * self.cfg.padding:
            parts.append(self.fresh(PHRASES["answer_openers" if answering else "news_openers"]))
        return " ".join([*parts, text, *self._tails(topic, 0.65)])

    def _reply(self, text: str, topic: str, to: int, support: bool = True) -> str:
        """A reaction addressed to speaker ``to``, often with a follow-up question."""
        rng, p = self.rng, self.cfg.padding
        parts = [self.phrase("addresses", o=self.names[to])] if rng.random() < 0.5 * p else []
        parts.append(text)
        roll = rng.random()
        if roll < 0.6 * p or (not support and roll < p):
            if support and rng.random() < 0.5:
                parts.append(self.fresh(PHRASES["support"]))
            parts.append(self.fresh(TOPICS[topic].followups))
        elif roll < 0.95 * p:
            parts.append(self.fresh(PHRASES["support"]))
        return " ".join(parts)

    def _answer(self, question: str, topic: str) -> str:
        """A vague answer to ``question``'s last sentence, then an on-topic remark."""
        asked = re.findall(r"[^.!?]*\?", question)[-1].strip().lower()
        kind = re.match(r"(how|any)|(what|where|who|which|why)\b", asked)
        pool = "yes" if kind is None else ("how" if kind.group(1) else "what")
        parts = [self.fresh(PHRASES[f"{pool}_answers"])]
        if self.rng.random() < 0.9 * self.cfg.padding:
            parts.append(self.fresh(TOPICS[topic].lines))
        if self.rng.random() < 0.3 * self.cfg.padding:
            parts.append(self.fresh(PHRASES["feelings"]))
        return " ".join(parts)

    def _ask_line(self, question: str) -> str:
        """A question to the other speaker, sometimes led in."""
        roll, p = self.rng.random(), self.cfg.padding
        if roll < 0.35 * p:
            return f"{self.fresh(PHRASES['ask_leads'])} {_uncap(question)}"
        if roll < 0.8 * p:
            return f"{self.fresh(PHRASES['ask_comments'])} {question}"
        return question

    def _photo(self, text: str, topic: str, caption: str = "") -> str:
        """Append a shared photo: ``caption``, or by chance one of the topic's."""
        if not caption and self.rng.random() < self.cfg.photo_rate:
            caption = self.rng.choice(TOPICS[topic].captions)
        return f"{text} [shares a photo: {caption}]" if caption else text

    def _extras(
        self, topic: str, n: int, first: int, asker: int | None, question: str = ""
    ) -> list[Line]:
        """``n`` on-topic turns, alternating; ``asker`` asks (``None``: anyone, -1: no one).

        A pending ``question`` (and any question asked here) gets a vague answer first,
        so question -> answer pairs are not always evidence.
        """
        rng, cell = self.rng, TOPICS[topic]
        questions = list(cell.followups)
        rng.shuffle(questions)
        out: list[Line] = []
        for i in range(n):
            speaker = (first + i) % 2
            if question:
                text, question = self._answer(question, topic), ""
            elif questions and asker in (None, speaker) and rng.random() < 0.5:
                text = question = questions.pop()
                if rng.random() < 0.85 * self.cfg.padding:
                    text = f"{self.fresh(cell.lines)} {question}"
            else:
                text = " ".join([self.fresh(cell.lines), *self._tails(topic, 0.75)])
                text = self._photo(text, topic)
            out.append((speaker, text, None))
        return out

    def _content(self, unit: _Unit, n: int) -> list[Line]:
        """A segment of ``n`` turns around one statement (often asked for by the other)."""
        rng, owner, other, topic = self.rng, unit.owner, 1 - unit.owner, unit.topic
        seg: list[Line] = []
        need = 3 if unit.reveal else 2
        if n > need:
            if unit.ask and not unit.reveal and rng.random() < self.cfg.qa_rate:
                seg.append((other, self._ask_line(unit.ask), None))
            elif rng.random() < 0.25:
                seg.append((other, self._ask_line(rng.choice(TOPICS[topic].prompts)), None))
        answering = bool(seg)
        if unit.reveal and n - len(seg) >= 3:
            seg.append((owner, self._tell(unit.statement, topic, answering), unit))
            curious = unit.curious
            if rng.random() < 0.6 * self.cfg.padding:
                curious = f"{self.fresh(PHRASES['excited'])} {curious}"
            seg.append((other, curious, None))
            said = " ".join([unit.reveal, *self._tails(topic, 0.6)])
            seg.append((owner, self._photo(said, topic, unit.caption), unit))
            if n > len(seg):
                seg.append((other, self._reply(unit.reaction, topic, owner), None))
        else:
            statement = f"{unit.statement} {unit.reveal}" if unit.reveal else unit.statement
            said = self._tell(statement, topic, answering)
            seg.append((owner, self._photo(said, topic, unit.caption), unit))
            seg.append((other, self._reply(unit.reaction, topic, owner), None))
        last = seg[-1][1] if seg[-1][1].endswith("?") else ""
        return seg + self._extras(topic, n - len(seg), owner, other, last)

    def _distractor(self, n: int) -> list[Line]:
        """A near-miss third-party fact, on-topic chatter or small talk."""
        rng = self.rng
        first, roll = rng.randrange(2), rng.random()
        if roll < 0.35 and n >= 2:
            p = self.pick("any")
            if rng.random() < 0.3:  # someone else did a recurring activity
                rec = rng.choice(RECURRING)
                y = rng.choice(rec.occasions)[0].format(my="their")
                said = rng.choice(rec.near_miss).format(p=p, x=self.pick(rec.pool), y=y)
                topic = rec.topic
            else:
                tpl = rng.choice(NEAR_MISS_FACTS)
                said = _an(rng.choice(tpl.near_miss).format(p=p, v=self.pick(tpl.pool)))
                topic = tpl.topic
            reaction = self._reply(self.fresh(PHRASES["near_reactions"]), topic, first, False)
            seg: list[Line] = [
                (first, self._photo(self._tell(_cap(said), topic, False), topic), None),
                (1 - first, reaction, None),
            ]
            last = reaction if reaction.endswith("?") else ""
            return seg + self._extras(topic, n - 2, first, None, last)
        if roll < 0.65:  # on-topic chatter without any fact: shared vocabulary, no answer
            topic = rng.choice(TOPIC_NAMES)
            prompt = self._ask_line(rng.choice(TOPICS[topic].prompts))
            return [(first, prompt, None), *self._extras(topic, n - 1, 1 - first, -1, prompt)]
        talk = list(itertools.chain(*rng.sample(SMALL_TALK, 3)))  # up to 9 lines
        return [((first + i) % 2, talk[i], None) for i in range(n)]

    # -- questions -------------------------------------------------------------
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
