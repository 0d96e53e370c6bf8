"""Exceptions raised by langchain-neuralmem. Every one names the problem it reports."""

from __future__ import annotations


class NeuralMemError(Exception):
    """Base class of every error this package raises on purpose."""


class InvalidTurnError(NeuralMemError, ValueError):
    """A turn's content is empty, not text, or larger than the configured limit."""


class WeightsError(NeuralMemError):
    """A weights folder is missing, corrupted, or does not match its config."""


class StoreError(NeuralMemError):
    """The SQLite store cannot be opened or written (read-only, locked, wrong schema)."""


class EncoderMismatchError(StoreError):
    """The store holds vectors from a different encoder than the one in use."""


class AmbiguousKeyError(NeuralMemError, ValueError):
    """A LangChain memory cannot tell which input or output key holds the message."""
