"""Every script in examples/ runs as a user would run it, and prints the remembered fact."""

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXPECTED = {
    # create_agent on the default local model with offline tools: a fact from an earlier
    # thread answered in a new one, and not to another user
    "assistant_agent.py": "remembered across threads: B12",
    # a LangGraph graph with NeuralStore, reopened on the same file
    "langgraph_store.py": "long-term memory: hazelnut",
    "classic_chain.py": "Pepper",
    "chat_history.py": "shellfish",
    "engine_only.py": "marine biologist",
}


@pytest.mark.parametrize("script", sorted(EXPECTED))
def test_example_runs(script, tmp_path):
    out = subprocess.run(
        [sys.executable, str(EXAMPLES / script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert EXPECTED[script] in out.stdout
