"""Tests for the synthetic user–assistant chatbot transcript generator."""

from __future__ import annotations

import dataclasses
import re
import statistics
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from itertools import pairwise
from pathlib import Path

import pytest

from langchain_neuralmem.data.chatbot import (
    KINDS,
    ChatbotConfig,
    _build,
    derive_seed,
    generate_chatbot_dialogue,
    generate_chatbot_dialogues,
)
from langchain_neuralmem.data.chatbot_tables import (
    COLLECTIONS,
    CONTRADICTIONS,
    DOMAINS,
    EVENTS,
    FACTS,
    NAMES,
    STANDING,
    group_templates,
)
from langchain_neuralmem.data.chatbot_text import resolve_when, when_expressions
from langchain_neuralmem.data.dialogue import Dialogue, EvidenceQuestion
from langchain_neuralmem.data.locomo import load_locomo
from langchain_neuralmem.data.locomo_writer import kind_category, write_locomo

MONTHS = "January February March April May June July August September October November December"
MONTH_NUMBER = {m: i + 1 for i, m in enumerate(MONTHS.split())}
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
# Independent of the generator's table: expression -> days from the session date.
FIXED_DAYS = {
    "this morning": 0,
    "earlier today": 0,
    "yesterday": -1,
    "the day before yesterday": -2,
    "two days ago": -2,
    "three days ago": -3,
    "four days ago": -4,
    "tomorrow": 1,
    "the day after tomorrow": 2,
    "in three days": 3,
    "in five days": 5,
    "a week from today": 7,
    "in a fortnight": 14,
}
STOP = {"the", "and", "you", "your", "but", "that", "with", "for", "since", "said", "later"}
STOP |= {"mentioned", "something", "example", "have", "had", "not", "was", "don't", "about"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9][a-z0-9-]*", text.lower()) if len(w) > 2} - STOP


def _resolve(text: str, day: date) -> date:
    """Find a relative day expression in ``text`` and resolve it (test's own rules)."""
    low = text.lower()
    for expr in sorted(FIXED_DAYS, key=len, reverse=True):
        if expr in low:
            return day + timedelta(days=FIXED_DAYS[expr])
    if m := re.search(r"last (\w+day)", low):
        back = (day.weekday() - WEEKDAYS.index(m.group(1))) % 7 or 7
        return day - timedelta(days=back)
    if m := re.search(r"this coming (\w+day)", low):
        ahead = (WEEKDAYS.index(m.group(1)) - day.weekday()) % 7 or 7
        return day + timedelta(days=ahead)
    if m := re.search(r"on the (\d+)(?:st|nd|rd|th)", low):
        n, d = int(m.group(1)), day + timedelta(days=1)
        while d.day != n:
            d += timedelta(days=1)
        return d
    raise AssertionError(f"no relative day expression in {text!r}")


def _day(d: Dialogue, i: int) -> date:
    ts = d.turns[i].timestamp
    assert ts is not None
    return datetime.fromtimestamp(ts, tz=timezone.utc).date()


@pytest.fixture(scope="module")
def train() -> list[Dialogue]:
    return generate_chatbot_dialogues(12, seed=3)


@pytest.fixture(scope="module")
def heldout() -> list[Dialogue]:
    return generate_chatbot_dialogues(12, seed=3, config=ChatbotConfig(domains="heldout"))


def _flat(d: Dialogue) -> tuple:
    return (
        d.dialogue_id,
        [dataclasses.astuple(t) for t in d.turns],
        [dataclasses.astuple(q) for q in d.questions],
    )


# ---------------------------------------------------------------------------
# Determinism and shapes
# ---------------------------------------------------------------------------
def test_deterministic_and_seed_sensitive() -> None:
    a = generate_chatbot_dialogues(3, seed=9)
    b = generate_chatbot_dialogues(3, seed=9)
    assert [_flat(d) for d in a] == [_flat(d) for d in b]
    assert _flat(generate_chatbot_dialogues(5, seed=9)[1]) == _flat(a[1])  # independent of n
    assert _flat(generate_chatbot_dialogue(derive_seed(9, 2))) == _flat(a[2])
    assert _flat(generate_chatbot_dialogues(1, seed=10)[0]) != _flat(a[0])
    assert len({d.dialogue_id for d in a}) == 3
    assert generate_chatbot_dialogues(0) == []
    with pytest.raises(ValueError, match="n must be"):
        generate_chatbot_dialogues(-1)


