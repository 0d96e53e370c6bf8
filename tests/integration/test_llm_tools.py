"""Tool calling on the local chat models: the parser, the chat dicts, the shared flow, and
real runs of the packaged Qwen2.5-Coder-0.5B (a tool call, a ``create_agent`` loop).

The flow tests use a scripted backend (no model); the real-model tests are ``slow`` and
fail, never skip, when the packaged model cannot be loaded.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.tools import tool
from pydantic import Field

from langchain_neuralmem.llm import load_chat_model
from langchain_neuralmem.llm.messages import (
    answered_calls,
    fold_tool_results,
    inline_tool_turns,
    to_chat_dicts,
    tool_rounds,
    with_tools_prompt,
)
from langchain_neuralmem.llm.tool_calls import (
    BoundTools,
    Completion,
    ToolCallingMixin,
    normalize_tool_choice,
    parse_tool_calls,
    repeat_watch,
)

ROOT = Path(__file__).resolve().parents[2]
WEATHER = "Paris: 17 degrees and foggy"
ASK = "What is the weather in Paris? Use the tool."


@tool
def get_weather(city: str) -> str:
    """Get the current weather for a city."""
    return f"{city}: 17 degrees and foggy"


@pytest.fixture(scope="module")
def qwen():
    """The packaged default model (llama.cpp when installed); a load failure fails."""
    return load_chat_model(max_new_tokens=64)


def _call(name: str = "get_weather", **args: Any) -> str:
    return json.dumps({"name": name, "arguments": args})


# ---- parsing (pure strings) ------------------------------------------------------------


def test_tagged_blocks_become_calls_and_the_rest_stays_text():
    text = f"Let me check.\n<tool_call>\n{_call(city='Paris')}\n</tool_call>"
    reply = parse_tool_calls(text, ["get_weather"])
    assert reply.content == "Let me check."
    [call] = reply.tool_calls
    assert (call["name"], call["args"], call["type"]) == (
        "get_weather",
        {"city": "Paris"},
        "tool_call",
    )
    assert re.fullmatch(r"call_[0-9a-f]{32}", call["id"])
    assert reply.invalid_tool_calls == []


def test_several_blocks_unclosed_last_block_and_string_arguments():
    text = (
        f"<tool_call>{_call(city='Paris')}</tool_call>\n"
        '<tool_call>{"name": "get_weather", "arguments": "{\\"city\\": \\"Oslo\\"}"}'
    )
    reply = parse_tool_calls(text, ["get_weather"])
    assert [c["args"]["city"] for c in reply.tool_calls] == ["Paris", "Oslo"]
    assert len({c["id"] for c in reply.tool_calls}) == 2 and reply.content == ""


@pytest.mark.parametrize(
    "text",
    [
        _call(city="Paris"),
        f"  {_call(city='Paris')}\n",
        f"```json\n{_call(city='Paris')}\n```",
        f"```\n{_call(city='Paris')}\n```",
        f"[{_call(city='Paris')}]",
        '{"name": "get_weather", "parameters": {"city": "Paris"}}',
    ],
    ids=["bare", "padded", "fenced-json", "fenced", "list", "parameters-key"],
)
def test_bare_and_fenced_json_replies_are_calls(text):
    reply = parse_tool_calls(text, ["get_weather"])
    assert [(c["name"], c["args"]) for c in reply.tool_calls] == [
        ("get_weather", {"city": "Paris"})
    ]
    assert reply.content == ""


def test_repeated_lines_of_one_call_are_one_call_and_a_cut_tail_is_dropped():
    """What Qwen2.5-Coder-0.5B writes when it loops, cut by the token limit."""
    line = _call(city="Paris")
    reply = parse_tool_calls(f"{line}\n{line}\n{line}\n{line[:20]}", ["get_weather"])
    assert len(reply.tool_calls) == 1 and reply.invalid_tool_calls == []


def test_bare_calls_of_two_tools_and_text_after_them():
    text = f"{_call(city='Paris')}\n{_call('now')}\nDone."
    reply = parse_tool_calls(text, ["get_weather", "now"])
    assert [c["name"] for c in reply.tool_calls] == ["get_weather", "now"]
    assert reply.content == "Done."


def test_broken_json_becomes_an_invalid_tool_call():
    tagged = parse_tool_calls(
        '<tool_call>{"name": "get_weather", "arguments": {"city": </tool_call>', ["get_weather"]
    )
    [bad] = tagged.invalid_tool_calls
    assert bad["name"] == "get_weather" and "not valid JSON" in bad["error"]
    assert bad["type"] == "invalid_tool_call" and tagged.tool_calls == []

    bare = parse_tool_calls('{"name": "get_weather", "arguments": {"city": "Par', ["get_weather"])
    assert [b["name"] for b in bare.invalid_tool_calls] == ["get_weather"]

    args = parse_tool_calls('{"name": "get_weather", "arguments": "not json"}', ["get_weather"])
    assert args.tool_calls == [] and len(args.invalid_tool_calls) == 1
    listed = parse_tool_calls('{"name": "get_weather", "arguments": [1, 2]}', ["get_weather"])
    assert "JSON object" in listed.invalid_tool_calls[0]["error"]


def test_only_bound_tool_names_count():
    other = _call("delete_everything")
    assert parse_tool_calls(other, ["get_weather"]).tool_calls == []
    assert parse_tool_calls(other, ["get_weather"]).content == other  # an ordinary answer
    tagged = parse_tool_calls(f"<tool_call>{other}</tool_call>", ["get_weather"])
    assert tagged.tool_calls == []
    assert tagged.invalid_tool_calls[0]["name"] == "delete_everything"
    assert "no bound tool" in tagged.invalid_tool_calls[0]["error"]
    assert parse_tool_calls(_call(city="Paris"), []).content == _call(city="Paris")


@pytest.mark.parametrize(
    "text",
    ["The weather is fine.", '{"answer": 42}', "[1, 2, 3]", "Use {braces} freely", ""],
)
def test_plain_answers_and_other_json_are_left_alone(text):
    reply = parse_tool_calls(text, ["get_weather"])
    assert reply.content == text and reply.tool_calls == [] and reply.invalid_tool_calls == []


def test_tool_choice_spellings():
    names = ["get_weather"]
    assert normalize_tool_choice(None, names) == "auto"
    assert normalize_tool_choice("none", names) == normalize_tool_choice(False, names) == "none"
    for forced in ("any", "required", True):
        assert normalize_tool_choice(forced, names) == "required"
    named = {"type": "function", "function": {"name": "get_weather"}}
    assert normalize_tool_choice("get_weather", names) == named
    assert normalize_tool_choice({"name": "get_weather"}, names) == named
    with pytest.raises(ValueError, match="names no bound tool"):
        normalize_tool_choice("nope", names)


def test_repeat_watch_stops_on_a_repeat_or_an_answered_call():
    key = ("get_weather", '{"city": "Paris"}')
    assert repeat_watch(["get_weather"], {key})(_call(city="Paris"))
    fresh = repeat_watch(["get_weather"], set())
    assert not fresh(_call(city="Paris"))
    assert not fresh(f"{_call(city='Paris')}\n{_call(city='Oslo')}")
    assert fresh(f"{_call(city='Paris')}\n{_call(city='Paris')}")
    assert not fresh("The weather in {city} is")


# ---- messages to chat dicts -------------------------------------------------------------


def _exchange() -> list[Any]:
    call = {"name": "get_weather", "args": {"city": "Paris"}, "id": "c1"}
    return [
        SystemMessage("Be brief."),
        HumanMessage(ASK),
        AIMessage("Checking.", tool_calls=[call]),
        ToolMessage(WEATHER, tool_call_id="c1", name="get_weather"),
    ]


def test_to_chat_dicts_carries_tool_calls_and_results():
    chat = to_chat_dicts(_exchange())
    assert chat[2] == {
        "role": "assistant",
        "content": "Checking.",
        "tool_calls": [
            {
                "id": "c1",
                "type": "function",
                "function": {"name": "get_weather", "arguments": {"city": "Paris"}},
            }
        ],
    }
    assert chat[3] == {
        "role": "tool",
        "content": WEATHER,
        "tool_call_id": "c1",
        "name": "get_weather",
    }
    assert to_chat_dicts([AIMessage("Hi")]) == [{"role": "assistant", "content": "Hi"}]


@pytest.mark.slow
def test_qwen_template_renders_the_history_and_the_tools(qwen):
    """The packaged model's own template, rendered as llama-cpp-python renders it."""
    formatter = pytest.importorskip("llama_cpp.llama_chat_format").Jinja2ChatFormatter
    template = qwen._chat_template() if hasattr(qwen, "_chat_template") else None
    template = template or qwen.tokenizer.chat_template
    assert qwen._renders_tools()
    tools = BoundTools.of([get_weather]).tools
    prompt = formatter(template, eos_token="<|im_end|>", bos_token="")(
        messages=to_chat_dicts(_exchange()), tools=tools
    ).prompt
    assert '<tools>\n{"type": "function", "function": {"name": "get_weather"' in prompt
    call = '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>'
    assert call in prompt
    assert f"<tool_response>\n{WEATHER}\n</tool_response>" in prompt
    assert prompt.endswith("<|im_start|>assistant\n")


