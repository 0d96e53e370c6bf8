import json

import numpy as np
import pytest

from langchain_neuralmem.config import GRUStateConfig, NeuralMemoryConfig, RecallConfig
from langchain_neuralmem.errors import InvalidInputError


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


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"recent_fraction": float("nan")}, "recent_fraction must be a finite number"),
        ({"summary_fraction": float("inf")}, "summary_fraction must be a finite number"),
        ({"summary_fraction": -0.1}, "summary_fraction must be in"),
        ({"episode_gap_seconds": float("nan")}, "episode_gap_seconds must be a finite"),
        ({"episode_gap_seconds": float("inf")}, "episode_gap_seconds must be a finite"),
        ({"episode_gap_seconds": 0}, "episode_gap_seconds must be > 0"),
        ({"episode_gap_seconds": -60.0}, "episode_gap_seconds must be > 0"),
        ({"length_penalty": float("nan")}, "length_penalty must be a finite"),
        ({"length_penalty": -0.5}, "length_penalty must be >= 0"),
        ({"recent_turns": -1}, "recent_turns must be >= 0"),
        ({"recent_turns": 2.5}, "recent_turns must be an integer"),
        ({"recent_turns": True}, "recent_turns must be an integer"),
        ({"descend_episodes": -1}, "descend_episodes must be >= 0"),
        ({"descend_segments": "4"}, "descend_segments must be an integer"),
        ({"neighbour_window": -2}, "neighbour_window must be >= 0"),
        ({"lexical_candidates": 3.0}, "lexical_candidates must be an integer"),
        ({"max_content_chars": 0}, "max_content_chars must be >= 1"),
        ({"max_content_chars": float("inf")}, "max_content_chars must be an integer"),
        ({"use_state": 1}, "use_state must be true or false"),
        ({"use_hierarchy": "no"}, "use_hierarchy must be true or false"),
    ],
)
def test_recall_config_rejects_non_finite_and_wrong_typed_values(kwargs, match):
    with pytest.raises(InvalidInputError, match=match):
        RecallConfig(**kwargs)


def test_recall_config_normalises_numpy_numbers():
    cfg = RecallConfig(recent_turns=np.int64(3), recent_fraction=np.float32(0.25), length_penalty=1)
    assert type(cfg.recent_turns) is int and cfg.recent_turns == 3
    assert type(cfg.recent_fraction) is float and cfg.recent_fraction == 0.25
    assert type(cfg.length_penalty) is float


@pytest.mark.parametrize(
    "section, key, value, match",
    [
        ("gru", "hidden_dim", "128", "gru: GRUStateConfig.hidden_dim must be an integer"),
        ("gru", "embed_dim", 384.5, "GRUStateConfig.embed_dim must be an integer"),
        ("gru", "hidden_dim", True, "GRUStateConfig.hidden_dim must be an integer"),
        ("gru", "hidden_dim", 0, "GRUStateConfig.hidden_dim must be >= 1"),
        ("attention", "init_scale", "10", "TurnAttentionConfig.init_scale must be a number"),
        ("attention", "init_scale", float("nan"), "init_scale must be a finite number"),
        ("hierarchy", "boundary_threshold", None, "boundary_threshold must be a number"),
        ("hierarchy", "summary_turns", [2], "HierarchyConfig.summary_turns must be an integer"),
        (None, "embed_speaker", [False], "embed_speaker must be true or false"),
        (None, "embed_speaker", "false", "embed_speaker must be true or false"),
        (None, "encoder_name", 5, "encoder_name must be a str"),
        (None, "format_version", 2.0, "format_version must be an integer"),
        (None, "gru", [1, 2], "gru: GRUStateConfig: expected a JSON object"),
    ],
)
def test_wrong_typed_config_values_are_named(section, key, value, match):
    data = NeuralMemoryConfig().to_dict()
    (data[section] if section else data)[key] = value
    with pytest.raises(InvalidInputError, match=match):
        NeuralMemoryConfig.from_dict(data)


def test_config_ints_written_for_floats_are_accepted():
    data = NeuralMemoryConfig().to_dict()
    data["attention"]["init_scale"] = 10
    cfg = NeuralMemoryConfig.from_dict(data)
    assert cfg == NeuralMemoryConfig() and type(cfg.attention.init_scale) is float


def test_default_config_is_the_current_weights_format():
    from langchain_neuralmem.nn.serialization import FORMAT_VERSION

    assert NeuralMemoryConfig().format_version == FORMAT_VERSION == 2
