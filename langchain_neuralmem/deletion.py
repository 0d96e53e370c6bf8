"""Deletion: a session, a user, single turns by id or by key; nothing of anyone else.

Every delete is one transaction, then the deleted rows are scrubbed from the file (see
:meth:`~langchain_neuralmem.stores.sqlite_connection.SQLiteConnection.scrub`) and the
in-memory indexes that held them are dropped, to be rebuilt on the next read.

Example:
    >>> from langchain_neuralmem.engine import NeuralMemory
    >>> memory = NeuralMemory(":memory:")
    >>> turn = memory.add_turn("My PIN is 4321.", session_id="s", user_id="ann")
    >>> memory.delete_turns([turn.turn_id], user_id="ann"), memory.history(session_id="s", user_id="ann")
    (1, [])
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from langchain_neuralmem.errors import InvalidInputError
from langchain_neuralmem.index_cache import IndexCache
from langchain_neuralmem.reading import ContextReader
from langchain_neuralmem.stores.base import MemoryStore
from langchain_neuralmem.validation import check_id

DEFAULT_USER = "default"


class DeletionMixin:
    """The deleting half of :class:`~langchain_neuralmem.engine.NeuralMemory`."""

    store: MemoryStore
    _write_lock: threading.Lock
    _cache: IndexCache
    _reader: ContextReader

    def clear(self, *, session_id: str, user_id: str = DEFAULT_USER) -> int:
        """Delete one session of one user (turns, state, hierarchy); returns turns deleted."""
        check_id(session_id, "session_id")
        check_id(user_id, "user_id")
        with self._write_lock:
            n = self.store.delete(user_id, session_id)
            self._cache.drop(
                lambda scope: scope.user_id == user_id and scope.session_id in (session_id, None)
            )
            self._reader.forget_texts()
        return n

    def delete_turns(self, turn_ids: Sequence[int], *, user_id: str = DEFAULT_USER) -> int:
        """Delete single turns by id, of ``user_id`` only (an id of another user's turn is
        refused and nothing is deleted); returns turns deleted. A summary quoting a deleted
        turn loses its text."""
        check_id(user_id, "user_id")
        if isinstance(turn_ids, (str, bytes)) or not isinstance(turn_ids, Sequence):
            raise InvalidInputError(f"turn_ids must be a sequence of ints, got {turn_ids!r}")
        ids = []
        for t in turn_ids:
            if isinstance(t, bool) or not isinstance(t, (int, np.integer)):
                raise InvalidInputError(f"turn ids must be ints, got {t!r}")
            ids.append(int(t))
        with self._write_lock:
            foreign = [t.turn_id for t in self.store.get_turns(ids) if t.user_id != user_id]
            if foreign:
                raise InvalidInputError(
                    f"turns {foreign} do not belong to user {user_id!r}; nothing was deleted"
                )
            gone = self.store.delete_turns(ids)
            sessions = {t.session_id for t in gone}
            self._cache.drop(
                lambda scope: (
                    scope.user_id == user_id
                    and (scope.session_id is None or scope.session_id in sessions)
                )
            )
            self._reader.forget_texts()
        return len(gone)

    def delete_keys(
        self, keys: Sequence[str], *, session_id: str, user_id: str = DEFAULT_USER
    ) -> int:
        """Delete the turns stored under ``keys`` in one session; returns turns deleted."""
        check_id(session_id, "session_id")
        check_id(user_id, "user_id")
        found = self.store.keyed_turns(user_id, session_id, [check_id(k, "key") for k in keys])
        return self.delete_turns([t.turn_id for t in found.values()], user_id=user_id)

    def delete_user(self, user_id: str) -> int:
        """Delete every session of one user, and nothing of anyone else."""
        check_id(user_id, "user_id")
        with self._write_lock:
            n = self.store.delete(user_id)
            self._cache.drop(lambda scope: scope.user_id == user_id)
            self._reader.forget_texts()
        return n

    async def aclear(self, **kwargs: Any) -> int:
        """Async :meth:`clear`."""
        return await asyncio.to_thread(lambda: self.clear(**kwargs))

    async def adelete_turns(self, turn_ids: Sequence[int], **kwargs: Any) -> int:
        """Async :meth:`delete_turns`."""
        return await asyncio.to_thread(lambda: self.delete_turns(turn_ids, **kwargs))
