"""A scope's index saved next to the database, so a large memory opens without a rebuild.

Plain ``.npy`` arrays (read with ``allow_pickle=False``), a JSON vocabulary and a JSON
manifest with each file's dtype, shape and CRC-32; nothing is pickled. Each save goes
into a new version folder, and the one-line ``CURRENT`` file is then replaced
atomically, so a crash mid-save leaves the previous copy (or none) in use, never half
of one. The files are a cache: whatever fails verification (missing, truncated,
altered, or from another version of the scope) is ignored and the index is rebuilt
from the store.

Example:
    >>> import tempfile
    >>> from langchain_neuralmem.stores.scope_index import ScopeIndex
    >>> idx = ScopeIndex(dim=4)
    >>> idx.append(turn_ids=[7], positions=[0], vectors=np.eye(4, dtype=np.float32)[:1],
    ...            terms=[("dog",)], episodes=[0], roles=["human"], speakers=["Ann"],
    ...            times=[0.0], saliences=[0.0], tokens=[3], time_flags=[False])
    >>> idx.version = (1, 7)
    >>> folder = tempfile.mkdtemp()
    >>> save_index(idx, folder, "ann", "s1")
    >>> again = load_index(folder, "ann", "s1", dim=4)
    >>> len(again), again.version, again.snapshot().terms[0]
    (1, (1, 7), ('dog',))
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from langchain_neuralmem.stores.columns import GrowingArray
from langchain_neuralmem.stores.ivf import InvertedFile
from langchain_neuralmem.stores.scope_index import ScopeIndex
from langchain_neuralmem.stores.vector_codec import dequantize

FORMAT = 1
SPARE = 0.25  # room to grow after a load before the first reallocation


class IndexFileError(ValueError):
    """A persisted index failed verification (the caller rebuilds from the store)."""


def scope_folder(root: str | os.PathLike[str], user_id: str, session_id: str) -> Path:
    """The folder of one scope's persisted index (named by a hash: ids may hold any text).

    Example:
        >>> scope_folder("/tmp/m.db.index", "ann", "s1").name[:8]
        '909e13ec'
    """
    digest = hashlib.sha256(f"{user_id}\0{session_id}".encode()).hexdigest()[:32]
    return Path(root) / digest


def _arrays(index: ScopeIndex) -> dict[str, np.ndarray]:
    n = index.size
    bm25 = index.bm25
    bm25.seal()  # everything into the frozen postings (invisible to readers)
    base = bm25.base
    out = {name: column.view(n) for name, column in index.numeric.items()}
    out |= {
        "codes": index.codes.view(n),
        "scales": index.scales.view(n),
        "role_codes": index.roles.codes.view(n),
        "speaker_codes": index.speakers.codes.view(n),
        "term_ids": index.term_ids.view(),
        "term_ends": index.term_ends.view(n),
        "passage_ends": index.passage_ends.view(n),
        "bm25_lengths": bm25.lengths.view(n),
        "bm25_offsets": base.offsets,
        "bm25_docs": base.docs,
        "bm25_tf": base.tf,
    }
    m = int(out["passage_ends"][-1]) if n else 0
    out["passage_vectors"] = index.passage_vectors.view(m)
    out["passage_rows"] = index.passage_rows.view(m)
    if index.ivf is not None:
        out |= {
            "ivf_centroids": index.ivf.centroids,
            "ivf_assignment": index.ivf.assignment,
            "ivf_order": index.ivf.order,
            "ivf_offsets": index.ivf.offsets,
        }
    return out


def save_index(
    index: ScopeIndex, root: str | os.PathLike[str], user_id: str, session_id: str
) -> None:
    """Write ``index`` (as it stands; the caller holds the writer lock) for one scope."""
    folder = scope_folder(root, user_id, session_id)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"v{uuid.uuid4().hex[:12]}"
    target = folder / name
    target.mkdir()
    files: dict[str, Any] = {}
    for key, array in _arrays(index).items():
        data = np.ascontiguousarray(array)
        with open(target / f"{key}.npy", "wb") as fh:
            np.save(fh, data, allow_pickle=False)
            fh.flush()
            os.fsync(fh.fileno())
        files[key] = {
            "dtype": data.dtype.str,
            "shape": list(data.shape),
            "crc32": _crc(data),
        }
    manifest = {
        "format": FORMAT,
        "user_id": user_id,
        "session_id": session_id,
        "version": list(index.version),
        "rows": index.size,
        "dim": index.dim,
        "sealed": index.sealed,
        "flat_rows": index.flat_rows,
        "ivf_trained_rows": index.ivf.trained_rows if index.ivf is not None else 0,
        "roles": index.roles.names,
        "speakers": index.speakers.names,
        "words": index.bm25.words,
        "files": files,
    }
    _write_synced(target / "manifest.json", json.dumps(manifest))
    _write_synced(folder / "CURRENT.tmp", name)
    os.replace(folder / "CURRENT.tmp", folder / "CURRENT")  # the switch is atomic
    for old in folder.iterdir():
        if old.is_dir() and old.name != name:
            shutil.rmtree(old, ignore_errors=True)


def _crc(array: np.ndarray) -> int:
    """CRC-32 of an array's bytes (read in place, no copy when it is contiguous)."""
    flat = np.ascontiguousarray(array).reshape(-1).view(np.uint8)
    return zlib.crc32(flat.data)


