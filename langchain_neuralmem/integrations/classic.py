"""``NeuralHierarchicalMemory``: the neural memory as a LangChain classic ``BaseMemory``.

Example:
    >>> import tempfile, os
    >>> memory = NeuralHierarchicalMemory(
    ...     session_id="alice", db_path=os.path.join(tempfile.mkdtemp(), "m.db"), max_tokens=256
    ... )
    >>> memory.save_context({"input": "My first dog was Biscuit."}, {"output": "Cute!"})
    >>> "Biscuit" in memory.load_memory_variables({"input": "first dog's name?"})["history"]
    True
"""

from __future__ import annotations

from typing import Any

from langchain_classic.base_memory import BaseMemory
from langchain_core.runnables import run_in_executor
from pydantic import ConfigDict, Field, PrivateAttr, model_validator

from langchain_neuralmem.engine import NeuralMemory, TurnInput
from langchain_neuralmem.errors import AmbiguousKeyError
from langchain_neuralmem.integrations.messages import (
    content_text,
    context_messages,
    engine_safe_text,
    shows_text,
)
from langchain_neuralmem.integrations.prompt_safety import memory_section, prompt_budget
from langchain_neuralmem.integrations.summarizer import llm_summarizer
from langchain_neuralmem.types import MemoryContext, Turn


