"""Start llama-cpp-python's OpenAI-compatible server on a GGUF file, for tests and benches.

Example:
    >>> from langchain_neuralmem.llm import load_chat_model
    >>> from langchain_neuralmem.llm.packaged import packaged_gguf
    >>> with local_openai_server(packaged_gguf("smollm2")) as base_url:  # doctest: +SKIP
    ...     chat = load_chat_model(base_url=base_url, max_new_tokens=8)
    ...     print(chat.invoke("Hi").content)
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx

from langchain_neuralmem.llm.devices import usable_cpus
from langchain_neuralmem.llm.llamacpp_chat import require_llama_cpp

__all__ = ["ServerStartError", "free_port", "local_openai_server"]


class ServerStartError(RuntimeError):
    """The local server exited or did not answer in time; the message holds its stderr tail."""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free right now on ``host``.

    Example:
        >>> 0 < free_port() < 65536
        True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _tail(path: Path, n: int = 2000) -> str:
    try:
        return path.read_text(errors="replace")[-n:]
    except OSError:
        return ""


@contextlib.contextmanager
def local_openai_server(
    gguf_path: str | os.PathLike[str],
    *,
    port: int | None = None,
    n_ctx: int = 2048,
    n_threads: int | None = None,
    startup_timeout: float = 120.0,
    extra_args: Sequence[str] = (),
) -> Iterator[str]:
    """Run ``python -m llama_cpp.server`` on ``gguf_path``; yield its ``.../v1`` base URL.

    The server runs with this interpreter on 127.0.0.1 (a free port unless ``port`` is
    given) and is terminated when the block exits.

    Raises:
        ImportError: llama-cpp-python is not installed.
        FileNotFoundError: ``gguf_path`` does not exist.
        ServerStartError: the server exited or did not answer ``GET /v1/models`` within
            ``startup_timeout`` seconds (the message ends with its stderr).

    Example:
        >>> with local_openai_server("model.gguf", n_ctx=1024) as url:  # doctest: +SKIP
        ...     print(url)
        http://127.0.0.1:41123/v1
    """
    require_llama_cpp()
    model = Path(gguf_path)
    if not model.is_file():
        raise FileNotFoundError(f"no GGUF file at {model}")
    port = port or free_port()
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(model),
        "--host", "127.0.0.1",
        "--port", str(port),
        "--n_ctx", str(n_ctx),
        "--n_threads", str(n_threads or usable_cpus()),
        *extra_args,
    ]  # fmt: skip
    base_url = f"http://127.0.0.1:{port}/v1"
    with tempfile.TemporaryDirectory(prefix="neuralmem-server-") as tmp:
        log = Path(tmp) / "stderr.log"
        with open(log, "wb") as err:
            proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        try:
            _wait_ready(proc, base_url, log, startup_timeout)
            yield base_url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_ready(proc: subprocess.Popen[bytes], base_url: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerStartError(
                f"llama_cpp.server exited with code {proc.returncode} before answering; "
                f"stderr tail:\n{_tail(log)}"
            )
        try:
            if httpx.get(f"{base_url}/models", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise ServerStartError(
        f"llama_cpp.server did not answer GET {base_url}/models within {timeout:.0f} s; "
        f"stderr tail:\n{_tail(log)}"
    )
