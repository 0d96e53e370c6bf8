"""NeuralMemoryMiddleware in real ``create_agent`` graphs: real SmolLM2 (llama.cpp on the
CPU), real checkpointer, the real engine on a real SQLite file.

What the model sees is read by a second, inner middleware that records each request as it
reaches the model (nothing is faked; SmolLM2's answers are not asserted on, only what
memory put in front of it).
"""

from __future__ import annotations

import asyncio
import threading

import pytest
from langchain.agents import create_agent
from langchain.agents.middleware import AgentMiddleware
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver

from langchain_neuralmem.engine import NeuralMemory
from langchain_neuralmem.errors import InvalidInputError
from langchain_neuralmem.integrations.messages import turn_to_message
from langchain_neuralmem.integrations.middleware import NeuralMemoryMiddleware


@pytest.fixture(scope="module")
def llm():
    from langchain_neuralmem.llm import load_chat_model

    return load_chat_model("smollm2", device="cpu", max_new_tokens=8)


class Recorder(AgentMiddleware):  # type: ignore[type-arg]
    """Keeps every model request as it reaches the model (innermost middleware)."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list = []
        self._lock = threading.Lock()

    def wrap_model_call(self, request, handler):
        with self._lock:
            self.requests.append(request)
        return handler(request)

    async def awrap_model_call(self, request, handler):
        with self._lock:
            self.requests.append(request)
        return await handler(request)


def _agent(llm, memory, **kwargs):
    recorder = Recorder()
    middleware = NeuralMemoryMiddleware(memory, **kwargs)
    agent = create_agent(
        llm,
        tools=[],
        middleware=[middleware, recorder],
        checkpointer=InMemorySaver(),
        system_prompt="You are a helpful assistant.",
    )
    return agent, middleware, recorder


def _cfg(thread: str, user: str) -> dict:
    return {"configurable": {"thread_id": thread, "user_id": user}}


def _say(agent, text: str, thread: str, user: str) -> dict:
    return agent.invoke({"messages": [HumanMessage(text)]}, config=_cfg(thread, user))


def test_a_new_thread_recalls_an_earlier_thread_of_the_same_user_only(llm, memory):
    agent, _, seen = _agent(llm, memory, max_tokens=256)
    codes = {f"user{i}": f"LK{i}ZQ{97 - i}" for i in range(8)}
    for user, code in codes.items():  # thread ids are global in LangGraph: one per user
        _say(agent, f"Please remember that my locker code is {code}.", f"monday-{user}", user)
        _say(agent, "Also, I had pasta for lunch today.", f"monday-{user}", user)
    for user, code in codes.items():
        _say(agent, "What is my locker code?", f"friday-{user}", user)
        system = seen.requests[-1].system_prompt
        assert code in system, (user, system)
        others = [c for u, c in codes.items() if u != user]
        assert not any(c in system for c in others), (user, system)
        # bounded history: the new thread's model call sees only its own question
        assert [m.content for m in seen.requests[-1].messages] == ["What is my locker code?"]


def test_tool_calls_and_results_survive_the_round_trip(llm, memory):
    agent, _, _ = _agent(llm, memory)
    call = {"name": "calendar_lookup", "args": {"day": "2024-05-03"}, "id": "call_7"}
    sent = [
        HumanMessage("What is on my calendar on 3 May?", id="h1"),
        AIMessage("", tool_calls=[call], id="a1"),
        ToolMessage("Dentist at 09:30", tool_call_id="call_7", name="calendar_lookup", id="t1"),
        AIMessage("You see the dentist at 09:30.", id="a2"),
        HumanMessage("Thanks! Anything else?", id="h2"),
    ]
    agent.invoke({"messages": sent}, config=_cfg("cal", "ann"))
    stored = memory.history(session_id="cal", user_id="ann")
    assert [t.key for t in stored[:5]] == ["h1", "a1", "t1", "a2", "h2"]
    assert [t.role for t in stored[:5]] == ["human", "ai", "other", "ai", "human"]
    back = [turn_to_message(t) for t in stored[:5]]
    assert back[1].tool_calls == [{**call, "type": "tool_call"}]
    assert isinstance(back[2], ToolMessage)
    assert (back[2].tool_call_id, back[2].name, back[2].content) == (
        "call_7",
        "calendar_lookup",
        "Dentist at 09:30",
    )
    assert back == sent  # ids, roles, tool calls and results as written
    assert stored[5].role == "ai" and stored[5].key  # the model's own reply, keyed
    # the tool result is recallable from another thread of the same user
    ctx = memory.recall("When is the dentist?", session_id="new", user_id="ann", scope="user")
    assert "Dentist at 09:30" in ctx.to_text()


def test_retries_resumes_and_replays_write_nothing_twice(llm, db_path, encoder, model):
    memory = NeuralMemory(db_path, encoder=encoder, model=model)
    agent, middleware, _ = _agent(llm, memory)
    state = _say(agent, "My bike is a blue Brompton.", "t1", "ann")
    _say(agent, "I ride it to work.", "t1", "ann")
    n = len(memory.history(session_id="t1", user_id="ann"))
    assert n == 4  # two human messages, two replies
    # a retried hook, and the same state written again by a fresh middleware: no new turns
    middleware.remember(state["messages"], user_id="ann", session_id="t1")
    memory.close()
    reopened = NeuralMemory(db_path, encoder=encoder, model=model)
    again = NeuralMemoryMiddleware(reopened)
    assert again.remember(state["messages"], user_id="ann", session_id="t1") == 0
    assert len(reopened.history(session_id="t1", user_id="ann")) == n
    # concurrent writers of the same messages: each stored once
    msgs = [HumanMessage(f"note {i}", id=f"n{i}") for i in range(8)]
    threads = [
        threading.Thread(
            target=again.remember, args=(msgs,), kwargs={"user_id": "ann", "session_id": "t2"}
        )
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [t.key for t in reopened.history(session_id="t2", user_id="ann")] == [m.id for m in msgs]
    reopened.close()


def test_bounded_history_keeps_the_prompt_flat_while_full_history_grows(llm, memory):
    bounded, _, seen_bounded = _agent(llm, memory, max_tokens=200)
    full, _, seen_full = _agent(llm, memory, max_tokens=200, history="full", scope="session")
    for i in range(10):
        text = (
            f"Fact number {i}: the spare key for cabinet {i} is in the blue box on shelf "
            f"{i * 3}, behind the old tax folders and the camping stove manuals."
        )
        _say(bounded, text, "long", "ann")
        _say(full, text, "long-full", "bob")
    count = memory.count_tokens

    def prompt_tokens(request) -> int:
        return count(request.system_prompt or "") + sum(
            count(str(m.content)) for m in request.messages
        )

    bounded_sizes = [prompt_tokens(r) for r in seen_bounded.requests]
    full_sizes = [prompt_tokens(r) for r in seen_full.requests]
    assert max(bounded_sizes) <= 200 + 40  # budget + system prompt and preamble
    # (bounded: the budget plus a fixed frame, the section header and the memory's note
    # and <memory> delimiters; after ten long exchanges the full history is near twice it)
    assert full_sizes[-1] > 1.8 * bounded_sizes[-1]
    assert all(len(r.messages) == 1 for r in seen_bounded.requests)
    # full history: what the model already sees is not repeated from memory
    last = seen_full.requests[-1]
    shown = {m.content for m in last.messages}
    assert not any(line.split(": ", 1)[-1] in shown for line in last.system_prompt.splitlines()[3:])


def test_prune_state_keeps_the_checkpoint_small_and_memory_whole(llm, memory):
    agent, _, _ = _agent(llm, memory, prune_state=True)
    for i in range(4):
        state = _say(agent, f"Message {i} about gardening.", "t", "ann")
    assert [m.content for m in state["messages"] if isinstance(m, HumanMessage)] == [
        "Message 3 about gardening."
    ]
    humans = [t for t in memory.history(session_id="t", user_id="ann") if t.role == "human"]
    assert [t.content for t in humans] == [f"Message {i} about gardening." for i in range(4)]


async def test_async_agent_recalls_across_threads(llm, memory):
    agent, _, seen = _agent(llm, memory)
    await agent.ainvoke(
        {"messages": [HumanMessage("My cat's name is Pistachio.")]}, config=_cfg("a", "cat-owner")
    )
    await asyncio.gather(
        *(
            agent.ainvoke(
                {"messages": [HumanMessage("Hi, I am someone else.")]}, config=_cfg("x", f"u{i}")
            )
            for i in range(3)
        )
    )
    await agent.ainvoke(
        {"messages": [HumanMessage("What is my cat called?")]}, config=_cfg("b", "cat-owner")
    )
    assert "Pistachio" in seen.requests[-1].system_prompt
    assert len(memory.history(session_id="x", user_id="u1")) == 2


def test_user_id_comes_from_the_runtime_context(llm, memory):
    agent = create_agent(llm, tools=[], middleware=[NeuralMemoryMiddleware(memory)])
    agent.invoke({"messages": [HumanMessage("hello")]}, context={"user_id": "ctx-user"})
    assert memory.sessions("ctx-user") == ["default"]


def test_bad_arguments_are_named(memory):
    with pytest.raises(InvalidInputError, match="needs a NeuralMemory"):
        NeuralMemoryMiddleware("m.db")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="history"):
        NeuralMemoryMiddleware(memory, history="everything")
    with pytest.raises(InvalidInputError, match="scope"):
        NeuralMemoryMiddleware(memory, scope="world")
    with pytest.raises(InvalidInputError, match="user_id"):
        NeuralMemoryMiddleware(memory).identity({"configurable": {"user_id": "a\nb"}}, None)
