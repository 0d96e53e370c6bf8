"""A small thread-safe pool of PostgreSQL read connections.

At most ``size`` connections are open at once; a thread borrows one for a query (or a
snapshot of several), and gives it back. A connection that broke (server restart,
network) is dropped and replaced on the next borrow, so a memory survives a server
restart without being reopened.

Example:
    >>> made = []
    >>> class Fake:
    ...     closed = broken = False
    ...     def close(self): self.closed = True
    >>> pool = ReadPool(lambda: made.append(Fake()) or made[-1], size=2, timeout=1.0)
    >>> with pool.connection() as a, pool.connection() as b:
    ...     a is not b
    True
    >>> with pool.connection() as c:
    ...     c in made, len(made)
    (True, 2)
    >>> pool.close(); all(c.closed for c in made)
    True
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

from langchain_neuralmem.errors import StoreError


class ReadPool:
    """Up to ``size`` connections made by ``connect``, shared by threads.

    Args:
        connect: makes a new connection (raises :class:`StoreError` when it cannot).
        size: the most connections open at once.
        timeout: seconds a borrower waits for a free connection before failing.
    """

    def __init__(self, connect: Callable[[], Any], *, size: int, timeout: float) -> None:
        if size < 1:
            raise ValueError(f"pool size must be at least 1, got {size}")
        self._connect = connect
        self._timeout = timeout
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[Any] = []
        self._open: list[Any] = []
        self._lock = threading.Lock()
        self._closed = False

    @contextlib.contextmanager
    def connection(self) -> Iterator[Any]:
        """Borrow a connection for the block; it goes back to the pool afterwards."""
        if not self._slots.acquire(timeout=self._timeout):
            raise StoreError(
                f"no free PostgreSQL connection within {self._timeout}s "
                "(all pool connections are busy; raise pool_size)"
            )
        try:
            conn = self._take()
            try:
                yield conn
            finally:
                self._give_back(conn)
        finally:
            self._slots.release()

    def _take(self) -> Any:
        with self._lock:
            if self._closed:
                raise StoreError("the store is closed")
            while self._idle:
                conn = self._idle.pop()
                if not (conn.closed or conn.broken):
                    return conn
                self._forget(conn)
        conn = self._connect()
        with self._lock:
            self._open.append(conn)
        return conn

    def _give_back(self, conn: Any) -> None:
        with self._lock:
            if self._closed or conn.closed or conn.broken:
                self._forget(conn)
                conn.close()
                return
            self._idle.append(conn)

    def _forget(self, conn: Any) -> None:
        if conn in self._open:
            self._open.remove(conn)

    def close(self) -> None:
        """Close every connection; later borrows fail (idempotent)."""
        with self._lock:
            self._closed = True
            for conn in self._open:
                conn.close()
            self._open.clear()
            self._idle.clear()
