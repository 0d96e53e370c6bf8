"""Retention limits compact old turns into the hierarchy, never drop them silently.

Real encoder and shipped weights on a real SQLite file. Every test checks that a removed
turn is gone from the store and from recall's quoted turns, that a closed segment node
with a summary stands for it, and that nothing of another user or session changed.
"""

from __future__ import annotations

import itertools
import math
import threading
import time

import pytest

from langchain_neuralmem import RecallConfig
from langchain_neuralmem.engine import NeuralMemory, TurnInput
from langchain_neuralmem.errors import InvalidInputError
from langchain_neuralmem.retention import (
    CompactionReport,
    RetentionPolicy,
    plan_removals,
    turn_bytes,
)
from langchain_neuralmem.types import Turn

FACTS = [
    ("My bike lock code is 4417.", "What is my bike lock code?", "4417"),
    ("My sister Priya lives in Tromsø.", "Where does my sister Priya live?", "Tromsø"),
    ("Our cat is called Miso.", "What is our cat called?", "Miso"),
    ("I am allergic to hazelnuts.", "What am I allergic to?", "hazelnuts"),
    ("My dentist is Dr Okafor.", "Who is my dentist?", "Okafor"),
    ("The wifi password is maple-otter-88.", "What is the wifi password?", "maple-otter-88"),
    ("I drive a green Skoda Fabia.", "What car do I drive?", "Skoda"),
    ("My passport expires in 2031.", "When does my passport expire?", "2031"),
    ("I play the cello in a quartet.", "Which instrument do I play?", "cello"),
    ("My favourite dish is bibimbap.", "What is my favourite dish?", "bibimbap"),
    ("I was born in Valparaíso.", "Where was I born?", "Valparaíso"),
    ("My manager is called Ingrid.", "Who is my manager?", "Ingrid"),
    ("The spare key is under the blue flowerpot.", "Where is the spare key?", "flowerpot"),
    ("I run 5 km every Tuesday.", "How far do I run on Tuesdays?", "5 km"),
    (
        "My daughter's school is Elmwood Primary.",
        "Which school does my daughter attend?",
        "Elmwood",
    ),
    ("I keep bees on the roof.", "Where do I keep bees?", "roof"),
    ("Our anniversary is on 14 June.", "When is our anniversary?", "14 June"),
    ("I studied geology at Leeds.", "What did I study?", "geology"),
    ("My gym locker is number 212.", "What is my gym locker number?", "212"),
    ("The plumber's number is 0161 555 0199.", "What is the plumber's number?", "0199"),
    ("I am learning Portuguese on Duolingo.", "Which language am I learning?", "Portuguese"),
    ("My blood type is O negative.", "What is my blood type?", "O negative"),
    ("We adopted a greyhound called Pixel.", "What is our greyhound called?", "Pixel"),
    ("I collect vintage fountain pens.", "What do I collect?", "fountain pens"),
    ("My brother works as a lighthouse keeper.", "What does my brother do?", "lighthouse"),
    ("The boiler was serviced in March.", "When was the boiler serviced?", "March"),
    ("I take my coffee with oat milk.", "How do I take my coffee?", "oat milk"),
    ("My favourite author is Ursula Le Guin.", "Who is my favourite author?", "Le Guin"),
    ("Our flat is on the fourth floor.", "Which floor is our flat on?", "fourth"),
    ("I volunteer at the food bank on Saturdays.", "Where do I volunteer?", "food bank"),
    ("My bank PIN reminder word is 'heron'.", "What is my PIN reminder word?", "heron"),
    ("I broke my wrist skiing in 2019.", "How did I break my wrist?", "skiing"),
    ("The car insurance renews in October.", "When does the car insurance renew?", "October"),
    ("My grandmother grew up in Kraków.", "Where did my grandmother grow up?", "Kraków"),
    ("I am training for the Berlin marathon.", "Which marathon am I training for?", "Berlin"),
    ("Our neighbour's dog is named Waffles.", "What is the neighbour's dog called?", "Waffles"),
]
ANSWERS = {content: (question, answer) for content, question, answer in FACTS}
NOW = time.time()


def _add(memory, user, session, n, *, start=0, at=NOW - 86_400.0, step=60.0):
    """``n`` facts (from ``start``) as one batch, ``step`` seconds apart from ``at``."""
    turns = [
        TurnInput(FACTS[(start + i) % len(FACTS)][0], speaker="Ann", timestamp=at + i * step)
        for i in range(n)
    ]
    return memory.add_turns(turns, session_id=session, user_id=user)


