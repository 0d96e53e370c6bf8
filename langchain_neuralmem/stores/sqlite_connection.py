"""One SQLite file opened for a store: WAL mode, per-thread readers, write transactions.

The connection layer under :class:`~langchain_neuralmem.stores.sqlite.SQLiteStore`: it
opens (creating or migrating the schema), hands out one read connection per thread so
reads never wait for a writer, runs ``BEGIN IMMEDIATE`` write transactions, and scrubs
the file after deletes.

Example:
    >>> conn = SQLiteConnection(":memory:")
    >>> with conn.transaction() as c:
    ...     _ = c.execute("SELECT 1")
    >>> conn.close()
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from langchain_neuralmem.errors import StoreError
from langchain_neuralmem.stores.schema import (
    KNOWN_VERSIONS,
    SCHEMA_VERSION,
    migrate,
    stored_version,
)


class SQLiteConnection:
    """An open SQLite file with the current schema.

    Args:
        path: the database file (created if missing), or ":memory:".
        timeout: seconds to wait on a lock held by another writer before failing.
        read_only: open for reading only (also chosen when the file is not writable).
        vacuum_on_delete: rebuild the file after every delete so that no stale copy of a
            deleted row survives anywhere in it (see :meth:`scrub`); ``False`` keeps
            deletes O(rows deleted) but may leave fragments in the file's free space.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: float = 5.0,
        read_only: bool = False,
        vacuum_on_delete: bool = True,
    ) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.vacuum_on_delete = vacuum_on_delete
        self._lock = threading.RLock()
        if self.path != ":memory:":
            file = Path(self.path)
            if file.is_dir():
                raise StoreError(f"database path {self.path} is a directory")
            if not file.parent.exists():
                raise StoreError(f"database folder {file.parent} does not exist")
            if read_only and not file.exists():
                raise StoreError(f"database {self.path} does not exist and read_only=True")
            if file.exists() and not os.access(file, os.W_OK):
                self.read_only = True
            elif not self.read_only and not file.exists() and not os.access(file.parent, os.W_OK):
                raise StoreError(f"cannot create database {self.path}: folder is not writable")
        self._timeout = timeout
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._tx_owner: int | None = None
        self._closed = False
        try:
            self.conn = self._connect()
            if not self.read_only:
                self.conn.execute("PRAGMA secure_delete=ON")  # deleted rows are zeroed on disk
            version = stored_version(self.conn)
            if version is None and not self.read_only:
                self.conn.execute("PRAGMA journal_mode=WAL")
            if version in KNOWN_VERSIONS - {SCHEMA_VERSION} and self.read_only:
                raise StoreError(
                    f"database {self.path} has schema version {version!r} and needs an upgrade "
                    f"to {SCHEMA_VERSION}: open it once without read_only"
                )
            if (version is None or version in KNOWN_VERSIONS) and version != SCHEMA_VERSION:
                with self.transaction() as conn:
                    version = migrate(conn, stored_version(conn))
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:  # damaged schema text too
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"database {self.path} has schema version {version!r}, this package reads {SCHEMA_VERSION}"
            )

    def _connect(self) -> sqlite3.Connection:
        """A new connection (autocommit; transactions are explicit)."""
        if self.read_only:
            uri = f"file:{Path(self.path).resolve()}?mode=ro"
            return sqlite3.connect(
                uri, uri=True, timeout=self._timeout, check_same_thread=False, isolation_level=None
            )
        return sqlite3.connect(
            self.path, timeout=self._timeout, check_same_thread=False, isolation_level=None
        )

    def _reader(self) -> sqlite3.Connection:
        """This thread's read connection: WAL lets it read while another thread writes."""
        if self.path == ":memory:" or self._tx_owner == threading.get_ident():
            return self.conn  # inside our own transaction (or one private database): same conn
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            if not self.read_only:
                conn.execute("PRAGMA query_only=ON")
            self._local.conn = conn
            with self._readers_lock:  # not self._lock: a write transaction holds that one
                self._readers.append(conn)
        return conn

    # -- plumbing ---------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """An exclusive write transaction; rolled back on any error."""
        if self.read_only:
            raise StoreError(f"database {self.path} is read-only; recall works, writes do not")
        with self._lock:
            if self._closed:
                raise StoreError(f"database {self.path} is closed")
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(f"cannot write to database {self.path}: {exc}") from exc
            self._tx_owner = threading.get_ident()
            try:
                try:
                    yield self.conn
                except sqlite3.IntegrityError:
                    self.conn.execute("ROLLBACK")
                    raise  # a constraint: the caller's to handle (a raced key, say)
                except sqlite3.DatabaseError as exc:
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                    raise StoreError(f"cannot write to database {self.path}: {exc}") from exc
                except BaseException:
                    self.conn.execute("ROLLBACK")
                    raise
                try:
                    self.conn.execute("COMMIT")
                except sqlite3.OperationalError as exc:
                    self.conn.execute("ROLLBACK")
                    raise StoreError(f"cannot commit to database {self.path}: {exc}") from exc
            finally:
                self._tx_owner = None

    @contextlib.contextmanager
    def read_transaction(self) -> Iterator[sqlite3.Connection]:
        """Several reads that see one committed state (a WAL snapshot), not blocking writers."""
        conn = self._reader()
        if conn is self.conn:
            with self._lock:
                yield conn
            return
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")

    def _query(self, sql: str, args: Sequence[object] = ()) -> list[tuple]:  # type: ignore[type-arg]
        if self._closed:
            raise StoreError(f"database {self.path} is closed")
        conn = self._reader()
        try:
            if conn is self.conn:
                with self._lock:
                    return conn.execute(sql, tuple(args)).fetchall()
            return conn.execute(sql, tuple(args)).fetchall()
        except sqlite3.DatabaseError as exc:  # locked, malformed, not a database
            raise StoreError(f"cannot read database {self.path}: {exc}") from exc

    def scrub(self) -> None:
        """Leave no copy of deleted rows in any file of the database.

        ``secure_delete`` zeroes deleted rows in place, but SQLite keeps stale bytes of
        rows it moved between pages in the pages' free gaps, and the WAL keeps old page
        images. With ``vacuum_on_delete`` (the default) the file is rebuilt from the live
        rows (VACUUM, about 7 ms per MB here); then the WAL is checkpointed and truncated
        to zero bytes, waiting up to ``timeout`` for readers.

        Raises:
            StoreError: another connection kept the database busy for longer than
                ``timeout``; the delete itself is committed and the next delete retries.
        """
        if self.read_only or self.path == ":memory:":
            return
        deadline = time.monotonic() + self._timeout
        with self._lock:
            try:
                if self.vacuum_on_delete:
                    self.conn.execute("VACUUM")
                while self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:
                    if time.monotonic() > deadline:
                        raise sqlite3.OperationalError("the WAL stayed busy")
                    time.sleep(0.01)
            except sqlite3.OperationalError as exc:
                raise StoreError(
                    f"deleted rows of {self.path} are committed, but old copies may remain on "
                    f"disk until the next delete or close: {exc}"
                ) from exc

    def close(self) -> None:
        """Close every connection (idempotent)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            with self._readers_lock:
                for conn in self._readers:
                    conn.close()
                self._readers.clear()
            self.conn.close()

    # -- meta -------------------------------------------------------------------------
