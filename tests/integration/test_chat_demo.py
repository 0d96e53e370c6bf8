"""`neuralmem demo`, the README's main command: the chatbot on the packaged default model
answers every scripted question about the first session correctly, from memory."""

from __future__ import annotations

import json

import pytest

from langchain_neuralmem.cli import main


@pytest.mark.slow
def test_the_chatbot_demo_answers_from_memory(tmp_path, capsys):
    out = tmp_path / "demo.json"
    code = main(["demo", "--json", str(out)])
    printed = capsys.readouterr().out
    report = json.loads(out.read_text())
    assert report["turns"] > 150  # the facts are far back
    assert report["correct"] == report["questions"] == 4, printed
    assert code == 0
    assert "score" in printed and "cosine" in printed  # why each memory was recalled
    assert "[3 March 2026]" in printed  # recalled turns carry their date


def test_the_recall_only_demo_needs_no_model(capsys):
    assert main(["demo", "--recall-only", "--filler", "1"]) == 0
    assert "cosine" in capsys.readouterr().out
