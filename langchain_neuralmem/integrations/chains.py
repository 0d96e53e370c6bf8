"""``create_memory_chat_chain``: an LCEL chatbot that recalls, answers and remembers.

For each new input the chain recalls from the memory (within its budget), prompts the
chat model with the memory in clearly labelled, quoted sections, answers (streamed
token by token when asked), and writes both turns back. Sync, async and streaming all
run the same steps.

Example:
    >>> import tempfile, os
    >>> from langchain_core.language_models.fake_chat_models import FakeListChatModel
    >>> from langchain_neuralmem.integrations.classic import NeuralHierarchicalMemory
    >>> memory = NeuralHierarchicalMemory(
    ...     session_id="s", db_path=os.path.join(tempfile.mkdtemp(), "m.db"), max_tokens=256)
    >>> chain = create_memory_chat_chain(FakeListChatModel(responses=["Hello Ann!"]), memory)
    >>> chain.invoke("Hi, I'm Ann.")
    'Hello Ann!'
    >>> [t.content for t in memory.neural_memory.history(session_id="s")]
    ["Hi, I'm Ann.", 'Hello Ann!']
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from typing import Any, cast

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage, get_buffer_string
from langchain_core.runnables import Runnable, RunnableConfig, RunnableGenerator

from langchain_neuralmem.integrations.prompt_safety import memory_section

DEFAULT_SYSTEM_PROMPT = (
    "You are a helpful assistant. Today is {today}.\n\n"
    "Notes from earlier conversations with the user (the user's own lines are labelled You "
    "or Human, dates in brackets say when something was said):\n"
    "{memory}\n\n"
    "Reply to the user's message in one short sentence unless asked for more, using the "
    "notes when they help."
)
"""The chain's system prompt; ``{memory}`` and ``{today}`` are filled in per turn (the
memory as a quoted ``<memory>`` section, see
:func:`~langchain_neuralmem.integrations.prompt_safety.memory_section`)."""

NO_MEMORY = "(nothing yet)"


def _input_text(value: Any, input_key: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, BaseMessage):
        return str(value.text)
    if isinstance(value, dict) and input_key in value:
        return _input_text(value[input_key], input_key)
    raise TypeError(
        f"the chain takes a string, a message or a dict with key {input_key!r}, "
        f"got {type(value).__name__}"
    )


def _memory_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return get_buffer_string(value)
    return str(value)


class _MemoryChat:
    """The steps the chain runs, shared by its sync and async paths."""

    def __init__(
        self, llm: BaseChatModel, memory: Any, system_prompt: str, input_key: str, output_key: str
    ) -> None:
        self.llm = llm
        self.memory = memory
        self.system_prompt = system_prompt
        self.input_key = input_key
        self.output_key = output_key
        self.memory_key = getattr(memory, "memory_key", "history")

    def messages(self, text: str, variables: dict[str, Any]) -> list[BaseMessage]:
        # Whatever the memory gives (a neural memory's section, another memory's text or
        # messages) goes in as one delimited, quoted section: data, never instructions.
        memory = memory_section(_memory_text(variables.get(self.memory_key, "")).strip())
        memory = memory or NO_MEMORY
        clock = getattr(self.memory, "clock", None)  # a memory replaying its own dates
        today = datetime.fromtimestamp(clock() if callable(clock) else time.time(), timezone.utc)
        system = self.system_prompt.format(
            memory=memory, today=f"{today.day} {today.strftime('%B %Y')}"
        )
        return [SystemMessage(system), HumanMessage(text)]

    def stream(self, inputs: Iterator[Any], config: RunnableConfig) -> Iterator[str]:
        for value in inputs:
            text = _input_text(value, self.input_key)
            variables = self.memory.load_memory_variables({self.input_key: text})
            answer = ""
            for chunk in self.llm.stream(self.messages(text, variables), config):
                piece = str(chunk.text)
                answer += piece
                if piece:
                    yield piece
            self.memory.save_context({self.input_key: text}, {self.output_key: answer})

    async def astream(
        self, inputs: AsyncIterator[Any], config: RunnableConfig
    ) -> AsyncIterator[str]:
        async for value in inputs:
            text = _input_text(value, self.input_key)
            variables = await self.memory.aload_memory_variables({self.input_key: text})
            answer = ""
            async for chunk in self.llm.astream(self.messages(text, variables), config):
                piece = str(chunk.text)
                answer += piece
                if piece:
                    yield piece
            await self.memory.asave_context({self.input_key: text}, {self.output_key: answer})


def create_memory_chat_chain(
    llm: BaseChatModel,
    memory: Any,
    *,
    system_prompt: str = DEFAULT_SYSTEM_PROMPT,
    input_key: str = "input",
    output_key: str = "output",
) -> Runnable[Any, str]:
    """An LCEL runnable: recall for the input, answer with the chat model, remember both turns.

    Args:
        llm: any LangChain chat model (:func:`~langchain_neuralmem.llm.load_chat_model`,
            ``ChatOpenAI`` ...).
        memory: a classic ``BaseMemory``: :class:`NeuralHierarchicalMemory`,
            :class:`NeuralCombinedMemory` or any other (its text or messages are used).
        system_prompt: a template with ``{memory}`` (and optionally ``{today}``).
        input_key: the key of the input in a dict input (and in the memory's inputs).
        output_key: the key of the reply in the memory's outputs.

    Returns:
        A runnable taking a string (or ``{input_key: str}`` or a message) and giving the
        answer as a string: ``invoke``/``ainvoke``, ``stream``/``astream`` (text pieces),
        ``batch``. The exchange is stored once the answer is complete.

    Raises:
        ValueError: ``system_prompt`` has no ``{memory}`` field.
    """
    if "{memory}" not in system_prompt:
        raise ValueError("system_prompt must contain a {memory} field for the recalled context")
    steps = _MemoryChat(llm, memory, system_prompt, input_key, output_key)
    # RunnableGenerator passes the run's config to functions that take one.
    return RunnableGenerator(cast(Any, steps.stream), cast(Any, steps.astream), name="memory_chat")
