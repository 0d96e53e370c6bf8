"""Tests for the synthetic multi-session dialogue generator."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import os
import random
import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from langchain_neuralmem.training.examples import Dialogue
from langchain_neuralmem.training.generator import (
    FACTS,
    QUESTION_KINDS,
    GeneratorConfig,
    format_session_date,
    generate_dialogue,
    generate_dialogues,
    resolve_relative_time,
)

ROOT = Path(__file__).resolve().parents[2]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# Independent of the generator's own table: expression -> days back (None = a span).
DAYS_BACK = {"yesterday": 1, "two days ago": 2, "three days ago": 3, "this morning": 0}
WEEKDAYS = {"last Tuesday": 1, "last Friday": 4, "last Saturday": 5, "last Sunday": 6}


@pytest.fixture(scope="module")
def dialogues() -> list[Dialogue]:
    return generate_dialogues(20, seed=0)


def _digest(ds: list[Dialogue]) -> str:
    blob = json.dumps([dataclasses.asdict(d) for d in ds], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def _day(ts: float | None) -> date:
    assert ts is not None
    return datetime.fromtimestamp(ts, tz=timezone.utc).date()


def _parse_day(text: str) -> date:
    day, month, year = text.split()
    return date(int(year), MONTHS.index(month) + 1, int(day))


# -- determinism ------------------------------------------------------------------
def test_same_seed_same_output() -> None:
    assert generate_dialogues(3, seed=5) == generate_dialogues(3, seed=5)


def test_different_seeds_differ() -> None:
    a, b = generate_dialogues(3, seed=1), generate_dialogues(3, seed=2)
    assert [d.turns for d in a] != [d.turns for d in b]
    assert [d.turns[0].text for d in generate_dialogues(5, seed=0)] != [
        d.turns[0].text for d in generate_dialogues(5, seed=1)
    ]


def test_prefix_stable_and_ids() -> None:
    short, long = generate_dialogues(2, seed=9), generate_dialogues(4, seed=9)
    assert short == long[:2]
    assert [d.dialogue_id for d in long] == [f"synth-{i:05d}" for i in range(4)]


def test_generate_dialogue_uses_only_given_rng() -> None:
    a = generate_dialogue(random.Random(3), 7)
    b = generate_dialogue(random.Random(3), 7)
    assert a == b and a.dialogue_id == "synth-00007"


def test_deterministic_across_processes() -> None:
    code = (
        "import dataclasses, hashlib, json\n"
        "from langchain_neuralmem.training.generator import generate_dialogues\n"
        "ds = generate_dialogues(3, seed=11)\n"
        "blob = json.dumps([dataclasses.asdict(d) for d in ds], sort_keys=True)\n"
        "print(hashlib.sha256(blob.encode()).hexdigest())\n"
    )
    digests = set()
    for hash_seed in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr
        digests.add(out.stdout.strip())
    assert digests == {_digest(generate_dialogues(3, seed=11))}


# -- structure ----------------------------------------------------------------------
def test_turn_structure(dialogues: list[Dialogue]) -> None:
    cfg = GeneratorConfig()
    for d in dialogues:
        turns = d.turns
        speakers = list(dict.fromkeys(t.speaker for t in turns))
        assert len(speakers) == 2
        roles = {s: {t.role for t in turns if t.speaker == s} for s in speakers}
        assert sorted(r for rs in roles.values() for r in rs) == ["ai", "human"]
        for prev, cur in itertools.pairwise(turns):
            assert cur.timestamp is not None and prev.timestamp is not None
            assert cur.timestamp > prev.timestamp
            assert cur.episode >= prev.episode
            assert cur.segment >= prev.segment
            if cur.episode != prev.episode:
                assert cur.episode == prev.episode + 1
                assert cur.segment > prev.segment  # a new segment at every session start
                assert cur.timestamp - prev.timestamp >= 6 * 3600
            else:
                assert 30 <= cur.timestamp - prev.timestamp <= 120
        sessions = Counter(t.episode for t in turns)
        assert cfg.sessions_min <= len(sessions) <= cfg.sessions_max
        for n in sessions.values():
            assert cfg.turns_per_session_min <= n <= cfg.turns_per_session_max
        for t in turns:
            session, index = re.fullmatch(r"D(\d+):(\d+)", t.turn_id).groups()  # type: ignore[union-attr]
            assert int(session) == t.episode + 1
            assert 1 <= int(index) <= sessions[t.episode]
            assert t.text.strip()


def test_segments_have_two_to_eight_turns(dialogues: list[Dialogue]) -> None:
    for d in dialogues:
        sizes = Counter(t.segment for t in d.turns)
        assert sorted(sizes) == list(range(len(sizes)))
        assert all(2 <= n <= 8 for n in sizes.values())
        for seg in sizes:
            assert len({t.episode for t in d.turns if t.segment == seg}) == 1


def test_session_dates_format() -> None:
    ts = datetime(2023, 5, 8, 13, 56, tzinfo=timezone.utc).timestamp()
    assert format_session_date(ts) == "1:56 pm on 8 May, 2023"
    assert format_session_date(ts - 13 * 3600) == "12:56 am on 8 May, 2023"


# -- questions --------------------------------------------------------------------
def test_evidence_valid(dialogues: list[Dialogue]) -> None:
    for d in dialogues:
        names = {t.speaker for t in d.turns}
        for q in d.questions:
            assert q.evidence and q.evidence == sorted(set(q.evidence))
            assert all(0 <= i < len(d.turns) for i in q.evidence)
            assert q.kind in QUESTION_KINDS
            assert q.question.endswith("?") and q.answer
            assert any(name in q.question for name in names)
            if q.asked_after is not None:
                assert 0 < q.asked_after < len(d.turns)
                assert max(q.evidence) < q.asked_after


def test_every_kind_appears_and_counts(dialogues: list[Dialogue]) -> None:
    kinds = Counter(q.kind for d in dialogues for q in d.questions)
    assert set(kinds) == set(QUESTION_KINDS)
    assert all(kinds[k] >= 10 for k in QUESTION_KINDS)
    counts = [len(d.questions) for d in dialogues]
    assert 8 <= sum(counts) / len(counts) <= 40
    assert max(counts) <= GeneratorConfig().max_questions
    assert min(counts) >= 5
    asked_mid = [q for d in dialogues for q in d.questions if q.asked_after is not None]
    assert 0.05 * sum(counts) <= len(asked_mid) <= 0.5 * sum(counts)


def test_single_answers_in_evidence(dialogues: list[Dialogue]) -> None:
    for d in dialogues:
        for q in d.questions:
            if q.kind == "single":
                texts = [d.turns[i].text.lower() for i in q.evidence]
                assert any(q.answer.lower() in t for t in texts), (q, texts)


def test_update_answers_in_evidence(dialogues: list[Dialogue]) -> None:
    seen = 0
    for d in dialogues:
        for q in d.questions:
            if q.kind != "update":
                continue
            seen += 1
            last = d.turns[q.evidence[-1]].text.lower()
            assert q.answer.lower() in last  # the update turn names both old and new value
            if len(q.evidence) == 2:  # "before" question: the original statement has it too
                assert q.answer.lower() in d.turns[q.evidence[0]].text.lower()
                assert d.turns[q.evidence[0]].episode < d.turns[q.evidence[1]].episode
    assert seen


def test_multi_and_inference_need_several_turns(dialogues: list[Dialogue]) -> None:
    for d in dialogues:
        for q in d.questions:
            if q.kind in ("multi", "inference"):
                assert len(q.evidence) >= 2
                if q.kind == "multi" and "," in q.answer:
                    texts = " ".join(d.turns[i].text.lower() for i in q.evidence)
                    assert all(item.strip().lower() in texts for item in q.answer.split(","))


def test_temporal_answers_match_session_date(dialogues: list[Dialogue]) -> None:
    checked = 0
    for d in dialogues:
        for q in d.questions:
            if q.kind != "temporal":
                continue
            (idx,) = q.evidence
            text, said = d.turns[idx].text.lower(), _day(d.turns[idx].timestamp)
            pretty = f"{said.day} {MONTHS[said.month - 1]} {said.year}"
            if q.answer.startswith("the weekend before"):
                assert "last weekend" in text and q.answer.endswith(pretty)
            elif q.answer.startswith("the week before"):
                assert "last week" in text and q.answer.endswith(pretty)
            elif re.fullmatch(r"\d{4}", q.answer):
                assert "last year" in text and int(q.answer) == said.year - 1
            elif re.fullmatch(r"[A-Z][a-z]+ \d{4}", q.answer):
                prev = said.replace(day=1) - timedelta(days=1)
                assert "last month" in text
                assert q.answer == f"{MONTHS[prev.month - 1]} {prev.year}"
            else:
                when = _parse_day(q.answer)
                back = (said - when).days
                expected = [n for e, n in DAYS_BACK.items() if e in text]
                expected += [
                    (said.weekday() - wd) % 7 or 7
                    for e, wd in WEEKDAYS.items()
                    if e.lower() in text
                ]
                assert expected == [back], (q, text)
            checked += 1
    assert checked >= 20


def test_resolve_relative_time() -> None:
    monday = date(2023, 5, 8)
    assert resolve_relative_time("yesterday", monday) == "7 May 2023"
    assert resolve_relative_time("this morning", monday) == "8 May 2023"
    assert resolve_relative_time("last Friday", monday) == "5 May 2023"
    assert resolve_relative_time("last Tuesday", date(2023, 5, 9)) == "2 May 2023"
    assert resolve_relative_time("last weekend", monday) == "the weekend before 8 May 2023"
    assert resolve_relative_time("last week", monday) == "the week before 8 May 2023"
    assert resolve_relative_time("last month", monday) == "April 2023"
    assert resolve_relative_time("last month", date(2023, 1, 15)) == "December 2022"
    assert resolve_relative_time("last year", monday) == "2022"
    with pytest.raises(ValueError):
        resolve_relative_time("someday", monday)


# -- templates and config ---------------------------------------------------------
def test_fact_templates_rich() -> None:
    assert len(FACTS) >= 25
    assert len({f.key for f in FACTS}) == len(FACTS)
    for f in FACTS:
        assert len(f.statements) >= 3, f.key
        assert all("{v}" in s for s in f.statements), f.key
        assert f.questions and all("{n}" in q for q in f.questions), f.key
        if f.updates:
            assert all("{old}" in u and "{v}" in u for u in f.updates)
            assert f.current_questions and f.prior_questions


def test_distractor_rate_changes_share_of_answer_turns() -> None:
    def evidence_share(rate: float) -> float:
        cfg = GeneratorConfig(distractor_rate=rate, max_questions=1000)
        ds = generate_dialogues(8, seed=3, config=cfg)
        used = sum(len({i for q in d.questions for i in q.evidence}) for d in ds)
        return used / sum(len(d.turns) for d in ds)

    assert evidence_share(0.1) > evidence_share(0.6)


def test_small_config_and_validation() -> None:
    cfg = GeneratorConfig(
        sessions_min=1, sessions_max=2, turns_per_session_min=6, turns_per_session_max=6
    )
    for d in generate_dialogues(5, seed=4, config=cfg):
        assert Counter(t.episode for t in d.turns).most_common(1)[0][1] == 6
        assert all(max(q.evidence) < len(d.turns) for q in d.questions)
    with pytest.raises(ValueError):
        generate_dialogues(1, config=GeneratorConfig(sessions_min=5, sessions_max=2))
    with pytest.raises(ValueError):
        generate_dialogues(1, config=GeneratorConfig(distractor_rate=1.5))
