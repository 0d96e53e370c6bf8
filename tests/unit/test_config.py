import json

import pytest

from langchain_neuralmem.config import GRUStateConfig, NeuralMemoryConfig, RecallConfig


def test_neural_memory_config_json_round_trip(tmp_path):
    cfg = NeuralMemoryConfig(gru=GRUStateConfig(hidden_dim=64), encoder_name="x")
    path = tmp_path / "config.json"
    cfg.save(path)
    assert NeuralMemoryConfig.load(path) == cfg
    assert json.loads(path.read_text())["gru"]["hidden_dim"] == 64


def test_unknown_config_keys_are_named():
    data = NeuralMemoryConfig().to_dict()
    data["gru"]["hiden_dim"] = 3
    with pytest.raises(ValueError, match="hiden_dim"):
        NeuralMemoryConfig.from_dict(data)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"recent_fraction": 1.5}, "recent_fraction"),
        ({"recent_fraction": 0.7, "summary_fraction": 0.5}, "<= 1"),
        ({"vector_candidates": -1}, "vector_candidates"),
    ],
)
def test_recall_config_rejects_bad_values(kwargs, match):
    with pytest.raises(ValueError, match=match):
        RecallConfig(**kwargs)
