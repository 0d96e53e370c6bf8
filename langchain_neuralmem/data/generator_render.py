"""Rendering of the synthetic dialogue generator: sessions, segments and turns.

:class:`_Renderer` turns the planned sessions into dialogue turns: a greeting,
shuffled segments of 2-8 turns (each around one content unit, or a distractor:
a near-miss fact about someone else, on-topic chatter or small talk) and a
closing. Statements are padded into long, natural turns (openers, feelings,
follow-up questions, vague answers, shared photos), and every turn that states
a unit is recorded in ``_Unit.turns`` as its evidence. Internal to
:mod:`langchain_neuralmem.data.generator`.

Example:
    >>> import random
    >>> from langchain_neuralmem.data.generator import GeneratorConfig
    >>> renderer = _Renderer(random.Random(1), GeneratorConfig())
    >>> turns = renderer.render()
    >>> turns[0].turn_id, len(renderer.bounds) == len(renderer.sessions)
    ('D1:1', True)
"""

from __future__ import annotations

import itertools
import re

from langchain_neuralmem.data.dialogue import DialogueTurn
from langchain_neuralmem.data.generator_core import Line, _Core, _Session, _Unit, an, cap, uncap
from langchain_neuralmem.data.generator_data import (
    NEAR_MISS_FACTS,
    PHRASES,
    RECURRING,
    SMALL_TALK,
    TOPIC_NAMES,
    TOPICS,
)


class _Renderer(_Core):
    """Renders planned sessions into long, natural dialogue turns."""

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
            return f"{self.fresh(PHRASES['ask_leads'])} {uncap(question)}"
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
                said = an(rng.choice(tpl.near_miss).format(p=p, v=self.pick(tpl.pool)))
                topic = tpl.topic
            reaction = self._reply(self.fresh(PHRASES["near_reactions"]), topic, first, False)
            seg: list[Line] = [
                (first, self._photo(self._tell(cap(said), topic, False), topic), None),
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
