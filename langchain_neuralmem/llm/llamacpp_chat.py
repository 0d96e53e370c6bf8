"""``LlamaCppChatModel``: a LangChain chat model over an in-process ``llama_cpp.Llama``.

It runs a GGUF file directly (no dequantising), formats messages with the chat template
stored in the GGUF, decodes greedily unless ``temperature > 0`` and streams token by
token. A lock serialises calls, since one ``Llama`` context is not thread-safe.
``bind_tools`` passes the tools to that template (llama-cpp-python's
``Jinja2ChatFormatter`` forwards ``tools``); a forced ``tool_choice`` constrains decoding
with a JSON-schema grammar (see :mod:`langchain_neuralmem.llm.tool_calls`).
Needs the optional ``llama-cpp-python`` package (``pip install 'langchain-neuralmem[llamacpp]'``).

Example:
    >>> from langchain_neuralmem.llm import load_chat_model
    >>> chat = load_chat_model("smollm2", backend="llama.cpp", max_new_tokens=8)
    >>> isinstance(chat.invoke("Say hi").content, str)
    True
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, Field, PrivateAttr

from langchain_neuralmem.llm.devices import usable_cpus
from langchain_neuralmem.llm.messages import template_renders_tools, to_chat_dicts, usage
from langchain_neuralmem.llm.tool_calls import (
    BoundTools,
    Completion,
    ToolCallingMixin,
    Watch,
)

__all__ = ["LlamaCppChatModel", "forced_call_schema", "require_llama_cpp"]

INSTALL_HINT = "pip install 'llama-cpp-python[server]==0.3.36'"


def require_llama_cpp() -> Any:
    """Import ``llama_cpp``, or raise an ``ImportError`` that says what to install.

    Example:
        >>> require_llama_cpp().__name__  # doctest: +SKIP
        'llama_cpp'
    """
    try:
        import llama_cpp
    except ImportError as exc:
        raise ImportError(
            f"the llama.cpp backend needs llama-cpp-python: {INSTALL_HINT} "
            f"(a source build, several minutes), or use backend='transformers'"
        ) from exc
    return llama_cpp


def forced_call_schema(tools: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A JSON schema of ``{"name", "arguments"}`` objects calling one of ``tools``.

    Example:
        >>> spec = {"type": "function", "function": {"name": "f", "parameters": {}}}
        >>> forced_call_schema([spec])["anyOf"][0]["properties"]["name"]
        {'const': 'f'}
    """
    defs: dict[str, Any] = {}
    options = []
    for spec in tools:
        params = dict(spec["function"].get("parameters") or {"type": "object"})
        defs.update(params.pop("$defs", {}))
        options.append(
            {
                "type": "object",
                "properties": {"name": {"const": spec["function"]["name"]}, "arguments": params},
                "required": ["name", "arguments"],
                "additionalProperties": False,
            }
        )
    schema: dict[str, Any] = {"anyOf": options}
    if defs:
        schema["$defs"] = defs
    return schema