def test_inline_and_fold_for_models_without_tool_turns():
    chat = inline_tool_turns(to_chat_dicts(_exchange()))
    assert [t["role"] for t in chat] == ["system", "user", "assistant", "user"]
    assert chat[2]["content"].startswith("Checking.\n<tool_call>\n")
    assert chat[3]["content"] == f"<tool_response>\n{WEATHER}\n</tool_response>"
    assert "tool_calls" not in chat[2]

    prompted = with_tools_prompt(to_chat_dicts(_exchange()), BoundTools.of([get_weather]).tools)
    assert prompted[0]["content"].startswith("Be brief.\n\n# Tools")
    assert '"get_weather"' in prompted[0]["content"]

    folded = fold_tool_results(_exchange())
    assert [m.type for m in folded] == ["system", "human"]
    assert (
        folded[1].content
        == f'{ASK}\n\nTool results:\nget_weather({{"city": "Paris"}}) returned: {WEATHER}'
    )
    assert answered_calls(_exchange()) == {("get_weather", '{"city": "Paris"}')}
    assert answered_calls([*_exchange(), HumanMessage("And Oslo?")]) == set()


# ---- the shared flow, on a scripted backend ----------------------------------------------


class Scripted(ToolCallingMixin, BaseChatModel):
    """Answers with the next scripted text and records what it was asked."""

    replies: list[str]
    renders: bool = True
    max_tool_rounds: int | None = None
    asked: list[dict[str, Any]] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _renders_tools(self) -> bool:
        return self.renders

    def _complete(self, chat, *, tools, forced, stop, watch, kwargs) -> Completion:
        self.asked.append({"chat": chat, "tools": tools, "forced": forced, "watch": watch})
        return Completion(self.replies.pop(0), n_in=10, n_out=5)

    def _generate(self, messages, stop=None, run_manager=None, **kwargs):
        bound = BoundTools.pop(kwargs)
        assert bound is not None, "these tests always bind tools"
        return self._generate_with_tools(messages, stop, bound, kwargs)

    def _stream(self, messages, stop=None, run_manager=None, **kwargs):
        bound = BoundTools.pop(kwargs)
        assert bound is not None
        yield from self._stream_with_tools(messages, stop, run_manager, bound, kwargs)


