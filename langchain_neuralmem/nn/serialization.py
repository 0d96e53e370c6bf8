"""``config.json`` + ``model.safetensors`` save/load for any module with a config dataclass.

Never pickle: tensors go through safetensors, configs through JSON.

Example:
    >>> import tempfile, torch
    >>> from langchain_neuralmem.config import NeuralMemoryConfig
    >>> from langchain_neuralmem.nn.model import NeuralMemoryModel
    >>> folder = tempfile.mkdtemp()
    >>> save_module(NeuralMemoryModel(), NeuralMemoryConfig(), folder)
    >>> cfg, tensors = load_module(folder, NeuralMemoryConfig)
    >>> cfg == NeuralMemoryConfig()
    True
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Protocol, TypeVar

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file
from torch import nn

from langchain_neuralmem.errors import WeightsError

CONFIG_NAME = "config.json"
WEIGHTS_NAME = "model.safetensors"


class _JsonConfig(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


C = TypeVar("C")


def save_module(module: nn.Module, config: _JsonConfig, path: str | os.PathLike[str]) -> None:
    """Write ``config.json`` and ``model.safetensors`` into folder ``path``."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CONFIG_NAME).write_text(json.dumps(config.to_dict(), indent=2, sort_keys=True) + "\n")
    tensors = {k: v.detach().cpu().contiguous() for k, v in module.state_dict().items()}
    save_file(tensors, str(folder / WEIGHTS_NAME), metadata={"format": "pt"})


def load_module(path: str | Path, config_cls: Any) -> tuple[Any, dict[str, torch.Tensor]]:
    """Read a folder written by :func:`save_module`.

    Raises:
        WeightsError: the folder, a file, or the config is missing or unreadable.
    """
    folder = Path(path)
    config_file, weights_file = folder / CONFIG_NAME, folder / WEIGHTS_NAME
    for file in (config_file, weights_file):
        if not file.is_file():
            raise WeightsError(f"weights folder {folder} has no {file.name}")
    try:
        config = config_cls.from_dict(json.loads(config_file.read_text()))
    except (ValueError, TypeError, json.JSONDecodeError) as exc:
        raise WeightsError(f"{config_file} is not a valid {config_cls.__name__}: {exc}") from exc
    try:
        tensors = load_file(str(weights_file))
    except (SafetensorError, OSError, ValueError, RuntimeError) as exc:
        raise WeightsError(f"{weights_file} is corrupted or not a safetensors file: {exc}") from exc
    for key, tensor in tensors.items():
        if not torch.isfinite(tensor).all():
            raise WeightsError(f"{weights_file}: tensor {key} holds NaN or infinite values")
    return config, tensors
