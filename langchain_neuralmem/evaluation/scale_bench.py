"""``neuralmem bench --turns``: the neural memory at 1k to 1M turns in one session, side by
side with LangChain's ``VectorStoreRetrieverMemory`` over FAISS, in the same run.

For each size both memories get the same generated turns; then each takes single writes
and recalls that are timed one by one. Sizes up to ``real_up_to`` turns store real
MiniLM embeddings; larger ones store :mod:`synthetic_turns` embeddings (the report says
which), and their "with embedding" figures add the packaged MiniLM's measured time on
the same texts, so every figure includes a real query embedding.

Example:
    .. code-block:: console

        $ neuralmem bench --turns 1000,10000 --json bench.json --plot bench.png
"""

from __future__ import annotations

import dataclasses
import gc
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from langchain_neuralmem.encoders.base import Encoder
from langchain_neuralmem.evaluation.synthetic_turns import HashedWordEncoder, SyntheticText

_START = 1_600_000_000.0
_EPISODE_TURNS = 300  # a week's gap every this many turns: episodes, as in a real history


@dataclasses.dataclass(frozen=True)
class ScaleConfig:
    """What ``neuralmem bench --turns`` measures.

    Attributes:
        sizes: turns in the one session, per row.
        queries, writes: timed recalls and single writes per size.
        real_up_to: the largest size stored with real MiniLM embeddings.
        budget: recall budget in tokens.
        vector_k: documents the vector memory returns per query.
        sessions, session_turns: the cross-session check (one user).
        workdir: where the memories are built (a temporary folder by default).
    """

    sizes: tuple[int, ...] = (1_000, 10_000, 100_000, 1_000_000)
    queries: int = 50
    writes: int = 100
    real_up_to: int = 10_000
    budget: int = 1024
    vector_k: int = 30
    sessions: int = 1_000
    session_turns: int = 100
    seed: int = 0
    workdir: str | None = None
    profile: bool = False
    """Also profile the timed recalls and writes (where the time goes, per call)."""


def _pcts(values: list[float]) -> tuple[float, float]:
    return round(float(np.percentile(values, 50)), 3), round(float(np.percentile(values, 95)), 3)


def _rss_mb() -> float:
    import psutil

    gc.collect()
    return float(psutil.Process().memory_info().rss) / 2**20


def _disk_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return (time.perf_counter() - start) * 1000.0, out