def test_bind_tools_binds_openai_tool_dicts():
    bound = Scripted(replies=[]).bind_tools([get_weather], tool_choice="any")
    assert bound.kwargs["tool_choice"] == "required"
    [spec] = bound.kwargs["tools"]
    assert spec["type"] == "function" and spec["function"]["name"] == "get_weather"
    assert spec["function"]["parameters"]["required"] == ["city"]


def test_a_call_is_parsed_and_tools_reach_the_template():
    chat = Scripted(replies=[_call(city="Paris")])
    reply = chat.bind_tools([get_weather]).invoke(ASK)
    assert reply.tool_calls[0]["args"] == {"city": "Paris"}
    assert reply.response_metadata["finish_reason"] == "tool_calls"
    assert reply.usage_metadata["total_tokens"] == 15
    [asked] = chat.asked
    assert asked["tools"][0]["function"]["name"] == "get_weather" and asked["forced"] is None


def test_a_template_without_tools_gets_them_in_the_system_turn():
    chat = Scripted(replies=["Hello."], renders=False)
    assert chat.bind_tools([get_weather]).invoke("Hi").content == "Hello."
    [asked] = chat.asked
    assert not asked["tools"] and "<tools>" in asked["chat"][0]["content"]


def test_forced_and_none_tool_choices():
    chat = Scripted(replies=[_call(city="Rome")])
    chat.bind_tools([get_weather], tool_choice="get_weather").invoke("Rome?")
    assert [t["function"]["name"] for t in chat.asked[0]["forced"]] == ["get_weather"]
    assert BoundTools.pop({"tools": [get_weather], "tool_choice": "none"}) is None