def _snapshot(memory, user):
    """Every stored turn of a user: (session, position, content), for "untouched" checks."""
    return sorted(
        (t.turn.session_id, t.turn.position, t.turn.content) for t in memory.store.user_turns(user)
    )


def _assert_covered(memory, report, written):
    """Every removed turn is gone and a closed segment with a summary stands for it."""
    removed = set(report.removed_turn_ids)
    assert memory.store.get_turns(sorted(removed)) == []
    by_id = {t.turn_id: t for t in written}
    for session in report.sessions:
        closed = {
            n.node_id: n for n in memory.summaries(session_id=session, user_id=report.user_id)
        }
        for turn_id in removed:
            turn = by_id[turn_id]
            if turn.session_id == session:
                assert turn.segment_id in closed, turn
                assert closed[turn.segment_id].summary, turn
    assert report.turns_removed == len(removed) == len(report.removed_turn_ids)


def _summary_question(memory, report, written, user, session):
    """A question about a removed fact that a kept summary quotes, and its answer."""
    removed = set(report.removed_turn_ids)
    contents = {t.turn_id: t.content for t in written}
    for node in memory.summaries(session_id=session, user_id=user):
        for source in node.source_turn_ids:
            if source in removed and contents[source] in node.summary:
                return ANSWERS[contents[source]]
    raise AssertionError("no summary quotes a removed turn")


def _recall_with_summaries(memory, question, user, session):
    config = RecallConfig(summary_fraction=0.3, descend_segments=8)
    return memory.recall(question, session_id=session, user_id=user, max_tokens=1024, config=config)


def test_count_limit_per_session(memory):
    written = _add(memory, "ann", "s", 36)
    _add(memory, "ann", "t", 6)
    _add(memory, "bob", "s", 36)
    other_session = [x for x in _snapshot(memory, "ann") if x[0] == "t"]
    bob = _snapshot(memory, "bob")
    policy = RetentionPolicy(max_turns=20, keep_recent=6, per="session")

    report = memory.compact(user_id="ann", session_id="s", policy=policy)

    assert isinstance(report, CompactionReport)
    assert report.turns_removed == 16 and report.turns_kept == 20 and report.over_limit == ()
    assert report.removed_turn_ids == tuple(t.turn_id for t in written[:16])  # oldest first
    assert report.sessions == ("s",) and report.uncovered == 0 and report.nodes_kept >= 2
    assert report.bytes_freed == sum(
        len(t.content.encode()) + 392 for t in written[:16]
    )  # text + one int8-coded 384-dim vector each
    _assert_covered(memory, report, written)
    kept = memory.history(session_id="s", user_id="ann")
    assert [t.turn_id for t in kept] == [t.turn_id for t in written[16:]]  # recent turns stay
    assert [x for x in _snapshot(memory, "ann") if x[0] == "t"] == other_session
    assert _snapshot(memory, "bob") == bob

    question, answer = _summary_question(memory, report, written, "ann", "s")
    ctx = _recall_with_summaries(memory, question, "ann", "s")
    assert not {t.turn_id for t in ctx.turns()} & set(report.removed_turn_ids)
    assert any(answer in node.summary for node in ctx.summaries), ctx.to_text()

    again = memory.compact(user_id="ann", session_id="s", policy=policy)
    assert again.turns_removed == 0 and again.removed_turn_ids == () and again.turns_kept == 20
    assert memory.history(session_id="s", user_id="ann") == kept

    more = _add(memory, "ann", "s", 3, start=36 - 3, at=NOW)  # the session goes on
    assert [t.position for t in more] == [36, 37, 38]
    assert len(memory.history(session_id="s", user_id="ann")) == 23


def test_count_limit_per_user_keeps_each_sessions_latest(memory):
    a = _add(memory, "ann", "a", 24, at=NOW - 3 * 3600)
    b = _add(memory, "ann", "b", 12, start=24, at=NOW - 3600)
    policy = RetentionPolicy(max_turns=16, keep_recent=8)  # per="user"

    report = memory.compact(user_id="ann", policy=policy)

    assert report.turns_kept == 16 and report.over_limit == ()
    assert set(report.removed_turn_ids) == {t.turn_id for t in a[:16] + b[:4]}
    assert report.sessions == ("a", "b")
    _assert_covered(memory, report, a + b)
    assert len(memory.history(session_id="a", user_id="ann")) == 8
    assert len(memory.history(session_id="b", user_id="ann")) == 8


