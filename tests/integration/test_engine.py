"""NeuralMemory end to end: real MiniLM, real FAISS, real SQLite file, shipped weights."""

import asyncio
import itertools
import subprocess
import sys
import textwrap

import pytest

from langchain_neuralmem.config import RecallConfig
from langchain_neuralmem.engine import NeuralMemory, TurnInput
from langchain_neuralmem.errors import InvalidInputError, InvalidTurnError
from tests.fixtures import QUESTIONS, conversation


def _fill(memory: NeuralMemory, session: str = "s", user: str = "u", rounds: int = 12) -> list[int]:
    turns = [
        TurnInput(
            text, role=role, speaker="Sam" if role == "human" else "AI", timestamp=1000.0 + 60 * i
        )
        for i, (role, text) in enumerate(conversation(rounds))
    ]
    return [t.turn_id for t in memory.add_turns(turns, session_id=session, user_id=user)]


def test_recall_finds_old_facts_within_budget(memory):
    ids = _fill(memory)
    assert len(ids) > 150
    for question, evidence in QUESTIONS:
        ctx = memory.recall(question, session_id="s", user_id="u", max_tokens=200)
        assert ctx.tokens_used <= 200
        assert ctx.tokens_used == memory.count_tokens(ctx.to_text())
        recalled_ids = {r.turn.turn_id for r in ctx.recalled}
        assert ids[evidence] in recalled_ids, (question, ctx.to_text())


def test_context_parts_recent_provenance_and_order(memory):
    ids = _fill(memory)
    ctx = memory.recall(
        "What was the name of my first dog?", session_id="s", user_id="u", max_tokens=400
    )
    # Recent turns are the latest ones, verbatim, in order.
    assert [t.turn_id for t in ctx.recent] == ids[-len(ctx.recent) :] and 0 < len(ctx.recent) <= 4
    # Recalled turns carry ids, scores best first, and a source level.
    scores = [r.score for r in ctx.recalled]
    assert scores == sorted(scores, reverse=True)
    assert all(r.level in ("turn", "segment", "neighbour") for r in ctx.recalled)
    text = ctx.to_text()
    assert text.index("Waffles") < text.index("Recent conversation:")


def test_write_path_builds_hierarchy(memory):
    _fill(memory)
    segments = memory.summaries(session_id="s", user_id="u")
    assert len(segments) >= 10
    cover = sorted((s.start_position, s.end_position) for s in segments)
    for (_, end), (start, _) in itertools.pairwise(cover):
        assert start == end + 1  # segments tile the conversation
    for s in segments:
        assert s.summary and s.source_turn_ids


def test_episodes_follow_time_gaps(memory):
    day = 86400.0
    for i, ts in enumerate([0.0, 60.0, day, day + 60, 3 * day]):
        memory.add_turn(f"message number {i} about gardening", session_id="s", timestamp=ts)
    turns = memory.history(session_id="s")
    assert [t.episode for t in turns] == [0, 0, 1, 1, 2]
    assert len(memory.summaries(session_id="s", level="episode")) == 2


