"""NeuralChatMessageHistory behind RunnableWithMessageHistory, with a fake chat model
(GenericFakeChatModel: the answers are not under test, the stored history is)."""

import subprocess
import sys
import textwrap

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder
from langchain_core.runnables.history import RunnableWithMessageHistory

from langchain_neuralmem import InvalidTurnError, NeuralChatMessageHistory
from langchain_neuralmem.engine import NeuralMemory
from tests.fixtures import conversation


@pytest.fixture()
def engine(db_path, encoder, model):
    return NeuralMemory(db_path, encoder=encoder, model=model)


def test_runnable_with_message_history_persists_per_session(engine, db_path):
    llm = GenericFakeChatModel(
        messages=iter([AIMessage("Hi Ann!"), AIMessage("Noted."), AIMessage("Hello Bob.")])
    )
    prompt = ChatPromptTemplate.from_messages(
        [MessagesPlaceholder("history"), ("human", "{input}")]
    )
    chain = RunnableWithMessageHistory(
        prompt | llm,
        lambda session_id: NeuralChatMessageHistory(session_id, engine=engine),
        input_messages_key="input",
        history_messages_key="history",
    )
    chain.invoke({"input": "I'm Ann."}, config={"configurable": {"session_id": "ann"}})
    chain.invoke({"input": "My cat is Miso."}, config={"configurable": {"session_id": "ann"}})
    chain.invoke({"input": "I'm Bob."}, config={"configurable": {"session_id": "bob"}})
    ann = NeuralChatMessageHistory("ann", engine=engine).messages
    assert [m.content for m in ann] == ["I'm Ann.", "Hi Ann!", "My cat is Miso.", "Noted."]
    assert [type(m) for m in ann] == [HumanMessage, AIMessage, HumanMessage, AIMessage]
    assert [m.content for m in NeuralChatMessageHistory("bob", engine=engine).messages] == [
        "I'm Bob.",
        "Hello Bob.",
    ]
    script = textwrap.dedent(
        f"""
        from langchain_neuralmem import NeuralChatMessageHistory
        h = NeuralChatMessageHistory("ann", db_path={db_path!r})
        print(len(h.messages), h.messages[2].content)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "4 My cat is Miso."


def test_every_message_is_indexed_and_recallable(engine):
    history = NeuralChatMessageHistory("s", engine=engine)
    for role, text in conversation(8):
        history.add_message(HumanMessage(text) if role == "human" else AIMessage(text))
    ctx = history.recall("Where does my brother live now?", max_tokens=150)
    assert any("Montreal" in r.turn.content for r in ctx.recalled)
    assert ctx.tokens_used <= 150


def test_tool_and_content_block_messages_round_trip(engine):
    history = NeuralChatMessageHistory("s", engine=engine)
    call = AIMessage("", tool_calls=[{"name": "weather", "args": {"city": "Oslo"}, "id": "c1"}])
    msgs = [
        SystemMessage("You are helpful."),
        HumanMessage([{"type": "text", "text": "Weather in Oslo?"}]),
        call,
        ToolMessage("Snow, -3C", tool_call_id="c1", name="weather"),
    ]
    history.add_messages(msgs)
    back = history.messages
    assert back == msgs
    stored = engine.history(session_id="s")
    assert "weather" in stored[2].content and stored[3].speaker == "tool:weather"
    assert [t.role for t in stored] == ["other", "human", "ai", "other"]


def test_bad_messages_are_refused_and_nothing_is_lost(engine):
    history = NeuralChatMessageHistory("s", engine=engine)
    history.add_message(HumanMessage("keep"))
    with pytest.raises(InvalidTurnError, match="empty"):
        history.add_messages([HumanMessage("fine"), HumanMessage("   ")])
    with pytest.raises(InvalidTurnError, match="BaseMessage"):
        history.add_messages(["plain string"])  # type: ignore[list-item]
    assert [m.content for m in history.messages] == ["keep"]


def test_clear_touches_only_its_session(engine):
    a, b = (
        NeuralChatMessageHistory("a", engine=engine),
        NeuralChatMessageHistory("b", engine=engine),
    )
    a.add_message(HumanMessage("a1"))
    b.add_message(HumanMessage("b1"))
    a.clear()
    assert a.messages == [] and [m.content for m in b.messages] == ["b1"]


async def test_async_paths(engine):
    history = NeuralChatMessageHistory("s", engine=engine)
    await history.aadd_messages([HumanMessage("My boat is Marigold."), AIMessage("Nice.")])
    assert [m.content for m in await history.aget_messages()] == ["My boat is Marigold.", "Nice."]
    ctx = await history.arecall("boat?")
    assert "Marigold" in ctx.to_text()
    await history.aclear()
    assert await history.aget_messages() == []
