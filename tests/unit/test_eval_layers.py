"""The evaluation modules import one way (no cycle between memories and baselines)."""

from __future__ import annotations

import ast
from pathlib import Path

import langchain_neuralmem

EVAL = Path(langchain_neuralmem.__file__).parent / "evaluation"
PREFIX = "langchain_neuralmem.evaluation."


def _eval_imports(path: Path) -> set[str]:
    """Evaluation modules ``path`` imports, at any depth (function-level imports too)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "langchain_neuralmem.evaluation":
                out.update(a.name for a in node.names)
            elif node.module.startswith(PREFIX):
                out.add(node.module[len(PREFIX) :].split(".")[0])
        elif isinstance(node, ast.Import):
            out.update(a.name[len(PREFIX) :].split(".")[0] for a in node.names
                       if a.name.startswith(PREFIX))  # fmt: skip
    return out


#: The layers of a run, lowest first: each may import only the ones before it.
LAYERS = ("packing", "vector_baselines", "baselines", "memories", "replay", "summary", "runner")


def test_no_import_cycle_in_evaluation() -> None:
    graph = {p.stem: _eval_imports(p) - {p.stem} for p in EVAL.glob("*.py")}
    assert "memories" not in graph["baselines"]
    assert not graph["packing"] & {"memories", "baselines", "runner"}
    for i, layer in enumerate(LAYERS):
        above = set(LAYERS[i + 1 :])
        assert not graph[layer] & above, f"{layer} imports {sorted(graph[layer] & above)}"
    # Depth-first search for a cycle.
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, set()):
            assert state.get(nxt) != 1, f"import cycle: {' -> '.join([*path, node, nxt])}"
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [])


def test_memories_re_exports_the_shared_pieces() -> None:
    from langchain_neuralmem.evaluation import memories, packing

    for name in ("MemoryUnderTest", "render", "pack_best_first", "memo_count", "fit_lines"):
        assert getattr(memories, name) is getattr(packing, name)


def test_split_modules_are_re_exported_where_they_were() -> None:
    from langchain_neuralmem.evaluation import baselines, replay, runner, summary, vector_baselines

    for name in ("VectorBaseline", "HybridBaseline", "faiss_store"):
        assert getattr(baselines, name) is getattr(vector_baselines, name)
    assert runner.EMBEDDING_BASELINES is replay.EMBEDDING_BASELINES
    assert runner.DEFAULT_TOKENIZER_NAME == replay.DEFAULT_TOKENIZER_NAME
    assert runner.REFERENCE == summary.REFERENCE
    for module in (baselines, runner):
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"
