"""``neuralmem bench --agent`` end to end on the real tiny packaged model (SmolLM2): both
middlewares run the same thread, and the JSON holds per-turn figures and the ratios."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys


def test_agent_bench_writes_side_by_side_figures(tmp_path):
    out = tmp_path / "agent.json"
    run = subprocess.run(
        [sys.executable, "-m", "langchain_neuralmem.cli", "bench", "--agent", "--model", "smollm2",
         "--exchanges", "7", "--budget-tokens", "48", "--max-new-tokens", "8", "--json", str(out)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(out.read_text())
    assert set(report["summary"]) == {"neural", "summarization"}
    for name, summary in report["summary"].items():
        turns = report["runs"][name]["turns"]
        assert len(turns) == 7 and all(t["prompt_tokens"] > 0 for t in turns)
        assert summary["facts_asked"] == 5 and 0 <= summary["facts_new_thread"] <= 5
    # the neural prompt is bounded by its budget (plus the system prompt and the question)
    assert report["summary"]["neural"]["prompt_tokens_max"] < 48 + 120
    # summarisation ran (its prompt dropped after a summary) and is in the ratios
    tokens = [t["prompt_tokens"] for t in report["runs"]["summarization"]["turns"]]
    assert any(after < before for before, after in itertools.pairwise(tokens)), tokens
    assert set(report["ratios"]) == {
        "prompt_tokens_mean_summarization_over_neural",
        "turn_s_summarization_over_neural",
        "memory_s_summarization_over_neural",
    }
