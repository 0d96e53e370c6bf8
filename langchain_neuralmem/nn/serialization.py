"""``config.json`` + ``model.safetensors`` save/load for any module with a config dataclass.

Never pickle: tensors go through safetensors, configs through JSON. Since format 2 the
safetensors metadata carries a SHA-256 over the tensors (:func:`tensors_sha256`), checked
on every load, so a flipped bit is an error instead of a silently different model.
Format 1 (no checksum) still loads, with an :class:`UnverifiedWeightsWarning`.

Example:
    >>> import tempfile, torch
    >>> from langchain_neuralmem.config import NeuralMemoryConfig
    >>> from langchain_neuralmem.nn.model import NeuralMemoryModel
    >>> folder = tempfile.mkdtemp()
    >>> save_module(NeuralMemoryModel(), NeuralMemoryConfig(), folder)
    >>> cfg, tensors = load_module(folder, NeuralMemoryConfig)
    >>> cfg == NeuralMemoryConfig()
    True
    >>> len(tensors_sha256(tensors))
    64
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import torch
from safetensors import SafetensorError, safe_open
from safetensors.torch import save_file
from torch import nn

from langchain_neuralmem.errors import UnverifiedWeightsWarning, WeightsError

CONFIG_NAME = "config.json"
WEIGHTS_NAME = "model.safetensors"
CHECKSUM_KEY = "sha256"
FORMAT_VERSION = 2
"""The layout :func:`save_module` writes: safetensors whose metadata holds ``sha256``."""
SUPPORTED_FORMATS = (1, 2)
"""Layouts :func:`load_module` reads; 1 has no checksum and loads with a warning."""


class _JsonConfig(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def tensors_sha256(tensors: Mapping[str, torch.Tensor]) -> str:
    """SHA-256 (hex) over the tensors' names, dtypes, shapes and bytes, in name order.

    Example:
        >>> a = {"w": torch.zeros(2), "b": torch.ones(1)}
        >>> tensors_sha256(a) == tensors_sha256(dict(reversed(list(a.items()))))
        True
        >>> tensors_sha256(a) == tensors_sha256({"w": torch.zeros(2, 1), "b": torch.ones(1)})
        False
    """
    digest = hashlib.sha256()
    for name in sorted(tensors):
        tensor = tensors[name].detach().cpu().contiguous()
        head = [name, str(tensor.dtype).removeprefix("torch."), list(tensor.shape)]
        digest.update(json.dumps(head).encode() + b"\n")
        digest.update(tensor.reshape(-1).view(torch.uint8).numpy().tobytes())
    return digest.hexdigest()


def save_module(module: nn.Module, config: _JsonConfig, path: str | os.PathLike[str]) -> None:
    """Write ``config.json`` and a checksummed ``model.safetensors`` into folder ``path``.

    The config is written as given; callers that save in the current layout set its
    ``format_version`` to :data:`FORMAT_VERSION` (``NeuralMemoryModel.save_pretrained`` does).
    """
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CONFIG_NAME).write_text(json.dumps(config.to_dict(), indent=2, sort_keys=True) + "\n")
    tensors = {k: v.detach().cpu().contiguous() for k, v in module.state_dict().items()}
    # One metadata key only: safetensors keeps metadata in a hash map whose order changes
    # from process to process, and a second key would make the file bytes vary with it.
    save_file(tensors, str(folder / WEIGHTS_NAME), metadata={CHECKSUM_KEY: tensors_sha256(tensors)})


def _read_config(config_file: Path, config_cls: Any) -> Any:
    try:
        raw = json.loads(config_file.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WeightsError(f"{config_file} is not readable JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise WeightsError(f"{config_file} must hold a JSON object, got {type(raw).__name__}")
    # The version first: a newer layout may also have keys this release does not know.
    version = raw.get("format_version", FORMAT_VERSION)
    if isinstance(version, bool) or not isinstance(version, int):
        raise WeightsError(f"{config_file}: format_version must be an integer, got {version!r}")
    if version not in SUPPORTED_FORMATS:
        raise WeightsError(
            f"{config_file}: format_version {version} is not supported (this release reads "
            f"{', '.join(map(str, SUPPORTED_FORMATS))}); upgrade langchain-neuralmem or "
            "re-save the checkpoint with a matching release"
        )
    try:
        return config_cls.from_dict(raw)
    except (ValueError, TypeError) as exc:
        raise WeightsError(f"{config_file} is not a valid {config_cls.__name__}: {exc}") from exc


def _read_tensors(weights_file: Path) -> tuple[dict[str, str], dict[str, torch.Tensor]]:
    try:
        with safe_open(str(weights_file), framework="pt") as f:
            metadata = dict(f.metadata() or {})
            tensors = {k: f.get_tensor(k) for k in f.keys()}  # noqa: SIM118 (not a dict)
    except (SafetensorError, OSError, ValueError, RuntimeError) as exc:
        raise WeightsError(f"{weights_file} is corrupted or not a safetensors file: {exc}") from exc
    return metadata, tensors


def load_module(path: str | Path, config_cls: Any) -> tuple[Any, dict[str, torch.Tensor]]:
    """Read a folder written by :func:`save_module`, verifying the tensors' checksum.

    Raises:
        WeightsError: the folder, a file, or the config is missing or unreadable; the
            config's ``format_version`` is unsupported; the checksum is missing (format 2)
            or does not match; a tensor holds NaN or infinite values.

    Warns:
        UnverifiedWeightsWarning: a format 1 checkpoint (no checksum) was loaded.
    """
    folder = Path(path)
    config_file, weights_file = folder / CONFIG_NAME, folder / WEIGHTS_NAME
    for file in (config_file, weights_file):
        if not file.is_file():
            raise WeightsError(f"weights folder {folder} has no {file.name}")
    config = _read_config(config_file, config_cls)
    version = getattr(config, "format_version", FORMAT_VERSION)
    metadata, tensors = _read_tensors(weights_file)
    expected = metadata.get(CHECKSUM_KEY)
    if expected is None:
        if version >= 2:
            raise WeightsError(
                f"{weights_file} has no {CHECKSUM_KEY} checksum in its metadata, which "
                f"format_version {version} requires; the file was not written by "
                "save_pretrained or has been altered"
            )
        warnings.warn(
            f"{weights_file} is a format_version {version} checkpoint without a checksum: "
            "loaded unverified; re-save it with save_pretrained to add one",
            UnverifiedWeightsWarning,
            stacklevel=3,
        )
    elif tensors_sha256(tensors) != expected:
        raise WeightsError(
            f"{weights_file} is corrupted: its tensors do not match the {CHECKSUM_KEY} "
            "checksum recorded when it was saved"
        )
    for key, tensor in tensors.items():
        if tensor.is_floating_point() and not torch.isfinite(tensor).all():
            raise WeightsError(f"{weights_file}: tensor {key} holds NaN or infinite values")
    return config, tensors
