"""Planning half of the chatbot transcript generator (internal to :mod:`.chatbot`).

:class:`_Builder` lays out sessions and projects, places every statement the
questions need (user asides, milestones, assistant recommendations) on a user
turn of its own and queues the questions with the statements they rest on.
:mod:`.chatbot` adds distractors to the free turns and renders the plan.

Example:
    >>> import random
    >>> from langchain_neuralmem.data.chatbot import ChatbotConfig
    >>> b = _Builder(random.Random(1), ChatbotConfig())
    >>> b.plan()
    >>> 12 <= len(b.sessions) <= 20 and len(b.pending) > 0
    True
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from itertools import combinations, pairwise
from typing import TYPE_CHECKING

from langchain_neuralmem.data.chatbot_tables import (
    COLLECTIONS,
    CONFLICTS,
    CONTRADICTIONS,
    DOMAINS,
    EVENTS,
    FACTS,
    GROUPS,
    NAMES_F,
    NAMES_M,
    PHRASES,
    STANDING,
    in_group,
)
from langchain_neuralmem.data.chatbot_text import (
    ReplyComposer,
    _content,
    _listing,
    _Pending,
    _Pos,
    _Project,
    _Session,
    _Unit,
    cap,
    format_day,
    resolve_when,
    when_expressions,
)

if TYPE_CHECKING:
    from langchain_neuralmem.data.chatbot import ChatbotConfig

COUNT_WORDS = ("zero", "one", "two", "three", "four", "five", "six")


class _Builder:
    """Plans, renders and questions one dialogue from a private random stream."""

    def __init__(self, rng: random.Random, cfg: ChatbotConfig) -> None:
        self.rng, self.cfg, sel = rng, cfg, cfg.domains
        self.domains = [d for d in DOMAINS if in_group(d.group, sel)]
        self.facts = [f for f in FACTS if in_group(f.group, sel)]
        self.events = [e for e in EVENTS if in_group(e.group, sel)]
        self.collections = [c for c in COLLECTIONS if in_group(c.group, sel)]
        self.standing = [s for s in STANDING if in_group(s.group, sel)]
        self.contradictions = [c for c in CONTRADICTIONS if in_group(c.group, sel)]
        groups = [g for g in GROUPS if in_group(g, sel)]
        self.phr = {k: tuple(v for g in groups for v in PHRASES[g][k]) for k in PHRASES["train"]}
        self.composer = ReplyComposer(rng, self.phr)
        self.used: dict[str, set[str]] = {}
        self.keys: set[object] = set()  # what is used: fact keys, project names, event pairs
        self.pending: list[_Pending] = []
        self.history: dict[str, list[_Unit]] = {}  # updated fact key -> its statements
        self.dated: list[tuple[str, str, date, _Unit]] = []  # label, para, day, unit
        self.known: dict[str, str] = {}  # restatements of what the user said so far
        self.projects: list[_Project] = []
        self.decks: dict[tuple[str, int], list[str]] = {}
        self.sessions: list[_Session] = []
        self.family = {"sister": self.pick(NAMES_F, "names"), "aunt": self.pick(NAMES_F, "names")}
        self.family["brother"] = self.pick(NAMES_M, "names")
        self._plan_sessions()

    # -- helpers ---------------------------------------------------------------
    def fresh(self, pool: tuple[str, ...], tag: str) -> list[str]:
        """Values of ``pool`` not used yet under ``tag``."""
        used = self.used.setdefault(tag, set())
        return [v for v in pool if v not in used]

    def deal(self, pool: tuple[str, ...], scope: str) -> str:
        """A value of ``pool``; within ``scope`` none repeats before all others came."""
        deck = self.decks.get((scope, id(pool)))
        if not deck:
            deck = self.decks[scope, id(pool)] = list(pool)
            self.rng.shuffle(deck)
        return deck.pop()

    def pick(self, pool: tuple[str, ...], tag: str) -> str:
        """A value not used yet under ``tag`` (any value once all are used)."""
        value = self.rng.choice(self.fresh(pool, tag) or list(pool))
        self.used[tag].add(value)
        return value

    def use(self, key: object) -> None:
        """Mark ``key`` (and what would contradict it) as used in this dialogue."""
        self.keys |= {key, *CONFLICTS.get(key, ())} if isinstance(key, str) else {key}

    def people(self) -> dict[str, str]:
        """A fresh name for ``{p}`` (anyone) and the user's relatives' names."""
        return {"p": self.pick(self.rng.choice((NAMES_F, NAMES_M)), "names"), **self.family}

    def lex(self) -> bool:
        return self.rng.random() >= self.cfg.paraphrase_rate

    def phrase_q(
        self, lexical: tuple[str, ...], paraphrased: tuple[str, ...], units: list[_Unit], **fmt: str
    ) -> str:
        """A question reusing the units' content words, or (``paraphrase_rate``) none of them.

        Words of the ``fmt`` values (a project name, a place ...) do not count.
        """
        lex = self.lex()
        ignore = {w for v in fmt.values() for w in _content(v)}
        said = {w for u in units for w in _content(" ".join([u.text, *u.inner]))} - ignore
        pool = lexical if lex else paraphrased
        fits = [q for q in pool if bool((_content(q.format(**fmt)) - ignore) & said) == lex]
        return self.rng.choice(fits or pool).format(**fmt)

    def ask(self, kind: str, question: str, answer: str, units: list[_Unit]) -> None:
        self.pending.append(_Pending(cap(question), answer, units, kind))

    def open_sessions(self, upto: int | None = None) -> list[int]:
        """Sessions (before ``upto``) with a free user turn."""
        end = len(self.sessions) if upto is None else upto
        return [s for s in range(end) if any(p.unit is None for p in self.sessions[s].positions)]

    def put(self, unit: _Unit, s: int, project: _Project | None = None) -> bool:
        """Give ``unit`` a free user turn of session ``s`` (of ``project``, if given)."""
        free = [
            p
            for p in self.sessions[s].positions
            if p.unit is None and (project is None or p.project is project)
        ]
        if not free:
            return False
        self.rng.choice(free).unit = unit
        return True

    def spread(self, k: int, upto: int | None = None) -> list[int]:
        """``k`` distinct sessions with room, in order (empty if there are fewer)."""
        room = self.open_sessions(upto)
        return sorted(self.rng.sample(room, k)) if len(room) >= k else []

    # -- planning --------------------------------------------------------------
    def _plan_sessions(self) -> None:
        rng, cfg = self.rng, self.cfg
        n = rng.randint(cfg.sessions_min, cfg.sessions_max)
        n_proj = min(n, max(3, round(n / 3.5)))
        doms = rng.sample(self.domains, min(n_proj, len(self.domains)))
        doms += [rng.choice(self.domains) for _ in range(n_proj - len(doms))]
        self.projects = [_Project(d, self.pick(d.projects, "project")) for d in doms]
        counts = [1] * n_proj
        for _ in range(n - n_proj):
            counts[rng.randrange(n_proj)] += 1
        order = [p for p, c in zip(self.projects, counts, strict=True) for _ in range(c)]
        rng.shuffle(order)
        year = rng.randint(cfg.start_year_min, cfg.start_year_max)
        day = datetime(year, rng.randint(1, 12), rng.randint(1, 28), tzinfo=timezone.utc)
        for s, main in enumerate(order):
            start = day.replace(hour=rng.randint(7, 21), minute=rng.randint(0, 59))
            pairs = rng.randint(cfg.exchanges_min, cfg.exchanges_max)
            positions = [_Pos(main) for _ in range(pairs)]
            if pairs >= 3 and rng.random() < cfg.side_topic_rate:
                others = [p for p in self.projects if p is not main]
                side = rng.choice(others) if others and rng.random() < 0.6 else None
                k = rng.randint(1, min(2, pairs - 2))
                at = rng.randint(1, pairs - k)
                for pos in positions[at : at + k]:
                    pos.project = side
            main.sessions.append(s)
            self.sessions.append(_Session(start, main, positions))
            day += timedelta(days=rng.randint(cfg.session_gap_days_min, cfg.session_gap_days_max))
        for proj in self.projects:
            later = proj.sessions[1:][: len(proj.domain.milestones)]
            steps = sorted(rng.sample(range(len(proj.domain.milestones)), len(later)))
            for s, i in zip(later, steps, strict=True):
                m = proj.domain.milestones[i]
                text = rng.choice(self.phr["milestone"]).format(project=proj.name, m=m.clause)
                unit = _Unit(cap(text), milestone=True)
                self.sessions[s].positions[0].unit = unit
                proj.milestones.append((unit, m))

    def plan(self) -> None:
        """Place every statement and queue the questions, kind by kind."""
        cfg = self.cfg
        planners = {
            "assistant_recall": self._recall,
            "event_order": self._order,
            "update": self._update,
            "contradiction": self._contradiction,
            "multi_session": self._multi,
            "temporal": self._temporal,
            "fact": self._fact,
            "preference": lambda left: self._standing("preference"),
            "instruction": lambda left: self._standing("instruction"),
        }
        for kind, planner in planners.items():
            quota = getattr(cfg, f"{kind}_questions")
            if quota:
                quota = max(0, quota + self.rng.randint(-cfg.question_jitter, cfg.question_jitter))
            for _ in range(3 * quota):
                left = quota - sum(q.kind == kind for q in self.pending)
                if left <= 0 or not planner(left):
                    break

    def _fact(self, left: int) -> bool:
        tpls = [f for f in self.facts if f.key not in self.keys]
        room = self.open_sessions()
        if not tpls or not room:
            return False
        tpl, s = self.rng.choice(tpls), self.rng.choice(room)
        self.use(tpl.key)
        v = self.pick(tpl.pool, tpl.key)
        if tpl.key in self.family:  # "my brother {v}": the brother has one name
            self.family[tpl.key] = v
        unit = _Unit(self.rng.choice(tpl.statements).format(v=v))
        unit.echo = (tpl.key, self.rng.choice(tpl.echoes).format(v=v))
        self.put(unit, s)
        self.ask("fact", self.phrase_q(tpl.lexical, tpl.paraphrased, [unit]), v, [unit])
        return True

    def _update(self, left: int) -> bool:
        rng = self.rng
        tpls = [f for f in self.facts if f.updates and f.key not in self.keys]
        ss = self.spread(3 if rng.random() < 0.35 else 2)
        if not tpls or not ss:
            return False
        tpl = rng.choice(tpls)
        self.use(tpl.key)
        values = [self.pick(tpl.pool, tpl.key) for _ in ss]
        units = [_Unit(rng.choice(tpl.statements).format(v=values[0]))]
        for old, new in pairwise(values):
            units.append(_Unit(rng.choice(tpl.updates).format(old=old, v=new)))
        for s, unit, v in zip(ss, units, values, strict=True):
            unit.echo = (tpl.key, rng.choice(tpl.echoes).format(v=v))
            self.put(unit, s)
        self.history[tpl.key] = units
        question = self.phrase_q(tpl.lexical, tpl.paraphrased, units[-1:])
        self.ask("update", question, values[-1], units[-1:])
        if left >= 2:
            prior = rng.choice(tpl.prior).format(v=values[-1])
            self.ask("update", prior, values[-2], units[-2:])
        return True

    def _contradiction(self, left: int) -> bool:
        entries = [c for c in self.contradictions if c.key not in self.keys]
        ss = self.spread(2)
        if not entries or not ss:
            return False
        c = self.rng.choice(entries)
        self.use(c.key)
        x = self.pick(c.pool, c.key)
        units = [_Unit(self.rng.choice(c.first).format(x=x))]
        units.append(_Unit(self.rng.choice(c.second).format(x=x)))
        for s, unit in zip(ss, units, strict=True):
            self.put(unit, s)
        question = self.phrase_q(c.lexical, c.paraphrased, units, x=x)
        self.ask("contradiction", question, c.answer.format(x=x), units)
        return True

    def _multi(self, left: int) -> bool:
        rng = self.rng
        entries = [c for c in self.collections if c.key not in self.keys]
        ss = self.spread(rng.randint(2, 4))
        if not entries or not ss:
            return False
        c = rng.choice(entries)
        self.use(c.key)
        items = [self.pick(c.pool, c.key) for _ in ss]
        units = [_Unit(rng.choice(c.mentions).format(x=x)) for x in items]
        for s, unit in zip(ss, units, strict=True):
            self.put(unit, s)
        if rng.random() < 0.5:
            question = self.phrase_q(c.count_lexical, c.count_paraphrased, units)
            answer = f"{COUNT_WORDS[len(items)]}: {_listing(items)}"
        else:
            question = self.phrase_q(c.list_lexical, c.list_paraphrased, units)
            answer = _listing(items)
        self.ask("multi_session", question, answer, units)
        return True

    def _event(self) -> tuple[_Unit, str, str] | None:
        """Place a dated event: (its unit, a "when" question, the answer)."""
        rng = self.rng
        entries = [e for e in self.events if e.key not in self.keys]
        room = self.open_sessions()
        if not entries or not room:
            return None
        e, s = rng.choice(entries), rng.choice(room)
        self.use(e.key)
        expr = rng.choice(when_expressions(e.tense, self.cfg.domains))
        day = resolve_when(expr, self.sessions[s].start.date())
        said = rng.choice(e.statements).format(when=expr, When=cap(expr), **self.people())
        unit = _Unit(cap(said))
        self.put(unit, s)
        self.dated.append((e.label, e.para, day, unit))
        return unit, self.phrase_q(e.lexical, e.paraphrased, [unit]), format_day(day)

    def _temporal(self, left: int) -> bool:
        rng = self.rng
        if left >= 2 and rng.random() < 0.4:  # days between two events (maybe unasked ones)
            while len(self.dated) < 2:
                if self._event() is None:
                    return False
            pairs = [
                (x, y)
                for x, y in combinations(self.dated, 2)
                if x[2] != y[2] and (x[0], y[0]) not in self.keys
            ]
            if pairs:
                x, y = sorted(rng.choice(pairs), key=lambda t: t[2])
                self.keys |= {(x[0], y[0]), (y[0], x[0])}
                lex = self.lex()
                frame = rng.choice(self.phr["between_lexical" if lex else "between_paraphrased"])
                question = frame.format(a=x[0] if lex else x[1], b=y[0] if lex else y[1])
                days = (y[2] - x[2]).days
                self.ask("temporal", question, f"{days} day{'s' * (days != 1)}", [x[3], y[3]])
                return True
        placed = self._event()
        if placed is not None:
            self.ask("temporal", placed[1], placed[2], [placed[0]])
        return placed is not None

    def _order(self, left: int) -> bool:
        rng = self.rng
        projects = [p for p in self.projects if len(p.milestones) >= 2 and p.name not in self.keys]
        if not projects:
            return False
        proj = rng.choice(projects)
        self.use(proj.name)
        k = min(len(proj.milestones), rng.randint(2, 4))
        chosen = [proj.milestones[i] for i in sorted(rng.sample(range(len(proj.milestones)), k))]
        lex = self.lex()
        names = [m.label if lex else m.para for _, m in chosen]
        answer = [m.label for _, m in chosen]
        if k == 2:
            a, b = names if rng.random() < 0.5 else names[::-1]
            frame = rng.choice(self.phr["first_lexical" if lex else "first_paraphrased"])
            question = frame.format(project=proj.name, a=a, b=b)
            self.ask(
                "event_order", question, f"{answer[0]}, then {answer[1]}", [u for u, _ in chosen]
            )
            return True
        shown = names[:]
        while shown == names:
            rng.shuffle(shown)
        frame = rng.choice(self.phr["order_lexical" if lex else "order_paraphrased"])
        question = frame.format(project=proj.name, items="; ".join(shown))
        self.ask("event_order", question, ", then ".join(answer), [u for u, _ in chosen])
        return True

    def _standing(self, kind: str) -> bool:
        entries = [s for s in self.standing if s.kind == kind and s.key not in self.keys]
        room = self.open_sessions(max(1, round(0.75 * len(self.sessions))))
        if not entries or not room:
            return False
        st = self.rng.choice(entries)
        self.use(st.key)
        unit = _Unit(self.rng.choice(st.statements))
        unit.echo = (st.key, self.rng.choice(st.echoes))
        self.put(unit, self.rng.choice(room))
        self.ask(kind, self.phrase_q(st.lexical, st.paraphrased, [unit]), st.answer, [unit])
        return True

    def rec_unit(self, proj: _Project, i: int) -> _Unit:
        """The assistant recommends value ``v`` of recommendation ``i`` for ``proj``."""
        rng, rec = self.rng, proj.domain.recs[i]
        proj.recs_used.add(i)
        v = self.pick(rec.pool, f"rec:{proj.domain.key}:{i}")
        inner = [cap(rng.choice(rec.said).format(v=v, project=proj.yours))]
        if rng.random() < 0.6:
            alt = rng.choice([a for a in rec.pool if a != v])
            inner.append(rng.choice(self.phr["a_alternatives"]).format(a=alt, A=cap(alt)))
        ask = cap(rng.choice(rec.asks).format(project=proj.name))
        return _Unit(v, role="ai", ask=ask, inner=inner)

    def _free_for(self, proj: _Project) -> list[_Pos]:
        return [
            p for sess in self.sessions for p in sess.positions if p.project is proj and not p.unit
        ]

    def _recall(self, left: int) -> bool:
        options = [
            (p, i)
            for p in self.projects
            for i in range(len(p.domain.recs))
            if i not in p.recs_used and self._free_for(p)
        ]
        if not options:
            return False
        proj, i = self.rng.choice(options)
        unit = self.rec_unit(proj, i)
        self.rng.choice(self._free_for(proj)).unit = unit
        rec = proj.domain.recs[i]
        question = self.phrase_q(rec.lexical, rec.paraphrased, [unit], project=proj.name)
        self.ask("assistant_recall", question, unit.text, [unit])
        return True
