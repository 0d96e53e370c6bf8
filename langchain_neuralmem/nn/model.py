"""The bundle of trained modules that a :class:`~langchain_neuralmem.engine.NeuralMemory` runs.

Example:
    >>> model = NeuralMemoryModel.from_pretrained()  # the shipped checkpoint
    >>> model.config.gru.hidden_dim
    128
"""

from __future__ import annotations

import os
from pathlib import Path

import torch
from torch import nn

from langchain_neuralmem.config import NeuralMemoryConfig
from langchain_neuralmem.nn.gru_state import ConversationGRU
from langchain_neuralmem.nn.hierarchy import HierarchyHeads
from langchain_neuralmem.nn.serialization import load_module, save_module
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
        """Write ``config.json`` + ``model.safetensors`` into ``path``."""
        save_module(self, self.config, path)

    @classmethod
    def from_pretrained(
        cls, path: str | os.PathLike[str] | None = None, *, device: str | torch.device | None = None
    ) -> NeuralMemoryModel:
        """Load a checkpoint folder (default: the shipped weights) in eval mode."""
        folder = Path(path) if path is not None else DEFAULT_WEIGHTS
        config, state = load_module(folder, NeuralMemoryConfig)
        model = cls(config)
        model.load_checked_state(state, folder)
        if device is not None:
            model.to(device)
        return model.eval()

    def load_checked_state(self, state: dict[str, torch.Tensor], folder: Path) -> None:
        """Load tensors, turning shape or key mismatches into a :class:`WeightsError`."""
        from langchain_neuralmem.errors import WeightsError

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
