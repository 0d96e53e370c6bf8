"""The server route: ``ChatOpenAI`` pointed at any OpenAI-compatible endpoint.

vLLM (``vllm serve MODEL`` → ``http://host:8000/v1``), TGI's Messages API
(``http://host:8080/v1``), the llama.cpp servers, Ollama (``http://host:11434/v1``) and
OpenAI itself all speak this protocol. When no model name is given, the first id the
server lists at ``GET {base_url}/models`` is used.

Example:
    >>> chat = openai_chat_model("http://127.0.0.1:8000/v1", model="my-model")
    >>> chat.model_name
    'my-model'
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlparse

from langchain_core.language_models import BaseChatModel
from langchain_openai import ChatOpenAI

from langchain_neuralmem.errors import InvalidInputError

__all__ = [
    "OpenAICompatibleChat",
    "check_base_url",
    "list_server_models",
    "openai_chat_model",
]


class OpenAICompatibleChat(ChatOpenAI):
    """``ChatOpenAI`` that sends the answer length as ``max_tokens``.

    ``ChatOpenAI`` renames ``max_tokens`` to ``max_completion_tokens``, which only
    OpenAI itself (and recent vLLM) reads: llama-cpp-python's server, for one, ignores it
    and generates until the context is full. With ``legacy_max_tokens`` (the default for
    every host but api.openai.com) the request carries ``max_tokens`` instead.

    Example:
        >>> chat = OpenAICompatibleChat(base_url="http://h:1/v1", api_key="k", model="m", max_tokens=5)
        >>> chat._get_request_payload("hi")["max_tokens"]
        5
    """

    legacy_max_tokens: bool = True
    """Send ``max_tokens`` rather than ``max_completion_tokens``."""

    def _get_request_payload(
        self, input_: Any, *, stop: list[str] | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        payload = super()._get_request_payload(input_, stop=stop, **kwargs)
        if self.legacy_max_tokens and "max_completion_tokens" in payload:
            payload["max_tokens"] = payload.pop("max_completion_tokens")
        return payload


def check_base_url(base_url: str) -> str:
    """``base_url`` without a trailing slash, if it is an ``http(s)://host...`` URL.

    Raises:
        InvalidInputError: (a ``ValueError``) anything else.

    Example:
        >>> check_base_url("http://localhost:8000/v1/")
        'http://localhost:8000/v1'
    """
    if not isinstance(base_url, str):
        raise InvalidInputError(f"base_url must be a string URL, got {base_url!r}")
    parsed = urlparse(base_url.strip())
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        raise InvalidInputError(
            f"base_url must be an http:// or https:// URL of an OpenAI-compatible server "
            f"(e.g. 'http://localhost:8000/v1'), got {base_url!r}"
        )
    return base_url.strip().rstrip("/")


def list_server_models(
    base_url: str, *, api_key: str | None = None, timeout: float = 5.0
) -> list[str]:
    """The model ids the server lists at ``GET {base_url}/models`` (``[]`` if it cannot say).

    Example:
        >>> list_server_models("http://127.0.0.1:9/v1", timeout=0.5)
        []
    """
    import httpx

    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    try:
        response = httpx.get(f"{check_base_url(base_url)}/models", headers=headers, timeout=timeout)
        response.raise_for_status()
        data = response.json().get("data", [])
        return [str(item["id"]) for item in data if isinstance(item, dict) and "id" in item]
    except (httpx.HTTPError, ValueError, AttributeError, TypeError):
        return []


def openai_chat_model(
    base_url: str,
    *,
    model: str | None = None,
    api_key: str | None = None,
    temperature: float = 0.0,
    max_new_tokens: int = 256,
    **kwargs: Any,
) -> BaseChatModel:
    """An :class:`OpenAICompatibleChat` for the server at ``base_url`` (streams, sync and async).

    ``api_key`` defaults to ``$OPENAI_API_KEY``, else ``"not-needed"`` (local servers
    ignore it); ``model`` defaults to the server's first listed id, else ``"default"``.
    Extra ``kwargs`` go to ``ChatOpenAI`` (e.g. ``timeout``, ``max_retries``).

    Example:
        >>> openai_chat_model("http://127.0.0.1:8000/v1", model="m", max_new_tokens=32).max_tokens
        32
    """
    url = check_base_url(base_url)
    key = api_key or os.environ.get("OPENAI_API_KEY") or "not-needed"
    if model is None:
        listed = list_server_models(url, api_key=key)
        model = listed[0] if listed else "default"
    return OpenAICompatibleChat(
        base_url=url,
        legacy_max_tokens=urlparse(url).hostname != "api.openai.com",
        api_key=key,  # type: ignore[arg-type]
        model=model,
        temperature=temperature,
        max_tokens=max_new_tokens,  # type: ignore[call-arg]
        **kwargs,
    )