@pytest.mark.parametrize("which", ["train", "heldout"])
def test_turn_shapes(which: str, train: list[Dialogue], heldout: list[Dialogue]) -> None:
    for d in train if which == "train" else heldout:
        sessions: dict[int, list[int]] = {}
        for i, t in enumerate(d.turns):
            sessions.setdefault(t.episode, []).append(i)
            assert (t.speaker, t.role) == (("User", "human") if i % 2 == 0 else ("Assistant", "ai"))
            assert t.text == t.text.strip() and t.text
        assert sorted(sessions) == list(range(len(sessions)))
        assert 12 <= len(sessions) <= 20
        for ep, idx in sessions.items():
            assert idx == list(range(idx[0], idx[-1] + 1))  # contiguous
            start = d.turns[idx[0]].timestamp
            assert start is not None and start % 60 == 0
            for k, i in enumerate(idx):
                assert d.turns[i].turn_id == f"D{ep + 1}:{k + 1}"
                assert d.turns[i].timestamp == start + 30 * k
        days = [_day(d, idx[0]) for idx in sessions.values()]
        assert all(a < b for a, b in pairwise(days))  # one session a day at most
        assert all(_day(d, idx[-1]) == _day(d, idx[0]) for idx in sessions.values())
        segments = [t.segment for t in d.turns]
        assert segments[0] == 0 and all(0 <= b - a <= 1 for a, b in pairwise(segments))
        for idx in sessions.values():  # a new session always starts a new segment
            if idx[0]:
                assert d.turns[idx[0]].segment == d.turns[idx[0] - 1].segment + 1
        user = [len(t.text.split()) for t in d.turns if t.role == "human"]
        assert min(user) >= 5 and max(user) <= 80


def test_default_sizes(train: list[Dialogue]) -> None:
    turns = [len(d.turns) for d in train]
    questions = [len(d.questions) for d in train]
    assert min(turns) >= 100 and max(turns) <= 330 and 150 <= statistics.mean(turns) <= 250
    assert min(questions) >= 8 and max(questions) <= 27
    assert all(q.asked_after is None for d in train for q in d.questions)


def test_assistant_length_distribution(train: list[Dialogue]) -> None:
    words = [len(t.text.split()) for d in train for t in d.turns if t.role == "ai"]
    assert min(words) >= 100 and max(words) <= 2400
    assert sum(w > 500 for w in words) / len(words) > 0.08
    assert sum(150 <= w <= 600 for w in words) / len(words) > 0.6
    assert max(words) > 1000
    texts = [t.text for d in train for t in d.turns if t.role == "ai"]
    assert sum("```" in t for t in texts) > 20  # fenced code blocks
    assert sum("|---|" in t for t in texts) > 20  # markdown tables
    assert sum(bool(re.search(r"^1\. ", t, re.M)) for t in texts) > len(texts) / 3  # steps
    long = generate_chatbot_dialogue(1, ChatbotConfig(assistant_words_median=900))
    assert statistics.median(len(t.text.split()) for t in long.turns if t.role == "ai") > 700


# ---------------------------------------------------------------------------
# Questions: kinds, evidence and support
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("which", ["train", "heldout"])
def test_all_kinds_produced(which: str, train: list[Dialogue], heldout: list[Dialogue]) -> None:
    dialogues = train if which == "train" else heldout
    kinds = Counter(q.kind for d in dialogues[:5] for q in d.questions)
    assert set(kinds) == set(KINDS)


