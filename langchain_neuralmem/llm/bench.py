"""Chat-model throughput: load time, first-token latency and decode speed per route.

:func:`measure_route` times one route on a few prompts through ``stream`` (the same call
a chat UI makes); :func:`run_llm_bench` runs the routes the CLI's ``neuralmem bench --llm``
names and :func:`format_table` prints them.

Example:
    >>> from langchain_neuralmem.llm import load_chat_model
    >>> row = measure_route(
    ...     "llama.cpp", lambda: load_chat_model("smollm2", max_new_tokens=16), ["Say hi."]
    ... )  # doctest: +SKIP
    >>> sorted(row)[:3]  # doctest: +SKIP
    ['decode_tokens_per_s', 'error', 'first_token_s']
"""

from __future__ import annotations

import contextlib
import platform
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel

from langchain_neuralmem.errors import NeuralMemError

__all__ = [
    "DEFAULT_PROMPTS",
    "ROUTES",
    "format_table",
    "hardware",
    "measure_route",
    "run_llm_bench",
]

ROUTES = ("transformers", "llama.cpp", "server")

DEFAULT_PROMPTS = (
    "Explain in three sentences why the sky is blue.",
    "Write a Python function that returns the n-th Fibonacci number.",
    "My name is Alice and I live in Oslo. What is my name, and where do I live?",
)


def _time_stream(chat: BaseChatModel, prompt: str) -> dict[str, Any]:
    """One streamed answer: seconds to the first text, total seconds, tokens."""
    start = time.perf_counter()
    first: float | None = None
    pieces = 0
    reported = 0
    for chunk in chat.stream(prompt):
        if chunk.content and first is None:
            first = time.perf_counter()
        pieces += bool(chunk.content)
        usage = getattr(chunk, "usage_metadata", None)
        if usage:
            reported = max(reported, int(usage.get("output_tokens", 0)))
    end = time.perf_counter()
    tokens = reported or pieces
    decode_s = end - (first if first is not None else end)
    return {
        "first_token_s": (first if first is not None else end) - start,
        "total_s": end - start,
        "decode_s": decode_s,
        "decode_tokens_per_s": round((tokens - 1) / decode_s, 2) if decode_s > 0 else None,
        # A server that reports no usage while streaming: one piece is about one token.
        "tokens": tokens,
        "tokens_counted": "usage" if reported else "pieces",
    }


def measure_route(
    name: str,
    factory: Callable[[], BaseChatModel],
    prompts: Sequence[str],
    *,
    warmup: bool = True,
) -> dict[str, Any]:
    """Load a chat model with ``factory`` and time streaming answers to ``prompts``.

    Returns ``load_s`` (the factory call), ``first_token_s`` (median over prompts),
    ``decode_tokens_per_s`` (tokens after the first over the time after the first, all
    prompts pooled), ``tokens`` and the per-prompt figures. With ``warmup`` one short
    untimed answer runs first, so one-off costs (threads, caches) are not counted.

    Example:
        >>> from langchain_neuralmem.llm import load_chat_model
        >>> row = measure_route(
        ...     "transformers",
        ...     lambda: load_chat_model("smollm2", backend="transformers", max_new_tokens=8),
        ...     ["Say hi."],
        ... )  # doctest: +SKIP
        >>> row["decode_tokens_per_s"] > 0  # doctest: +SKIP
        True
    """
    if not prompts:
        raise ValueError("measure_route needs at least one prompt")
    start = time.perf_counter()
    chat = factory()
    load_s = time.perf_counter() - start
    if warmup:
        for _ in chat.stream("Hi"):
            pass
    runs = [_time_stream(chat, p) for p in prompts]
    decode_s = sum(r["decode_s"] for r in runs)
    decoded = sum(max(r["tokens"] - 1, 0) for r in runs)
    return {
        "route": name,
        "model": str(getattr(chat, "model_name", type(chat).__name__)),
        "load_s": round(load_s, 3),
        "first_token_s": round(statistics.median(r["first_token_s"] for r in runs), 3),
        "decode_tokens_per_s": round(decoded / decode_s, 2) if decode_s > 0 else None,
        "tokens": sum(r["tokens"] for r in runs),
        "prompts": len(runs),
        "per_prompt": runs,
    }


