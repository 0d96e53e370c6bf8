"""Training from scratch: deterministic for a seed, writes a loadable checkpoint and a model card."""

import json

import torch

from langchain_neuralmem.cli import main
from langchain_neuralmem.nn.model import NeuralMemoryModel
from langchain_neuralmem.training.trainer import TrainConfig, train

SMALL_CHATS = {"chatbot_generated": 2, "chatbot_val": 1, "calibration_dialogues": 1}
TINY = TrainConfig(generated=4, val_generated=2, babi_per_task=0, epochs=1, seed=3, **SMALL_CHATS)


def test_training_is_deterministic_for_a_seed(tmp_path, encoder):
    a = train(TINY, out_dir=tmp_path / "a", encoder=encoder, progress=False)
    b = train(TINY, out_dir=tmp_path / "b", encoder=encoder, progress=False)
    ma, mb = (
        NeuralMemoryModel.from_pretrained(tmp_path / "a"),
        NeuralMemoryModel.from_pretrained(tmp_path / "b"),
    )
    for (k, x), (_, y) in zip(ma.state_dict().items(), mb.state_dict().items(), strict=True):
        assert torch.equal(x, y), k
    assert a["val"] == b["val"] and a["calibration"] == b["calibration"]
    assert ma.attention.blend == mb.attention.blend in (0.0, 0.25, 0.5, 0.75, 1.0)
    # And training moved the weights away from the cosine initialisation.
    assert not torch.equal(ma.attention.project.weight, torch.eye(384))


def test_training_learns_to_beat_cosine_on_held_out_dialogues(encoder):
    summary = train(
        TrainConfig(generated=24, val_generated=6, babi_per_task=0, epochs=2, **SMALL_CHATS),
        out_dir=None,
        encoder=encoder,
        progress=False,
    )
    val = summary["val"]
    assert val["neural_recall_at_5"] > val["cosine_recall_at_5"] + 0.1


def test_cli_train_writes_checkpoint_card_and_json(tmp_path, capsys):
    out = tmp_path / "ckpt"
    code = main(
        [
            "train",
            "--out",
            str(out),
            "--generated",
            "3",
            "--val-generated",
            "2",
            "--epochs",
            "1",
            "--babi-per-task",
            "0",
            "--chatbot-generated",
            "2",
            "--chatbot-val",
            "1",
            "--calibration-dialogues",
            "1",
            "--json",
            str(tmp_path / "s.json"),
        ]
    )
    assert code == 0
    for name in ("config.json", "model.safetensors", "training.json", "MODEL_CARD.md"):
        assert (out / name).is_file(), name
    summary = json.loads((tmp_path / "s.json").read_text())
    assert summary["train_dialogues"] == 3 + 2 and "val" in summary
    card = (out / "MODEL_CARD.md").read_text()
    assert "No LoCoMo data" in card and "user-assistant chats" in card
    assert "Residual weight chosen" in card
    NeuralMemoryModel.from_pretrained(out)


def test_cli_train_rejects_missing_babi_folder(tmp_path, capsys):
    assert main(["train", "--babi-dir", str(tmp_path / "nope"), "--json", "-"]) == 2
    assert "not a folder" in capsys.readouterr().err
