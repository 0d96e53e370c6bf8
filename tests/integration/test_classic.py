"""NeuralHierarchicalMemory inside real LangChain classic chains and CombinedMemory.

The LLM is LangChain's FakeListLLM: answers are not what these tests check (the tiny
packaged model cannot answer memory questions reliably); what reaches the prompt is.
"""

import subprocess
import sys
import textwrap

import faiss
import pytest
from langchain_classic.chains import ConversationChain
from langchain_classic.memory import (
    CombinedMemory,
    ConversationBufferWindowMemory,
    VectorStoreRetrieverMemory,
)
from langchain_community.docstore.in_memory import InMemoryDocstore
from langchain_community.vectorstores import FAISS
from langchain_core.language_models.fake import FakeListLLM
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langchain_core.prompts import PromptTemplate

from langchain_neuralmem import AmbiguousKeyError, NeuralHierarchicalMemory, NeuralMemEmbeddings
from langchain_neuralmem.engine import NeuralMemory
from langchain_neuralmem.integrations.messages import MEMORY_PREAMBLE
from tests.fixtures import conversation


class RecordingLLM(FakeListLLM):
    """FakeListLLM that keeps the prompts it was given."""

    prompts: list[str] = []  # noqa: RUF012 (a pydantic field, copied per instance)

    def _call(self, prompt, stop=None, run_manager=None, **kwargs):
        self.prompts.append(prompt)
        return super()._call(prompt, stop, run_manager, **kwargs)


def _engine(db_path, encoder, model):
    return NeuralMemory(db_path, encoder=encoder, model=model)


def _replay(memory: NeuralHierarchicalMemory, rounds: int = 8) -> None:
    turns = conversation(rounds)
    for i in range(0, len(turns) - 1, 2):
        memory.save_context({"input": turns[i][1]}, {"output": turns[i + 1][1]})


def test_snippet_conversation_chain(db_path, encoder, model):
    memory = NeuralHierarchicalMemory(
        session_id="alice", max_tokens=256, engine=_engine(db_path, encoder, model)
    )
    _replay(memory)
    llm = RecordingLLM(responses=["It was Waffles."], prompts=[])
    chain = ConversationChain(llm=llm, memory=memory)
    result = chain.invoke({"input": "What was the name of my first dog?"})
    assert result["response"] == "It was Waffles."
    assert "Waffles" in llm.prompts[0]
    vars_ = memory.load_memory_variables({"input": "What was the name of my first dog?"})
    assert "Waffles" in vars_["history"]
    # The chain's own turn was saved too.
    assert memory.neural_memory.history(session_id="alice", limit=1)[0].content == "It was Waffles."


