"""How vectors are stored: unit-length embeddings as int8 codes with one float32 scale.

A 384-dimensional turn vector takes 388 bytes instead of 1,536 (float32); a cosine
between two decoded vectors differs from the exact one by about 0.001 (tested). Every
backend (SQLite, PostgreSQL) and the persisted index use this one codec; blobs written
as float32 by older versions are still read (told apart by their length).

Example:
    >>> v = np.array([0.6, -0.8, 0.0], dtype=np.float32)
    >>> blob = encode_vectors(v)
    >>> len(blob), [round(float(x), 2) for x in decode_vectors(blob, 3)[0]]
    (11, [0.6, -0.8, 0.0])
"""

from __future__ import annotations

import numpy as np

from langchain_neuralmem.errors import StoreError

CODE_MAX = 127
MAGIC = b"NMq8"
"""The first bytes of an int8 blob (a float32 blob starting with them would hold the
value 5.75e-05 bit for bit, with its length a multiple of both layouts)."""


class VectorBlobError(StoreError, ValueError):
    """A stored vector blob of a size no vector layout has (a damaged row)."""


def quantize(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Int8 codes and per-row float32 scales of ``(n, dim)`` vectors:
    ``vectors ≈ codes * scales[:, None]``.

    A scale is the power of two just above ``peak / 127``, so decoding is exact in float32
    and ``quantize(dequantize(codes, scales))`` gives back the same codes and scales: a
    vector read back from the store and indexed again is bit for bit the one indexed
    when it was written.

    Example:
        >>> codes, scales = quantize(np.array([[0.5, -1.0]], np.float32))
        >>> codes.tolist(), float(scales[0]) == 2.0**-6
        ([[32, -64]], True)
        >>> again = quantize(dequantize(codes, scales))
        >>> bool((again[0] == codes).all() and (again[1] == scales).all())
        True
    """
    rows = np.asarray(vectors, dtype=np.float32)
    rows = rows.reshape(-1, rows.shape[-1]) if rows.ndim != 2 else rows
    peak = np.abs(rows).max(axis=1) if rows.size else np.zeros(len(rows), np.float32)
    exponent = np.ceil(np.log2(np.where(peak > 0, peak, 1.0) / CODE_MAX))
    scales = np.where(peak > 0, np.exp2(exponent), 1.0).astype(np.float32)
    codes = np.clip(np.rint(rows / scales[:, None]), -CODE_MAX, CODE_MAX).astype(np.int8)
    return codes, scales


def stored_form(vectors: np.ndarray) -> np.ndarray:
    """Vectors as the store gives them back (quantized then decoded): what every index
    holds, whether a turn was just written, read back from the store or prepared for
    training.

    Example:
        >>> v = np.array([[0.3, 0.4]], np.float32)
        >>> bool((stored_form(stored_form(v)) == stored_form(v)).all())
        True
    """
    rows = np.asarray(vectors, dtype=np.float32)
    return dequantize(*quantize(rows)).reshape(rows.shape)


def dequantize(codes: np.ndarray, scales: np.ndarray) -> np.ndarray:
    """Float32 vectors back from :func:`quantize`'s codes and scales."""
    return np.asarray(codes, dtype=np.float32) * np.asarray(scales, dtype=np.float32)[:, None]


def encode_vectors(vectors: np.ndarray) -> bytes:
    """One blob for ``(n, dim)`` (or ``(dim,)``) vectors: :data:`MAGIC`, then per row ``dim``
    int8 codes and a float32 scale."""
    rows = np.asarray(vectors, dtype=np.float32)
    dim = rows.shape[-1]
    codes, scales = quantize(rows.reshape(-1, dim))
    packed = np.empty((len(codes), dim + 4), dtype=np.uint8)
    packed[:, :dim] = codes.view(np.uint8)
    packed[:, dim:] = scales.astype("<f4").view(np.uint8).reshape(-1, 4)
    return MAGIC + packed.tobytes()


def decode_vectors(blob: bytes, dim: int) -> np.ndarray:
    """Float32 ``(n, dim)`` rows of a blob from :func:`encode_vectors` (or an older float32
    blob); a single vector decodes to ``(1, dim)``.

    Raises:
        ValueError: the blob's length fits neither layout for ``dim``.
    """
    size = len(blob)
    if blob[:4] == MAGIC and (size - 4) % (dim + 4) == 0:
        packed = np.frombuffer(blob, dtype=np.uint8, offset=4).reshape(-1, dim + 4)
        codes = packed[:, :dim].view(np.int8)
        scales = packed[:, dim:].copy().view("<f4").reshape(-1)
        return dequantize(codes, scales)
    if size % (4 * dim) == 0:
        return np.frombuffer(blob, dtype=np.float32).reshape(-1, dim).copy()
    raise VectorBlobError(f"a stored vector blob of {size} bytes does not hold {dim}-dim vectors")


def decode_vector(blob: bytes) -> np.ndarray:
    """The float32 vector of a blob holding exactly one (its size tells the dimension).

    Example:
        >>> decode_vector(encode_vectors(np.ones(4, np.float32))).tolist()
        [1.0, 1.0, 1.0, 1.0]
    """
    dim = len(blob) - 8 if blob[:4] == MAGIC else len(blob) // 4
    if dim <= 0:
        raise VectorBlobError(f"a stored vector blob of {len(blob)} bytes holds no vector")
    return decode_vectors(blob, dim)[0]