@contextlib.contextmanager
def _server_url(model: str | None, base_url: str | None, n_ctx: int) -> Iterator[str]:
    """``base_url`` as given, or a local llama.cpp server on the (packaged) GGUF."""
    if base_url:
        yield base_url
        return
    from langchain_neuralmem.llm.packaged import packaged_gguf
    from langchain_neuralmem.llm.server import local_openai_server
    from langchain_neuralmem.llm.sources import resolve_source

    source = resolve_source(model)
    if not source.is_gguf:
        raise ValueError(f"the server route starts llama.cpp on a GGUF; {model!r} is not one")
    path = packaged_gguf(source.packaged) if source.packaged else source.location
    with local_openai_server(path, n_ctx=n_ctx) as url:
        yield url


def hardware() -> dict[str, str]:
    """The CPU and GPU this process sees (the GPU is ``"none"`` without CUDA).

    Example:
        >>> sorted(hardware())
        ['cpu', 'gpu', 'python', 'torch']
    """
    import torch

    from langchain_neuralmem.llm.devices import device_name

    gpu = device_name("cuda") if torch.cuda.is_available() else "none"
    return {
        "cpu": device_name("cpu"),
        "gpu": gpu,
        "torch": torch.__version__,
        "python": platform.python_version(),
    }


def run_llm_bench(
    routes: Sequence[str] = ROUTES,
    *,
    model: str | None = None,
    base_url: str | None = None,
    device: str = "auto",
    max_new_tokens: int = 64,
    prompts: Sequence[str] = DEFAULT_PROMPTS,
    n_ctx: int = 2048,
) -> dict[str, Any]:
    """Measure each route in ``routes`` on the same model and prompts.

    A route that cannot run here (llama-cpp-python missing, no GGUF for the server) gets
    an ``error`` entry instead of figures, so one missing extra never hides the rest.

    Example:
        >>> report = run_llm_bench(["llama.cpp"], model="smollm2", max_new_tokens=8)  # doctest: +SKIP
        >>> report["results"][0]["route"]  # doctest: +SKIP
        'llama.cpp'
    """
    from langchain_neuralmem.llm import load_chat_model, resolve_device
    from langchain_neuralmem.llm.devices import device_name

    dev = resolve_device(device)
    results: list[dict[str, Any]] = []
    for route in routes:
        if route not in ROUTES:
            raise ValueError(f"unknown route {route!r}; choose from {ROUTES}")
        where = device_name(dev) if route == "transformers" else device_name("cpu")
        try:
            with contextlib.ExitStack() as stack:

                def factory(route: str = route) -> BaseChatModel:
                    if route == "server":
                        url = stack.enter_context(_server_url(model, base_url, n_ctx))
                        return load_chat_model(
                            model if base_url else None,
                            base_url=url,
                            max_new_tokens=max_new_tokens,
                        )
                    return load_chat_model(
                        model, backend=route, device=dev, max_new_tokens=max_new_tokens, n_ctx=n_ctx
                    )

                row = measure_route(route, factory, prompts)
        except (ImportError, ValueError, RuntimeError, OSError, NeuralMemError) as exc:
            row = {"route": route, "error": f"{type(exc).__name__}: {exc}"}
        if route == "server" and base_url:
            where = f"server at {base_url}"
        row["device"] = where
        results.append(row)
    return {
        "hardware": hardware(),
        "model": model or "qwen2.5-coder-0.5b (packaged default)",
        "max_new_tokens": max_new_tokens,
        "results": results,
    }


def format_table(report: dict[str, Any]) -> str:
    """The report as an aligned text table, with the hardware on the first lines.

    Example:
        >>> print(format_table({"hardware": {"cpu": "x", "gpu": "none"}, "results": []}))
        CPU: x | GPU: none
        route         load s  1st token s  decode tok/s  tokens  device
    """
    hw = report["hardware"]
    lines = [
        f"CPU: {hw['cpu']} | GPU: {hw['gpu']}",
        f"{'route':<12} {'load s':>7} {'1st token s':>12} {'decode tok/s':>13} {'tokens':>7}  device",
    ]
    for row in report["results"]:
        if "error" in row:
            lines.append(f"{row['route']:<12} skipped: {row['error']}")
            continue
        tps = row["decode_tokens_per_s"]
        lines.append(
            f"{row['route']:<12} {row['load_s']:>7.2f} {row['first_token_s']:>12.3f} "
            f"{(f'{tps:.1f}' if tps is not None else '-'):>13} {row['tokens']:>7}  {row['device']}"
        )
    return "\n".join(lines)