def test_a_repeated_answered_call_is_replaced_by_an_answer_from_the_results():
    chat = Scripted(replies=[_call(city="Paris"), "It is 17 degrees and foggy in Paris."])
    reply = chat.bind_tools([get_weather]).invoke(_exchange())
    assert reply.content == "It is 17 degrees and foggy in Paris." and reply.tool_calls == []
    assert reply.usage_metadata["total_tokens"] == 30
    first, second = chat.asked
    assert first["watch"](_call(city="Paris"))  # generation stops at the repeat
    assert second["tools"] is None and "Tool results:" in second["chat"][-1]["content"]


def test_a_new_call_after_results_is_kept():
    chat = Scripted(replies=[_call(city="Oslo")])
    reply = chat.bind_tools([get_weather]).invoke(_exchange())
    assert [c["args"] for c in reply.tool_calls] == [{"city": "Oslo"}] and len(chat.asked) == 1


def test_streaming_with_tools_yields_one_chunk_with_tool_call_chunks():
    chat = Scripted(replies=[f"Sure.\n<tool_call>{_call(city='Paris')}</tool_call>"])
    chunks = list(chat.bind_tools([get_weather]).stream(ASK))
    [piece] = [c for c in chunks if c.content or c.tool_call_chunks]
    assert piece.content == "Sure."
    assert piece.tool_call_chunks[0]["name"] == "get_weather"
    assert json.loads(piece.tool_call_chunks[0]["args"]) == {"city": "Paris"}
    merged = chunks[0]
    for c in chunks[1:]:
        merged += c
    assert merged.tool_calls[0]["args"] == {"city": "Paris"}


def test_max_tool_rounds_answers_from_the_results_once_reached():
    """A new call (not a repeat) would loop; the cap answers without tools instead."""
    capped = Scripted(replies=["Foggy, 17 degrees."], max_tool_rounds=1)
    reply = capped.bind_tools([get_weather]).invoke(_exchange())
    assert reply.content == "Foggy, 17 degrees." and reply.tool_calls == []
    [asked] = capped.asked  # no tool-bound generation at all
    assert not asked["tools"] and "Tool results:" in asked["chat"][-1]["content"]
    assert tool_rounds(_exchange()) == 1 and tool_rounds([*_exchange(), HumanMessage("?")]) == 0

    fresh = Scripted(replies=[_call(city="Paris")], max_tool_rounds=1)
    assert fresh.bind_tools([get_weather]).invoke(ASK).tool_calls  # round 1 is allowed
    forced = Scripted(replies=[_call(city="Oslo")], max_tool_rounds=1)
    reply = forced.bind_tools([get_weather], tool_choice="any").invoke(_exchange())
    assert reply.tool_calls[0]["args"] == {"city": "Oslo"}  # a forced call is never capped