def _check_support(d: Dialogue, q: EvidenceQuestion) -> None:
    texts = [d.turns[i].text for i in q.evidence]
    roles = {d.turns[i].role for i in q.evidence}
    low = [t.lower() for t in texts]
    answer = q.answer.lower()
    if q.kind == "assistant_recall":
        assert roles == {"ai"} and len(texts) == 1 and answer in low[0]
        assert d.turns[q.evidence[0] - 1].role == "human"
        return
    assert roles == {"human"}, q
    if q.kind == "fact":
        assert len(texts) == 1 and answer in low[0]
    elif q.kind == "update":
        assert answer in " ".join(low) and 1 <= len(texts) <= 2
    elif q.kind == "contradiction":
        assert len(texts) == 2
        assert any(w in low[0] and w in low[1] for w in _words(answer)), q
    elif q.kind in ("preference", "instruction"):
        assert len(texts) == 1 and _words(answer) & _words(texts[0]), q
    elif q.kind == "multi_session":
        items = answer.split(": ", 1)[-1].split("; ")
        assert len(items) == len(texts) >= 2
        assert all(sum(item in t for t in low) == 1 for item in items)
        if ": " in answer:
            assert answer.split(": ")[0] == ["two", "three", "four"][len(items) - 2]
    elif q.kind == "event_order":
        items = answer.split(", then ")
        assert len(items) == len(texts) >= 2
        for item, text in zip(items, low, strict=True):  # chronological, one milestone per turn
            assert _words(item) & _words(text), (item, text)
    elif q.kind == "temporal":
        days = [_resolve(t, _day(d, i)) for t, i in zip(texts, q.evidence, strict=True)]
        if m := re.fullmatch(r"(\d+) days?", q.answer):
            assert len(days) == 2 and abs((days[1] - days[0]).days) == int(m.group(1)) > 0
        else:
            n, month, year = q.answer.split()
            assert len(days) == 1 and days[0] == date(int(year), MONTH_NUMBER[month], int(n))
    else:
        raise AssertionError(q.kind)


@pytest.mark.parametrize("which", ["train", "heldout"])
def test_evidence_valid_and_answers_supported(
    which: str, train: list[Dialogue], heldout: list[Dialogue]
) -> None:
    for d in train if which == "train" else heldout:
        for q in d.questions:
            assert q.kind in KINDS and q.question.endswith(("?", ".")) and q.answer
            assert q.evidence == sorted(set(q.evidence)) and q.evidence
            assert all(0 <= i < len(d.turns) for i in q.evidence)
            _check_support(d, q)


def test_update_evidence_is_the_last_statement() -> None:
    checked = 0
    for seed in range(12):
        d, plan = _build(seed, ChatbotConfig(update_questions=3))
        chains = [[u.turn for u in units] for units in plan.history.values()]
        for q in (q for q in d.questions if q.kind == "update"):
            chain = next(c for c in chains if set(q.evidence) <= set(c))
            assert max(q.evidence) == chain[-1]
            if len(q.evidence) == 1:  # the current value, said in the last statement
                assert q.answer in d.turns[chain[-1]].text
            else:  # the value before: its statement and the change
                assert q.evidence == chain[-2:]
            checked += 1
        for chain in chains:
            assert chain == sorted(chain) and len({d.turns[i].episode for i in chain}) == len(chain)
    assert checked >= 20


def test_questions_mix_lexical_and_paraphrased() -> None:
    project_words = {w for dom in DOMAINS for p in dom.projects for w in _words(p)}

    def overlap_share(rate: float) -> float:
        cfg = ChatbotConfig(paraphrase_rate=rate)
        hits = []
        for d in generate_chatbot_dialogues(8, seed=5, config=cfg):
            for q in d.questions:
                evidence = set().union(*(_words(d.turns[i].text) for i in q.evidence))
                hits.append(bool((_words(q.question) - project_words) & evidence))
        return sum(hits) / len(hits)

    lexical, half, paraphrased = overlap_share(0.0), overlap_share(0.5), overlap_share(1.0)
    assert lexical - paraphrased > 0.3
    assert paraphrased < half < lexical


def test_distractors_present(train: list[Dialogue]) -> None:
    for d in train:
        evidence = {i for q in d.questions for i in q.evidence}
        names = [
            i
            for i, t in enumerate(d.turns)
            if t.role == "human" and i not in evidence and any(n in t.text for n in NAMES)
        ]
        assert len(names) >= 3  # other people's facts, events, things
        projects = Counter(t.segment for t in d.turns)
        assert len(projects) > len({t.episode for t in d.turns})  # side topics and small talk


