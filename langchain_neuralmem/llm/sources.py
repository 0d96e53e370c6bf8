"""What a ``model`` argument names: a packaged alias, a GGUF file, a folder or a hub id.

Example:
    >>> resolve_source("Qwen/Qwen2.5-0.5B-Instruct")
    ModelSource(kind='hub', location='Qwen/Qwen2.5-0.5B-Instruct', packaged=None)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from langchain_neuralmem.errors import InvalidInputError
from langchain_neuralmem.llm.packaged import resolve_alias

__all__ = ["ModelSource", "resolve_source"]


@dataclass(frozen=True)
class ModelSource:
    """Where a chat model's weights come from.

    Example:
        >>> ModelSource("gguf", "/models/m.gguf").is_gguf
        True
    """

    kind: Literal["packaged", "gguf", "folder", "hub"]
    """``packaged`` (an alias, verified on use), ``gguf`` (a file), ``folder`` or ``hub``."""
    location: str
    """The alias, file, folder or hub id."""
    packaged: str | None = None
    """The packaged model's name, for ``kind == "packaged"``."""

    @property
    def is_gguf(self) -> bool:
        """Whether the weights are a GGUF file (llama.cpp can run them as they are)."""
        return self.kind in {"packaged", "gguf"}


def _looks_like_path(name: str) -> bool:
    """Paths start with ``/ . ~`` or a drive, or have more than one ``/``; hub ids
    are ``name`` or ``org/name``."""
    return (
        name.startswith(("/", ".", "~", "\\"))
        or "\\" in name
        or name.count("/") > 1
        or (len(name) > 1 and name[1] == ":")
    )


def resolve_source(model: str | None) -> ModelSource:
    """Classify ``model`` (``None``: the packaged default).

    Raises:
        InvalidInputError: (a ``ValueError``) an empty name, or a path (a ``.gguf`` file
            or a folder) that does not exist.

    Example:
        >>> resolve_source(None).packaged
        'qwen2.5-coder-0.5b'
        >>> resolve_source("./no/such/folder")
        Traceback (most recent call last):
        ...
        langchain_neuralmem.errors.InvalidInputError: model folder './no/such/folder' does not exist
    """
    if model is not None and (not isinstance(model, str) or not model.strip()):
        raise InvalidInputError(f"model must be a non-empty string or None, got {model!r}")
    spec = resolve_alias(model)
    if spec is not None:
        return ModelSource("packaged", spec.name, packaged=spec.name)
    assert model is not None
    path = Path(model).expanduser()
    if model.lower().endswith(".gguf"):
        if not path.is_file():
            raise InvalidInputError(f"model file {model!r} does not exist")
        return ModelSource("gguf", str(path))
    if path.is_dir():
        return ModelSource("folder", str(path))
    if path.exists():
        raise InvalidInputError(
            f"model {model!r} is a file; give a model folder, a .gguf file or a hub id"
        )
    if _looks_like_path(model):
        raise InvalidInputError(f"model folder {model!r} does not exist")
    return ModelSource("hub", model)
