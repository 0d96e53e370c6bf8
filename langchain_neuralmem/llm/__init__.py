"""Chat models: the packaged local model on GPU or CPU, any hub model, or a server URL.

:func:`load_chat_model` returns a LangChain ``BaseChatModel`` through one of three routes:

- ``transformers`` (in-process): a hub id, a local folder or a GGUF file
  (dequantised once and cached as a bf16 folder); bf16 on CUDA, float32 on CPU.
- ``llama.cpp`` (in-process): a GGUF file run directly, several times faster on CPU;
  needs the optional ``llama-cpp-python``.
- ``openai``: any OpenAI-compatible server (vLLM, TGI, llama.cpp, Ollama) at ``base_url``.

With no ``model``, the packaged Qwen2.5-Coder-0.5B-Instruct GGUF is assembled from its
PyPI data packages, verified and cached (see :mod:`langchain_neuralmem.llm.packaged`).

Example:
    >>> from langchain_neuralmem.llm import load_chat_model
    >>> chat = load_chat_model("smollm2", max_new_tokens=16)  # the tiny packaged model
    >>> isinstance(chat.invoke("Say hello.").content, str)
    True
"""

from __future__ import annotations

import importlib.util
from typing import Any

from langchain_core.language_models import BaseChatModel

from langchain_neuralmem.errors import InvalidInputError, ModelPackageError
from langchain_neuralmem.llm.devices import device_name, resolve_device
from langchain_neuralmem.llm.packaged import (
    DEFAULT_MODEL,
    PACKAGED_MODELS,
    cache_dir,
    packaged_gguf,
)
from langchain_neuralmem.llm.sources import ModelSource, resolve_source

__all__ = [
    "BACKENDS",
    "DEFAULT_MODEL",
    "PACKAGED_MODELS",
    "ModelPackageError",
    "ModelSource",
    "cache_dir",
    "device_name",
    "llama_cpp_available",
    "load_chat_model",
    "packaged_gguf",
    "resolve_backend",
    "resolve_device",
]

BACKENDS = ("auto", "transformers", "llama.cpp", "openai")
_BACKEND_ALIASES = {"llamacpp": "llama.cpp", "llama_cpp": "llama.cpp", "server": "openai"}


def llama_cpp_available() -> bool:
    """Whether ``llama_cpp`` can be imported (checked without importing it).

    Example:
        >>> isinstance(llama_cpp_available(), bool)
        True
    """
    return importlib.util.find_spec("llama_cpp") is not None


def _backend_name(backend: Any) -> str:
    if not isinstance(backend, str):
        raise InvalidInputError(f"backend must be one of {BACKENDS}, got {backend!r}")
    name = _BACKEND_ALIASES.get(backend.strip().lower(), backend.strip().lower())
    if name not in BACKENDS:
        raise InvalidInputError(f"unknown backend {backend!r}; choose one of {BACKENDS}")
    return name


def resolve_backend(backend: str, source: ModelSource, device: str) -> str:
    """The concrete route for ``backend`` (``"auto"``: llama.cpp for a GGUF on CPU when
    it is installed, otherwise transformers).

    Raises:
        InvalidInputError: an unknown backend, or llama.cpp asked for a non-GGUF model.

    Example:
        >>> resolve_backend("auto", ModelSource("hub", "Qwen/Qwen2.5-0.5B-Instruct"), "cpu")
        'transformers'
    """
    name = _backend_name(backend)
    if name == "auto":
        use_llama = source.is_gguf and device == "cpu" and llama_cpp_available()
        return "llama.cpp" if use_llama else "transformers"
    if name == "llama.cpp" and not source.is_gguf:
        raise InvalidInputError(
            f"backend 'llama.cpp' runs GGUF files; {source.location!r} is a {source.kind} "
            f"model: use backend='transformers' or give a .gguf path"
        )
    if name == "openai":
        raise InvalidInputError("backend 'openai' needs base_url='http://host:port/v1'")
    return name


