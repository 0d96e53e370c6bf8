"""Planning of the synthetic dialogue generator: facts, events, updates and questions.

:class:`_Planner` places the content units of one dialogue in the sessions of
its schedule (recurring activities told several times, facts stated and later
updated, hints at a latent interest, lists, events told with a relative time,
single facts filling the rest) and queues the questions they answer, of kinds
``single``, ``update``, ``temporal``, ``multi`` and ``inference``. Internal to
:mod:`langchain_neuralmem.data.generator`; :mod:`.generator_render` turns the plan
into turns.

Example:
    >>> import random
    >>> from langchain_neuralmem.data.generator import GeneratorConfig
    >>> planner = _Planner(random.Random(1), GeneratorConfig())
    >>> planner.plan()
    >>> len(planner.pending) > 0 and all(p.units for p in planner.pending)
    True
"""

from __future__ import annotations

import itertools

from langchain_neuralmem.data.generator_core import _Core, _Unit, cap
from langchain_neuralmem.data.generator_data import (
    COMBOS,
    COUNT_WORDS,
    DAY_PRECISE,
    DURATIONS,
    EVENTS,
    FACTS,
    FACTS_BY_KEY,
    PHRASES,
    PROFILES,
    RECURRING,
    RELATIVE_TIMES,
    UPDATABLE,
    EventTemplate,
    FactTemplate,
    RecurringTemplate,
)
from langchain_neuralmem.data.generator_dates import event_day, resolve_relative_time


class _Planner(_Core):
    """Schedules the content units of one dialogue and queues their questions."""

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
        said = {"x": x, "X": cap(x), "y": y.format(my="my"), "rel": rel, "Rel": cap(rel)}
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
        self.ask(question, cap(profile.field), units, "inference")
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
        said = self.phrase("event_statements", Rel=cap(rel), rel=rel, past=event.past, adj=adj)
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
                    event_day(e[2], self.sessions[e[3].session].start.date())
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
