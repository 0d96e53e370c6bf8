"""`neuralmem bench --turns` end to end on small sizes: both memories built and timed in
one run (real packaged encoder for the query-embedding times, real FAISS, real SQLite,
a fresh process for the open time), one JSON row per size, a plot, the targets checked."""

from __future__ import annotations

import json

import pytest

from langchain_neuralmem.cli import main


@pytest.mark.slow
def test_scale_bench_writes_rows_side_by_side_and_a_plot(tmp_path, capsys):
    out, png = tmp_path / "scale.json", tmp_path / "scale.png"
    argv = [
        "bench", "--turns", "150,400", "--queries", "4", "--writes", "4",
        "--real-up-to", "150", "--sessions", "4", "--session-turns", "12",
        "--workdir", str(tmp_path), "--no-progress", "--json", str(out), "--plot", str(png),
    ]  # fmt: skip
    assert main(argv) == 0
    report = json.loads(out.read_text())
    assert [r["turns"] for r in report["rows"]] == [150, 400]
    assert [r["embeddings"] for r in report["rows"]] == ["MiniLM", "synthetic (hashed words)"]
    for row in report["rows"]:
        for memory in ("neural", "vector"):
            figures = row[memory]
            for key in ("write_ms_p50", "write_ms_p95", "recall_ms_p50", "recall_ms_p95",
                        "open_s", "bytes_per_turn_disk", "rss_mb"):  # fmt: skip
                assert isinstance(figures[key], float | int), (memory, key)
            assert figures["recall_ms_p95"] >= figures["recall_ms_p95_without_embedding"]
        assert row["neural"]["target_turn_in_context"] >= 0.5  # the query's own turn is found
        assert row["neural"]["open_without_saved_index_s"] > 0
    assert report["cross_session"]["sessions"] == 4
    assert report["cross_session"]["turns"] == 48
    assert set(report["targets"]) >= {"write_ms_p95", "bytes_per_turn_disk_besides_text"}
    assert png.stat().st_size > 10_000
    assert "| 150 | MiniLM |" in capsys.readouterr().out
    assert not list(tmp_path.glob("scale*-*")) and not list(tmp_path.glob("sessions-*"))


@pytest.mark.parametrize("bad", ["10", "abc", ""])
def test_bad_sizes_are_refused(bad, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["bench", "--turns", bad])
    assert exc.value.code == 2
    assert "--turns" in capsys.readouterr().err
