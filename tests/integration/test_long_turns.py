"""Turns longer than the encoder reads, or than the budget: indexed as passages too.

Real MiniLM, shipped weights, a real SQLite file.
"""

from __future__ import annotations

import numpy as np

from langchain_neuralmem.evaluation.metrics import evidence_hits
from langchain_neuralmem.features import passage_spans

TOPICS = [
    "Install the dependencies with the package manager and pin every version. Create a virtual "
    "environment so the system interpreter stays untouched, then install the project in "
    "editable mode and check that the command line tool starts.",
    "Run the formatter before each commit; it keeps the diffs small. The test suite takes a few "
    "minutes, so run the fast subset while you iterate and the whole suite before you push.",
    "Logging goes to standard error by default. In production switch it to a rotating file, "
    "keep a week of history, and raise the level to warning so the disk does not fill up.",
    "Database migrations live in their own folder and run in order on every deploy. Never edit "
    "one that has shipped; write a new migration that changes what the old one did instead.",
]
SECRET = (
    "About the allotment: the spare key for the shed hangs on the hook behind the pantry door, "
    "and the padlock code for the tool box is the same as the gate."
)


def _long_answer() -> str:
    paragraphs = [TOPICS[i % len(TOPICS)] for i in range(32)]
    paragraphs.insert(23, SECRET)
    return "\n\n".join(paragraphs)


def _memory(memory):
    memory.add_turn("Can you walk me through setting up the project?", session_id="s")
    memory.add_turn(_long_answer(), session_id="s", role="ai")
    for i in range(12):
        memory.add_turn(f"Thanks, one more question about chapter {i} of my novel.", session_id="s")
        memory.add_turn(
            f"Sure, chapter {i} reads well; tighten the dialogue.", session_id="s", role="ai"
        )
    return memory


def test_a_long_turn_is_found_by_its_deep_passage(memory):
    _memory(memory)
    snapshot = memory._snapshot("default", "s")
    query = memory.encoder.encode_one("Where does the spare key for the allotment shed hang?")
    truncated = float(memory.encoder.encode([_long_answer()])[0] @ query)  # a plain vector store
    assert len(passage_spans(_long_answer())) >= 5
    assert snapshot.cosine(query)[1] > truncated + 0.1  # the passage matches, the whole does not
    ctx = memory.recall(
        "Where does the spare key for the allotment shed hang?", session_id="s", max_tokens=4096
    )
    assert evidence_hits(ctx.to_text(), [_long_answer()]) == [True]  # fits: whole (re-indented)
    assert ctx.to_text().count("spare key") == 1


def test_a_turn_longer_than_the_budget_shows_its_best_passage_with_provenance(memory):
    _memory(memory)
    ctx = memory.recall(
        "Where does the spare key for the allotment shed hang?", session_id="s", max_tokens=1024
    )
    passages = [r for r in ctx.recalled if r.level == "passage"]
    assert passages, ctx.to_text()
    assert SECRET in passages[0].turn.content[slice(*passages[0].span)]
    assert len(passages[0].turn.content) > 4 * len(SECRET)
    text = ctx.to_text()
    assert evidence_hits(text, [SECRET]) == [True] and "of a longer message]" in text
    assert ctx.tokens_used <= 1024


def test_passages_survive_a_restart(memory, db_path, encoder, model):
    from langchain_neuralmem.engine import NeuralMemory

    _memory(memory)
    memory.close()
    again = NeuralMemory(db_path, encoder=encoder, model=model)
    try:
        snapshot = again._snapshot("default", "s")
        assert snapshot.passage_rows is not None
        assert set(np.unique(snapshot.passage_rows).tolist()) == {1}
        query = encoder.encode_one("Where does the spare key for the allotment shed hang?")
        assert snapshot.cosine(query)[1] > float(encoder.encode([_long_answer()])[0] @ query) + 0.1
    finally:
        again.close()
