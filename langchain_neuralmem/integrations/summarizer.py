"""Abstractive node summaries from any LangChain LLM or chat model (opt-in).

The default summaries are extractive and need no LLM. With a summariser, each segment
or episode is rewritten once, when it closes, after the write transaction.

Example:
    >>> from langchain_core.language_models.fake import FakeListLLM
    >>> summarize = llm_summarizer(FakeListLLM(responses=["Ann adopted a dog, Rex."]))
    >>> summarize(["Ann: I adopted a dog!", "Bob: Name?", "Ann: Rex."])
    'Ann adopted a dog, Rex.'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.language_models import BaseLanguageModel

from langchain_neuralmem.integrations.messages import content_text

DEFAULT_PROMPT = (
    "Summarise this part of a conversation in one or two sentences. Keep names, "
    "numbers, dates and facts a person might ask about later.\n\n{turns}\n\nSummary:"
)


def llm_summarizer(
    llm: BaseLanguageModel[Any], *, prompt: str = DEFAULT_PROMPT
) -> Callable[[Sequence[str]], str]:
    """A ``texts -> summary`` callable for :class:`~langchain_neuralmem.engine.NeuralMemory`."""
    if "{turns}" not in prompt:
        raise ValueError("the summary prompt must contain {turns}")

    def summarize(texts: Sequence[str]) -> str:
        result = llm.invoke(prompt.format(turns="\n".join(texts)))
        text = content_text(getattr(result, "content", result)).strip()
        return text or " / ".join(texts)[:400]

    return summarize
