"""Imports flow one way: nn/, encoders/, stores/ -> engine -> integrations/, cli."""

import ast
from pathlib import Path

import langchain_neuralmem

PKG = Path(langchain_neuralmem.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def _files(folder: str) -> list[Path]:
    return sorted((PKG / folder).glob("*.py"))


def test_core_layers_never_import_langchain_or_upper_layers():
    for folder in ("nn", "encoders", "stores"):
        for f in _files(folder):
            for mod in _imports(f):
                assert not mod.startswith("langchain_core") and not mod.startswith(
                    "langchain_classic"
                ), f"{f}: {mod}"
                assert not mod.startswith(
                    ("langchain_neuralmem.engine", "langchain_neuralmem.integrations")
                ), f"{f}: {mod}"


def test_engine_has_no_langchain_types():
    for name in ("engine.py", "recall.py", "writing.py", "types.py", "features.py", "config.py"):
        for mod in _imports(PKG / name):
            assert not mod.startswith(
                ("langchain_core", "langchain_classic", "langchain_neuralmem.integrations")
            ), f"{name}: {mod}"


def test_integrations_do_no_tensor_math():
    for f in _files("integrations"):
        for mod in _imports(f):
            assert mod.split(".")[0] not in ("torch", "numpy", "faiss"), f"{f}: {mod}"


def test_public_api_is_pinned():
    assert sorted(langchain_neuralmem.__all__) == [
        "AmbiguousKeyError",
        "EncoderMismatchError",
        "GRUStateConfig",
        "HierarchyConfig",
        "InvalidTurnError",
        "MemoryContext",
        "NeuralChatMessageHistory",
        "NeuralHierarchicalMemory",
        "NeuralMemEmbeddings",
        "NeuralMemError",
        "NeuralMemory",
        "NeuralMemoryConfig",
        "NeuralMemoryModel",
        "Recall",
        "RecallConfig",
        "StoreError",
        "SummaryNode",
        "Turn",
        "TurnAttentionConfig",
        "TurnInput",
        "WeightsError",
    ]
    for name in langchain_neuralmem.__all__:
        assert getattr(langchain_neuralmem, name) is not None


def test_no_pickle_anywhere():
    for f in PKG.rglob("*.py"):
        mods = _imports(f)
        assert "pickle" not in mods and "torch.save" not in f.read_text(), f
