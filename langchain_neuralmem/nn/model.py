"""The bundle of trained modules that a :class:`~langchain_neuralmem.engine.NeuralMemory` runs.

Example:
    >>> model = NeuralMemoryModel.from_pretrained()  # the shipped checkpoint
    >>> model.config.gru.hidden_dim
    128
    >>> check_encoder_compatible(model.config, "all-MiniLM-L6-v2", 384)  # same encoder
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import torch
from torch import nn

from langchain_neuralmem.config import NeuralMemoryConfig
from langchain_neuralmem.errors import WeightsError
from langchain_neuralmem.nn.gru_state import ConversationGRU
from langchain_neuralmem.nn.hierarchy import HierarchyHeads
from langchain_neuralmem.nn.serialization import FORMAT_VERSION, load_module, save_module
from langchain_neuralmem.nn.turn_attention import TurnAttentionScorer

DEFAULT_WEIGHTS = Path(__file__).resolve().parent.parent / "weights" / "default"


class NeuralMemoryModel(nn.Module):
    """GRU state + turn attention + hierarchy heads, saved as one checkpoint folder.

    The folder holds ``config.json`` (a :class:`NeuralMemoryConfig`) and
    ``model.safetensors``; :meth:`from_pretrained` without a path loads the
    checkpoint shipped inside the package.
    """

    def __init__(self, config: NeuralMemoryConfig | None = None) -> None:
        super().__init__()
        self.config = config or NeuralMemoryConfig()
        dims = {
            self.config.gru.embed_dim,
            self.config.attention.embed_dim,
            self.config.hierarchy.embed_dim,
        }
        if len(dims) != 1:
            raise ValueError(
                f"NeuralMemoryConfig: components disagree on embed_dim: {sorted(dims)}"
            )
        states = {
            self.config.gru.hidden_dim,
            self.config.attention.state_dim,
            self.config.hierarchy.state_dim,
        }
        if len(states) != 1:
            raise ValueError(
                f"NeuralMemoryConfig: components disagree on the state size: {sorted(states)}"
            )
        self.gru = ConversationGRU(self.config.gru)
        self.attention = TurnAttentionScorer(self.config.attention)
        self.hierarchy = HierarchyHeads(self.config.hierarchy)

    @property
    def embed_dim(self) -> int:
        """Size of the embeddings the modules expect."""
        return self.config.gru.embed_dim

    @property
    def device(self) -> torch.device:
        """Where the parameters live."""
        return next(self.parameters()).device

    def save_pretrained(self, path: str | os.PathLike[str]) -> None:
        """Write ``config.json`` + checksummed ``model.safetensors`` into ``path``.

        Always in the current layout (``format_version`` = :data:`FORMAT_VERSION`), so
        loading a format 1 checkpoint and saving it upgrades it without touching a tensor.
        The residual weight calibrated after training (``attention.blend``) goes in the config.
        """
        attention = dataclasses.replace(self.config.attention, blend=float(self.attention.blend))
        config = dataclasses.replace(
            self.config, attention=attention, format_version=FORMAT_VERSION
        )
        save_module(self, config, path)

    @classmethod
    def from_pretrained(
        cls, path: str | os.PathLike[str] | None = None, *, device: str | torch.device | None = None
    ) -> NeuralMemoryModel:
        """Load a checkpoint folder (default: the shipped weights) in eval mode.

        Raises:
            WeightsError: a file is missing or corrupted (checksum), ``config.json`` has an
                unknown key, a wrong-typed value or an unsupported ``format_version``, or
                the tensors do not fit the modules the config describes.
        """
        folder = Path(path) if path is not None else DEFAULT_WEIGHTS
        config, state = load_module(folder, NeuralMemoryConfig)
        try:
            model = cls(config)
        except (ValueError, TypeError, RuntimeError) as exc:
            raise WeightsError(
                f"{folder / 'config.json'} describes modules that cannot be built: {exc}"
            ) from exc
        model.load_checked_state(state, folder)
        if device is not None:
            model.to(device)
        return model.eval()

    def load_checked_state(self, state: dict[str, torch.Tensor], folder: Path) -> None:
        """Load tensors, turning shape or key mismatches into a :class:`WeightsError`."""
        expected = self.state_dict()
        missing = sorted(set(expected) - set(state))
        unexpected = sorted(set(state) - set(expected))
        if missing or unexpected:
            raise WeightsError(
                f"weights in {folder} do not match config.json: missing {missing[:5]}, "
                f"unexpected {unexpected[:5]}"
            )
        for key, tensor in expected.items():
            if state[key].shape != tensor.shape:
                raise WeightsError(
                    f"weights in {folder} do not match config.json: {key} has shape "
                    f"{tuple(state[key].shape)}, config expects {tuple(tensor.shape)}"
                )
        self.load_state_dict(state)


def _encoder_key(name: str) -> str:
    """The model's own name, lower-cased: no organisation, folder or hub-cache prefix."""
    text = name.strip().replace("\\", "/").rstrip("/").lower()
    cached = re.search(r"models--([^/]+)", text)  # a Hugging Face cache folder
    if cached:
        text = cached.group(1).replace("--", "/")
    return text.rsplit("/", 1)[-1]


def check_encoder_compatible(
    config: NeuralMemoryConfig, encoder_name: str, encoder_dim: int
) -> None:
    """Refuse an encoder other than the one the weights were trained with.

    Names are compared leniently: case, an organisation prefix or a local folder do not
    matter (``"sentence-transformers/all-MiniLM-L6-v2"`` equals ``"all-minilm-l6-v2"`` and
    ``"/models/all-MiniLM-L6-v2"``).

    Raises:
        WeightsError: the dimension or the name differs.

    Example:
        >>> cfg = NeuralMemoryConfig()
        >>> check_encoder_compatible(cfg, "sentence-transformers/all-MiniLM-L6-v2", 384)
        >>> check_encoder_compatible(cfg, "OpenAIEmbeddings", 384)
        Traceback (most recent call last):
        ...
        langchain_neuralmem.errors.WeightsError: the weights were trained for encoder ...
    """
    trained, dim = config.encoder_name, config.gru.embed_dim
    if encoder_dim != dim:
        raise WeightsError(
            f"the weights were trained for encoder {trained!r} ({dim}-dim embeddings), but "
            f"encoder {encoder_name!r} gives {encoder_dim}-dim ones; train a checkpoint for "
            "it with `neuralmem train`"
        )
    if _encoder_key(encoder_name) != _encoder_key(trained):
        raise WeightsError(
            f"the weights were trained for encoder {trained!r}, but encoder {encoder_name!r} "
            "is in use: their embeddings differ even at the same size, so recall would be "
            "wrong. If it is that model, declare it by name: EmbeddingsEncoder(embeddings, "
            f"name={trained!r}); otherwise train a checkpoint for it with `neuralmem train`"
        )
