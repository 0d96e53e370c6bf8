import json
import shutil
import warnings

import pytest
import torch
import torch.nn.functional as F
from safetensors.torch import save_file

from langchain_neuralmem.config import NeuralMemoryConfig
from langchain_neuralmem.errors import UnverifiedWeightsWarning, WeightsError
from langchain_neuralmem.features import PAIR_FEATURE_NAMES
from langchain_neuralmem.nn.model import (
    DEFAULT_WEIGHTS,
    NeuralMemoryModel,
    check_encoder_compatible,
)
from langchain_neuralmem.nn.serialization import tensors_sha256


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
    # A correct checksum, so the NaN check itself is what refuses the file.
    metadata = {"format": "pt", "sha256": tensors_sha256(state)}
    save_file(state, str(tmp_path / "model.safetensors"), metadata=metadata)
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


def _shipped_copy(tmp_path):
    folder = tmp_path / "weights"
    shutil.copytree(DEFAULT_WEIGHTS, folder)
    return folder


def test_shipped_weights_are_checksummed_and_load_without_warning():
    assert json.loads((DEFAULT_WEIGHTS / "config.json").read_text())["format_version"] == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        NeuralMemoryModel.from_pretrained(DEFAULT_WEIGHTS)


def test_saving_is_byte_for_byte_reproducible(tmp_path):
    """Load + save of the shipped checkpoint gives the very same files (tensors untouched)."""
    NeuralMemoryModel.from_pretrained().save_pretrained(tmp_path)
    for name in ("model.safetensors", "config.json"):
        assert (tmp_path / name).read_bytes() == (DEFAULT_WEIGHTS / name).read_bytes(), name


@pytest.mark.parametrize("bit", [0, 7])
def test_one_flipped_bit_in_the_weights_is_refused(tmp_path, bit):
    folder = _shipped_copy(tmp_path)
    weights = folder / "model.safetensors"
    data = bytearray(weights.read_bytes())
    header = int.from_bytes(data[:8], "little")
    offset = 8 + header + (len(data) - 8 - header) // 2  # inside the tensor data
    data[offset] ^= 1 << bit
    weights.write_bytes(bytes(data))
    with pytest.raises(WeightsError, match=r"model\.safetensors is corrupted.*checksum"):
        NeuralMemoryModel.from_pretrained(folder)


def test_checksum_covers_names_dtypes_shapes_and_values():
    base = {"a": torch.zeros(2, 3), "b": torch.ones(4)}
    digest = tensors_sha256(base)
    assert tensors_sha256(dict(reversed(list(base.items())))) == digest
    for changed in (
        {"a": torch.zeros(3, 2), "b": torch.ones(4)},
        {"a": torch.zeros(2, 3, dtype=torch.float64), "b": torch.ones(4)},
        {"c": torch.zeros(2, 3), "b": torch.ones(4)},
        {"a": torch.zeros(2, 3), "b": torch.tensor([1.0, 1.0, 1.0, 1.0000001])},
    ):
        assert tensors_sha256(changed) != digest


def test_missing_checksum_is_refused_for_format_2(tmp_path):
    folder = _shipped_copy(tmp_path)
    state = NeuralMemoryModel.from_pretrained(folder).state_dict()
    save_file(dict(state), str(folder / "model.safetensors"), metadata={"format": "pt"})
    with pytest.raises(WeightsError, match=r"no sha256 checksum.*format_version 2"):
        NeuralMemoryModel.from_pretrained(folder)


