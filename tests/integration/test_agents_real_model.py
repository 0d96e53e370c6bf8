"""Agents on the default packaged model (Qwen2.5-Coder-0.5B through llama.cpp) that call
this package's memory through tools: the memory-search tool, and LangMem's memory tools
over NeuralStore passed as ``create_agent(..., store=...)``. Nothing is faked.

The model is small: these tests assert what the tools did (the store's contents, the tool
results the agent received), not the wording of its answers.
"""

from __future__ import annotations

import pytest
from langchain.agents import create_agent
from langchain_core.messages import HumanMessage, ToolMessage

from langchain_neuralmem import NeuralStore, create_memory_search_tool

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def qwen():
    from langchain_neuralmem.llm import load_chat_model

    chat = load_chat_model(max_new_tokens=160)
    assert chat.max_tool_rounds == 1  # the packaged models' default
    return chat


def _tool_results(state) -> list[str]:
    return [str(m.content) for m in state["messages"] if isinstance(m, ToolMessage)]


def test_the_agent_looks_up_its_users_memory_with_the_search_tool(qwen, memory):
    memory.add_turn(
        "The wifi password at the cabin is maple-otter-88.", session_id="s1", user_id="maya"
    )
    memory.add_turn("The wifi password at my flat is rowan-42.", session_id="s1", user_id="noah")
    agent = create_agent(
        qwen,
        tools=[create_memory_search_tool(memory)],
        system_prompt="Use the search_memory tool to look up facts about the user.",
    )
    maya = agent.invoke(
        {"messages": [HumanMessage("Search my memory: what is the wifi password at the cabin?")]},
        config={"configurable": {"user_id": "maya"}},
    )
    results = _tool_results(maya)
    assert results and "maple-otter-88" in results[0]
    assert "rowan-42" not in " ".join(results)
    noah = agent.invoke(
        {"messages": [HumanMessage("Search my memory: what is the wifi password?")]},
        config={"configurable": {"user_id": "noah"}},
    )
    assert "maple-otter-88" not in " ".join(_tool_results(noah))


def test_langmem_tools_reach_neural_store_given_to_create_agent(memory):
    """The store reaches LangMem's tools through the agent's runtime (``store=``), not as
    an argument. The tool calls come from a scripted chat model: the packaged 0.5B model
    calls our own search tool reliably (above) but fills LangMem's schemas badly (ids that
    are not UUIDs, its JSON schema pasted as a filter), so it cannot drive this test."""
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage
    from langmem import create_manage_memory_tool, create_search_memory_tool

    class Scripted(GenericFakeChatModel):
        def bind_tools(self, tools, **kwargs):
            return self

    def call(name: str, args: dict) -> AIMessage:
        return AIMessage("", tool_calls=[{"name": name, "args": args, "id": f"c-{name}"}])

    store = NeuralStore(memory)
    namespace = ("{langgraph_user_id}", "memories")
    script = iter(
        [
            call(
                "manage_memory", {"content": "The user is allergic to peanuts.", "action": "create"}
            ),
            AIMessage("Saved."),
            call("search_memory", {"query": "what is the user allergic to?"}),
            AIMessage("Peanuts."),
            call("search_memory", {"query": "what is the user allergic to?"}),
            AIMessage("Nothing found."),
        ]
    )
    agent = create_agent(
        Scripted(messages=script),
        tools=[
            create_manage_memory_tool(namespace=namespace),
            create_search_memory_tool(namespace=namespace),
        ],
        store=store,
    )
    alice = {"configurable": {"langgraph_user_id": "alice"}}
    agent.invoke({"messages": [HumanMessage("Remember: I'm allergic to peanuts.")]}, config=alice)
    (item,) = store.search(("alice", "memories"))
    assert "peanuts" in item.value["content"]
    found = agent.invoke({"messages": [HumanMessage("What am I allergic to?")]}, config=alice)
    assert "peanuts" in " ".join(_tool_results(found))
    bob = {"configurable": {"langgraph_user_id": "bob"}}
    other = agent.invoke({"messages": [HumanMessage("What am I allergic to?")]}, config=bob)
    assert "peanuts" not in " ".join(_tool_results(other))
    # the item is a memory of alice's like any other: recalled across her sessions
    ctx = memory.recall("What am I allergic to?", session_id="new", user_id="alice", scope="user")
    assert "peanut" in ctx.to_text().lower()