# ---------------------------------------------------------------------------
# Partitions
# ---------------------------------------------------------------------------
def test_partitions_are_disjoint() -> None:
    for which in ("user", "question", "assistant"):
        a, b = group_templates("train", which), group_templates("heldout", which)
        assert len(a) > 100 and len(b) > 100
        assert not a & b, sorted(a & b)[:5]
    for table in (DOMAINS, FACTS, EVENTS, COLLECTIONS, STANDING, CONTRADICTIONS):
        keys = {g: {e.key for e in table if e.group == g} for g in ("train", "heldout")}
        assert keys["train"] and keys["heldout"] and not keys["train"] & keys["heldout"]


def test_heldout_dialogues_use_heldout_tables(heldout: list[Dialogue]) -> None:
    train_projects = {p for d in DOMAINS if d.group == "train" for p in d.projects}
    heldout_projects = {p for d in DOMAINS if d.group == "heldout" for p in d.projects}
    train_questions = group_templates("train", "question")
    for d in heldout:
        text = " ".join(t.text for t in d.turns if t.role == "human")
        assert not any(p in text for p in train_projects)
        assert any(p in text for p in heldout_projects)
        assert not any(q.question in train_questions for q in d.questions)
    mixed = generate_chatbot_dialogues(6, seed=1, config=ChatbotConfig(domains="all"))
    text = " ".join(t.text for d in mixed for t in d.turns if t.role == "human")
    assert any(p in text for p in train_projects) and any(p in text for p in heldout_projects)


def test_table_invariants() -> None:
    for s in STANDING:
        cue = s.cue.lower()
        assert all(cue in x.lower() for x in s.statements) and cue in s.answer.lower(), s.key
    for c in CONTRADICTIONS:
        for x in c.pool:
            cue = c.cue.format(x=x).lower()
            for said in (*c.first, *c.second):
                assert cue in said.format(x=x).lower(), (c.key, said)
    for dom in DOMAINS:
        assert len(dom.milestones) >= 3 and len(dom.terms) >= 2 and dom.recs
        for m in dom.milestones:
            assert _words(m.label) & _words(m.clause), m
    for f in FACTS:
        assert bool(f.updates) == bool(f.prior), f.key
        assert all("{v}" in x for x in (*f.statements, *f.echoes, *f.updates, *f.others))


def test_relative_days() -> None:
    day = date(2023, 5, 8)  # a Monday
    for selection in ("train", "heldout"):
        for tense in ("past", "future"):
            for expr in when_expressions(tense, selection):
                resolved = resolve_when(expr, day)
                assert (resolved <= day) == (tense == "past")
                assert resolved == _resolve(f"It was {expr}.", day), expr
    assert "two days ago" not in when_expressions("past", "heldout")
    assert resolve_when("on the 8th", day) == date(2023, 6, 8)
    assert resolve_when("on the 3rd", date(2023, 12, 20)) == date(2024, 1, 3)
    with pytest.raises(ValueError, match="unknown"):
        resolve_when("next blue moon", day)


# ---------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sessions_min": 0}, "sessions_min"),
        ({"sessions_min": 9, "sessions_max": 3}, "sessions_min"),
        ({"exchanges_max": 0}, "exchanges_min"),
        ({"assistant_words_min": 3000}, "assistant_words_min"),
        ({"assistant_words_sigma": -1.0}, "assistant_words_sigma"),
        ({"paraphrase_rate": 1.5}, "paraphrase_rate"),
        ({"distractor_rate": -0.1}, "distractor_rate"),
        ({"fact_questions": -1}, "fact_questions"),
        ({"question_jitter": 9}, "question_jitter"),
        ({"user_words_max": 10}, "user_words_max"),
        ({"turn_gap_seconds": 0}, "turn_gap_seconds"),
        ({"domains": "everything"}, "domains"),
    ],
)
def test_config_validation(change: dict, field: str) -> None:
    with pytest.raises(ValueError, match=f"ChatbotConfig.{field}"):
        ChatbotConfig(**change)


