"""NeuralMemoryRetriever, the memory search / forget tools for agents, and LangChain's
standard suites (retrievers, tools, embeddings). Real engine: packaged MiniLM, shipped
weights, SQLite files in tmp dirs. The one chat model (in the agent test) is a fake that
emits a fixed tool call: the tool's wiring is under test, not the model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypedDict

import pytest
from langchain_core.documents import Document
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, ToolMessage
from langchain_tests.integration_tests import (
    EmbeddingsIntegrationTests,
    RetrieversIntegrationTests,
    ToolsIntegrationTests,
)
from langchain_tests.unit_tests import EmbeddingsUnitTests, ToolsUnitTests
from pydantic import ValidationError

from langchain_neuralmem.engine import NeuralMemory, TurnInput, _shared_minilm
from langchain_neuralmem.errors import InvalidInputError
from langchain_neuralmem.integrations.embeddings import NeuralMemEmbeddings
from langchain_neuralmem.integrations.retriever import NeuralMemoryRetriever
from langchain_neuralmem.integrations.tools import (
    create_memory_forget_tool,
    create_memory_search_tool,
)
from tests.fixtures import FACTS, conversation

MAY_8_2023 = 1683504000.0
LINE = re.compile(r"^\[id (\d+)\] (\[\d+ \w+ \d{4}\] )?[^:\n]+: ")


def _fill(memory: NeuralMemory, user: str, session: str, turns: list[tuple[str, str]]) -> None:
    memory.add_turns(
        [
            TurnInput(text, role, "Ann" if role == "human" else None, MAY_8_2023 + i)
            for i, (role, text) in enumerate(turns)
        ],
        session_id=session,
        user_id=user,
    )


@pytest.fixture(scope="module")
def filled(tmp_path_factory, encoder, model):
    """One memory for the module: "ann" has the long conversation in "life" and a trip in
    "trip"; "bob" and "default" hold near copies with other facts."""
    m = NeuralMemory(tmp_path_factory.mktemp("tools") / "m.db", encoder=encoder, model=model)
    _fill(m, "ann", "life", conversation(3))
    _fill(m, "ann", "trip", [("human", "We fly to Osaka on the 3rd of April.")])
    _fill(m, "bob", "life", [("human", "My first dog was a greyhound named Comet.")])
    _fill(m, "default", "s", [("human", "My first dog was a poodle named Noodle."), *FACTS[1:6]])
    yield m
    m.close()


# -- the retriever ---------------------------------------------------------------------
PARAPHRASES = [  # questions in other words than the facts (tests.fixtures.FACTS)
    ("What was the name of my first dog?", 0),
    ("What do I do for a living?", 2),
    ("Where does my brother live now?", 4),
    ("Which nut must I avoid?", 6),
    ("When is our anniversary?", 8),
]


@pytest.mark.parametrize(("question", "fact"), PARAPHRASES)
def test_retriever_ranks_the_stated_fact_first(filled, question, fact):
    retriever = NeuralMemoryRetriever(memory=filled, user_id="ann", session_id="life")
    docs = retriever.invoke(question)
    assert docs[0].page_content == FACTS[fact][1]
    # the engine's ranking, unchanged: same turns, same order, same scores
    ranked = filled.search(question, user_id="ann", session_id="life", k=4)
    assert [(d.id, d.metadata["score"]) for d in docs] == [
        (str(r.turn.turn_id), pytest.approx(r.score)) for r in ranked
    ]


def test_session_scope_and_user_scope(filled):
    query = "When is my flight to Japan?"
    user_wide = NeuralMemoryRetriever(memory=filled, user_id="ann", k=1).invoke(query)
    assert user_wide[0].page_content == "We fly to Osaka on the 3rd of April."
    life = NeuralMemoryRetriever(memory=filled, user_id="ann", session_id="life", k=50)
    docs = life.invoke(query)
    assert len(docs) == 50
    assert {d.metadata["session_id"] for d in docs} == {"life"}
    assert "Osaka" not in " ".join(d.page_content for d in docs)


def test_fifteen_users_never_see_each_other(memory):
    users = [f"user-{i}" for i in range(15)]
    for i, user in enumerate(users):
        turns = [
            ("human", f"My locker code is {4000 + i * 7}."),
            ("ai", "Noted, I will keep that private."),
            ("human", "My first dog was called Biscuit."),  # the same words for everyone
        ]
        _fill(memory, user, f"s{i % 3}", turns)
    for i, user in enumerate(users):
        docs = NeuralMemoryRetriever(memory=memory, user_id=user, k=20).invoke(
            "What is my locker code?"
        )
        assert len(docs) == 3
        assert {d.metadata["user_id"] for d in docs} == {user}
        assert docs[0].page_content == f"My locker code is {4000 + i * 7}."
    assert NeuralMemoryRetriever(memory=memory, user_id="nobody").invoke("locker code") == []


async def test_async_retriever_returns_what_sync_does(filled):
    retriever = NeuralMemoryRetriever(memory=filled, user_id="ann", k=3)
    sync = retriever.invoke("Which food am I allergic to?")
    docs = await retriever.ainvoke("Which food am I allergic to?", k=2)
    assert [d.id for d in docs] == [d.id for d in sync[:2]]
    assert docs[0].page_content == FACTS[6][1]


def test_document_metadata(filled):
    doc = NeuralMemoryRetriever(memory=filled, user_id="bob", k=1).invoke("dog")[0]
    assert isinstance(doc, Document)
    assert doc.page_content == "My first dog was a greyhound named Comet."
    meta = doc.metadata
    assert doc.id == str(meta["turn_id"])
    assert set(meta) == {
        "turn_id",
        "session_id",
        "user_id",
        "position",
        "role",
        "speaker",
        "created_at",
        "score",
        "similarity",
    }
    assert (meta["user_id"], meta["session_id"], meta["position"]) == ("bob", "life", 0)
    assert (meta["role"], meta["speaker"], meta["created_at"]) == ("human", "Ann", MAY_8_2023)
    assert all(isinstance(meta[k], float) for k in ("score", "similarity", "created_at"))
    assert 0.3 < meta["similarity"] <= 1.0
    [turn] = filled.history(session_id="life", user_id="bob")
    assert meta["turn_id"] == turn.turn_id


@pytest.mark.parametrize("bad", [0, -1, 2.0, "3", True, None])
def test_bad_k_is_refused_clearly(filled, bad):
    with pytest.raises(ValidationError, match="k must be a positive integer"):
        NeuralMemoryRetriever(memory=filled, k=bad)
    retriever = NeuralMemoryRetriever(memory=filled)
    if bad is not None:  # k=None in a call means "the retriever's k"
        with pytest.raises(InvalidInputError, match="k must be a positive integer"):
            retriever.invoke("dog", k=bad)


def test_bad_ids_and_unknown_arguments_are_refused(filled):
    with pytest.raises(ValidationError, match="user_id"):
        NeuralMemoryRetriever(memory=filled, user_id="")
    with pytest.raises(ValidationError, match="session_id"):
        NeuralMemoryRetriever(memory=filled, session_id="a\nb")
    with pytest.raises(TypeError):
        NeuralMemoryRetriever(memory=filled).invoke("dog", user_id="bob")


class _Filled:
    """Gives a standard suite (whose constructors are properties) the filled memory."""

    memory: NeuralMemory

    @pytest.fixture(autouse=True)
    def _memory(self, filled):
        self.memory = filled


class TestNeuralMemoryRetrieverStandard(_Filled, RetrieversIntegrationTests):
    @property
    def retriever_constructor(self) -> type[NeuralMemoryRetriever]:
        return NeuralMemoryRetriever

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return {"memory": self.memory, "user_id": "ann"}

    @property
    def retriever_query_example(self) -> str:
        return "What was the name of my first dog?"


# -- the search tool -------------------------------------------------------------------
def _as(user: str, **more: Any) -> dict[str, Any]:
    return {"configurable": {"user_id": user, **more}}


def test_search_tool_reads_the_user_from_the_config(filled):
    tool = create_memory_search_tool(filled, k=3)
    out = tool.invoke({"query": "What was the name of my first dog?"}, config=_as("bob"))
    assert out.splitlines() == [
        f"[id {m}] [8 May 2023] Ann: My first dog was a greyhound named Comet."
        for m in re.findall(r"\[id (\d+)\]", out)
    ]
    ann = tool.invoke({"query": "What was the name of my first dog?"}, config=_as("ann"))
    lines = ann.splitlines()
    assert len(lines) == 3 and all(LINE.match(line) for line in lines)
    assert lines[0].endswith("Ann: " + FACTS[0][1])
    assert "Comet" not in ann and "Noodle" not in ann
    # no user in the run: the "default" user, never anyone else
    assert "Noodle" in tool.invoke({"query": "first dog"}).splitlines()[0]


def test_search_tool_through_a_tool_call(filled):
    tool = create_memory_search_tool(filled)
    call = {
        "name": tool.name,
        "args": {"query": "what I do for a living", "k": 1},
        "id": "1",
        "type": "tool_call",
    }
    message = tool.invoke(call, config=_as("ann"))
    assert isinstance(message, ToolMessage)
    assert message.tool_call_id == "1" and message.name == "search_memory"
    assert message.content.endswith(FACTS[2][1]) and len(message.content.splitlines()) == 1


def test_the_model_cannot_choose_whose_memory(filled):
    tool = create_memory_search_tool(filled)
    assert set(tool.tool_call_schema.model_json_schema()["properties"]) == {"query", "k"}
    forged = {
        "query": "first dog",
        "user_id": "bob",
        "runtime": {"context": {"user_id": "bob"}},  # JSON a model might write
        "config": {"configurable": {"user_id": "bob"}},
    }
    out = tool.invoke(forged, config=_as("ann"))
    assert "Comet" not in out and FACTS[0][1] in out
    assert "Comet" not in tool.invoke(forged)  # the "default" user


def test_search_tool_session_scope(filled):
    tool = create_memory_search_tool(filled, scope="session", k=20)
    out = tool.invoke({"query": "flight to Japan"}, config=_as("ann", thread_id="trip"))
    assert out.splitlines() == [
        line for line in out.splitlines() if line.endswith("We fly to Osaka on the 3rd of April.")
    ]
    life = tool.invoke({"query": "flight to Japan"}, config=_as("ann", thread_id="life"))
    assert "Osaka" not in life and len(life.splitlines()) == 20
    assert tool.invoke({"query": "flight"}, config=_as("ann", thread_id="new")) == (
        "No matching memories."
    )
    with pytest.raises(InvalidInputError, match="thread"):
        tool.invoke({"query": "flight"}, config=_as("ann"))


def test_search_tool_arguments_are_checked(filled):
    tool = create_memory_search_tool(filled)
    with pytest.raises(ValidationError):
        tool.invoke({"query": "dog", "k": 0})
    with pytest.raises(ValidationError):
        tool.invoke({"query": "dog", "k": 51})
    for bad in ({"k": 0}, {"scope": "everyone"}, {"user_id": ""}, {"max_chars": 0}):
        with pytest.raises(InvalidInputError):
            create_memory_search_tool(filled, **bad)


def test_long_turns_are_cut(memory):
    memory.add_turn("I collect stamps. " * 200, session_id="s", user_id="ann")
    out = create_memory_search_tool(memory, max_chars=50).invoke(
        {"query": "stamps"}, config=_as("ann")
    )
    assert out.endswith(" [...cut]") and len(out) < 120


async def test_async_search_tool(filled):
    tool = create_memory_search_tool(filled, k=2)
    out = await tool.ainvoke({"query": "Where does my brother live now?"}, config=_as("ann"))
    assert out == tool.invoke({"query": "Where does my brother live now?"}, config=_as("ann"))
    assert out.splitlines()[0].endswith(FACTS[4][1])


@dataclass
class _Context:
    user_id: str


class _TypedContext(TypedDict):
    user_id: str


class _ToolCallingFake(GenericFakeChatModel):
    """Answers with the scripted messages; tools are accepted and ignored."""

    def bind_tools(self, tools: Any, **kwargs: Any) -> _ToolCallingFake:
        return self


def _agent(memory: NeuralMemory, context_schema: Any) -> Any:
    from langchain.agents import create_agent

    call = {"name": "search_memory", "args": {"query": "first dog"}, "id": "c1"}
    script = iter([AIMessage("", tool_calls=[call]), AIMessage("Done.")])
    return create_agent(
        _ToolCallingFake(messages=script),
        tools=[create_memory_search_tool(memory, k=1)],
        context_schema=context_schema,
    )


def _tool_answer(result: dict[str, Any]) -> str:
    [message] = [m for m in result["messages"] if isinstance(m, ToolMessage)]
    return str(message.content)


async def test_in_an_agent_the_user_comes_from_the_config_or_the_context(filled):
    ask = {"messages": [("human", "What was my dog called?")]}
    # LangGraph's ToolRuntime is injected by the agent: its context names the user
    bob = _tool_answer(_agent(filled, _Context).invoke(ask, context=_Context(user_id="bob")))
    assert "Comet" in bob
    bob = _tool_answer(_agent(filled, _TypedContext).invoke(ask, context={"user_id": "bob"}))
    assert "Comet" in bob
    # the run's configurable comes first; async runs the tool's coroutine the same way
    both = {"config": _as("ann"), "context": _Context(user_id="bob")}
    assert FACTS[0][1] in _tool_answer(await _agent(filled, _Context).ainvoke(ask, **both))
    # neither: the "default" user
    assert "Noodle" in _tool_answer(_agent(filled, None).invoke(ask))


class TestSearchToolUnitStandard(_Filled, ToolsUnitTests):
    @property
    def tool_constructor(self) -> Any:
        return create_memory_search_tool(self.memory)

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"query": "What was the name of my first dog?", "k": 2}


class TestSearchToolIntegrationStandard(_Filled, ToolsIntegrationTests):
    @property
    def tool_constructor(self) -> Any:
        return create_memory_search_tool(self.memory)

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"query": "What was the name of my first dog?", "k": 2}


# -- the forget tool -------------------------------------------------------------------
async def test_forget_tool_deletes_only_the_callers_memory(memory):
    ann = memory.add_turn("My PIN is 4321.", session_id="s", user_id="ann")
    bob = memory.add_turn("My PIN is 9876.", session_id="s", user_id="bob")
    forget = create_memory_forget_tool(memory)
    refused = forget.invoke({"memory_id": bob.turn_id}, config=_as("ann"))
    assert refused == (
        f"No memory with id {bob.turn_id} belongs to the current user; nothing was deleted."
    )
    assert forget.invoke({"memory_id": 10**9}, config=_as("ann")) == refused.replace(
        str(bob.turn_id), str(10**9)
    )
    assert [t.content for t in memory.history(session_id="s", user_id="bob")] == [bob.content]
    call = {"name": "forget_memory", "args": {"memory_id": ann.turn_id}, "id": "7"}
    message = await forget.ainvoke({**call, "type": "tool_call"}, config=_as("ann"))
    assert isinstance(message, ToolMessage) and message.content == f"Forgot memory {ann.turn_id}."
    assert memory.history(session_id="s", user_id="ann") == []
    assert memory.search("PIN", user_id="ann") == []
    assert [r.turn.content for r in memory.search("PIN", user_id="bob")] == [bob.content]
    assert await forget.ainvoke({"memory_id": bob.turn_id}, config=_as("ann")) == refused


def test_search_then_forget_by_the_shown_id(memory):
    memory.add_turn("My passport number is X1234567.", session_id="s", user_id="ann")
    search, forget = create_memory_search_tool(memory), create_memory_forget_tool(memory)
    assert set(forget.tool_call_schema.model_json_schema()["properties"]) == {"memory_id"}
    shown = search.invoke({"query": "passport"}, config=_as("ann"))
    memory_id = int(LINE.match(shown).group(1))
    assert forget.invoke({"memory_id": memory_id}, config=_as("ann")).startswith("Forgot")
    assert search.invoke({"query": "passport"}, config=_as("ann")) == "No matching memories."


def test_pinned_user(memory):
    memory.add_turn("I play the cello.", session_id="s", user_id="cy")
    search = create_memory_search_tool(memory, user_id="cy")
    assert "cello" in search.invoke({"query": "instrument"}, config=_as("someone-else"))
    forget = create_memory_forget_tool(memory, user_id="dee")
    [turn] = memory.history(session_id="s", user_id="cy")
    assert "nothing was deleted" in forget.invoke({"memory_id": turn.turn_id}, config=_as("cy"))


class TestForgetToolIntegrationStandard(_Filled, ToolsIntegrationTests):
    @property
    def tool_constructor(self) -> Any:
        return create_memory_forget_tool(self.memory)

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"memory_id": 10**9}  # no such memory: the shared memory stays as it is


# -- the embeddings class --------------------------------------------------------------
class TestNeuralMemEmbeddingsUnitStandard(EmbeddingsUnitTests):
    @property
    def embeddings_class(self) -> type[NeuralMemEmbeddings]:
        return NeuralMemEmbeddings  # default construction: loads the packaged MiniLM


class TestNeuralMemEmbeddingsIntegrationStandard(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self) -> type[NeuralMemEmbeddings]:
        return NeuralMemEmbeddings

    @property
    def embedding_model_params(self) -> dict[str, Any]:
        return {"encoder": _shared_minilm("cpu")}
