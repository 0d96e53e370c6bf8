"""Dates in the context and the combined memory under one budget (real encoder, weights, FAISS)."""

from __future__ import annotations

import dataclasses

import pytest

from langchain_neuralmem.combining import BudgetSplit, RetrievedItem, combine
from langchain_neuralmem.config import RecallConfig
from langchain_neuralmem.engine import NeuralMemory, TurnInput
from langchain_neuralmem.errors import InvalidInputError
from langchain_neuralmem.types import RETRIEVED_HEADER, date_label

MAY_8 = 1683540000.0  # 8 May 2023, 10:00 UTC
DAY = 86_400.0


def _fill(memory: NeuralMemory, n_days: int = 4) -> None:
    topics = ["hiking in the Alps", "baking sourdough", "my cat Miso", "learning Rust"]
    for d in range(n_days):
        memory.add_turns(
            [
                TurnInput(
                    f"Day {d}, note {i}: I talked about {topics[d % 4]} again.",
                    speaker="Ann",
                    timestamp=MAY_8 + d * DAY + i * 60,
                )
                for i in range(3)
            ],
            session_id="s",
        )


def test_recalled_turns_show_their_day_once_per_run(memory):
    _fill(memory)
    memory.add_turn(
        "I adopted a greyhound named Comet.",
        session_id="s",
        speaker="Ann",
        timestamp=MAY_8 + 10 * DAY,
    )
    ctx = memory.recall("When did I adopt my dog?", session_id="s", max_tokens=512)
    text = ctx.to_text()
    assert "[18 May 2023] Ann: I adopted a greyhound named Comet." in text
    labels = {date_label(MAY_8 + d * DAY) for d in range(11)}
    for line in text.splitlines():
        if line.startswith("["):  # every date prefix is a whole "[d Month yyyy]" of a turn
            assert line.split("] ")[0] + "]" in labels
    # Within a section a day is written once for its run of turns.
    recalled = text.split("Relevant earlier turns:\n")[1].split("Recent conversation:")[0]
    days = [ln.split("]")[0] for ln in recalled.splitlines() if ln.startswith("[")]
    assert len(days) == len(set(days))
    assert ctx.tokens_used == memory.count_tokens(text) <= 512


def test_dates_are_paid_for_in_the_budget(memory, encoder, model):
    _fill(memory, 8)
    plain = NeuralMemory(
        memory.store, encoder=encoder, model=model, config=RecallConfig(show_dates=False)
    )
    for budget in (64, 128, 256):
        dated = memory.recall("Tell me about my cat", session_id="s", max_tokens=budget)
        undated = plain.recall("Tell me about my cat", session_id="s", max_tokens=budget)
        assert dated.tokens_used <= budget and undated.tokens_used <= budget
        assert "[" not in undated.to_text()
        assert "May 2023]" in dated.to_text()
        assert len(dated.turns()) <= len(undated.turns())


def test_a_turn_without_a_time_shows_no_date(memory):
    memory.add_turn("No date here.", session_id="s", timestamp=0.0)
    text = memory.recall("date?", session_id="s", max_tokens=64).to_text()
    assert "human: No date here." in text and "[" not in text


def test_per_call_config_override_and_bad_config(memory):
    _fill(memory)
    cfg = dataclasses.replace(memory.config, show_dates=False, recent_turns=0)
    ctx = memory.recall("cat", session_id="s", max_tokens=256, config=cfg)
    assert not ctx.recent and "[" not in ctx.to_text()
    with pytest.raises(InvalidInputError, match="RecallConfig"):
        memory.recall("cat", session_id="s", config={"show_dates": False})  # type: ignore[arg-type]


def test_combine_never_shows_a_turn_twice_and_fits_the_budget(memory):
    _fill(memory, 8)
    turns = memory.history(session_id="s")
    # The retriever returns turns the recall also finds (by id and by text) and a note.
    items = [
        RetrievedItem(
            t.content, turn_id=t.turn_id, speaker=t.speaker, role=t.role, created_at=t.created_at
        )
        for t in turns[:6]
    ]
    items += [RetrievedItem(turns[7].content), RetrievedItem("Miso is a tabby, said the vet.")]
    for budget in (48, 128, 400):
        ctx = combine(
            lambda b, cfg: memory.recall("my cat Miso", session_id="s", max_tokens=b, config=cfg),
            lambda: items,
            budget=budget,
            split=BudgetSplit(retrieved_fraction=0.3),
            count_tokens=memory.count_tokens,
            base_config=memory.config,
        )
        text = ctx.to_text()
        assert ctx.tokens_used == memory.count_tokens(text) <= budget
        shown = [t.content for t in ctx.turns()] + [i.text for i in ctx.retrieved]
        assert len(shown) == len(set(shown)), shown
    assert RETRIEVED_HEADER in text and "Miso is a tabby" in text


