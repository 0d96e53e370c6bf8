"""Pick the backend for a memory target: a SQLite file path, or a PostgreSQL URL.

``NeuralMemory(target)`` goes through :func:`open_store`: a file path or ``":memory:"``
opens a :class:`~langchain_neuralmem.stores.sqlite.SQLiteStore` (the embedded default);
a ``postgresql://`` or ``postgres://`` URL opens a
:class:`~langchain_neuralmem.stores.postgres.PostgresStore` (needs the ``postgres``
extra: ``pip install "langchain-neuralmem[postgres]"``); an already-open store is
returned as it is.

Example:
    >>> type(open_store(":memory:")).__name__
    'SQLiteStore'
    >>> is_postgres_url("postgres://app@db:5432/memory"), is_postgres_url("memory.db")
    (True, False)
    >>> open_store("mysql://db/memory")
    Traceback (most recent call last):
    ...
    langchain_neuralmem.errors.StoreError: unsupported database URL scheme 'mysql' in 'mysql://db/memory': use a SQLite file path, ':memory:', or a postgresql:// URL
"""

from __future__ import annotations

import os
import re
from typing import Any

from langchain_neuralmem.errors import InvalidInputError, StoreError
from langchain_neuralmem.stores.base import MemoryStore
from langchain_neuralmem.stores.sqlite import SQLiteStore

POSTGRES_SCHEMES = ("postgresql", "postgres")
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")


def is_postgres_url(target: str) -> bool:
    """Whether ``target`` is a ``postgresql://`` or ``postgres://`` URL."""
    found = _URL.match(target)
    return bool(found) and found.group(1).lower() in POSTGRES_SCHEMES  # type: ignore[union-attr]


def open_store(target: str | os.PathLike[str] | MemoryStore, **options: Any) -> MemoryStore:
    """The store for ``target``; ``options`` go to the backend's constructor
    (``timeout``, ``read_only``, ``vacuum_on_delete``; PostgreSQL also ``pool_size``).

    Raises:
        StoreError: an unknown URL scheme, a missing ``psycopg``, or the backend cannot
            open the target (see each backend).
        InvalidInputError: ``target`` is neither a path, a URL nor an open store.
    """
    if isinstance(target, (str, os.PathLike)):
        text = os.fspath(target)
        found = _URL.match(text)
        if found is None:
            return SQLiteStore(text, **options)
        if found.group(1).lower() not in POSTGRES_SCHEMES:
            raise StoreError(
                f"unsupported database URL scheme {found.group(1)!r} in {text!r}: use a SQLite "
                "file path, ':memory:', or a postgresql:// URL"
            )
        try:
            from langchain_neuralmem.stores.postgres import PostgresStore
        except ImportError as exc:
            raise StoreError(
                "a postgresql:// memory needs psycopg 3: pip install "
                f"'langchain-neuralmem[postgres]' ({exc})"
            ) from exc
        return PostgresStore(text, **options)
    if isinstance(target, MemoryStore):
        if options:
            raise InvalidInputError("store options apply when opening a path or URL, not a store")
        return target
    raise InvalidInputError(
        f"expected a SQLite path, a postgresql:// URL or an open store, got {type(target).__name__}"
    )
