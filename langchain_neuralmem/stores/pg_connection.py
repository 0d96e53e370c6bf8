"""A PostgreSQL database opened for a store: URL checks, a read pool, write transactions.

The connection layer under :class:`~langchain_neuralmem.stores.postgres.PostgresStore`.
It checks the URL, connects (naming an unreachable server, a missing database or a
refused login), creates the schema in an empty database or checks the version of an
existing one, lends read connections from a small pool, and runs write transactions.

A write transaction takes ``pg_advisory_xact_lock(WRITE_LOCK_KEY)`` first, so writers of
one database, in any number of processes or machines, run one at a time, as SQLite's
``BEGIN IMMEDIATE`` makes them: the engine reads a session's state and turn count
inside the transaction and numbers the new turns from them. The lock is released at
commit or rollback; a writer that waits longer than ``timeout`` gets a
:class:`~langchain_neuralmem.errors.StoreError`. Transactions run at READ COMMITTED, so
every statement after the lock sees what the previous writer committed.

Example (needs a server, so not run here):

.. code-block:: python

    conn = PostgresConnection("postgresql://app@db.internal:5432/memory")
    with conn.transaction() as c:
        c.execute("SELECT 1")
    conn.close()
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg
from psycopg import conninfo

from langchain_neuralmem.errors import StoreError
from langchain_neuralmem.stores.pg_pool import ReadPool
from langchain_neuralmem.stores.pg_schema import SCHEMA_VERSION, check_schema, create_schema

WRITE_LOCK_KEY = 0x4E4D454D  # "NMEM": the advisory lock every writer of a memory takes
"""The key of the transaction-level advisory lock that serialises writers (advisory
locks are per database, so each database is its own memory)."""


def display_url(params: dict[str, Any]) -> str:
    """A URL for messages, without the password.

    Example:
        >>> display_url({"user": "app", "password": "x", "host": "db", "port": "5432", "dbname": "m"})
        'postgresql://app@db:5432/m'
    """
    user = f"{params['user']}@" if params.get("user") else ""
    host = params.get("host") or ""
    port = f":{params['port']}" if params.get("port") else ""
    return f"postgresql://{user}{host}{port}/{params.get('dbname') or ''}"


class PostgresConnection:
    """An open PostgreSQL database with the current schema.

    Args:
        url: ``postgresql://user[:password]@host[:port]/dbname[?param=value...]`` (or
            ``postgres://``); any libpq parameter may follow (``sslmode``, ...).
        timeout: seconds to wait for the write lock, for a free pool connection, and
            (unless the URL sets ``connect_timeout``) to connect.
        read_only: refuse writes (reads still work; the schema must exist).
        vacuum_on_delete: run ``VACUUM FULL`` on the three tables after every delete
            (see :meth:`scrub`); off by default.
        pool_size: the most read connections open at once (plus one for writes).
    """

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 5.0,
        read_only: bool = False,
        vacuum_on_delete: bool = False,
        pool_size: int = 4,
    ) -> None:
        try:
            params = conninfo.conninfo_to_dict(url)
        except psycopg.ProgrammingError as exc:
            raise StoreError(f"bad PostgreSQL URL: {exc}".strip()) from exc
        if not params.get("dbname"):
            raise StoreError("the PostgreSQL URL names no database: add /dbname after the host")
        self.path = display_url(params)
        self.read_only = read_only
        self.vacuum_on_delete = vacuum_on_delete
        self._timeout = timeout
        self._conninfo = url
        self._connect_kwargs: dict[str, Any] = {"autocommit": True}
        if "connect_timeout" not in params:
            self._connect_kwargs["connect_timeout"] = max(2, round(timeout))
        self._lock = threading.RLock()
        self._local = threading.local()
        self._tx_owner: int | None = None
        self._closed = False
        self.conn = self._connect()
        try:
            self._pool = ReadPool(self._connect_reader, size=pool_size, timeout=timeout)
            self._open_schema()
        except BaseException:
            self.conn.close()
            raise

    def _connect(self) -> psycopg.Connection[Any]:
        """A new autocommit connection (transactions are explicit)."""
        try:
            return psycopg.connect(self._conninfo, **self._connect_kwargs)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL at {self.path}: {exc}") from exc

    def _connect_reader(self) -> psycopg.Connection[Any]:
        conn = self._connect()
        conn.execute("SET default_transaction_read_only = on")
        return conn

    def _open_schema(self) -> None:
        try:
            version = check_schema(self.conn, self.path)
            if version is None:
                if self.read_only:
                    raise StoreError(f"database {self.path} has no memory yet and read_only=True")
                with self.transaction() as conn:
                    version = check_schema(conn, self.path) or create_schema(conn)
        except psycopg.Error as exc:
            raise StoreError(f"cannot open the memory in {self.path}: {exc}") from exc
        if version != SCHEMA_VERSION:  # pragma: no cover - check_schema raises first
            raise StoreError(f"database {self.path} has schema version {version!r}")

    # -- plumbing ---------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[psycopg.Connection[Any]]:
        """An exclusive write transaction of the whole memory; rolled back on any error."""
        if self.read_only:
            raise StoreError(f"database {self.path} is read-only; recall works, writes do not")
        with self._lock:
            if self._closed:
                raise StoreError(f"database {self.path} is closed")
            self._begin()
            self._tx_owner = threading.get_ident()
            try:
                try:
                    yield self.conn
                except BaseException:
                    self._rollback()
                    raise
                try:
                    self.conn.execute("COMMIT")
                except psycopg.Error as exc:
                    self._rollback()
                    raise StoreError(f"cannot commit to database {self.path}: {exc}") from exc
            finally:
                self._tx_owner = None

    def _begin(self) -> None:
        """BEGIN and take the write lock; a connection the server dropped since its last
        use (restart, idle timeout) is replaced once, as nothing was done on it yet."""
        for attempt in (0, 1):
            if self.conn.closed or self.conn.broken:
                self.conn = self._connect()
            try:
                self.conn.execute("BEGIN")
                self.conn.execute(
                    "SELECT set_config('lock_timeout', %s, true)",
                    (f"{max(1, round(self._timeout * 1000))}ms",),
                )
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
                return
            except psycopg.Error as exc:
                if self.conn.broken and attempt == 0:
                    continue
                self._rollback()
                if isinstance(exc, psycopg.errors.LockNotAvailable):
                    raise StoreError(
                        f"cannot write to database {self.path}: another writer held the write "
                        f"lock for more than {self._timeout}s (database is locked)"
                    ) from exc
                raise StoreError(f"cannot write to database {self.path}: {exc}") from exc

    def _rollback(self) -> None:
        with contextlib.suppress(psycopg.Error):
            if not (self.conn.closed or self.conn.broken):
                self.conn.execute("ROLLBACK")

    @contextlib.contextmanager
    def read_transaction(self) -> Iterator[psycopg.Connection[Any]]:
        """Several reads that see one committed state (REPEATABLE READ), not blocking
        writers; inside this thread's write transaction, that transaction's connection."""
        if self._tx_owner == threading.get_ident():
            yield self.conn
            return
        held = getattr(self._local, "conn", None)
        if held is not None:  # nested: already in this thread's snapshot
            yield held
            return
        if self._closed:
            raise StoreError(f"database {self.path} is closed")
        for attempt in (0, 1):
            with self._pool.connection() as conn:
                try:
                    conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                except psycopg.Error as exc:
                    if conn.broken and attempt == 0:
                        continue  # dropped by the server since its last use: take another
                    raise StoreError(f"cannot read database {self.path}: {exc}") from exc
                self._local.conn = conn
                try:
                    yield conn
                finally:
                    self._local.conn = None
                    with contextlib.suppress(psycopg.Error):
                        conn.execute("COMMIT")
                return

    def _query(self, sql: str, args: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Rows of one read: on the write connection inside this thread's transaction,
        in this thread's snapshot inside :meth:`read_transaction`, else on a pooled one."""
        if self._closed:
            raise StoreError(f"database {self.path} is closed")
        try:
            if self._tx_owner == threading.get_ident():
                return self.conn.execute(sql, tuple(args)).fetchall()
            held = getattr(self._local, "conn", None)
            if held is not None:
                return held.execute(sql, tuple(args)).fetchall()
        except psycopg.OperationalError as exc:
            raise StoreError(f"cannot read database {self.path}: {exc}") from exc
        for attempt in (0, 1):
            with self._pool.connection() as conn:
                try:
                    return conn.execute(sql, tuple(args)).fetchall()
                except psycopg.OperationalError as exc:
                    if conn.broken and attempt == 0:
                        continue  # dropped by the server since its last use: read again
                    raise StoreError(f"cannot read database {self.path}: {exc}") from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def scrub(self) -> None:
        """After a delete: nothing by default; with ``vacuum_on_delete``, ``VACUUM FULL``.

        Deleted rows are gone for every reader once the delete commits. PostgreSQL keeps
        their old versions (dead tuples) in the table files until (auto)vacuum reclaims
        the space, and in the WAL and any backup taken before. ``VACUUM FULL`` rewrites
        the three tables without them (it locks them for its duration and needs the
        tables' owner); the WAL and backups are not touched.

        Raises:
            StoreError: the VACUUM failed; the delete itself is committed.
        """
        if self.read_only or not self.vacuum_on_delete:
            return
        with self._lock:
            try:
                self.conn.execute("VACUUM FULL turns, states, nodes")
            except psycopg.Error as exc:
                raise StoreError(
                    f"deleted rows of {self.path} are committed, but VACUUM FULL failed: {exc}"
                ) from exc

    def close(self) -> None:
        """Close every connection (idempotent)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._pool.close()
            self.conn.close()
