"""Every script in examples/ runs as a user would run it, and prints the remembered fact."""

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXPECTED = {
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
