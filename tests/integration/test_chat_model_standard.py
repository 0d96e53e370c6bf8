"""LangChain's standard chat-model integration suite (``langchain-tests``) on the packaged
default model through llama.cpp: invoke, stream, batch, async, usage metadata, stop
sequences, tool calling and structured output, with the real Qwen2.5-Coder-0.5B.

Skipped by the suite itself: the inputs this model does not take (images, PDFs, audio,
video, Anthropic-style blocks), JSON mode, switching models per call (one GGUF is loaded)
and VCR cassettes (nothing here calls a network).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from langchain_tests.integration_tests import ChatModelIntegrationTests

from langchain_neuralmem.llm.llamacpp_chat import LlamaCppChatModel

pytestmark = pytest.mark.slow


@cache
def _packaged() -> LlamaCppChatModel:
    from langchain_neuralmem.llm import load_chat_model

    chat = load_chat_model(backend="llama.cpp", device="cpu")
    assert isinstance(chat, LlamaCppChatModel)
    return chat


@pytest.fixture(scope="module", autouse=True)
def _close_the_model():
    """Free llama.cpp's model at the end of the module, not at interpreter exit (where
    llama-cpp-python's own teardown has already run and its __del__ fails noisily)."""
    yield
    if _packaged.cache_info().currsize:
        _packaged().client.close()
        _packaged.cache_clear()


class TestPackagedModelStandard(ChatModelIntegrationTests):
    @property
    def chat_model_class(self) -> type[LlamaCppChatModel]:
        return LlamaCppChatModel

    @property
    def chat_model_params(self) -> dict[str, Any]:
        chat = _packaged()  # one llama.cpp instance shared by every model the suite makes
        return {"client": chat.client, "model_name": chat.model_name, "max_new_tokens": 128}

    @property
    def standard_chat_model_params(self) -> dict[str, Any]:
        return {"temperature": 0, "max_tool_rounds": 1}

    @property
    def has_tool_calling(self) -> bool:
        return True

    @property
    def has_structured_output(self) -> bool:
        return True

    @property
    def returns_usage_metadata(self) -> bool:
        return True
