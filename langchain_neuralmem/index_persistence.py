"""Large scopes' indexes kept on disk next to the database, so a new process opens a
million-turn memory in about a second instead of rebuilding it from every stored row.

The files are a cache of what the store holds. Opening one verifies it (see
:mod:`~langchain_neuralmem.stores.index_files`), then reads from the store only the turns
written after it was saved; if the store shows that anything it holds was deleted or
rewritten since, or a file fails its check, it is ignored and the index is rebuilt
(and saved again). Saves happen when a large scope seals new rows, after a rebuild and
when the memory is closed; deleting a scope deletes its files.

Example:
    >>> persisted_index_dir(":memory:", "auto") is None
    True
    >>> str(persisted_index_dir("/data/memory.db", "auto"))
    '/data/memory.db.index'
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from langchain_neuralmem.stores.index_files import (
    IndexFileError,
    load_index,
    save_index,
    scope_folder,
)
from langchain_neuralmem.stores.scope_index import ScopeIndex, append_turns, stacked_vectors

logger = logging.getLogger(__name__)

PERSIST_ROWS = 20_000
"""Scopes with fewer rows are rebuilt from the store when opened (well under a second)."""


def persisted_index_dir(store_path: str | None, index_dir: Any) -> Path | None:
    """Where persisted indexes live: ``index_dir`` itself, or with ``"auto"`` a folder
    next to a SQLite file (none for ``:memory:`` or a server database); ``None`` turns
    persistence off."""
    if index_dir is None:
        return None
    if index_dir != "auto":
        return Path(index_dir)
    if not store_path or store_path == ":memory:" or "://" in store_path:
        return None
    return Path(f"{store_path}.index")


class PersistedIndexes:
    """Open, save and forget the persisted indexes of one memory's scopes.

    Args:
        root: the folder (created when first needed).
        dim: the encoder's vector size.
        store: the memory's store (for the turns written after a save).
        persist_rows: scopes of at least this many rows are saved.
    """

    def __init__(self, root: Path, dim: int, store: Any, persist_rows: int = PERSIST_ROWS) -> None:
        self.root = root
        self.dim = dim
        self.store = store
        self.persist_rows = persist_rows
        self._saved: dict[tuple[str, str], tuple[int, int]] = {}

    def open(self, user_id: str, session_id: str, flat_rows: int) -> ScopeIndex | None:
        """The scope's saved index brought up to date with the store, or ``None`` when
        there is none or it cannot be trusted (the caller rebuilds)."""
        try:
            index = load_index(self.root, user_id, session_id, dim=self.dim)
        except FileNotFoundError:
            return None
        except (IndexFileError, OSError, ValueError) as exc:
            logger.warning("ignoring persisted index of %r/%r: %s", user_id, session_id, exc)
            return None
        index.flat_rows = flat_rows
        positions = index.numeric["positions"].view()
        since = int(positions[-1]) + 1 if len(positions) else 0
        version, tail, state = self.store.read_scope(user_id, session_id, since_position=since)
        saved_count, saved_max = index.version
        if version[0] - saved_count != len(tail) or any(r.turn.turn_id <= saved_max for r in tail):
            logger.info(
                "persisted index of %r/%r is behind a delete: rebuilding", user_id, session_id
            )
            return None
        if tail:
            append_turns(
                index,
                [r.turn for r in tail],
                stacked_vectors(tail, self.dim, f"{self.root} user {user_id!r}"),
                [r.terms for r in tail],
                [r.passages for r in tail],
            )
        self._saved[(user_id, session_id)] = index.version
        index.version = version
        index.state = state.state if state is not None else None
        return index

    def due(self, user_id: str, session_id: str, index: ScopeIndex) -> bool:
        """Whether the scope is large enough to keep and has changed since its last save."""
        return (
            len(index) >= self.persist_rows
            and self._saved.get((user_id, session_id)) != index.version
        )

    def grown(self, user_id: str, session_id: str, index: ScopeIndex) -> bool:
        """Whether the scope is large and has doubled since its last save (a seal saves
        then: rewriting the files after every seal would cost more than it saves)."""
        saved = self._saved.get((user_id, session_id))
        return len(index) >= self.persist_rows and (saved is None or len(index) >= 2 * saved[0])

    def save(self, user_id: str, session_id: str, index: ScopeIndex) -> None:
        """Save the scope's index (the caller holds the writer lock); a failure is logged,
        never raised: the store still holds everything."""
        try:
            with self._locked(user_id, session_id):
                save_index(index, self.root, user_id, session_id)
            self._saved[(user_id, session_id)] = index.version
        except OSError as exc:
            logger.warning("could not save the index of %r/%r: %s", user_id, session_id, exc)

    def forget(self, which: Callable[[str, str], bool]) -> None:
        """Delete the saved indexes of the scopes ``which(user_id, session_id)`` selects."""
        if not self.root.is_dir():
            return
        for folder in self.root.iterdir():
            scope = _scope_of(folder)
            if scope is None or which(*scope):  # unreadable: of no use, and maybe a user's
                shutil.rmtree(folder, ignore_errors=True)
                if scope is not None:
                    self._saved.pop(scope, None)
                continue
            current = (folder / "CURRENT").read_text(encoding="utf-8").strip()
            for stray in folder.iterdir():  # versions a crashed save left behind
                if stray.is_dir() and stray.name != current:
                    shutil.rmtree(stray, ignore_errors=True)

    @contextlib.contextmanager
    def _locked(self, user_id: str, session_id: str) -> Iterator[None]:
        """One saver per scope across processes (an advisory file lock)."""
        folder = scope_folder(self.root, user_id, session_id)
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "LOCK", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def _scope_of(folder: Path) -> tuple[str, str] | None:
    """The (user, session) a scope folder holds, from its current manifest."""
    try:
        current = (folder / "CURRENT").read_text(encoding="utf-8").strip()
        manifest = json.loads((folder / current / "manifest.json").read_text(encoding="utf-8"))
        return str(manifest["user_id"]), str(manifest["session_id"])
    except (OSError, ValueError, KeyError):
        return None