class NeuralHierarchicalMemory(BaseMemory):
    """Learned, persisted conversational memory for classic chains (``ConversationChain``, ``CombinedMemory``).

    Each ``save_context`` stores the input and output turns (no LLM call); each
    ``load_memory_variables`` recalls, for the current input, recent turns verbatim
    plus older turns and segment summaries ranked by the trained modules, within
    ``max_tokens``.

    Example:
        .. code-block:: python

            memory = NeuralHierarchicalMemory(session_id="alice", db_path="memory.db", max_tokens=1024)
            chain = ConversationChain(llm=llm, memory=memory)
            # In a new process, months later:
            memory.load_memory_variables({"input": "What was the name of my first dog?"})
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    session_id: str
    """The conversation thread this memory reads and writes."""
    user_id: str = "default"
    """Owner of the memory; ``clear()`` touches only this user's session."""
    db_path: str = "memory.db"
    """SQLite file holding the turns (ignored when ``engine`` is given)."""
    max_tokens: int = 1024
    """Token budget of the returned context."""
    memory_key: str = "history"
    """Name of the variable this memory fills in the prompt."""
    input_key: str | None = None
    """Inputs key holding the user's message; required when inputs have several keys."""
    output_key: str | None = None
    """Outputs key holding the reply; required when outputs have several keys."""
    return_messages: bool = False
    """Return a list of messages instead of a string."""
    human_prefix: str = "Human"
    """Speaker name of input turns."""
    ai_prefix: str = "AI"
    """Speaker name of output turns."""
    context_key: str | None = None
    """If set, also return the structured :class:`MemoryContext` under this key."""
    engine: NeuralMemory | None = Field(default=None, exclude=True)
    """An existing engine to share (several memories over one database)."""
    token_counter: Any = Field(default=None, exclude=True)
    """Counts prompt tokens; ``None`` = the packaged MiniLM tokenizer. An LLM works too."""
    clock: Any = Field(default=None, exclude=True)
    """Returns the time (seconds since the epoch) saved turns are stamped with; ``None`` =
    now. For replaying or importing conversations with their real dates."""
    summary_llm: Any = Field(default=None, exclude=True)
    """Optional LLM that rewrites each closed segment's extractive summary (one call per segment)."""

    _engine: NeuralMemory = PrivateAttr()

    @model_validator(mode="after")
    def _build_engine(self) -> NeuralHierarchicalMemory:
        if self.max_tokens <= 0:
            raise ValueError(f"max_tokens must be positive, got {self.max_tokens}")
        if self.context_key is not None and self.context_key == self.memory_key:
            raise ValueError("context_key and memory_key must differ")
        summarizer = llm_summarizer(self.summary_llm) if self.summary_llm is not None else None
        if self.engine is not None and summarizer is not None:
            raise ValueError(
                "pass summary_llm to the shared engine (summarizer=...), not to each memory"
            )
        self._engine = self.engine or NeuralMemory(
            self.db_path, token_counter=self.token_counter, summarizer=summarizer
        )
        return self

    @property
    def neural_memory(self) -> NeuralMemory:
        """The engine behind this memory."""
        return self._engine

    @property
    def memory_variables(self) -> list[str]:
        """``[memory_key]`` (plus ``context_key`` if set)."""
        return [self.memory_key] + ([self.context_key] if self.context_key else [])

    # -- key handling: explicit, never guessed among several -------------------------
    def _check_dict(self, value: Any, what: str, method: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise AmbiguousKeyError(
                f"{type(self).__name__}.{method} takes {what} as a dict of keys to values "
                f"(e.g. {{'input': '...'}}), got {type(value).__name__}"
            )
        return value

    def _input_text(self, inputs: dict[str, Any], *, required: bool) -> str | None:
        if self.input_key is not None:
            if self.input_key not in inputs:
                raise AmbiguousKeyError(
                    f"input_key {self.input_key!r} not in inputs {sorted(inputs)}"
                )
            return content_text(inputs[self.input_key])
        candidates = [k for k in inputs if k not in self.memory_variables and k != "stop"]
        if len(candidates) == 1:
            return content_text(inputs[candidates[0]])
        if not candidates and not required:
            return None
        raise AmbiguousKeyError(
            f"{type(self).__name__} cannot tell which of the input keys {sorted(candidates)} holds the "
            "message; set input_key=..."
        )

    def _output_text(self, outputs: dict[str, Any]) -> str:
        if self.output_key is not None:
            if self.output_key not in outputs:
                raise AmbiguousKeyError(
                    f"output_key {self.output_key!r} not in outputs {sorted(outputs)}"
                )
            return content_text(outputs[self.output_key])
        if len(outputs) == 1:
            return content_text(next(iter(outputs.values())))
        raise AmbiguousKeyError(
            f"{type(self).__name__} cannot tell which of the output keys {sorted(outputs)} holds the "
            "reply; set output_key=..."
        )

    # -- the BaseMemory surface ----------------------------------------------------------
    def recall(self, query: str) -> MemoryContext:
        """The structured context for ``query``."""
        return self._engine.recall(
            query, session_id=self.session_id, user_id=self.user_id, max_tokens=self.max_tokens
        )

    def _prompt_budget(self) -> int:
        """``max_tokens`` less the tokens of the memory section's note and delimiters."""
        return prompt_budget(self.max_tokens, self._engine.count_tokens)

    def _context_for(self, query: str) -> Any:
        """What ``load_memory_variables`` renders (a subclass may combine more parts)."""
        return self._engine.recall(
            query,
            session_id=self.session_id,
            user_id=self.user_id,
            max_tokens=self._prompt_budget(),
        )

    def load_memory_variables(self, inputs: dict[str, Any]) -> dict[str, Any]:
        """Recall for the current input: ``{memory_key: text or messages}``.

        The text is a quoted memory section (``<memory>`` ... ``</memory>`` under a note
        that it is data, not instructions; see
        :func:`~langchain_neuralmem.integrations.prompt_safety.memory_section`), ``""``
        when nothing is remembered; with ``return_messages``, the messages of
        :func:`~langchain_neuralmem.integrations.messages.context_messages`. Note and
        delimiters count against ``max_tokens``.
        """
        inputs = self._check_dict(inputs, "inputs", "load_memory_variables")
        query = self._input_text(inputs, required=False) or ""
        ctx = self._context_for(query)
        value: Any = (
            context_messages(ctx) if self.return_messages else memory_section(ctx.to_text())
        )
        out: dict[str, Any] = {self.memory_key: value}
        if self.context_key:
            out[self.context_key] = ctx
        return out

    def save_context(self, inputs: dict[str, Any], outputs: dict[str, Any]) -> None:
        """Store the input turn and the output turn (one transaction, no LLM call).

        An empty input or reply is stored as ``[empty message]`` / ``[empty reply]``
        (a chain's exchange is never lost to it); NUL characters and lone surrogates,
        which the engine refuses, are stored as U+FFFD.

        Raises:
            AmbiguousKeyError: ``inputs`` or ``outputs`` is not a dict, or which of its
                keys holds the text cannot be told.
        """
        self._write_exchange(inputs, outputs)

    def _write_exchange(self, inputs: dict[str, Any], outputs: dict[str, Any]) -> list[Turn]:
        """Store the input and output turns (one transaction); the stored turns."""
        inputs = self._check_dict(inputs, "inputs", "save_context")
        outputs = self._check_dict(outputs, "outputs", "save_context")
        human = _stored_text(self._input_text(inputs, required=True) or "", "[empty message]")
        ai = _stored_text(self._output_text(outputs), "[empty reply]")
        when = None if self.clock is None else float(self.clock())
        turns = [
            TurnInput(human, role="human", speaker=self.human_prefix, timestamp=when),
            TurnInput(ai, role="ai", speaker=self.ai_prefix, timestamp=when),
        ]
        return self._engine.add_turns(turns, session_id=self.session_id, user_id=self.user_id)

    def clear(self) -> None:
        """Delete this user's session (turns, state, hierarchy); other sessions are untouched."""
        self._engine.clear(session_id=self.session_id, user_id=self.user_id)

    async def aload_memory_variables(self, inputs: dict[str, Any]) -> dict[str, Any]:
        """Async :meth:`load_memory_variables` (same work, off the event loop)."""
        return await run_in_executor(None, self.load_memory_variables, inputs)

    async def asave_context(self, inputs: dict[str, Any], outputs: dict[str, Any]) -> None:
        """Async :meth:`save_context` (same work, off the event loop)."""
        await run_in_executor(None, self.save_context, inputs, outputs)

    async def aclear(self) -> None:
        """Async :meth:`clear`."""
        await run_in_executor(None, self.clear)


def _stored_text(text: str, empty_marker: str) -> str:
    """``text`` as the engine accepts it: never blank, no NUL or lone surrogate."""
    text = engine_safe_text(text)
    return text if shows_text(text) else empty_marker