def test_format_1_without_checksum_loads_with_a_warning_and_resaves_as_2(tmp_path):
    folder = _shipped_copy(tmp_path)
    model = NeuralMemoryModel.from_pretrained(folder)
    save_file(
        dict(model.state_dict()), str(folder / "model.safetensors"), metadata={"format": "pt"}
    )
    cfg = json.loads((folder / "config.json").read_text())
    cfg["format_version"] = 1
    (folder / "config.json").write_text(json.dumps(cfg))
    with pytest.warns(UnverifiedWeightsWarning, match="without a checksum"):
        old = NeuralMemoryModel.from_pretrained(folder)
    for (k, a), (_, b) in zip(model.state_dict().items(), old.state_dict().items(), strict=True):
        assert torch.equal(a, b), k
    old.save_pretrained(tmp_path / "resaved")
    assert (tmp_path / "resaved" / "model.safetensors").read_bytes() == (
        DEFAULT_WEIGHTS / "model.safetensors"
    ).read_bytes()


@pytest.mark.parametrize(
    "version, match",
    [(3, "format_version 3 is not supported"), (0, "format_version 0 is not supported"),
     ("2", "format_version must be an integer"), (None, "format_version must be an integer")],
)  # fmt: skip
def test_unsupported_format_version_is_refused(tmp_path, version, match):
    folder = _shipped_copy(tmp_path)
    cfg = json.loads((folder / "config.json").read_text())
    cfg["format_version"] = version
    cfg["a_key_from_the_future"] = 1  # the version is reported, not the unknown key
    (folder / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(WeightsError, match=match):
        NeuralMemoryModel.from_pretrained(folder)


@pytest.mark.parametrize(
    "section, key, value",
    [("gru", "hidden_dim", "128"), ("hierarchy", "max_segment_turns", 1.5),
     (None, "embed_speaker", [True]), ("attention", "init_scale", "big"),
     (None, "encoder_name", None)],
)  # fmt: skip
def test_wrong_typed_config_json_is_a_weights_error_naming_the_key(tmp_path, section, key, value):
    folder = _shipped_copy(tmp_path)
    cfg = json.loads((folder / "config.json").read_text())
    (cfg[section] if section else cfg)[key] = value
    (folder / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(WeightsError, match=rf"config\.json is not a valid .*{key}"):
        NeuralMemoryModel.from_pretrained(folder)


@pytest.mark.parametrize("text", ["[1, 2]", "{not json", "null"])
def test_config_json_that_is_not_an_object_is_a_weights_error(tmp_path, text):
    folder = _shipped_copy(tmp_path)
    (folder / "config.json").write_text(text)
    with pytest.raises(WeightsError, match=r"config\.json"):
        NeuralMemoryModel.from_pretrained(folder)


def test_config_that_cannot_build_the_modules_is_a_weights_error(tmp_path):
    folder = _shipped_copy(tmp_path)
    cfg = json.loads((folder / "config.json").read_text())
    cfg["attention"]["embed_dim"] = 256  # disagrees with gru / hierarchy
    (folder / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(WeightsError, match=r"cannot be built.*embed_dim"):
        NeuralMemoryModel.from_pretrained(folder)


@pytest.mark.parametrize(
    "name",
    ["sentence-transformers/all-MiniLM-L6-v2", "all-MiniLM-L6-v2", "ALL-MINILM-L6-V2",
     " all-minilm-l6-v2 ", "/opt/models/all-MiniLM-L6-v2/", "C:\\models\\all-MiniLM-L6-v2",
     "/root/.cache/huggingface/hub/models--sentence-transformers--all-MiniLM-L6-v2/snapshots/abc"],
)  # fmt: skip
def test_same_encoder_under_other_spellings_is_compatible(name):
    check_encoder_compatible(NeuralMemoryConfig(), name, 384)


@pytest.mark.parametrize(
    "name, dim, match",
    [("sentence-transformers/all-MiniLM-L6-v2", 768, "768-dim"),
     ("all-mpnet-base-v2", 768, "384-dim"),
     ("HuggingFaceEmbeddings", 384, r"EmbeddingsEncoder\(embeddings, name="),
     ("sentence-transformers/all-MiniLM-L12-v2", 384, "all-MiniLM-L12-v2")],
)  # fmt: skip
def test_other_encoder_is_a_weights_error(name, dim, match):
    with pytest.raises(WeightsError, match=match):
        check_encoder_compatible(NeuralMemoryConfig(), name, dim)