def load_chat_model(
    model: str | None = None,
    *,
    device: str = "auto",
    base_url: str | None = None,
    backend: str = "auto",
    max_new_tokens: int = 256,
    temperature: float = 0.0,
    api_key: str | None = None,
    n_ctx: int = 4096,
    **kwargs: Any,
) -> BaseChatModel:
    """A LangChain chat model: packaged, hub, local folder, GGUF file or server URL.

    Args:
        model: ``None`` or ``"qwen2.5-coder-0.5b"`` (the packaged default),
            ``"smollm2"`` (tiny packaged model, for plumbing tests), a ``.gguf`` path,
            a model folder or a hub id; with ``base_url``, the server's model name
            (default: the first one it lists).
        device: ``"auto"`` (CUDA when torch sees a GPU), ``"cpu"``, ``"cuda"``, ``"cuda:N"``.
        base_url: an OpenAI-compatible server (``http://host:port/v1``); selects the
            ``openai`` route.
        backend: ``"auto"``, ``"transformers"``, ``"llama.cpp"`` or ``"openai"``.
        max_new_tokens: most tokens generated per answer.
        temperature: 0 decodes greedily; above 0 samples.
        api_key: for the server route (default ``$OPENAI_API_KEY``, else a placeholder).
        n_ctx: llama.cpp context window in tokens.
        **kwargs: passed to the route's class (``TransformersChatModel.from_pretrained``,
            ``llama_cpp.Llama``, ``ChatOpenAI``). The packaged models default to
            ``max_tool_rounds=1`` (one round of tool calls per user message, then an
            answer from the results: unbounded, the 0.5B model keeps calling tools with
            new arguments); pass ``max_tool_rounds=None`` to lift it.

    Raises:
        InvalidInputError: (a ``ValueError``) a bad device, backend, URL, path or number.
        ModelPackageError: a packaged model's package is missing or fails its sha256.
        ImportError: ``backend="llama.cpp"`` without llama-cpp-python installed.

    Example:
        >>> chat = load_chat_model("smollm2", device="cpu", max_new_tokens=8)
        >>> len(list(chat.stream("Count to three."))) >= 2
        True
        >>> load_chat_model(base_url="localhost:8000")
        Traceback (most recent call last):
        ...
        langchain_neuralmem.errors.InvalidInputError: base_url must be an http:// or https:// URL of an OpenAI-compatible server (e.g. 'http://localhost:8000/v1'), got 'localhost:8000'
    """
    _check_numbers(max_new_tokens, temperature, n_ctx)
    name = _backend_name(backend)
    if base_url is not None or name == "openai":
        if base_url is None:
            raise InvalidInputError("backend 'openai' needs base_url='http://host:port/v1'")
        if name not in {"auto", "openai"}:
            raise InvalidInputError(
                f"base_url selects the OpenAI-compatible server route; backend={backend!r} "
                f"contradicts it (use backend='auto' or 'openai', or drop base_url)"
            )
        from langchain_neuralmem.llm.openai_chat import openai_chat_model

        return openai_chat_model(
            base_url,
            model=model,
            api_key=api_key,
            temperature=temperature,
            max_new_tokens=max_new_tokens,
            **kwargs,
        )
    dev = resolve_device(device)
    source = resolve_source(model)
    route = resolve_backend(backend, source, dev)
    gguf = str(packaged_gguf(source.packaged)) if source.packaged else source.location
    if source.packaged:
        kwargs.setdefault("max_tool_rounds", 1)
    if route == "llama.cpp":
        from langchain_neuralmem.llm.llamacpp_chat import LlamaCppChatModel

        kwargs.setdefault("n_gpu_layers", -1 if dev.startswith("cuda") else 0)
        return LlamaCppChatModel.from_gguf(
            gguf, n_ctx=n_ctx, max_new_tokens=max_new_tokens, temperature=temperature, **kwargs
        )
    from langchain_neuralmem.llm.transformers_chat import TransformersChatModel

    location = source.location
    if source.is_gguf:
        from langchain_neuralmem.llm.gguf_convert import converted_folder

        sha = PACKAGED_MODELS[source.packaged].sha256 if source.packaged else None
        location = str(converted_folder(gguf, sha256=sha))
    chat = TransformersChatModel.from_pretrained(
        location, device=dev, max_new_tokens=max_new_tokens, temperature=temperature, **kwargs
    )
    chat.model_name = source.location
    return chat


def _check_numbers(max_new_tokens: Any, temperature: Any, n_ctx: Any) -> None:
    if (
        isinstance(max_new_tokens, bool)
        or not isinstance(max_new_tokens, int)
        or max_new_tokens < 1
    ):
        raise InvalidInputError(f"max_new_tokens must be an int >= 1, got {max_new_tokens!r}")
    if (
        isinstance(temperature, bool)
        or not isinstance(temperature, (int, float))
        or not (0.0 <= float(temperature) <= 10.0)
    ):
        raise InvalidInputError(f"temperature must be a number in [0, 10], got {temperature!r}")
    if isinstance(n_ctx, bool) or not isinstance(n_ctx, int) or n_ctx < 16:
        raise InvalidInputError(f"n_ctx must be an int >= 16, got {n_ctx!r}")
