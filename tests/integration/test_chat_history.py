"""NeuralChatMessageHistory behind RunnableWithMessageHistory, with fake chat models
(GenericFakeChatModel, FakeMessagesListChatModel: no real chat model is available here,
and the answers are not under test; the stored history is). The engine, encoder,
weights and SQLite file are real."""

import subprocess
import sys
import textwrap

import pytest
from langchain_core.language_models.fake_chat_models import (
    FakeMessagesListChatModel,
    GenericFakeChatModel,
)
from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    ChatMessage,
    FunctionMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder
from langchain_core.runnables.history import RunnableWithMessageHistory

from langchain_neuralmem import InvalidTurnError, NeuralChatMessageHistory
from langchain_neuralmem.config import RecallConfig
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


def test_bad_messages_are_refused_and_nothing_is_lost(db_path, encoder, model):
    engine = NeuralMemory(
        db_path, encoder=encoder, model=model, config=RecallConfig(max_content_chars=100)
    )
    history = NeuralChatMessageHistory("s", engine=engine)
    history.add_message(HumanMessage("keep"))
    with pytest.raises(InvalidTurnError, match="max_content_chars"):
        history.add_messages([HumanMessage("fine"), HumanMessage("x" * 101)])
    with pytest.raises(InvalidTurnError, match="BaseMessage"):
        history.add_messages([HumanMessage("fine"), "plain string"])  # type: ignore[list-item]
    with pytest.raises(InvalidTurnError, match="sequence"):
        history.add_messages(HumanMessage("one"))  # type: ignore[arg-type]
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


# -- issue #6 (A): messages LangChain produces are stored, never dropped ----------------
def _chain(engine, responses: list[BaseMessage], *, text_input: bool):
    """``prompt | llm`` behind RunnableWithMessageHistory; the fake LLM replays ``responses``."""
    llm = FakeMessagesListChatModel(responses=responses)
    last = ("human", "{input}") if text_input else MessagesPlaceholder("input")
    prompt = ChatPromptTemplate.from_messages([MessagesPlaceholder("history"), last])
    return RunnableWithMessageHistory(
        prompt | llm,
        lambda session_id: NeuralChatMessageHistory(session_id, engine=engine),
        input_messages_key="input",
        history_messages_key="history",
    )


CONFIG = {"configurable": {"session_id": "s"}}


def test_empty_model_reply_keeps_the_whole_exchange(engine):
    chain = _chain(engine, [AIMessage("Hi"), AIMessage("")], text_input=True)
    first = chain.invoke({"input": "hello"}, config=CONFIG)
    second = chain.invoke({"input": "say nothing"}, config=CONFIG)
    back = NeuralChatMessageHistory("s", engine=engine).messages
    assert back == [HumanMessage("hello"), first, HumanMessage("say nothing"), second]
    assert second.content == ""
    assert engine.history(session_id="s")[3].content == "[empty reply]"


def test_empty_tool_result_keeps_the_whole_exchange(engine):
    call = AIMessage("", tool_calls=[{"name": "weather", "args": {"city": "Oslo"}, "id": "c1"}])
    chain = _chain(engine, [call, AIMessage("No data.")], text_input=False)
    asked = chain.invoke({"input": [HumanMessage("Weather in Oslo?")]}, config=CONFIG)
    result = ToolMessage("", tool_call_id="c1", name="weather")
    answer = chain.invoke({"input": [result]}, config=CONFIG)
    back = NeuralChatMessageHistory("s", engine=engine).messages
    assert back == [HumanMessage("Weather in Oslo?"), asked, result, answer]
    stored = engine.history(session_id="s")
    assert stored[1].content == '[tool calls] weather({"city": "Oslo"})'
    assert (stored[2].content, stored[2].speaker) == ("[empty tool result]", "tool:weather")


def test_reply_with_only_invalid_tool_calls_keeps_the_whole_exchange(engine):
    broken = AIMessage(
        "",
        invalid_tool_calls=[{"name": "search", "args": '{"q": ', "id": "c9", "error": "bad JSON"}],
    )
    chain = _chain(engine, [AIMessage("Hi"), broken], text_input=True)
    first = chain.invoke({"input": "hello"}, config=CONFIG)
    second = chain.invoke({"input": "search for cats"}, config=CONFIG)
    back = NeuralChatMessageHistory("s", engine=engine).messages
    assert back == [HumanMessage("hello"), first, HumanMessage("search for cats"), second]
    assert back[3].invalid_tool_calls == broken.invalid_tool_calls
    assert engine.history(session_id="s")[3].content == (
        '[invalid tool calls] search({"q": ): bad JSON'
    )


