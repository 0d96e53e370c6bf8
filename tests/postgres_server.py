"""A throwaway PostgreSQL server for the tests: started once per session, removed after.

``postgres_database_factory`` (session-scoped) starts a server from the local
PostgreSQL binaries (``initdb`` in a temporary folder, ``trust`` auth, TCP on
127.0.0.1 at a free port, its unix socket in the same folder) and yields a function
that creates a fresh database and returns its ``postgresql://`` URL. The server is
stopped and its folder deleted at the end of the session.

The binaries are looked up in ``$NEURALMEM_PG_BINDIR``, then ``/usr/lib/postgresql/*/bin``
(Debian), then ``PATH``. Without them the tests that need a server fail with a message
saying how to install PostgreSQL; ``NEURALMEM_TEST_POSTGRES=0`` skips them instead
(with or without the binaries). When the tests run as root, the server runs as the ``postgres`` system user
(``initdb`` refuses root).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) not found; install them "
    "(Debian: apt-get install -y postgresql-15) or set NEURALMEM_PG_BINDIR, "
    "or set NEURALMEM_TEST_POSTGRES=0 to skip the PostgreSQL tests"
)


def find_bindir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, newest Debian version first."""
    explicit = os.environ.get("NEURALMEM_PG_BINDIR")
    candidates = [explicit] if explicit else []
    debian = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates += debian
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    for folder in candidates:
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """One running throwaway server: ``url(db)`` and ``create_database()``."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="neuralmem-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.user: str | None = None
        if os.geteuid() == 0:  # initdb refuses root: run the server as `postgres`
            self.user = "postgres"
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)

    def _run(self, *args: str) -> None:
        done = subprocess.run(
            [str(self.bindir / args[0]), *args[1:]],
            user=self.user,
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {done.stdout}{done.stderr}\n{tail}")

    def start(self) -> None:
        """initdb and start; waits until the server accepts connections."""
        self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--no-locale", "--no-sync",
        )  # fmt: skip
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip

    def url(self, database: str = "postgres") -> str:
        """The URL of one database of this server."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server (immediately: the data is thrown away) and delete its folder."""
        try:
            if self.data.exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's throwaway PostgreSQL server (started on first use)."""
    if os.environ.get("NEURALMEM_TEST_POSTGRES") == "0":
        pytest.skip("PostgreSQL tests skipped: NEURALMEM_TEST_POSTGRES=0")
    bindir = find_bindir()
    if bindir is None:
        pytest.fail(INSTALL_HINT)
    server = PostgresServer(bindir)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_database_factory(postgres_server: PostgresServer) -> Callable[[], str]:
    """A function that creates a fresh database and returns its ``postgresql://`` URL."""
    return postgres_server.create_database


@pytest.fixture()
def postgres_url(postgres_database_factory: Callable[[], str]) -> str:
    """The URL of a fresh, empty database on the throwaway server."""
    return postgres_database_factory()
