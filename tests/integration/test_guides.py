"""The code blocks of docs/guides/*.md run as written.

`load_chat_model(...)` in them is answered with the real tiny packaged model (SmolLM2,
8 new tokens) instead of the default Qwen model, to keep this fast: the default model is
run by test_chains.py::test_the_default_model_answers_from_memory and the demo test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDES = sorted((ROOT / "docs" / "guides").glob("*.md"))
BLOCKS = [
    (path.name, i, block)
    for path in GUIDES
    for i, block in enumerate(re.findall(r"```python\n(.*?)```", path.read_text(), flags=re.S))
]


@pytest.fixture(scope="module")
def tiny():
    from langchain_neuralmem.llm import load_chat_model

    return load_chat_model("smollm2", device="cpu", max_new_tokens=8)


def test_every_guide_has_code():
    assert {name for name, _, _ in BLOCKS} >= {"chain.md", "combined_memory.md", "chatbot.md"}


@pytest.mark.parametrize(("name", "index", "code"), BLOCKS, ids=[f"{n}[{i}]" for n, i, _ in BLOCKS])
def test_guide_block_runs(name, index, code, tiny, tmp_path, monkeypatch):
    import langchain_neuralmem.llm as llm

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(llm, "load_chat_model", lambda *args, **kwargs: tiny)
    exec(compile(code, f"{name}[{index}]", "exec"), {"__name__": "__guide__"})
