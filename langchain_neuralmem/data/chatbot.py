"""Synthetic user–assistant chatbot transcripts with evidence-labelled questions.

A pure-standard-library, seed-deterministic generator of long multi-session chats
between a user (role ``"human"``, speaker ``"User"``) and an assistant (role
``"ai"``, speaker ``"Assistant"``). Each dated session is a task conversation about
one of the user's projects (the inventory script, the Lisbon trip, the garden
shed ...); projects come back across sessions, and the user reports progress
(milestones) when they do. User turns are short requests with personal facts,
dates, preferences and standing instructions said in passing, plus later updates
and contradictions; assistant turns are long (explanations, numbered steps,
bullets, code blocks, tables) and contain recommendations. Facts about other
people, near-miss values, same-topic chatter and small talk act as distractors.

Questions (``asked_after=None``) come in nine kinds, see :data:`KINDS`; their
``evidence`` lists every turn needed. About ``1 - paraphrase_rate`` of them reuse
the words of their evidence, the rest paraphrase. The tables are partitioned
(:mod:`.chatbot_tables`): ``ChatbotConfig(domains="heldout")`` draws only on
templates that ``"train"`` never uses. :mod:`.chatbot_plan` plans a dialogue,
:mod:`.chatbot_text` writes the long replies, this module renders the turns;
:mod:`.locomo_writer` saves dialogues in the LoCoMo JSON format.

Example:
    >>> d = generate_chatbot_dialogue(3)
    >>> d.turns[0].speaker, d.turns[1].role
    ('User', 'ai')
    >>> all(0 <= i < len(d.turns) for q in d.questions for i in q.evidence)
    True
    >>> generate_chatbot_dialogue(3).turns[7].text == d.turns[7].text
    True
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, fields

from langchain_neuralmem.data.chatbot_plan import _Builder
from langchain_neuralmem.data.chatbot_tables import GROUPS
from langchain_neuralmem.data.chatbot_text import _Pos, _Session, _Unit, cap, when_expressions
from langchain_neuralmem.data.dialogue import Dialogue, DialogueTurn, EvidenceQuestion

__all__ = ["KINDS", "ChatbotConfig", "derive_seed", "generate_chatbot_dialogue"]
__all__ += ["generate_chatbot_dialogues"]

KINDS: tuple[str, ...] = ("fact", "update", "contradiction", "temporal", "event_order")
KINDS += ("multi_session", "preference", "instruction", "assistant_recall")


@dataclass(frozen=True)
class ChatbotConfig:
    """Knobs of the chatbot transcript generator (validated on construction).

    The defaults give 12–20 sessions, ~150–250 turns (~36k words, ~50k tokens) and
    ~18 questions per dialogue; :meth:`long` gives chats of about 100k tokens.

    Attributes:
        sessions_min, sessions_max: sessions per dialogue.
        exchanges_min, exchanges_max: user–assistant exchanges per session.
        session_gap_days_min, session_gap_days_max: days between session starts.
        start_year_min, start_year_max: year of the first session.
        turn_gap_seconds: seconds between turns (30 = what ``load_locomo`` assumes).
        user_words_max: cap on words per user turn (optional phrases are dropped).
        assistant_words_median, assistant_words_sigma: log-normal length of replies.
        assistant_words_min, assistant_words_max: clip of reply lengths.
        fact_questions ... assistant_recall_questions: questions per kind (about: each
            count moves by up to ``question_jitter`` per dialogue; 0 turns a kind off).
        question_jitter: random change of each non-zero per-kind count.
        paraphrase_rate: share of questions phrased in other words than the evidence.
        distractor_rate: chance that a free user turn carries a distractor aside.
        echo_rate: chance that a reply restates a fact the user gave earlier.
        side_topic_rate: chance that a session has a side topic or small talk.
        domains: template partition, ``"train"``, ``"heldout"`` or ``"all"``.

    Example:
        >>> ChatbotConfig(sessions_min=4, sessions_max=6).sessions_max
        6
        >>> ChatbotConfig(sessions_min=0)
        Traceback (most recent call last):
        ...
        ValueError: invalid ChatbotConfig.sessions_min: need 1 <= sessions_min <= sessions_max
    """

    sessions_min: int = 12
    sessions_max: int = 20
    exchanges_min: int = 4
    exchanges_max: int = 8
    session_gap_days_min: int = 1
    session_gap_days_max: int = 10
    start_year_min: int = 2021
    start_year_max: int = 2025
    turn_gap_seconds: int = 30
    user_words_max: int = 80
    assistant_words_median: int = 280
    assistant_words_sigma: float = 0.6
    assistant_words_min: int = 100
    assistant_words_max: int = 2000
    fact_questions: int = 3
    update_questions: int = 2
    contradiction_questions: int = 1
    temporal_questions: int = 3
    event_order_questions: int = 1
    multi_session_questions: int = 2
    preference_questions: int = 2
    instruction_questions: int = 1
    assistant_recall_questions: int = 3
    question_jitter: int = 1
    paraphrase_rate: float = 0.5
    distractor_rate: float = 0.5
    echo_rate: float = 0.2
    side_topic_rate: float = 0.35
    domains: str = "train"

    def __post_init__(self) -> None:
        for name in ("sessions", "exchanges", "session_gap_days", "start_year"):
            lo, hi = getattr(self, f"{name}_min"), getattr(self, f"{name}_max")
            if not 1 <= lo <= hi:
                raise ValueError(
                    f"invalid ChatbotConfig.{name}_min: need 1 <= {name}_min <= {name}_max"
                )
        if not 10 <= self.assistant_words_min <= self.assistant_words_max:
            raise ValueError(
                "invalid ChatbotConfig.assistant_words_min: "
                "need 10 <= assistant_words_min <= assistant_words_max"
            )
        checks = {
            "turn_gap_seconds": self.turn_gap_seconds >= 1,
            "question_jitter": 0 <= self.question_jitter <= 5,
            "user_words_max": self.user_words_max >= 40,
            "assistant_words_median": self.assistant_words_median >= 1,
            "assistant_words_sigma": 0.0 <= self.assistant_words_sigma <= 3.0,
            "domains": self.domains in (*GROUPS, "all"),
        }
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name.endswith("_questions"):
                checks[f.name] = isinstance(value, int) and 0 <= value <= 20
            elif f.name.endswith("_rate"):
                checks[f.name] = 0.0 <= value <= 1.0
        for name, ok in checks.items():
            if not ok:
                raise ValueError(f"invalid ChatbotConfig.{name}: {getattr(self, name)!r}")

    @classmethod
    def long(cls, **overrides: object) -> ChatbotConfig:
        """Chats of about 100k tokens (24–28 sessions of 6–10 exchanges) for evaluation.

        Example:
            >>> ChatbotConfig.long(domains="heldout").sessions_min
            24
        """
        knobs: dict[str, object] = dict(sessions_min=24, sessions_max=28, exchanges_min=6)
        knobs.update(exchanges_max=10, fact_questions=6, temporal_questions=5)
        knobs.update(assistant_recall_questions=5, multi_session_questions=3)
        knobs.update(overrides)
        return cls(**knobs)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Distractors
# ---------------------------------------------------------------------------
def _other(b: _Builder, templates: tuple[str, ...]) -> str:
    """A near-miss template, never one naming a relative the user has a fact about."""
    told = [k for k in b.family if k in b.keys]
    fine = [t for t in templates if not any(f"{{{k}}}" in t for k in told)]
    return b.rng.choice(fine) if fine else ""


def _add_distractors(b: _Builder) -> None:
    """Fill free user turns with distractors.

    Other people's facts, events and things (near-miss values), chatter asides, and
    recommendations nobody asks about later.
    """
    rng = b.rng
    for sess in b.sessions:
        for pos in sess.positions:
            if pos.unit is not None or rng.random() >= b.cfg.distractor_rate:
                continue
            roll, people, text = rng.random(), b.people(), ""
            if roll < 0.35:
                tpl = rng.choice(b.facts)
                fresh = b.fresh(tpl.pool, tpl.key)
                if fresh:
                    v = rng.choice(fresh)
                    b.used[tpl.key].add(v)
                    text = _other(b, tpl.others).format(v=v, **people)
            elif roll < 0.5:
                e = rng.choice(b.events)
                expr = rng.choice(when_expressions(e.tense, b.cfg.domains))
                text = _other(b, e.others).format(when=expr, **people)
            elif roll < 0.65:
                c = rng.choice(b.collections)
                fresh = b.fresh(c.pool, c.key)
                if fresh:
                    x = rng.choice(fresh)
                    b.used[c.key].add(x)
                    text = _other(b, c.others).format(x=x, **people)
            elif roll < 0.85 or pos.project is None:
                text = rng.choice(b.phr["asides"])
            else:
                recs = [i for i in range(len(pos.project.domain.recs))]
                recs = [i for i in recs if i not in pos.project.recs_used]
                if recs:
                    pos.unit = b.rec_unit(pos.project, rng.choice(recs))
            if text:
                pos.unit = _Unit(cap(text))


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------
def _user_text(b: _Builder, s: int, p: int, new_segment: bool, seen: set[str]) -> str:
    """A user turn: optional greeting / ack, then a request with an aside in passing.

    ``seen`` holds the projects talked about before this turn.
    """
    rng, phr, sess = b.rng, b.phr, b.sessions[s]
    pos = sess.positions[p]
    unit, proj = pos.unit, pos.project
    parts: list[tuple[str, bool]] = []  # (text, optional)
    if p == 0 and rng.random() < 0.75:
        parts.append((rng.choice(phr["open_back" if sess.main.name in seen else "open_new"]), True))
    if unit is not None and unit.milestone:
        parts.append((unit.text, False))
    resume = p > 0 and new_segment and proj is sess.main
    if resume:
        parts.append((rng.choice(phr["resume"]).format(project=sess.main.name), True))
    elif p > 0 and new_segment and proj is not None:
        parts.append((rng.choice(phr["switch"]), True))
    if proj is None:
        core = b.deal(phr["talk"], "talk")
    elif unit is not None and unit.role == "ai":
        core = unit.ask
    elif new_segment and not resume:
        dom = proj.domain
        core = b.deal(dom.requests, proj.name).format(project=proj.name, term=rng.choice(dom.terms))
    else:
        core = b.deal(proj.domain.followups, f"s{s}").format(term=rng.choice(proj.domain.terms))
        if rng.random() < 0.4:
            parts.append((rng.choice(phr["acks"]), True))
    if proj is not None and proj.name not in seen and rng.random() < 0.4:
        parts.append((rng.choice(phr["details"]), True))
    if p == len(sess.positions) - 1 and p >= 2 and rng.random() < 0.3:
        parts.append((rng.choice(phr["last"]), True))
    aside = unit.text if unit is not None and unit.role == "human" and not unit.milestone else ""
    body = [(core, False), (aside, False)]
    parts += body if rng.random() < 0.5 else body[::-1]
    parts = [(cap(t), o) for t, o in parts if t]
    if sum(len(t.split()) for t, _ in parts) < 5:  # "What would you automate?"
        parts.insert(0, (rng.choice(phr["acks"]), False))
    while sum(len(t.split()) for t, _ in parts) > b.cfg.user_words_max and any(o for _, o in parts):
        parts.remove(next(x for x in parts if x[1]))
    return " ".join(t for t, _ in parts)


def _assistant_text(b: _Builder, sess: _Session, pos: _Pos) -> str:
    """A long reply; it may acknowledge or restate what the user said before."""
    rng, cfg, phr = b.rng, b.cfg, b.phr
    unit, proj = pos.unit, pos.project or sess.main
    top: list[str] = []
    if unit is not None and unit.echo is not None and rng.random() < 0.6:
        top = [rng.choice(phr["a_ack"]), unit.echo[1]]
    elif b.known and rng.random() < cfg.echo_rate:
        top = [rng.choice(list(b.known.values()))]
    if unit is not None and unit.echo is not None:
        b.known[unit.echo[0]] = unit.echo[1]
    if pos.project is None:  # small talk, then back to the session's project
        steer = rng.choice(phr["a_steer"]).format(project=proj.yours)
        top = [rng.choice(phr["a_talk"]), *top, cap(steer)]
        target = cfg.assistant_words_min
    else:
        drawn = rng.lognormvariate(math.log(cfg.assistant_words_median), cfg.assistant_words_sigma)
        target = min(cfg.assistant_words_max, max(cfg.assistant_words_min, round(drawn)))
    inner = unit.inner if unit is not None and unit.role == "ai" else []
    return b.composer.reply(proj.domain, proj.yours, target, top, inner)


def _render(b: _Builder) -> list[DialogueTurn]:
    """Turn the plan into dialogue turns (sets each unit's turn index)."""
    turns: list[DialogueTurn] = []
    segment, gap = -1, b.cfg.turn_gap_seconds
    seen: set[str] = set()
    for s, sess in enumerate(b.sessions):
        begin, prev = len(turns), None
        for p, pos in enumerate(sess.positions):
            new_segment = p == 0 or pos.project is not prev
            segment, prev = segment + new_segment, pos.project
            user = _user_text(b, s, p, new_segment, seen)
            reply = _assistant_text(b, sess, pos)
            if pos.project is not None:
                seen.add(pos.project.name)
            for role, text in (("human", user), ("ai", reply)):
                k = len(turns) - begin
                if pos.unit is not None and pos.unit.role == role:
                    pos.unit.turn = len(turns)
                speaker = "User" if role == "human" else "Assistant"
                clock = sess.start.timestamp() + gap * k
                turns.append(
                    DialogueTurn(speaker, role, text, clock, s, segment, f"D{s + 1}:{k + 1}")
                )
    return turns


def _build(seed: int, config: ChatbotConfig) -> tuple[Dialogue, _Builder]:
    """The dialogue and its plan (the plan is for tests and debugging)."""
    builder = _Builder(random.Random(f"neuralmem-chatbot:{config.domains}:{seed}"), config)
    builder.plan()
    _add_distractors(builder)
    turns = _render(builder)
    questions = [
        EvidenceQuestion(q.question, q.answer, sorted({u.turn for u in q.units}), None, q.kind)
        for q in builder.pending
    ]
    questions.sort(key=lambda q: (max(q.evidence), KINDS.index(q.kind)))
    return Dialogue(f"chatbot-{config.domains}-{seed}", turns, questions), builder


def derive_seed(seed: int, index: int) -> int:
    """The seed of dialogue ``index`` in :func:`generate_chatbot_dialogues`.

    Example:
        >>> derive_seed(0, 1) == derive_seed(0, 1) != derive_seed(0, 2)
        True
    """
    return random.Random(f"neuralmem-chatbot-list:{seed}:{index}").getrandbits(48)


def generate_chatbot_dialogue(seed: int, config: ChatbotConfig = ChatbotConfig()) -> Dialogue:
    """Generate one user–assistant chat with evidence-labelled questions.

    The seed and ``config.domains`` are hashed as a string (independent of
    ``PYTHONHASHSEED``), so the output depends only on ``seed``, ``config`` and the
    tables, and the partitions' dialogues of one seed are unrelated.

    Args:
        seed: any integer.
        config: generator knobs.

    Returns:
        A :class:`Dialogue` with id ``"chatbot-<domains>-<seed>"``.

    Example:
        >>> d = generate_chatbot_dialogue(5, ChatbotConfig(domains="heldout"))
        >>> d.dialogue_id, sorted({t.role for t in d.turns})
        ('chatbot-heldout-5', ['ai', 'human'])
    """
    return _build(seed, config)[0]


def generate_chatbot_dialogues(
    n: int, *, seed: int = 0, config: ChatbotConfig = ChatbotConfig()
) -> list[Dialogue]:
    """Generate ``n`` chats; dialogue ``i`` uses seed :func:`derive_seed` ``(seed, i)``.

    Identical arguments give identical output, and the first ``k`` dialogues do not
    depend on ``n``.

    Raises:
        ValueError: if ``n`` is negative.

    Example:
        >>> a = generate_chatbot_dialogues(2, seed=4)
        >>> a[1].turns[3].text == generate_chatbot_dialogue(derive_seed(4, 1)).turns[3].text
        True
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    return [generate_chatbot_dialogue(derive_seed(seed, i), config) for i in range(n)]
