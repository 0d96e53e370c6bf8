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
        "BudgetSplit",
        "CompactionReport",
        "EncoderMismatchError",
        "GRUStateConfig",
        "HierarchyConfig",
        "InvalidInputError",
        "InvalidTurnError",
        "MemoryContext",
        "ModelPackageError",
        "NeuralChatMessageHistory",
        "NeuralCombinedMemory",
        "NeuralHierarchicalMemory",
        "NeuralMemEmbeddings",
        "NeuralMemError",
        "NeuralMemory",
        "NeuralMemoryConfig",
        "NeuralMemoryMiddleware",
        "NeuralMemoryModel",
        "NeuralMemoryRetriever",
        "NeuralStore",
        "Recall",
        "RecallConfig",
        "RetentionPolicy",
        "StoreError",
        "SummaryNode",
        "Turn",
        "TurnAttentionConfig",
        "TurnInput",
        "UnverifiedWeightsWarning",
        "WeightsError",
        "create_combined_memory",
        "create_memory_chat_chain",
        "create_memory_forget_tool",
        "create_memory_search_tool",
        "load_chat_model",
        "with_neural_history",
    ]
    for name in langchain_neuralmem.__all__:
        assert getattr(langchain_neuralmem, name) is not None


def test_no_pickle_anywhere():
    for f in PKG.rglob("*.py"):
        mods = _imports(f)
        assert "pickle" not in mods and "torch.save" not in f.read_text(), f


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _runtime_imports(path: Path) -> set[str]:
    """Modules imported when the code runs (at any level), not those only type checkers see."""
    out: set[str] = set()

    def walk(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                walk(child)
            return
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        for child in ast.iter_child_nodes(node):
            walk(child)

    walk(ast.parse(path.read_text()))
    return out


def _package_graph() -> dict[str, set[str]]:
    """Module -> package modules it imports at run time (lazily or not)."""
    modules = {_module_name(f): f for f in PKG.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = set()
        for mod in _runtime_imports(path):
            while mod and mod not in modules:
                mod = mod.rpartition(".")[0]
            if mod and mod != name and mod != "langchain_neuralmem":
                deps.add(mod)
        graph[name] = deps
    return graph


def test_package_imports_have_no_cycle():
    graph = _package_graph()
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*trail, node, dep]))
            if dep not in state:
                visit(dep, [*trail, node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])


def test_layers_import_one_way():
    """data/ needs nothing above it; training and evaluation depend on data and the engine,
    never on each other; the core layers never on the engine or anything above it."""
    graph = _package_graph()
    above_core = ("engine", "reading", "index_cache", "integrations", "training", "evaluation")
    rules = {
        "langchain_neuralmem.data": ("engine", "training", "evaluation", "integrations", "nn"),
        "langchain_neuralmem.training": ("evaluation", "integrations", "demo", "cli"),
        "langchain_neuralmem.evaluation": ("training", "demo", "cli"),
        "langchain_neuralmem.nn": above_core,
        "langchain_neuralmem.stores": above_core,
        "langchain_neuralmem.encoders": above_core,
    }
    for module, deps in graph.items():
        for prefix, banned in rules.items():
            if module.startswith(prefix):
                for dep in deps:
                    top = dep.removeprefix("langchain_neuralmem.").split(".")[0]
                    assert top not in banned, f"{module} imports {dep}"


def test_modules_stay_small():
    """About 400 lines at most, data tables aside."""
    for f in PKG.rglob("*.py"):
        if f.name.endswith(("_data.py", "_tables.py")):
            continue
        assert len(f.read_text().splitlines()) <= 420, f
