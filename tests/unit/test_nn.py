import json

import pytest
import torch
import torch.nn.functional as F
from safetensors.torch import save_file

from langchain_neuralmem.config import NeuralMemoryConfig
from langchain_neuralmem.errors import WeightsError
from langchain_neuralmem.features import PAIR_FEATURE_NAMES
from langchain_neuralmem.nn.model import NeuralMemoryModel


def test_untrained_scorer_ranks_by_cosine():
    torch.manual_seed(0)
    model = NeuralMemoryModel()
    keys = F.normalize(torch.randn(20, 384), dim=-1)
    query = F.normalize(keys[3] + 0.1 * torch.randn(384), dim=-1)
    scores = model.attention(
        query, torch.randn(128), keys, torch.zeros(20, len(PAIR_FEATURE_NAMES)), torch.zeros(20)
    )
    assert torch.equal(scores.argsort(), (keys @ query).argsort())


def test_gru_forward_matches_step():
    model = NeuralMemoryModel()
    emb, feats = torch.randn(5, 384), torch.randn(5, 5)
    states = model.gru(emb, feats)
    h = model.gru.initial_state()
    for e, f in zip(emb, feats, strict=True):
        h = model.gru.step(e, f, h)
    assert torch.allclose(states[-1], h, atol=1e-6)


def test_pooling_weights_salient_turns():
    emb = torch.eye(3, 384)
    pooled = NeuralMemoryModel().hierarchy.pool(emb, torch.tensor([10.0, 0.0, 0.0]))
    assert pooled.argmax().item() == 0 and abs(pooled.norm().item() - 1) < 1e-5


def test_save_and_load_round_trip(tmp_path):
    model = NeuralMemoryModel()
    model.save_pretrained(tmp_path)
    assert (tmp_path / "config.json").is_file() and (tmp_path / "model.safetensors").is_file()
    loaded = NeuralMemoryModel.from_pretrained(tmp_path)
    for (k, a), (_, b) in zip(model.state_dict().items(), loaded.state_dict().items(), strict=True):
        assert torch.equal(a, b), k


def test_corrupted_weights_file_is_named(tmp_path):
    NeuralMemoryModel().save_pretrained(tmp_path)
    (tmp_path / "model.safetensors").write_bytes(b"not a safetensors file at all")
    with pytest.raises(WeightsError, match="corrupted"):
        NeuralMemoryModel.from_pretrained(tmp_path)


def test_mismatched_config_is_named(tmp_path):
    NeuralMemoryModel().save_pretrained(tmp_path)
    cfg = json.loads((tmp_path / "config.json").read_text())
    for part in ("gru", "attention", "hierarchy"):
        key = "hidden_dim" if part == "gru" else "state_dim"
        cfg[part][key] = 64
    (tmp_path / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(WeightsError, match="shape"):
        NeuralMemoryModel.from_pretrained(tmp_path)


def test_nan_weights_are_rejected(tmp_path):
    model = NeuralMemoryModel()
    model.save_pretrained(tmp_path)
    state = {k: v.clone() for k, v in model.state_dict().items()}
    state["attention.scale"] = torch.tensor(float("nan"))
    save_file(state, str(tmp_path / "model.safetensors"))
    with pytest.raises(WeightsError, match="NaN"):
        NeuralMemoryModel.from_pretrained(tmp_path)


def test_missing_folder_is_named(tmp_path):
    with pytest.raises(WeightsError, match=r"config\.json"):
        NeuralMemoryModel.from_pretrained(tmp_path / "nowhere")


def test_config_dims_must_agree():
    data = NeuralMemoryConfig().to_dict()
    data["attention"]["embed_dim"] = 10
    with pytest.raises(ValueError, match="embed_dim"):
        NeuralMemoryModel(NeuralMemoryConfig.from_dict(data))