def test_config_knobs() -> None:
    small = ChatbotConfig(sessions_min=3, sessions_max=3, exchanges_min=2, exchanges_max=2)
    d = generate_chatbot_dialogue(0, small)
    assert len(d.turns) == 12 and {t.episode for t in d.turns} == {0, 1, 2}
    none = {f"{k}_questions": 0 for k in KINDS}
    assert generate_chatbot_dialogue(0, ChatbotConfig(**none)).questions == []  # type: ignore[arg-type]
    only = ChatbotConfig(**{**none, "temporal_questions": 4, "question_jitter": 0})  # type: ignore[arg-type]
    assert [q.kind for q in generate_chatbot_dialogue(0, only).questions] == ["temporal"] * 4
    long = generate_chatbot_dialogue(0, ChatbotConfig.long())
    assert len({t.episode for t in long.turns}) >= 24
    assert sum(len(t.text.split()) for t in long.turns) > 60_000


# ---------------------------------------------------------------------------
# LoCoMo writer
# ---------------------------------------------------------------------------
def test_locomo_round_trip(tmp_path: Path, train: list[Dialogue], heldout: list[Dialogue]) -> None:
    dialogues = [train[0], heldout[0]]
    path = tmp_path / "chats.json"
    write_locomo(dialogues, path)
    samples = load_locomo(path)
    assert [s.dialogue.dialogue_id for s in samples] == [d.dialogue_id for d in dialogues]
    for sample, d in zip(samples, dialogues, strict=True):
        back = sample.dialogue
        assert sample.skipped == 0 and sample.dropped_evidence == []
        assert [(t.speaker, t.role, t.text) for t in back.turns] == [
            (t.speaker, t.role, t.text) for t in d.turns
        ]
        assert [(t.timestamp, t.episode, t.turn_id) for t in back.turns] == [
            (t.timestamp, t.episode, t.turn_id) for t in d.turns
        ]
        assert [(q.question, q.answer, q.evidence, q.kind) for q in back.questions] == [
            (q.question, q.answer, q.evidence, q.kind) for q in d.questions
        ]
        assert sample.categories == [kind_category(q.kind) for q in d.questions]
        assert 5 not in sample.categories


def test_kind_categories() -> None:
    expected = {"multi_session": 1, "event_order": 1, "temporal": 2, "preference": 3}
    expected |= {"instruction": 3, "assistant_recall": 3, "fact": 4, "update": 4}
    expected |= {"contradiction": 4}
    assert {k: kind_category(k) for k in KINDS} == expected
    assert kind_category("3") == 3 and kind_category("5") == 4 and kind_category("odd") == 4


def test_loader_without_kind_keeps_category(tmp_path: Path) -> None:
    d = generate_chatbot_dialogue(2)
    path = tmp_path / "plain.json"
    write_locomo([d], path, speaker_a="Ann", speaker_b="Bot")
    raw = path.read_text()
    stripped = re.sub(r',\s*"kind": "[a-z_]+"', "", raw)
    path.write_text(stripped)
    sample = load_locomo(path)[0]
    assert [q.kind for q in sample.dialogue.questions] == [str(c) for c in sample.categories]
    assert {t.speaker for t in sample.dialogue.turns} == {"Ann", "Bot"}


def test_writer_rejects_bad_input(tmp_path: Path) -> None:
    d = generate_chatbot_dialogue(2)
    with pytest.raises(ValueError, match="differ"):
        write_locomo([d], tmp_path / "x.json", speaker_a="A", speaker_b="A")
    blank = dataclasses.replace(d, turns=[*d.turns[:3], dataclasses.replace(d.turns[3], text=" ")])
    with pytest.raises(ValueError, match="no text"):
        write_locomo([blank], tmp_path / "x.json")
    shuffled = dataclasses.replace(d, turns=[d.turns[-1], *d.turns[:-1]])
    with pytest.raises(ValueError, match="grouped by episode"):
        write_locomo([shuffled], tmp_path / "x.json")