def test_unused_retriever_share_goes_back_to_the_recall(memory):
    _fill(memory, 8)

    def recall(b, cfg):
        return memory.recall("baking", session_id="s", max_tokens=b, config=cfg)

    without = combine(
        recall, None, budget=300, split=BudgetSplit(), count_tokens=memory.count_tokens
    )
    empty = combine(
        recall,
        lambda: [],
        budget=300,
        split=BudgetSplit(retrieved_fraction=0.5),
        count_tokens=memory.count_tokens,
    )
    assert len(empty.turns()) >= len(without.turns()) > 0


def test_budget_split_validation():
    with pytest.raises(InvalidInputError, match="retrieved_fraction"):
        BudgetSplit(retrieved_fraction=-0.1)
    with pytest.raises(InvalidInputError, match="must be <= 1"):
        BudgetSplit(recent_fraction=0.5, retrieved_fraction=0.6)
    with pytest.raises(InvalidInputError, match="recent_turns"):
        BudgetSplit(recent_turns=-1)


def test_default_store_takes_the_engines_vectors_for_new_turns(db_path, encoder, model):
    import numpy as np

    from langchain_neuralmem.integrations.combined import create_combined_memory

    engine = NeuralMemory(db_path, encoder=encoder, model=model)
    memory = create_combined_memory("s", engine=engine, max_tokens=256)
    memory.save_context({"input": "My cat is Miso."}, {"output": "Hi Miso!"})
    memory.recall_combined("cat")  # builds the FAISS store from the database
    store = memory._indexed_store()
    assert store.index.ntotal == 2
    memory.save_context({"input": "Miso is a tabby. " * 80}, {"output": "Lovely."})
    assert store.index.ntotal == 4  # fed, not rebuilt
    _, vectors = engine.turn_vectors(session_id="s")
    stored = store.index.reconstruct_n(0, 4)
    # The long turn's vector is the engine's (mean of its passages), not a fresh embedding.
    assert np.allclose(stored, vectors, atol=1e-6)
    doc = store.docstore.search(store.index_to_docstore_id[2])
    assert doc.page_content.startswith("Miso is a tabby") and doc.metadata["speaker"] == "Human"
    assert doc.metadata["neuralmem_turn_id"] == engine.history(session_id="s")[2].turn_id


def test_combined_memory_is_safe_under_threads_and_async(db_path, encoder, model):
    """Writers and readers at once: every turn lands in the engine and the FAISS store once."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from langchain_neuralmem.integrations.combined import create_combined_memory

    engine = NeuralMemory(db_path, encoder=encoder, model=model)
    memory = create_combined_memory("s", engine=engine, max_tokens=200)
    memory.save_context({"input": "Seed turn about my cat Miso."}, {"output": "Noted."})

    def work(i: int) -> None:
        memory.save_context(
            {"input": f"Fact {i}: my locker is number {100 + i}."}, {"output": "OK."}
        )
        assert memory.recall_combined(f"locker {100 + i}").tokens_used <= 200

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(work, range(12)))

    async def more() -> None:
        await asyncio.gather(
            *(
                memory.asave_context({"input": f"Async fact {i}."}, {"output": "OK."})
                for i in range(6)
            )
        )
        await asyncio.gather(*(memory.aload_memory_variables({"input": "fact"}) for _ in range(6)))

    asyncio.run(more())
    turns = engine.history(session_id="s")
    assert len(turns) == 2 + 24 + 12
    store = memory._indexed_store()
    ids = [
        store.docstore.search(v).metadata["neuralmem_turn_id"]
        for v in store.index_to_docstore_id.values()
    ]
    assert sorted(ids) == sorted(t.turn_id for t in turns)  # each turn exactly once