def test_create_agent_loop_on_the_scripted_backend():
    from langchain.agents import create_agent

    chat = Scripted(replies=[_call(city="Paris"), "Foggy, 17 degrees."])
    agent = create_agent(chat, tools=[get_weather])
    messages = agent.invoke({"messages": [HumanMessage(ASK)]})["messages"]
    assert [m.type for m in messages] == ["human", "ai", "tool", "ai"]
    assert messages[2].content == WEATHER and messages[3].content == "Foggy, 17 degrees."
    assert chat.asked[1]["chat"][-1] == {
        "role": "tool",
        "content": WEATHER,
        "tool_call_id": messages[1].tool_calls[0]["id"],
        "name": "get_weather",
    }


# ---- real models -----------------------------------------------------------------------


@pytest.mark.slow
def test_qwen_calls_get_weather_for_paris(qwen):
    reply = qwen.bind_tools([get_weather]).invoke(ASK)
    assert [c["name"] for c in reply.tool_calls] == ["get_weather"], reply
    assert "Paris" in reply.tool_calls[0]["args"]["city"]


@pytest.mark.slow
def test_qwen_stream_with_tools_carries_the_call(qwen):
    chunks = list(qwen.bind_tools([get_weather]).stream(ASK))
    merged = chunks[0]
    for c in chunks[1:]:
        merged += c
    assert [c["name"] for c in merged.tool_calls] == ["get_weather"]
    assert "Paris" in merged.tool_calls[0]["args"]["city"]


@pytest.mark.slow
def test_docs_agent_example_answers_from_the_tool_result(capsys):
    """The Tool calling snippet of docs/chat_models.md: a real create_agent run."""
    text = (ROOT / "docs" / "chat_models.md").read_text()
    section = text.split("## Tool calling", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, flags=re.S).group(1)
    space: dict[str, Any] = {}
    exec(compile(code, "chat_models.md[tool calling]", "exec"), space)
    assert "Paris" in space["reply"].tool_calls[0]["args"]["city"]
    messages = space["result"]["messages"]
    assert [m.type for m in messages] == ["human", "ai", "tool", "ai"], messages
    assert messages[2].content == WEATHER
    answer = messages[-1].content.lower()
    assert "17" in answer and "fog" in answer, answer
    assert messages[-1].tool_calls == []


@pytest.mark.slow
def test_transformers_route_renders_tools_and_parses_the_reply(monkeypatch):
    """Qwen through transformers: its template renders the tools; the reply parses."""
    chat = load_chat_model(backend="transformers", device="cpu", max_new_tokens=40)
    prompts: list[str] = []
    render = chat.tokenizer.apply_chat_template

    def spy(*args: Any, **kwargs: Any) -> Any:
        prompts.append(render(*args, **kwargs))
        return prompts[-1]

    monkeypatch.setattr(chat.tokenizer, "apply_chat_template", spy)
    reply = chat.bind_tools([get_weather]).invoke(ASK)
    assert "<tools>" in prompts[0] and '"name": "get_weather"' in prompts[0]
    assert [c["name"] for c in reply.tool_calls] == ["get_weather"], reply
    assert "Paris" in reply.tool_calls[0]["args"]["city"]


@pytest.mark.slow
def test_smollm2_transformers_gets_tools_in_its_system_turn(monkeypatch):
    """SmolLM2's template has no tools: they arrive as system text; the reply parses."""
    chat = load_chat_model("smollm2", backend="transformers", device="cpu", max_new_tokens=16)
    assert not chat._renders_tools()
    prompts: list[str] = []
    render = chat.tokenizer.apply_chat_template

    def spy(*args: Any, **kwargs: Any) -> Any:
        prompts.append(render(*args, **kwargs))
        return prompts[-1]

    monkeypatch.setattr(chat.tokenizer, "apply_chat_template", spy)
    reply = chat.bind_tools([get_weather]).invoke(ASK)
    assert "<tools>" in prompts[0] and "get_weather" in prompts[0]
    assert isinstance(reply, AIMessage) and isinstance(reply.content, str)