def _write_synced(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def load_index(
    root: str | os.PathLike[str], user_id: str, session_id: str, *, dim: int
) -> ScopeIndex:
    """The persisted index of a scope, verified (sizes, dtypes, CRC-32 of every file).

    Raises:
        FileNotFoundError: nothing saved for this scope.
        IndexFileError: the files are incomplete, altered or of another scope or format.
    """
    folder = scope_folder(root, user_id, session_id)
    current = (folder / "CURRENT").read_text(encoding="utf-8").strip()
    target = folder / current
    try:
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexFileError(f"persisted index {target}: unreadable manifest ({exc})") from exc
    if (
        manifest.get("format") != FORMAT
        or manifest.get("user_id") != user_id
        or manifest.get("session_id") != session_id
        or manifest.get("dim") != dim
    ):
        raise IndexFileError(f"persisted index {target} is of another scope, size or format")
    arrays = {key: _read(target, key, spec) for key, spec in manifest["files"].items()}
    return _index_of(manifest, arrays)


def _read(target: Path, key: str, spec: dict[str, Any]) -> np.ndarray:
    try:
        array = np.load(target / f"{key}.npy", mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise IndexFileError(f"persisted index {target}: {key}.npy unreadable ({exc})") from exc
    if array.dtype.str != spec["dtype"] or list(array.shape) != spec["shape"]:
        raise IndexFileError(f"persisted index {target}: {key}.npy has another shape or type")
    if _crc(array) != spec["crc32"]:
        raise IndexFileError(f"persisted index {target}: {key}.npy fails its checksum")
    return array


def _index_of(manifest: dict[str, Any], a: dict[str, np.ndarray]) -> ScopeIndex:
    n, dim, sealed = int(manifest["rows"]), int(manifest["dim"]), int(manifest["sealed"])
    index = ScopeIndex(dim, flat_rows=int(manifest["flat_rows"]))
    try:
        for name in index.numeric:
            index.numeric[name] = GrowingArray.of(np.asarray(a[name]), SPARE)
        index.codes = GrowingArray.of(np.asarray(a["codes"]), SPARE)
        index.scales = GrowingArray.of(np.asarray(a["scales"]), SPARE)
        index.flat = GrowingArray.of(dequantize(a["codes"][sealed:], a["scales"][sealed:]), 1.0)
        for coded, key, names in (
            (index.roles, "role_codes", manifest["roles"]),
            (index.speakers, "speaker_codes", manifest["speakers"]),
        ):
            coded.codes = GrowingArray.of(np.asarray(a[key]), SPARE)
            coded.names = list(names)
            coded._ids = {name: i for i, name in enumerate(coded.names)}
        index.term_ids = GrowingArray.of(np.asarray(a["term_ids"]), SPARE)
        index.term_ends = GrowingArray.of(np.asarray(a["term_ends"]), SPARE)
        index.passage_ends = GrowingArray.of(np.asarray(a["passage_ends"]), SPARE)
        index.passage_vectors = GrowingArray.of(np.asarray(a["passage_vectors"]), SPARE)
        index.passage_rows = GrowingArray.of(np.asarray(a["passage_rows"]), SPARE)
        index.bm25.restore_base(
            manifest["words"],
            np.asarray(a["bm25_offsets"]),
            np.asarray(a["bm25_docs"]),
            np.asarray(a["bm25_tf"]),
            np.asarray(a["bm25_lengths"]),
        )
        if "ivf_centroids" in a:
            index.ivf = InvertedFile(
                np.asarray(a["ivf_centroids"]),
                np.asarray(a["ivf_assignment"]),
                np.asarray(a["ivf_order"]),
                np.asarray(a["ivf_offsets"]),
                int(manifest["ivf_trained_rows"]),
            )
    except (KeyError, ValueError, TypeError) as exc:
        raise IndexFileError(f"persisted index does not fit together: {exc}") from exc
    lengths = {len(col.view()) for col in (*index.numeric.values(), index.codes, index.scales)}
    if lengths != {n} or (index.ivf is not None and index.ivf.rows != sealed) or sealed > n:
        raise IndexFileError("persisted index columns do not match its row count")
    index.sealed = sealed
    index.size = n
    index.version = (int(manifest["version"][0]), int(manifest["version"][1]))
    return index