def test_snippet_after_a_process_restart(db_path, encoder, model):
    memory = NeuralHierarchicalMemory(
        session_id="alice", max_tokens=256, engine=_engine(db_path, encoder, model)
    )
    _replay(memory)
    script = textwrap.dedent(
        f"""
        from langchain_neuralmem import NeuralHierarchicalMemory
        memory = NeuralHierarchicalMemory(session_id="alice", db_path={db_path!r}, max_tokens=256)
        print(memory.load_memory_variables({{"input": "What was the name of my first dog?"}})["history"])
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert "Waffles" in out


def test_inside_combined_memory_with_buffer_window_and_faiss(db_path, encoder, model):
    embeddings = NeuralMemEmbeddings(encoder)
    store = FAISS(
        embedding_function=embeddings,
        index=faiss.IndexFlatIP(384),
        docstore=InMemoryDocstore(),
        index_to_docstore_id={},
    )
    vector = VectorStoreRetrieverMemory(
        retriever=store.as_retriever(search_kwargs={"k": 2}),
        memory_key="relevant",
        input_key="input",
    )
    window = ConversationBufferWindowMemory(k=2, memory_key="recent", input_key="input")
    neural = NeuralHierarchicalMemory(
        session_id="alice",
        memory_key="neural",
        input_key="input",
        max_tokens=200,
        engine=_engine(db_path, encoder, model),
    )
    combined = CombinedMemory(memories=[window, vector, neural])
    prompt = PromptTemplate.from_template(
        "{neural}\n---\n{relevant}\n---\n{recent}\nHuman: {input}\nAI:"
    )
    llm = RecordingLLM(responses=["ok"] * 200, prompts=[])
    chain = ConversationChain(llm=llm, memory=combined, prompt=prompt)
    turns = conversation(4)
    for role, text in turns:
        if role == "human":
            chain.invoke({"input": text})
    chain.invoke({"input": "Which food am I allergic to?"})
    last = llm.prompts[-1]
    neural_part = last.split("---")[0]
    assert "peanuts" in neural_part
    assert len(neural.neural_memory.history(session_id="alice")) == 2 * (
        sum(r == "human" for r, _ in turns) + 1
    )


def test_combined_memory_rejects_key_clash(db_path, encoder, model):
    neural = NeuralHierarchicalMemory(session_id="s", engine=_engine(db_path, encoder, model))
    window = ConversationBufferWindowMemory(k=2)  # also "history"
    with pytest.raises(ValueError, match="history"):
        CombinedMemory(memories=[window, neural])


def test_ambiguous_keys_raise_instead_of_guessing(db_path, encoder, model):
    memory = NeuralHierarchicalMemory(session_id="s", engine=_engine(db_path, encoder, model))
    with pytest.raises(AmbiguousKeyError, match="input_key"):
        memory.save_context({"input": "hi", "user_name": "Ann"}, {"output": "hello"})
    with pytest.raises(AmbiguousKeyError, match="output_key"):
        memory.save_context({"input": "hi"}, {"output": "hello", "intermediate_steps": []})
    explicit = NeuralHierarchicalMemory(
        session_id="s", input_key="input", output_key="output", engine=memory.neural_memory
    )
    explicit.save_context(
        {"input": "hi", "user_name": "Ann"}, {"output": "hello", "intermediate_steps": []}
    )
    assert [t.content for t in memory.neural_memory.history(session_id="s")] == ["hi", "hello"]
    with pytest.raises(AmbiguousKeyError, match="not in inputs"):
        explicit.load_memory_variables({"question": "x"})


def test_return_messages_and_context_key(db_path, encoder, model):
    memory = NeuralHierarchicalMemory(
        session_id="s",
        return_messages=True,
        context_key="ctx",
        max_tokens=120,
        engine=_engine(db_path, encoder, model),
    )
    _replay(memory, rounds=6)
    out = memory.load_memory_variables({"input": "What is my job?"})
    msgs = out["history"]
    assert isinstance(msgs[0], HumanMessage) and "radiographer" in msgs[0].content
    assert msgs[0].content.startswith(MEMORY_PREAMBLE)
    assert all(isinstance(m, (HumanMessage, AIMessage)) for m in msgs[1:])
    assert not any(isinstance(m, SystemMessage) for m in msgs)
    assert out["ctx"].tokens_used <= 120


async def test_async_twins_do_the_same_work(db_path, encoder, model):
    memory = NeuralHierarchicalMemory(
        session_id="s", max_tokens=150, engine=_engine(db_path, encoder, model)
    )
    await memory.asave_context({"input": "My boat is called Marigold."}, {"output": "Lovely name."})
    for i in range(20):
        await memory.asave_context({"input": f"chat {i} about the weather"}, {"output": "mm"})
    sync = memory.load_memory_variables({"input": "What is my boat called?"})
    other = await memory.aload_memory_variables({"input": "What is my boat called?"})
    assert sync == other and "Marigold" in sync["history"]
    await memory.aclear()
    assert memory.load_memory_variables({"input": "boat?"})["history"] == ""


def test_content_blocks_are_saved_as_text(db_path, encoder, model):
    memory = NeuralHierarchicalMemory(session_id="s", engine=_engine(db_path, encoder, model))
    memory.save_context(
        {"input": [{"type": "text", "text": "I play the cello"}, {"type": "image", "url": "x"}]},
        {"output": "Nice!"},
    )
    assert memory.neural_memory.history(session_id="s")[0].content == "I play the cello\n[image]"


def test_bad_settings_are_named(db_path, encoder, model):
    engine = _engine(db_path, encoder, model)
    with pytest.raises(ValueError, match="max_tokens"):
        NeuralHierarchicalMemory(session_id="s", max_tokens=0, engine=engine)
    with pytest.raises(ValueError, match="differ"):
        NeuralHierarchicalMemory(session_id="s", context_key="history", engine=engine)


def test_summary_llm_rewrites_closed_segments(tmp_path):
    llm = RecordingLLM(responses=["SUMMARY: the user adopted a dog."] * 100, prompts=[])
    memory = NeuralHierarchicalMemory(
        session_id="s", db_path=str(tmp_path / "m.db"), summary_llm=llm
    )
    for i in range(10):
        memory.save_context(
            {"input": f"Topic {i}: I adopted a dog named Rex {i}"}, {"output": "Nice"}
        )
    summaries = memory.neural_memory.summaries(session_id="s")
    assert summaries and all(s.summary == "SUMMARY: the user adopted a dog." for s in summaries)
    assert len(llm.prompts) == len(summaries) and "Rex" in llm.prompts[0]


@pytest.mark.parametrize("bad", ["hello", ["hello"], None, 42])
def test_inputs_and_outputs_must_be_dicts(db_path, encoder, model, bad):
    memory = NeuralHierarchicalMemory(session_id="s", engine=_engine(db_path, encoder, model))
    with pytest.raises(AmbiguousKeyError, match=r"save_context takes inputs as a dict"):
        memory.save_context(bad, {"output": "hello"})
    with pytest.raises(AmbiguousKeyError, match=r"save_context takes outputs as a dict"):
        memory.save_context({"input": "hi"}, bad)
    with pytest.raises(AmbiguousKeyError, match=r"load_memory_variables takes inputs as a dict"):
        memory.load_memory_variables(bad)
    assert memory.neural_memory.history(session_id="s") == []


def test_an_empty_reply_keeps_the_exchange(db_path, encoder, model):
    memory = NeuralHierarchicalMemory(session_id="s", engine=_engine(db_path, encoder, model))
    llm = RecordingLLM(responses=[""], prompts=[])
    result = ConversationChain(llm=llm, memory=memory).invoke({"input": "Say nothing."})
    assert result["response"] == ""
    memory.save_context({"input": "\u200b"}, {"output": "a\x00b\ud800"})
    assert [t.content for t in memory.neural_memory.history(session_id="s")] == [
        "Say nothing.",
        "[empty reply]",
        "[empty message]",
        "a\ufffdb\ufffd",
    ]
