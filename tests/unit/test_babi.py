import io

import pytest

from langchain_neuralmem.data.babi import load_babi, parse_babi

STORY = """1 Mary moved to the bathroom.
2 John went to the hallway.
3 Where is Mary? \tbathroom\t1
4 Mary went back to the garden.
5 Where is Mary? \tgarden\t4
1 Sandra went to the office.
2 Where is Sandra? \toffice\t1
"""


def test_parse_stories_questions_and_evidence():
    stories = parse_babi(io.StringIO(STORY), task="qa1")
    assert len(stories) == 2
    first = stories[0]
    assert [t.text for t in first.turns] == [
        "Mary moved to the bathroom.",
        "John went to the hallway.",
        "Mary went back to the garden.",
    ]
    assert [(q.answer, q.evidence, q.asked_after) for q in first.questions] == [
        ("bathroom", [0], 2),
        ("garden", [2], 3),
    ]


def test_bad_supporting_fact_is_named():
    with pytest.raises(ValueError, match="supporting facts"):
        parse_babi(io.StringIO("1 A went home.\n2 Where is A?\thome\t7\n"), task="qa1")


def test_real_babi_files_load(babi_dir):
    """Reads ../shared/data/babi-en-10k (skips without it)."""
    stories = load_babi(babi_dir, per_task=3)
    assert len(stories) >= 3 * 19
    for s in stories:
        for q in s.questions:
            assert all(0 <= e < q.asked_after for e in q.evidence)
