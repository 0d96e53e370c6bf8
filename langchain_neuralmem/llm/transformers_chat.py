"""``TransformersChatModel``: a LangChain chat model over an in-process transformers model.

The tokenizer's chat template turns the LangChain messages into the prompt; decoding is
greedy unless ``temperature > 0``; ``stop`` sequences end generation and are cut from the
answer; ``stream`` yields text as it is decoded (a ``TextIteratorStreamer`` fed by a
worker thread). One lock serialises generation, so a model can be shared by threads.
``bind_tools`` passes the tools to ``apply_chat_template(..., tools=...)``; a forced
``tool_choice`` starts the answer with ``<tool_call>`` and the name (see
:mod:`langchain_neuralmem.llm.tool_calls`).
``ainvoke``/``astream`` use LangChain's executor-based defaults over the same code.

Example:
    >>> from langchain_neuralmem.llm import load_chat_model
    >>> chat = load_chat_model("smollm2", backend="transformers", max_new_tokens=8)
    >>> isinstance(chat.invoke("Say hi").content, str)
    True
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, Field, PrivateAttr

from langchain_neuralmem.llm.messages import (
    cut_at_stop,
    stop_holdback,
    template_renders_tools,
    to_chat_dicts,
    usage,
)
from langchain_neuralmem.llm.tool_calls import (
    BoundTools,
    Completion,
    ToolCallingMixin,
    Watch,
)

__all__ = ["TransformersChatModel", "dtype_kwarg", "forced_prefix"]


def dtype_kwarg(dtype: Any) -> dict[str, Any]:
    """``{"dtype": dtype}`` for transformers >= 4.56, ``{"torch_dtype": dtype}`` before.

    Example:
        >>> list(dtype_kwarg("float32")) in (["dtype"], ["torch_dtype"])
        True
    """
    import transformers

    major, minor = (int(x) for x in transformers.__version__.split(".")[:2])
    return {"dtype": dtype} if (major, minor) >= (4, 56) else {"torch_dtype": dtype}


def forced_prefix(forced: Sequence[dict[str, Any]] | None) -> str:
    """How a forced tool call's answer starts: the tag, and the name when only one fits.

    Example:
        >>> forced_prefix([{"type": "function", "function": {"name": "f"}}])
        '<tool_call>\\n{"name": "f", "arguments": '
        >>> forced_prefix(None)
        ''
    """
    if not forced:
        return ""
    if len(forced) == 1:
        return f'<tool_call>\n{{"name": "{forced[0]["function"]["name"]}", "arguments": '
    return '<tool_call>\n{"name": "'


class TransformersChatModel(ToolCallingMixin, BaseChatModel):
    """A chat model running a ``transformers`` causal LM in this process.

    Build it with :meth:`from_pretrained` (a hub id or a local folder), or pass an
    already-loaded ``model`` and ``tokenizer``.

    Example:
        >>> from langchain_neuralmem.llm.gguf_convert import converted_folder
        >>> from langchain_neuralmem.llm.packaged import packaged_gguf
        >>> chat = TransformersChatModel.from_pretrained(
        ...     str(converted_folder(packaged_gguf("smollm2"))), max_new_tokens=8
        ... )
        >>> [c.content for c in chat.stream("Count: 1, 2,")][:1] != []
        True
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    model: Any = Field(exclude=True)
    """The loaded ``PreTrainedModel`` (already on its device)."""
    tokenizer: Any = Field(exclude=True)
    """Its tokenizer; its chat template formats the prompt."""
    model_name: str = "transformers"
    """A label for tracing (the hub id or folder it came from)."""
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
    def from_pretrained(
        cls,
        name_or_path: str,
        *,
        device: str = "cpu",
        dtype: Any = None,
        max_new_tokens: int = 256,
        temperature: float = 0.0,
        max_tool_rounds: int | None = None,
        **kwargs: Any,
    ) -> TransformersChatModel:
        """Load a hub id or folder: bf16 on CUDA, float32 on CPU unless ``dtype`` is given.

        Extra ``kwargs`` go to the model's ``from_pretrained`` (e.g. ``revision``).

        Example:
            >>> chat = TransformersChatModel.from_pretrained("Qwen/Qwen2.5-0.5B-Instruct")  # doctest: +SKIP
        """
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        if dtype is None:
            dtype = torch.bfloat16 if device.startswith("cuda") else torch.float32
        if device.startswith("cuda") and importlib.util.find_spec("accelerate") is not None:
            kwargs.setdefault("device_map", device)  # load straight onto the GPU
        try:
            tokenizer = AutoTokenizer.from_pretrained(name_or_path)
            model: Any = AutoModelForCausalLM.from_pretrained(
                name_or_path, **dtype_kwarg(dtype), **kwargs
            )
        except OSError as exc:  # transformers' message does not always name the model
            raise OSError(f"cannot load chat model {name_or_path!r}: {exc}") from exc
        model.to(device)
        model.eval()
        return cls(
            model=model,
            tokenizer=tokenizer,
            model_name=name_or_path,
            max_new_tokens=max_new_tokens,
            temperature=temperature,
            max_tool_rounds=max_tool_rounds,
        )

    @property
    def _llm_type(self) -> str:
        return "neuralmem-transformers"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {
            "model_name": self.model_name,
            "max_new_tokens": self.max_new_tokens,
            "temperature": self.temperature,
        }

    # ---- prompt and generation arguments -------------------------------------------

    def _encode(self, messages: Sequence[BaseMessage]) -> Any:
        """Input ids (and attention mask) on the model's device."""
        chat = to_chat_dicts(messages)
        tok = self.tokenizer
        if getattr(tok, "chat_template", None):
            enc = tok.apply_chat_template(
                chat, add_generation_prompt=True, return_tensors="pt", return_dict=True
            )
        else:  # a base model: a plain transcript that ends where the answer starts
            enc = tok(self._transcript(chat), return_tensors="pt")
        return enc.to(self.model.device)

    @staticmethod
    def _transcript(chat: Sequence[dict[str, Any]]) -> str:
        """A plain transcript that ends where the answer starts (for a base model)."""
        lines = [f"{m['role'].capitalize()}: {m['content']}" for m in chat]
        return "\n".join([*lines, "Assistant:"])

    def _gen_kwargs(self, stop: Sequence[str] | None, kwargs: dict[str, Any]) -> dict[str, Any]:
        temperature = float(kwargs.pop("temperature", self.temperature))
        args: dict[str, Any] = {
            "max_new_tokens": int(kwargs.pop("max_new_tokens", self.max_new_tokens)),
            "do_sample": temperature > 0,
        }
        if temperature > 0:
            args.update(temperature=temperature, top_p=float(kwargs.pop("top_p", self.top_p)))
        else:  # greedy: silence sampling settings a model's generation_config may carry
            args.update(temperature=None, top_p=None, top_k=None)
        if stop:
            args.update(stop_strings=list(stop), tokenizer=self.tokenizer)
        if self.tokenizer.pad_token_id is None:
            args["pad_token_id"] = self.tokenizer.eos_token_id
        args.update(kwargs)
        return args

    # ---- LangChain hooks ----------------------------------------------------------

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        import torch

        kwargs = dict(kwargs)
        bound = BoundTools.pop(kwargs)
        if bound is not None:
            return self._generate_with_tools(messages, stop, bound, kwargs)
        enc = self._encode(messages)
        n_in = int(enc["input_ids"].shape[1])
        args = self._gen_kwargs(stop, dict(kwargs))
        with self._lock, torch.inference_mode():
            out = self.model.generate(**enc, **args)
        new = out[0, n_in:]
        text, stopped = cut_at_stop(self.tokenizer.decode(new, skip_special_tokens=True), stop)
        message = AIMessage(
            content=text,
            usage_metadata=usage(n_in, int(new.shape[0])),
            response_metadata={"model_name": self.model_name},
        )
        info = {
            "finish_reason": "stop"
            if stopped or new.shape[0] < args["max_new_tokens"]
            else "length"
        }
        return ChatResult(generations=[ChatGeneration(message=message, generation_info=info)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

        kwargs = dict(kwargs)
        bound = BoundTools.pop(kwargs)
        if bound is not None:
            yield from self._stream_with_tools(messages, stop, run_manager, bound, kwargs)
            return
        enc = self._encode(messages)
        n_in = int(enc["input_ids"].shape[1])
        args = self._gen_kwargs(stop, dict(kwargs))
        streamer = TextIteratorStreamer(self.tokenizer, skip_prompt=True, skip_special_tokens=True)
        cancel = threading.Event()
        n_out = [0]
        failure: list[BaseException] = []

        class _Cancel(StoppingCriteria):
            """Stops the worker when the consumer closes the stream early."""

            def __call__(self, input_ids: Any, scores: Any, **_: Any) -> Any:
                n_out[0] = int(input_ids.shape[1]) - n_in
                return torch.full(
                    (input_ids.shape[0],),
                    cancel.is_set(),
                    dtype=torch.bool,
                    device=input_ids.device,
                )

        criteria = StoppingCriteriaList([_Cancel()])

        def work() -> None:
            try:
                with self._lock, torch.inference_mode():
                    self.model.generate(
                        **enc, **args, streamer=streamer, stopping_criteria=criteria
                    )
            except BaseException as exc:  # surfaced in the consumer's thread
                failure.append(exc)
                streamer.end()

        worker = threading.Thread(target=work, name="neuralmem-generate", daemon=True)
        worker.start()
        try:
            yield from self._pieces(streamer, stop, run_manager)
        finally:
            cancel.set()
            worker.join()
        if failure:
            raise failure[0]
        last = AIMessageChunk(
            content="",
            usage_metadata=usage(n_in, n_out[0]),
            response_metadata={"model_name": self.model_name},
            chunk_position="last",
        )
        yield ChatGenerationChunk(message=last)

    @staticmethod
    def _pieces(
        streamer: Any,
        stop: Sequence[str] | None,
        run_manager: CallbackManagerForLLMRun | None,
    ) -> Iterator[ChatGenerationChunk]:
        """Text pieces from ``streamer``, holding back what may begin a stop sequence."""
        pending = ""
        for piece in streamer:
            pending += piece
            pending, stopped = cut_at_stop(pending, stop)
            keep = 0 if stopped else stop_holdback(pending, stop)
            ready, pending = pending[: len(pending) - keep], pending[len(pending) - keep :]
            if ready:
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=ready))
                if run_manager is not None:
                    run_manager.on_llm_new_token(ready, chunk=chunk)
                yield chunk
            if stopped:
                return
        if pending:
            yield ChatGenerationChunk(message=AIMessageChunk(content=pending))

    # ---- tool calling (see ToolCallingMixin) ---------------------------------------

    def _renders_tools(self) -> bool:
        return template_renders_tools(getattr(self.tokenizer, "chat_template", None))

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
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList

        tok = self.tokenizer
        templated = bool(getattr(tok, "chat_template", None))
        if templated:  # the template writes any special tokens itself
            prompt = tok.apply_chat_template(
                chat, tools=tools or None, add_generation_prompt=True, tokenize=False
            )
        else:
            prompt = self._transcript(chat)
        prefix = forced_prefix(forced)
        enc = tok(prompt + prefix, return_tensors="pt", add_special_tokens=not templated)
        enc = enc.to(self.model.device)
        n_in = int(enc["input_ids"].shape[1])
        args = self._gen_kwargs(stop, kwargs)

        class _Watch(StoppingCriteria):
            """Ends generation when ``watch`` says the reply is complete enough."""

            def __call__(self, input_ids: Any, scores: Any, **_: Any) -> Any:
                text = prefix + tok.decode(input_ids[0, n_in:], skip_special_tokens=True)
                done = watch is not None and watch(text)
                return torch.full(
                    (input_ids.shape[0],), done, dtype=torch.bool, device=input_ids.device
                )

        if watch is not None:
            args["stopping_criteria"] = StoppingCriteriaList([_Watch()])
        with self._lock, torch.inference_mode():
            out = self.model.generate(**enc, **args)
        new = out[0, n_in:]
        text, stopped = cut_at_stop(prefix + tok.decode(new, skip_special_tokens=True), stop)
        n_out = int(new.shape[0])
        finish = "stop" if stopped or n_out < args["max_new_tokens"] else "length"
        return Completion(text, n_in=n_in, n_out=n_out, finish_reason=finish)
