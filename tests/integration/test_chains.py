"""Chains on real chat models: the LCEL memory chain, ConversationChain, bounded
RunnableWithMessageHistory, the combined memory. The tiny packaged SmolLM2 runs the
plumbing (it is too weak to assert what it says); the packaged default model answers a
real recall question."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import AIMessage, HumanMessage

from langchain_neuralmem.engine import NeuralMemory, TurnInput
from langchain_neuralmem.integrations.bounded_history import with_neural_history
from langchain_neuralmem.integrations.chains import create_memory_chat_chain
from langchain_neuralmem.integrations.chat_history import NeuralChatMessageHistory
from langchain_neuralmem.integrations.classic import NeuralHierarchicalMemory
from langchain_neuralmem.integrations.combined import create_combined_memory

FACT = "My first dog, when I was seven, was a beagle called Pepper."


class PromptSpy(BaseCallbackHandler):
    """Records the messages each chat-model call was given (a real callback, no fake)."""

    def __init__(self) -> None:
        self.prompts: list[list[Any]] = []

    def on_chat_model_start(self, serialized: Any, messages: Any, **kwargs: Any) -> None:
        self.prompts.extend(messages)


@pytest.fixture(scope="module")
def tiny():
    from langchain_neuralmem.llm import load_chat_model

    return load_chat_model("smollm2", device="cpu", max_new_tokens=12)


def _filler(engine: NeuralMemory, session: str, n: int = 120) -> None:
    engine.add_turns(
        [
            TurnInput(
                f"Filler turn {i} about the weather and {i % 7} tomatoes.",
                role="human" if i % 2 == 0 else "ai",
                speaker="You" if i % 2 == 0 else "Bot",
            )
            for i in range(n)
        ],
        session_id=session,
    )


def test_memory_chain_invoke_stream_astream_store_every_exchange(tiny, db_path, encoder, model):
    engine = NeuralMemory(db_path, encoder=encoder, model=model)
    memory = NeuralHierarchicalMemory(session_id="s", engine=engine, max_tokens=256)
    engine.add_turn(FACT, session_id="s", speaker="Human")
    _filler(engine, "s")
    chain = create_memory_chat_chain(tiny, memory)
    spy = PromptSpy()
    answer = chain.invoke("What was my first dog called?", {"callbacks": [spy]})
    assert isinstance(answer, str) and answer.strip()
    system = spy.prompts[0][0].content
    assert "Notes from earlier conversations" in system and FACT in system
    assert "Relevant earlier turns:" in system
    assert engine.count_tokens(system) < 256 + 200  # the memory is bounded, not 120 turns
    pieces = list(chain.stream({"input": "Tell me a fact."}))
    assert len(pieces) >= 2

    async def collect() -> list[str]:
        return [p async for p in chain.astream("And another one?")]

    apieces = asyncio.run(collect())
    assert len(apieces) >= 2
    stored = [t.content for t in engine.history(session_id="s")][-6:]
    assert stored == [
        "What was my first dog called?",
        answer,
        "Tell me a fact.",
        "".join(pieces),
        "And another one?",
        "".join(apieces),
    ]


def test_chain_rejects_bad_input_and_prompt(tiny, db_path):
    memory = NeuralHierarchicalMemory(session_id="s", db_path=db_path)
    with pytest.raises(ValueError, match=r"\{memory\}"):
        create_memory_chat_chain(tiny, memory, system_prompt="no memory field")
    chain = create_memory_chat_chain(tiny, memory)
    with pytest.raises(TypeError, match="'input'"):
        chain.invoke({"question": "hi"})
    assert memory.neural_memory.history(session_id="s") == []


def test_conversation_chain_with_a_chat_model(tiny, db_path):
    from langchain_classic.chains import ConversationChain

    memory = NeuralHierarchicalMemory(session_id="s", db_path=db_path, max_tokens=256)
    chain = ConversationChain(llm=tiny, memory=memory)
    out = chain.invoke({"input": FACT})
    assert out["response"].strip()
    out = chain.invoke({"input": "What was my first dog called?"})
    assert memory.neural_memory.history(session_id="s")[0].content == FACT
    assert "Pepper" in out["history"]


def test_combined_memory_in_conversation_chain_shows_no_turn_twice(tiny, db_path):
    from langchain_classic.chains import ConversationChain

    memory = create_combined_memory("s", db_path=db_path, max_tokens=200)
    engine = memory.neural_memory
    engine.add_turn(FACT, session_id="s", speaker="Human")
    _filler(engine, "s", 60)
    chain = ConversationChain(llm=tiny, memory=memory)
    out = chain.invoke({"input": "What was my first dog called?"})
    history = out["history"]
    assert FACT in history and history.count(FACT) == 1
    assert engine.count_tokens(history) <= 200
    lines = [ln for ln in history.splitlines() if ":" in ln and not ln.endswith(":")]
    assert len(lines) == len(set(lines))
    # Saved turns reach the default FAISS store too: the new question is retrievable.
    ctx = memory.recall_combined("first dog called")
    assert ctx.tokens_used <= 200


def test_bounded_history_keeps_the_prompt_small(tiny, db_path, encoder, model):
    engine = NeuralMemory(db_path, encoder=encoder, model=model)
    engine.add_turn(FACT, session_id="s", speaker="Human")
    _filler(engine, "s", 200)
    spy = PromptSpy()
    chain = with_neural_history(
        tiny, lambda session_id: NeuralChatMessageHistory(session_id, engine=engine), max_tokens=200
    )
    cfg = {"configurable": {"session_id": "s"}, "callbacks": [spy]}
    reply = chain.invoke([HumanMessage("What was my first dog called?")], cfg)
    assert isinstance(reply, AIMessage)
    prompt = spy.prompts[0]
    text = "\n".join(str(m.content) for m in prompt)
    assert FACT in text
    assert len(prompt) < 10 and engine.count_tokens(text) < 200 + 50
    # Everything is still stored: the whole history plus the new exchange.
    stored = NeuralChatMessageHistory("s", engine=engine).messages
    assert len(stored) == 203  # the recalled messages in front are not stored again
    assert stored[-2].content == "What was my first dog called?" and stored[-1] == reply

    async def ainvoke() -> Any:
        return await chain.ainvoke([HumanMessage("And my sister?")], cfg)

    asyncio.run(ainvoke())
    assert engine.count_tokens("\n".join(str(m.content) for m in spy.prompts[-1])) < 250
    assert len(NeuralChatMessageHistory("s", engine=engine).messages) == 205


@pytest.mark.slow
def test_the_default_model_answers_from_memory(db_path):
    """The packaged Qwen2.5-Coder-0.5B answers a question about a fact 120 turns back."""
    from langchain_neuralmem.llm import load_chat_model

    llm = load_chat_model(max_new_tokens=24)
    memory = create_combined_memory("s", db_path=db_path, max_tokens=384)
    memory.neural_memory.add_turn(FACT, session_id="s", speaker="You")
    _filler(memory.neural_memory, "s")
    answer = create_memory_chat_chain(llm, memory).invoke("What was the name of my first dog?")
    assert "pepper" in answer.lower()


def test_with_neural_history_refuses_a_bad_budget(tiny):
    for bad in (0, -5, True):
        with pytest.raises(ValueError, match="max_tokens"):
            with_neural_history(tiny, lambda session_id: None, max_tokens=bad)