def test_age_limit(memory):
    old = _add(memory, "ann", "s", 14, at=NOW - 40 * 86_400.0)
    new = _add(memory, "ann", "s", 6, start=14, at=NOW - 3600.0)  # a new episode
    bob = _add(memory, "bob", "s", 14, at=NOW - 40 * 86_400.0)
    policy = RetentionPolicy(max_age_days=30, keep_recent=2)

    report = memory.compact(user_id="ann", policy=policy, now=NOW)

    assert report.removed_turn_ids == tuple(t.turn_id for t in old)
    assert report.over_limit == () and report.turns_kept == 6
    _assert_covered(memory, report, old)
    assert memory.history(session_id="s", user_id="ann") == new
    assert memory.history(session_id="s", user_id="bob") == bob
    question, answer = _summary_question(memory, report, old, "ann", "s")
    ctx = _recall_with_summaries(memory, question, "ann", "s")
    assert not {t.turn_id for t in ctx.turns()} & set(report.removed_turn_ids)
    assert any(answer in node.summary for node in ctx.summaries), ctx.to_text()
    assert memory.compact(user_id="ann", policy=policy, now=NOW).turns_removed == 0


def test_byte_limit(memory):
    written = _add(memory, "ann", "a", 20) + _add(memory, "ann", "b", 10, start=20, at=NOW)
    sizes = {s.turn.turn_id: turn_bytes(s) for s in memory.store.user_turns("ann")}
    total = sum(sizes.values())
    policy = RetentionPolicy(max_bytes=total // 2, keep_recent=3)

    report = memory.compact(user_id="ann", policy=policy)

    assert report.bytes_kept <= total // 2 and report.over_limit == ()
    assert report.bytes_freed == sum(sizes[i] for i in report.removed_turn_ids)
    assert report.bytes_freed + report.bytes_kept == total
    assert set(report.removed_turn_ids) <= {t.turn_id for t in written[:17]}  # oldest first
    assert sum(sizes[t.turn_id] for t in memory.store.get_turns(list(sizes))) == report.bytes_kept
    # the oldest turns went: no kept turn is older than a removed one
    kept_times = [t.created_at for t in memory.history(session_id="a", user_id="ann")]
    gone_times = [t.created_at for t in written if t.turn_id in set(report.removed_turn_ids)]
    assert max(gone_times) <= min(kept_times)
    _assert_covered(memory, report, written)


def test_summaries_blanked_by_a_delete_are_rebuilt_before_compacting(memory):
    written = _add(memory, "ann", "s", 30)
    segment = next(n for n in memory.summaries(session_id="s", user_id="ann"))
    memory.delete_turns([segment.source_turn_ids[0]], user_id="ann")
    blank = {n.node_id: n.summary for n in memory.summaries(session_id="s", user_id="ann")}
    assert blank[segment.node_id] == ""

    report = memory.compact(user_id="ann", policy=RetentionPolicy(max_turns=5, keep_recent=5))

    assert report.turns_kept == 5 and report.nodes_closed >= 1
    kept = [t for t in written if t.turn_id != segment.source_turn_ids[0]]
    _assert_covered(memory, report, kept)


def test_automatic_retention_after_writes(db_path, encoder, model):
    policy = RetentionPolicy(max_turns=20, keep_recent=4, slack=0.25)
    memory = NeuralMemory(db_path, encoder=encoder, model=model, retention=policy)
    assert memory.retention == policy
    counts, written = [], []
    for i in range(60):
        written += memory.add_turns(
            [TurnInput(FACTS[i % len(FACTS)][0], timestamp=NOW + i)], session_id="s", user_id="ann"
        )
        counts.append(memory.store.user_version("ann")[0])
    limit = 20 + math.ceil(20 * 0.25)
    assert max(counts) <= limit and counts[-1] <= limit
    drops = sum(1 for x, y in itertools.pairwise(counts) if y < x)
    assert 2 <= drops <= 60 // math.ceil(20 * 0.25)  # amortised: not on every write
    kept = {t.turn_id for t in memory.history(session_id="s", user_id="ann")}
    removed = [t for t in written if t.turn_id not in kept]
    closed = {n.node_id: n for n in memory.summaries(session_id="s", user_id="ann")}
    assert removed and all(closed[t.segment_id].summary for t in removed)
    assert [t.turn_id for t in written[-4:]] == sorted(kept)[-4:]
    memory.close()


def test_concurrent_writer(db_path, encoder, model):
    """Another engine on the same file keeps writing the session while this one compacts."""
    compactor = NeuralMemory(db_path, encoder=encoder, model=model)
    writer = NeuralMemory(db_path, encoder=encoder, model=model)
    _add(writer, "ann", "s", 12)
    written: list[Turn] = []
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for i in range(30):
                written.extend(_add(writer, "ann", "s", 1, start=12 + i, at=NOW + i))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    policy = RetentionPolicy(max_turns=10, keep_recent=3)
    reports = []
    while thread.is_alive():
        reports.append(compactor.compact(user_id="ann", policy=policy))
        time.sleep(0.02)
    thread.join()
    reports.append(compactor.compact(user_id="ann", policy=policy))
    assert not errors

    every = sorted(s.turn.turn_id for s in compactor.store.user_turns("ann"))
    history = compactor.history(session_id="s", user_id="ann")
    assert len(history) == 10 and [t.turn_id for t in history] == every
    assert [t.position for t in history] == list(range(32, 42))
    removed = [i for r in reports for i in r.removed_turn_ids]
    assert len(removed) == len(set(removed)) == 32  # each removal reported once
    closed = {n.node_id: n for n in compactor.summaries(session_id="s", user_id="ann")}
    assert all(closed[t.segment_id].summary for t in written if t.turn_id in set(removed))
    ctx = writer.recall("What is my bike lock code?", session_id="s", user_id="ann")
    assert not {t.turn_id for t in ctx.turns()} & set(removed)
    compactor.close()
    writer.close()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "needs a limit"),
        ({"max_turns": 0}, "RetentionPolicy.max_turns must be >= 1"),
        ({"max_turns": 2.5}, "RetentionPolicy.max_turns must be an integer"),
        ({"max_turns": True}, "RetentionPolicy.max_turns must be an integer"),
        ({"max_bytes": -1}, "RetentionPolicy.max_bytes must be >= 1"),
        ({"max_age_days": 0}, "RetentionPolicy.max_age_days must be > 0"),
        ({"max_age_days": float("nan")}, "RetentionPolicy.max_age_days must be a finite"),
        ({"max_age_days": "30"}, "RetentionPolicy.max_age_days must be a number"),
        ({"max_turns": 5, "keep_recent": 0}, "RetentionPolicy.keep_recent must be >= 1"),
        ({"max_turns": 5, "keep_recent": 8}, "RetentionPolicy.keep_recent \\(8\\) must be <="),
        ({"max_turns": 5, "keep_recent": 2.0}, "RetentionPolicy.keep_recent must be an integer"),
        ({"max_turns": 50, "per": "team"}, "RetentionPolicy.per must be 'user' or 'session'"),
        ({"max_turns": 50, "slack": -0.1}, "RetentionPolicy.slack must be >= 0"),
    ],
)
def test_bad_policies_raise_naming_the_field(kwargs, field):
    with pytest.raises(InvalidInputError, match=field) as info:
        RetentionPolicy(**kwargs)
    assert isinstance(info.value, ValueError)


