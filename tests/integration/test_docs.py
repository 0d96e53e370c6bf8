"""The snippets in docs/classes.md and the engine snippet of README.md run as written."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(), flags=re.S)


@pytest.mark.parametrize("index", range(len(_blocks(ROOT / "docs" / "classes.md"))))
def test_classes_doc_snippet_runs(index, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = _blocks(ROOT / "docs" / "classes.md")[index]
    if 'device="cuda"' in code:
        import torch

        if not torch.cuda.is_available():
            code = code.replace('device="cuda"', 'device="cpu"')
    exec(compile(code, f"classes.md[{index}]", "exec"), {})


def test_readme_engine_snippet_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    block = next(
        b
        for b in _blocks(ROOT / "README.md")
        if "from langchain_neuralmem import NeuralMemory" in b
    )
    exec(compile(block, "README.md", "exec"), {})
    assert "Tromsø" in capsys.readouterr().out


def test_errors_doc_lists_every_error_and_existing_tests():
    """docs/errors.md names every exception class and only test files that exist."""
    import langchain_neuralmem.errors as errors

    text = (ROOT / "docs" / "errors.md").read_text()
    classes = [
        name
        for name, obj in vars(errors).items()
        if isinstance(obj, type)
        and issubclass(obj, Exception)
        and obj.__module__ == errors.__name__
    ]
    assert len(classes) >= 6
    for name in classes:
        assert name in text, f"docs/errors.md does not mention {name}"
    named = set(re.findall(r"\btest_[a-z_]+\b", text))
    existing = {p.stem for p in (ROOT / "tests").rglob("test_*.py")}
    assert named and named <= existing, sorted(named - existing)