def test_restart_in_a_new_process_loses_nothing(db_path, memory):
    ids = _fill(memory)
    memory.close()
    script = textwrap.dedent(
        f"""
        from langchain_neuralmem.engine import NeuralMemory
        m = NeuralMemory({db_path!r})
        ctx = m.recall("What was the name of my first dog?", session_id="s", user_id="u", max_tokens=200)
        print(len(m.history(session_id="s", user_id="u")))
        print(" ".join(str(r.turn.turn_id) for r in ctx.recalled))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert int(out[0]) == len(ids)
    assert str(ids[0]) in out[1].split()


def test_restart_continues_gru_state_and_positions(db_path, encoder, model):
    first = NeuralMemory(db_path, encoder=encoder, model=model)
    first.add_turn("one", session_id="s", timestamp=0.0)
    state = first.store.load_state("default", "s").state.copy()
    first.close()
    second = NeuralMemory(db_path, encoder=encoder, model=model)
    assert (second.store.load_state("default", "s").state == state).all()
    t = second.add_turn("two", session_id="s", timestamp=10.0)
    assert t.position == 1


def test_users_and_sessions_are_isolated(memory):
    memory.add_turn("Alice's secret code is 4417.", session_id="s", user_id="alice")
    memory.add_turn("Bob likes chess.", session_id="s", user_id="bob")
    ctx = memory.recall("What is the secret code?", session_id="s", user_id="bob", max_tokens=500)
    assert "4417" not in ctx.to_text()
    memory.delete_user("bob")
    assert (
        memory.history(session_id="s", user_id="alice")[0].content == "Alice's secret code is 4417."
    )
    assert memory.history(session_id="s", user_id="bob") == []


def test_clear_is_scoped_to_one_session(memory):
    memory.add_turn("keep me", session_id="a")
    memory.add_turn("drop me", session_id="b")
    assert memory.clear(session_id="b") == 1
    assert [t.content for t in memory.history(session_id="a")] == ["keep me"]
    assert memory.recall("drop", session_id="b", max_tokens=50).recalled == []


def test_two_engines_on_one_file_see_each_others_writes(db_path, encoder, model):
    a = NeuralMemory(db_path, encoder=encoder, model=model)
    b = NeuralMemory(db_path, encoder=encoder, model=model)
    a.add_turn("The boat is called Marigold.", session_id="s")
    assert (
        b.recall("boat name?", session_id="s", max_tokens=100)
        .turns()[0]
        .content.startswith("The boat")
    )
    b.add_turn("ok", session_id="s")
    a.add_turn("and it is blue", session_id="s")
    assert [t.position for t in a.history(session_id="s")] == [0, 1, 2]
    assert len(a._snapshot("default", "s")) == 3


async def test_async_does_the_same_work_as_sync(memory):
    _fill(memory, rounds=3)
    sync = memory.recall("What is my job?", session_id="s", user_id="u", max_tokens=150)
    other = await memory.arecall("What is my job?", session_id="s", user_id="u", max_tokens=150)
    assert [r.turn.turn_id for r in sync.recalled] == [r.turn.turn_id for r in other.recalled]
    t = await memory.aadd_turn("async turn", session_id="s", user_id="u")
    assert memory.history(session_id="s", user_id="u", limit=1)[0].turn_id == t.turn_id
    assert await memory.aclear(session_id="s", user_id="u") > 0


async def test_concurrent_async_writes_keep_every_turn(memory):
    await asyncio.gather(*(memory.aadd_turn(f"parallel {i}", session_id="p") for i in range(12)))
    turns = memory.history(session_id="p")
    assert sorted(t.content for t in turns) == sorted(f"parallel {i}" for i in range(12))
    assert [t.position for t in turns] == list(range(12))


@pytest.mark.parametrize(
    "content, match",
    [
        ("", "empty"),
        ("   \n\t", "empty"),
        (None, "None"),
        (["text block"], "must be a string"),
        (42, "must be a string"),
        ("bad\x00nul", "NUL"),
    ],
)
def test_bad_content_is_refused_and_nothing_is_lost(memory, content, match):
    memory.add_turn("a stored turn", session_id="s")
    with pytest.raises(InvalidTurnError, match=match):
        memory.add_turns([TurnInput("fine"), TurnInput(content)], session_id="s")
    assert [t.content for t in memory.history(session_id="s")] == ["a stored turn"]


def test_bad_ids_roles_and_budgets_are_named(memory):
    with pytest.raises(ValueError, match="session_id"):
        memory.add_turn("x", session_id="")
    with pytest.raises(ValueError, match="user_id"):
        memory.recall("x", session_id="s", user_id=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="role"):
        memory.add_turn("x", session_id="s", role="robot")
    with pytest.raises(ValueError, match="max_tokens"):
        memory.recall("x", session_id="s", max_tokens=0)
    with pytest.raises(InvalidInputError, match="query"):
        memory.recall(None, session_id="s")  # type: ignore[arg-type]


def test_one_megabyte_message_is_stored_whole_and_budget_holds(memory):
    big = "lorem ipsum dolor sit amet " * 40_000  # ~1 MB
    memory.add_turn("The code word is pineapple.", session_id="s")
    t = memory.add_turn(big, session_id="s")
    assert memory.history(session_id="s")[1].content == big and t.tokens > 100_000
    ctx = memory.recall("What is the code word?", session_id="s", max_tokens=300)
    assert ctx.tokens_used <= 300 and "pineapple" in ctx.to_text()


def test_message_over_the_limit_is_refused(db_path, encoder, model):
    m = NeuralMemory(
        db_path, encoder=encoder, model=model, config=RecallConfig(max_content_chars=100)
    )
    with pytest.raises(InvalidTurnError, match="max_content_chars"):
        m.add_turn("x" * 101, session_id="s")


def test_unknown_session_gives_empty_context(memory):
    ctx = memory.recall("anything?", session_id="never-seen", max_tokens=100)
    assert ctx.recent == [] and ctx.recalled == [] and ctx.to_text() == ""


def test_empty_query_returns_recent_turns_only(memory):
    _fill(memory, rounds=2)
    ctx = memory.recall("", session_id="s", user_id="u", max_tokens=300)
    assert ctx.recent and not ctx.recalled


def test_custom_token_counter_is_used(db_path, encoder, model):
    words = NeuralMemory(
        db_path, encoder=encoder, model=model, token_counter=lambda s: len(s.split())
    )
    words.add_turn("one two three four five", session_id="s")
    assert words.history(session_id="s")[0].tokens == 5


def test_ablation_switches_change_the_ranking_path(db_path, encoder, model, memory):
    _fill(memory, rounds=3)
    plain = NeuralMemory(
        memory.store,
        encoder=encoder,
        model=model,
        config=RecallConfig(use_attention=False, use_hierarchy=False),
    )
    ctx = plain.recall("What is my job?", session_id="s", user_id="u", max_tokens=150)
    assert all(abs(r.score - r.similarity) < 1e-6 for r in ctx.recalled)
    assert not ctx.summaries


def test_checkpoint_decides_whether_speakers_are_embedded(db_path, encoder):
    from langchain_neuralmem.config import NeuralMemoryConfig
    from langchain_neuralmem.nn.model import NeuralMemoryModel

    for with_speaker, expected in ((True, "Ann: I like tea."), (False, "I like tea.")):
        model = NeuralMemoryModel(NeuralMemoryConfig(embed_speaker=with_speaker))
        memory = NeuralMemory(db_path, encoder=encoder, model=model)
        memory.add_turn("I like tea.", session_id=f"s{with_speaker}", speaker="Ann")
        stored = memory.store.turns("default", f"s{with_speaker}")[0].vector
        assert float(stored @ encoder.encode_one(expected)) > 0.999  # stored as int8 codes


def test_the_demo_runs_and_finds_at_least_what_cosine_finds():
    """`neuralmem demo`, the README's main command, on a smaller filler (real parts)."""
    from langchain_neuralmem.demo import run_demo

    lines: list[str] = []
    report = run_demo(db_path=":memory:", filler_dialogues=1, out=lines.append)
    assert report["turns"] > 300 and report["questions"] == 3
    assert report["found"] >= report["cosine_found"] and report["found"] >= 2, lines
    assert any("ms per turn" in line for line in lines)