def test_bad_arguments(memory, db_path, encoder, model):
    with pytest.raises(InvalidInputError, match="retention must be a RetentionPolicy"):
        NeuralMemory(db_path, encoder=encoder, model=model, retention={"max_turns": 5})
    with pytest.raises(InvalidInputError, match="compact\\(\\) needs a RetentionPolicy"):
        memory.compact(user_id="ann")
    with pytest.raises(InvalidInputError, match="user_id"):
        memory.compact(user_id="", policy=RetentionPolicy(max_turns=50))
    assert memory.compact(user_id="nobody", policy=RetentionPolicy(max_turns=50)).turns_removed == 0


def test_plan_never_removes_what_no_summary_covers():
    turns = [
        (Turn(i, "u", "s", i, "human", "A", "x", NOW - 90 * 86_400.0, 1), 10) for i in range(6)
    ]
    undated = (Turn(6, "u", "s", 6, "human", "A", "x", 0.0, 1), 10)
    policy = RetentionPolicy(max_age_days=30, keep_recent=1)
    ids, over = plan_removals(
        [*turns, undated], policy, now=NOW, removable=lambda t: t.turn_id != 2
    )
    assert ids == [0, 1, 3, 4, 5] and over == ("max_age_days",)  # turn 2 stays, and it says so
    ids, over = plan_removals(turns, policy, now=NOW, removable=lambda t: True)
    assert ids == [0, 1, 2, 3, 4] and over == ("max_age_days",)  # the latest turn is kept