class LlamaCppChatModel(ToolCallingMixin, BaseChatModel):
    """A chat model running a GGUF file through ``llama_cpp.Llama`` in this process.

    Example:
        >>> from langchain_neuralmem.llm.packaged import packaged_gguf
        >>> chat = LlamaCppChatModel.from_gguf(packaged_gguf("smollm2"), max_new_tokens=8)
        >>> len(list(chat.stream("Count: 1, 2,"))) >= 2
        True
        >>> spec = {"type": "function", "function": {"name": "f", "parameters": {}}}
        >>> chat.bind_tools([spec], tool_choice="f").kwargs["tool_choice"]["function"]
        {'name': 'f'}
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    client: Any = Field(exclude=True)
    """The ``llama_cpp.Llama`` instance."""
    model_name: str = "llama.cpp"
    """A label for tracing (the GGUF file name)."""
    max_new_tokens: int = Field(default=256, ge=1)
    """Most tokens generated per call."""
    temperature: float = Field(default=0.0, ge=0.0)
    """0 decodes greedily; above 0 samples at this temperature."""
    top_p: float = Field(default=1.0, gt=0.0, le=1.0)
    """Nucleus sampling mass when sampling."""
    max_tool_rounds: int | None = Field(default=None, ge=0)
    """With tools bound, answer from the results without tools once this many rounds of
    tool calls follow the last user message (``None``: no limit; 1 suits small models
    that call again instead of answering)."""

    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @classmethod
    def from_gguf(
        cls,
        path: str | os.PathLike[str],
        *,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        n_gpu_layers: int = 0,
        max_new_tokens: int = 256,
        temperature: float = 0.0,
        max_tool_rounds: int | None = None,
        **kwargs: Any,
    ) -> LlamaCppChatModel:
        """Open ``path`` with llama.cpp; extra ``kwargs`` go to ``llama_cpp.Llama``.

        ``n_gpu_layers=-1`` offloads every layer on a GPU build (ignored by a CPU build).

        Example:
            >>> chat = LlamaCppChatModel.from_gguf("model.gguf", n_ctx=2048)  # doctest: +SKIP
        """
        llama_cpp = require_llama_cpp()
        client = llama_cpp.Llama(
            model_path=str(path),
            n_ctx=n_ctx,
            n_threads=n_threads or usable_cpus(),
            n_gpu_layers=n_gpu_layers,
            verbose=bool(kwargs.pop("verbose", False)),
            **kwargs,
        )
        return cls(
            client=client,
            model_name=os.path.basename(str(path)),
            max_new_tokens=max_new_tokens,
            temperature=temperature,
            max_tool_rounds=max_tool_rounds,
        )

    @property
    def _llm_type(self) -> str:
        return "neuralmem-llama.cpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {
            "model_name": self.model_name,
            "max_new_tokens": self.max_new_tokens,
            "temperature": self.temperature,
        }

    def _args(
        self, chat: list[dict[str, Any]], stop: list[str] | None, kwargs: dict[str, Any]
    ) -> dict[str, Any]:
        args: dict[str, Any] = {
            "messages": chat,
            "max_tokens": int(kwargs.pop("max_new_tokens", self.max_new_tokens)),
            "temperature": float(kwargs.pop("temperature", self.temperature)),
            "top_p": float(kwargs.pop("top_p", self.top_p)),
            "stop": list(stop or []),
        }
        args.update(kwargs)
        return args

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        kwargs = dict(kwargs)
        bound = BoundTools.pop(kwargs)
        if bound is not None:
            return self._generate_with_tools(messages, stop, bound, kwargs)
        args = self._args(to_chat_dicts(messages), stop, kwargs)
        with self._lock:
            out = self.client.create_chat_completion(**args)
        choice = out["choices"][0]
        counts = out.get("usage") or {}
        message = AIMessage(
            content=choice["message"].get("content") or "",
            usage_metadata=usage(
                int(counts.get("prompt_tokens", 0)), int(counts.get("completion_tokens", 0))
            ),
            response_metadata={
                "model_name": self.model_name,
                "finish_reason": choice.get("finish_reason"),
            },
        )
        info = {"finish_reason": choice.get("finish_reason")}
        return ChatResult(generations=[ChatGeneration(message=message, generation_info=info)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        kwargs = dict(kwargs)
        bound = BoundTools.pop(kwargs)
        if bound is not None:
            yield from self._stream_with_tools(messages, stop, run_manager, bound, kwargs)
            return
        args = self._args(to_chat_dicts(messages), stop, kwargs)
        n_in = n_out = 0
        with self._lock:
            for part in self.client.create_chat_completion(**args, stream=True):
                text = part["choices"][0].get("delta", {}).get("content") or ""
                if not text:
                    continue
                if n_out == 0:  # the context holds the prompt (+ the held-back tokens, if any)
                    n_in = int(getattr(self.client, "n_tokens", 0))
                n_out += 1  # llama.cpp streams one token per piece (a few merge)
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
                if run_manager is not None:
                    run_manager.on_llm_new_token(text, chunk=chunk)
                yield chunk
        last = AIMessageChunk(
            content="",
            usage_metadata=usage(n_in, n_out),
            response_metadata={"model_name": self.model_name},
            chunk_position="last",
        )
        yield ChatGenerationChunk(message=last)

    # ---- tool calling (see ToolCallingMixin) ---------------------------------------

    def _chat_template(self) -> str | None:
        """The Jinja template ``create_chat_completion`` renders, if it uses one."""
        client = self.client
        fmt = str(getattr(client, "chat_format", None) or "")
        if getattr(client, "chat_handler", None) is not None or not fmt.startswith(
            "chat_template."
        ):
            return None  # a built-in format (e.g. "chatml"): it ignores tools
        meta = getattr(client, "metadata", None) or {}
        template = meta.get(f"tokenizer.{fmt}")
        if template is None and fmt == "chat_template.default":
            template = meta.get("tokenizer.chat_template")
        return template if isinstance(template, str) else None

    def _renders_tools(self) -> bool:
        return template_renders_tools(self._chat_template())

    def _grammar(self, forced: list[dict[str, Any]]) -> Any:
        """A grammar that admits only ``{"name": ..., "arguments": {...}}`` for ``forced``."""
        grammar = require_llama_cpp().LlamaGrammar
        try:
            return grammar.from_json_schema(json.dumps(forced_call_schema(forced)), verbose=False)
        except Exception:  # a schema the converter cannot handle: any JSON arguments
            names = [t["function"]["name"] for t in forced]
            loose = {
                "type": "object",
                "properties": {"name": {"enum": names}, "arguments": {"type": "object"}},
                "required": ["name", "arguments"],
            }
            return grammar.from_json_schema(json.dumps(loose), verbose=False)

    def _complete(
        self,
        chat: list[dict[str, Any]],
        *,
        tools: list[dict[str, Any]] | None,
        forced: list[dict[str, Any]] | None,
        stop: list[str] | None,
        watch: Watch | None,
        kwargs: dict[str, Any],
    ) -> Completion:
        args = self._args(chat, stop, kwargs)
        if tools:
            args["tools"] = tools
        if forced:
            args["grammar"] = self._grammar(forced)
        text, n_in, n_out, finish = "", 0, 0, "stop"
        with self._lock:
            parts = self.client.create_chat_completion(**args, stream=True)
            try:
                for part in parts:
                    choice = part["choices"][0]
                    finish = choice.get("finish_reason") or finish
                    piece = choice.get("delta", {}).get("content") or ""
                    if not piece:
                        continue
                    if n_out == 0:
                        n_in = int(getattr(self.client, "n_tokens", 0))
                    n_out += 1
                    text += piece
                    if watch is not None and watch(text):
                        finish = "stop"
                        break
            finally:
                getattr(parts, "close", lambda: None)()
        return Completion(text, n_in=n_in, n_out=n_out, finish_reason=finish)