ODD_MESSAGES = [
    pytest.param(AIMessage(""), "[empty reply]", id="empty-reply"),
    pytest.param(AIMessage(" \n\t "), "[empty reply]", id="whitespace-reply"),
    pytest.param(HumanMessage(""), "[empty message]", id="empty-human"),
    pytest.param(HumanMessage("\u200b\ufeff"), "[empty message]", id="invisible-human"),
    pytest.param(SystemMessage(""), "[empty system message]", id="empty-system"),
    pytest.param(ToolMessage("", tool_call_id="c1"), "[empty tool result]", id="empty-tool"),
    pytest.param(
        FunctionMessage("", name="lookup"), "[empty function result]", id="empty-function"
    ),
    pytest.param(ChatMessage("", role="critic"), "[empty message]", id="empty-chat"),
    pytest.param(
        AIMessage([{"type": "reasoning", "reasoning": "think"}]), "[reasoning]", id="reasoning"
    ),
    pytest.param(
        AIMessage([{"type": "tool_use", "id": "t1", "name": "search", "input": {"q": "x"}}]),
        "[tool_use]",
        id="tool-use-block",
    ),
    pytest.param(
        HumanMessage(
            [
                {"type": "image", "url": "https://example.org/a.png"},
                {"type": "audio", "base64": "AAAA", "mime_type": "audio/wav"},
                {"type": "file", "url": "https://example.org/a.pdf"},
                {"type": "image_url", "image_url": {"url": "https://example.org/b.png"}},
                {"type": "brand_new_block", "value": 1},
            ]
        ),
        "[image]\n[audio]\n[file]\n[image_url]\n[brand_new_block]",
        id="multimodal",
    ),
    pytest.param(HumanMessage([]), "[empty message]", id="no-blocks"),
    pytest.param(
        AIMessage("", tool_calls=[{"name": "now", "args": {}, "id": "c2"}]),
        "[tool calls] now({})",
        id="tool-call-only",
    ),
    pytest.param(HumanMessage("a\x00b\ud800c"), "a\ufffdb\ufffdc", id="nul-surrogate"),
    pytest.param(HumanMessage("\x00"), "\ufffd", id="only-nul"),
]


@pytest.mark.parametrize(("message", "indexed"), ODD_MESSAGES)
def test_odd_messages_are_stored_and_round_trip_exactly(engine, message, indexed):
    history = NeuralChatMessageHistory("s", engine=engine)
    history.add_messages([HumanMessage("before"), message])
    assert history.messages == [HumanMessage("before"), message]
    assert engine.history(session_id="s")[1].content == indexed


@pytest.mark.parametrize(
    ("name", "speaker"),
    [
        ("Human: hi\nSystem", "Human: hi System"),
        ("Ann\x00\ud800", "Ann\ufffd\ufffd"),
        ("\n\t", "AI"),
        ("Bob\u2028Smith", "Bob Smith"),
        ("N" * 300, "N" * 200),
        ("\u200b", "AI"),
    ],
)
def test_odd_names_are_stored_on_one_line_and_round_trip(engine, name, speaker):
    history = NeuralChatMessageHistory("s", engine=engine)
    message = AIMessage("Hello.", name=name)
    history.add_message(message)
    assert history.messages == [message]
    assert engine.history(session_id="s")[0].speaker == speaker


async def test_recall_budget_is_checked_not_replaced(engine):
    history = NeuralChatMessageHistory("s", engine=engine)
    history.add_message(HumanMessage("My boat is Marigold."))
    with pytest.raises(ValueError, match="max_tokens"):
        history.recall("boat?", max_tokens=0)
    with pytest.raises(ValueError, match="max_tokens"):
        await history.arecall("boat?", max_tokens=0)
    for bad in (0, -5, 1.5, None):
        with pytest.raises(ValueError, match="max_tokens"):
            NeuralChatMessageHistory("s", engine=engine, max_tokens=bad)  # type: ignore[arg-type]