class _Texts:
    """The generated history: turns, their times, and queries aimed at stored turns."""

    def __init__(self, text: SyntheticText, n: int) -> None:
        self.text = text
        self.turns = text.turns(n)
        self.times = [_START + 60.0 * i + 7 * 86_400.0 * (i // _EPISODE_TURNS) for i in range(n)]

    def next_time(self, i: int) -> float:
        return self.times[-1] + 60.0 * (i + 1)


def _latencies(
    recalls: list[float],
    writes: list[float],
    embed_q: list[float],
    embed_w: list[float],
    synthetic: bool,
) -> dict[str, float]:
    """p50/p95 of writes and recalls with the real query embedding, and of recalls without
    it: a synthetic-vector memory adds the packaged MiniLM's measured time on the same
    texts; a real one subtracts it."""
    if synthetic:
        with_q = [a + b for a, b in zip(recalls, embed_q, strict=True)]
        with_w = [a + b for a, b in zip(writes, embed_w, strict=True)]
        without_q = recalls
    else:
        with_q, with_w = recalls, writes
        without_q = [max(a - b, 0.0) for a, b in zip(recalls, embed_q, strict=True)]
    out = {}
    for name, values in (("write_ms", with_w), ("recall_ms", with_q)):
        out[f"{name}_p50"], out[f"{name}_p95"] = _pcts(values)
    p50, p95 = _pcts(without_q)
    out["recall_ms_p50_without_embedding"], out["recall_ms_p95_without_embedding"] = p50, p95
    return out


def _embed_ms(real: Encoder, texts: list[str]) -> list[float]:
    """The packaged MiniLM's time to embed each text alone."""
    return [_timed(partial(real.encode, [t]))[0] for t in texts]


def run_size(
    n: int,
    cfg: ScaleConfig,
    real: Encoder,
    model: Any,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """One row of the report: both memories built with ``n`` turns and timed."""
    from langchain_neuralmem.engine import NeuralMemory
    from langchain_neuralmem.turn_input import TurnInput

    text = SyntheticText(seed=cfg.seed + n)
    synthetic = n > cfg.real_up_to
    enc: Encoder = HashedWordEncoder(text, name=real.name) if synthetic else real
    history = _Texts(text, n)
    rng = np.random.default_rng(cfg.seed)
    targets = rng.choice(n, size=min(cfg.queries, n), replace=False)
    queries = [text.query_for(history.turns[int(t)]) for t in targets]
    new_turns = text.turns(cfg.writes)
    folder = Path(tempfile.mkdtemp(prefix=f"scale{n}-", dir=cfg.workdir))
    path = folder / "memory.db"
    try:
        base_rss = _rss_mb()
        memory = NeuralMemory(path, encoder=enc, model=model)
        build_start = time.perf_counter()
        step = 2_000
        ids: list[int] = []
        for lo in range(0, n, step):
            batch = [
                TurnInput(history.turns[i], timestamp=history.times[i])
                for i in range(lo, min(lo + step, n))
            ]
            ids += [t.turn_id for t in memory.add_turns(batch, session_id="s", user_id="u")]
            if lo == 0:  # as in use: the index exists from the start and grows with writes
                memory.recall(queries[0], session_id="s", user_id="u")
            progress(f"{n}: neural {min(lo + step, n)}/{n}")
        build_s = time.perf_counter() - build_start
        writes = [
            _timed(
                partial(
                    memory.add_turn, t, session_id="s", user_id="u", timestamp=history.next_time(i)
                )
            )[0]
            for i, t in enumerate(new_turns)
        ]
        first_recall_ms = _timed(lambda: memory.recall(queries[0], session_id="s", user_id="u"))[0]
        recalls, hits = [], 0
        profiler = _Profile(cfg.profile)
        for t, q in zip(targets, queries, strict=True):
            with profiler:
                ms, ctx = _timed(
                    partial(memory.recall, q, session_id="s", user_id="u", max_tokens=cfg.budget)
                )
            recalls.append(ms)
            shown = {r.turn.turn_id for r in ctx.recalled} | {x.turn_id for x in ctx.recent}
            hits += ids[int(t)] in shown
        rss = _rss_mb() - base_rss  # before the exact reads below allocate their own
        agreement = _agreement(memory, queries[: min(10, len(queries))], cfg.budget)
        save_ms = _timed(memory.close)[0]
        disk = _disk_bytes(path) + sum(
            _disk_bytes(Path(f"{path}{s}")) for s in ("-wal", "-shm", ".index")
        )
        text_bytes = sum(len(t.encode()) for t in history.turns + new_turns)
        open_s = _open_in_new_process(path, synthetic, queries[0])
        rebuild_s = _open_in_new_process(path, synthetic, queries[0], saved_index=False)
        embed_q, embed_w = _embed_ms(real, queries), _embed_ms(real, new_turns)
        neural: dict[str, Any] = {
            **_latencies(recalls, writes, embed_q, embed_w, synthetic),
            "first_recall_ms": round(first_recall_ms, 1),
            "open_s": open_s,
            "open_without_saved_index_s": rebuild_s,
            "save_on_close_s": round(save_ms / 1000, 3),
            "build_s": round(build_s, 1),
            "bytes_per_turn_disk": round(disk / (n + cfg.writes), 1),
            "bytes_per_turn_disk_besides_text": round((disk - text_bytes) / (n + cfg.writes), 1),
            "rss_mb": round(rss, 1),
            "rss_bytes_per_turn": round(rss * 2**20 / (n + cfg.writes), 1),
            "target_turn_in_context": round(hits / len(targets), 3),
            "ann_agreement": agreement,
        }
        if cfg.profile:
            neural["recall_profile"] = profiler.top(len(queries))
        vector = _vector_row(history, new_turns, queries, targets, enc, real, synthetic, cfg)
        vector["target_turn_in_context"] = vector.pop("hits")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "turns": n,
        "embeddings": "synthetic (hashed words)" if synthetic else "MiniLM",
        "neural": neural,
        "vector": vector,
        "ratios": {
            k: round(neural[k] / vector[k], 3) if vector.get(k) else None
            for k in ("write_ms_p95", "recall_ms_p95", "bytes_per_turn_disk", "rss_mb", "open_s")
        },
        "query_embedding_ms_p50": _pcts(embed_q)[0],
    }


def _agreement(memory: Any, queries: list[str], budget: int) -> float | None:
    """Share of the turns recalled through the inverted file that the exact search
    recalls too (``None``: the session is small enough to be searched exactly)."""
    snap = memory._cache.snapshot(_scope())
    if not snap.sealed:
        return None
    exact = dataclasses.replace(snap, ivf=None)
    nodes = memory._cache.load_nodes(_scope(), snap)
    same = total = 0
    for q in queries:
        fast = memory._reader.read(snap, q, budget, lambda: nodes)
        slow = memory._reader.read(exact, q, budget, lambda: nodes)
        a = {r.turn.turn_id for r in fast.recalled}
        b = {r.turn.turn_id for r in slow.recalled}
        same, total = same + len(a & b), total + max(len(b), 1)
    return round(same / total, 3)


def _scope() -> Any:
    from langchain_neuralmem.index_cache import Scope

    return Scope("u", "s")


def _vector_row(
    history: _Texts,
    new_turns: list[str],
    queries: list[str],
    targets: np.ndarray,
    enc: Encoder,
    real: Encoder,
    synthetic: bool,
    cfg: ScaleConfig,
) -> dict[str, Any]:
    """LangChain's VectorStoreRetrieverMemory over a FAISS store of the same turns."""
    import faiss

    from langchain_neuralmem.evaluation.packing import quiet_deprecations
    from langchain_neuralmem.evaluation.vector_baselines import faiss_store

    with quiet_deprecations():
        from langchain_classic.memory import VectorStoreRetrieverMemory
    base_rss = _rss_mb()
    store = faiss_store(enc)
    start = time.perf_counter()
    step = 20_000
    for lo in range(0, len(history.turns), step):
        chunk = history.turns[lo : lo + step]
        store.add_embeddings(list(zip(chunk, enc.encode(chunk).tolist(), strict=True)))
    build_s = time.perf_counter() - start
    with quiet_deprecations():
        memory = VectorStoreRetrieverMemory(
            retriever=store.as_retriever(search_kwargs={"k": cfg.vector_k}),
            input_key="input",
            return_docs=True,
        )
    writes = [
        _timed(partial(memory.save_context, {"input": t}, {"output": ""}))[0] for t in new_turns
    ]
    recalls, hits = [], 0
    for t, q in zip(targets, queries, strict=True):
        ms, out = _timed(partial(memory.load_memory_variables, {"input": q}))
        recalls.append(ms)
        hits += any(d.page_content == history.turns[int(t)] for d in out["history"])
    rss = _rss_mb() - base_rss
    # A restart without pickle rebuilds the flat index from the stored vectors.
    vectors = store.index.reconstruct_n(0, min(store.index.ntotal, 20_000))
    reps = max(len(history.turns) // len(vectors), 1)
    rebuild_s = _timed(lambda: [faiss.IndexFlatIP(enc.dim).add(vectors) for _ in range(reps)])[0]
    disk = len(faiss.serialize_index(store.index)) + sum(len(t.encode()) for t in history.turns)
    n = len(history.turns) + len(new_turns)
    embed_q, embed_w = _embed_ms(real, queries), _embed_ms(real, new_turns)
    text_bytes = sum(len(t.encode()) for t in history.turns)
    return {
        **_latencies(recalls, writes, embed_q, embed_w, synthetic),
        "open_s": round(rebuild_s / 1000, 3),
        "open_note": "rebuild of the flat FAISS index from stored vectors (no pickle)",
        "build_s": round(build_s, 1),
        "bytes_per_turn_disk": round(disk / n, 1),
        "bytes_per_turn_disk_besides_text": round((disk - text_bytes) / n, 1),
        "rss_mb": round(rss, 1),
        "rss_bytes_per_turn": round(rss * 2**20 / n, 1),
        "hits": round(hits / len(targets), 3),
    }


def _open_in_new_process(
    path: Path, synthetic: bool, query: str, *, saved_index: bool = True
) -> float:
    """Seconds a new process takes to open the memory and answer its first recall
    (imports, weights and the encoder are loaded before the clock starts); without the
    saved index, the session's index is rebuilt from every stored row."""
    script = (
        "import sys\n"
        "from langchain_neuralmem.evaluation.scale_bench import open_probe\n"
        "print(open_probe(sys.argv[1], sys.argv[2] == '1', sys.argv[3], sys.argv[4] == '1'))\n"
    )
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            str(path),
            "1" if synthetic else "0",
            query,
            "1" if saved_index else "0",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def open_probe(path: str, synthetic: bool, query: str, saved_index: bool = True) -> float:
    """Run in a fresh process by :func:`run_size`: open ``path`` and recall once."""
    from langchain_neuralmem.engine import NeuralMemory, _shared_minilm
    from langchain_neuralmem.nn.model import NeuralMemoryModel

    real = _shared_minilm("cpu")
    model = NeuralMemoryModel.from_pretrained(device="cpu")
    enc: Encoder = real
    if synthetic:
        enc = _SameNameEncoder(real)
    start = time.perf_counter()
    memory = NeuralMemory(path, encoder=enc, model=model, index_dir="auto" if saved_index else None)
    memory.recall(query, session_id="s", user_id="u")
    took = time.perf_counter() - start
    memory.store.close()
    return round(took, 3)


class _SameNameEncoder(Encoder):
    """Opens a synthetic-vector store in the probe: vectors of the right size under the
    store's encoder name (the probe times opening, not what the query finds)."""

    def __init__(self, real: Encoder) -> None:
        self.name, self.dim = real.name, real.dim

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        out[:, 0] = 1.0
        return out


class _Profile:
    """cProfile around the timed calls, when asked: the functions that take the time."""

    def __init__(self, on: bool) -> None:
        import cProfile

        self.profiler = cProfile.Profile() if on else None

    def __enter__(self) -> None:
        if self.profiler is not None:
            self.profiler.enable()

    def __exit__(self, *exc: object) -> None:
        if self.profiler is not None:
            self.profiler.disable()

    def top(self, calls: int, k: int = 15) -> list[dict[str, Any]]:
        """The ``k`` functions with the most own time, in ms per timed call."""
        import pstats

        if self.profiler is None:
            return []
        stats = pstats.Stats(self.profiler).stats  # type: ignore[attr-defined]
        rows = sorted(stats.items(), key=lambda item: -item[1][2])[:k]
        return [
            {
                "function": f"{Path(file).name}:{line}({name})",
                "own_ms_per_call": round(own * 1000 / calls, 3),
                "cumulative_ms_per_call": round(cum * 1000 / calls, 3),
            }
            for (file, line, name), (_, _, own, cum, _) in rows
        ]
