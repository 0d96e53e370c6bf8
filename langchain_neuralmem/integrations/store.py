"""``NeuralStore``: a LangGraph ``BaseStore`` whose search is ranked by the learned scorer.

Each item is one keyed turn of :class:`~langchain_neuralmem.engine.NeuralMemory`, in the
same SQLite file as the memory's conversations: the user id is one label of the
namespace (``user_at``), the session id the whole namespace (``'store:["alice","memories"]'``),
the turn's key the item's key. So per-user deletion (``memory.delete_user``) removes a
user's store items too, and items of different namespaces never mix.

Example:
    >>> store = NeuralStore(":memory:")
    >>> store.put(("alice", "memories"), "m1", {"content": "I am allergic to peanuts."})
    >>> store.put(("alice", "memories"), "m2", {"content": "My cat is called Miso."})
    >>> store.get(("alice", "memories"), "m1").value
    {'content': 'I am allergic to peanuts.'}
    >>> [i.key for i in store.search(("alice",), query="What food should I avoid?", limit=1)]
    ['m1']
    >>> store.list_namespaces()
    [('alice', 'memories')]
"""

from __future__ import annotations

import asyncio
import itertools
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

try:
    from langgraph.store.base import (
        BaseStore,
        GetOp,
        Item,
        ListNamespacesOp,
        Op,
        PutOp,
        Result,
        SearchItem,
        SearchOp,
    )
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("NeuralStore needs LangGraph: pip install langgraph") from exc

from langchain_neuralmem.engine import NeuralMemory
from langchain_neuralmem.errors import InvalidInputError
from langchain_neuralmem.integrations.store_ops import (
    InvalidStoreNamespaceError,
    check_filter,
    check_index,
    check_labels,
    check_page,
    check_read_op,
    check_value,
    index_text,
    item_turn,
    list_namespaces,
    matches,
    namespace_of,
    plain_item,
    session_of,
    stored_record,
    turn_item,
    user_of,
)
from langchain_neuralmem.types import Turn
from langchain_neuralmem.validation import check_id

__all__ = ["InvalidStoreNamespaceError", "NeuralStore"]

_Ranked = tuple[float, int, SearchItem]  # (score or write time, turn id, item)


@dataclass(frozen=True)
class _Write:
    """A checked put: ``value`` ``None`` deletes."""

    user: str
    session: str
    namespace: tuple[str, ...]
    key: str
    value: dict[str, Any] | None
    text: str


class NeuralStore(BaseStore):
    """A persistent LangGraph store over :class:`~langchain_neuralmem.engine.NeuralMemory`.

    Items are stored as keyed turns (role ``"other"``, speaker ``"memory"``); the value,
    its namespace and its ISO times live in the turn's metadata under ``"store"``. Use it
    wherever LangGraph takes a store (``graph.compile(store=...)``, LangMem's memory
    tools); everything of ``BaseStore`` works: ``get``/``put``/``delete``/``search``/
    ``list_namespaces`` and their async twins (the same code, run in a thread).

    - **Text indexed**: the fields named by ``put(..., index=[...])`` (LangGraph field
      paths such as ``"notes[*].text"``); else a string ``"content"`` field (what LangMem
      writes); else the value as compact JSON; cut to ``max_text_chars``. ``index=False``
      is accepted but the item is embedded all the same (every turn of the engine is), so
      it can still come back from a query.
    - **Search**: with a query, the items of every stored namespace under the prefix are
      ranked by the learned scorer (``NeuralMemory.search``, all rows considered when a
      filter is given), merged by score; ``SearchItem.score`` is that score (not a
      cosine). Without a query, newest update first, ``score`` ``None``. Filters take
      values or ``$eq``/``$ne``/``$gt``/``$gte``/``$lt``/``$lte`` as ``InMemoryStore``
      does (an order comparison on a missing field does not match).
    - **Batches**: every op is checked before anything runs; reads see the store as it
      was before the batch's writes (as LangGraph's stores do); the last put of a key
      wins. Values come back as their JSON copy (tuples as lists).
    - **Not supported**: TTL (``supports_ttl`` is ``False``).

    Args:
        memory_or_path: a :class:`NeuralMemory`, or a SQLite path for a new one (closed by
            :meth:`close`).
        user_at: which namespace label is the user id (``-1``: the last one). Namespaces
            shorter than that are refused.
        max_text_chars: at most this many characters of an item's text are indexed (the
            whole value is always kept).

    Example:
        >>> store = NeuralStore(":memory:", user_at=1)
        >>> store.put(("memories", "bob"), "job", {"text": "Bob is a nurse."}, index=["text"])
        >>> store.search(("memories", "bob"), filter={"text": {"$ne": "x"}})[0].key
        'job'
        >>> store.memory.sessions("bob")
        ['store:["memories","bob"]']
    """

    supports_ttl: bool = False

    def __init__(
        self,
        memory_or_path: NeuralMemory | str | os.PathLike[str] = "memory.db",
        *,
        user_at: int = 0,
        max_text_chars: int = 20_000,
    ) -> None:
        if isinstance(user_at, bool) or not isinstance(user_at, int):
            raise InvalidInputError(f"user_at must be an int, got {user_at!r}")
        if isinstance(max_text_chars, bool) or not isinstance(max_text_chars, int):
            raise InvalidInputError(f"max_text_chars must be an int, got {max_text_chars!r}")
        if max_text_chars < 1:
            raise InvalidInputError(f"max_text_chars must be >= 1, got {max_text_chars}")
        if isinstance(memory_or_path, NeuralMemory):
            self.memory, self._owns_memory = memory_or_path, False
        elif isinstance(memory_or_path, (str, os.PathLike)):
            self.memory, self._owns_memory = NeuralMemory(memory_or_path), True
        else:
            raise InvalidInputError(
                "memory_or_path must be a NeuralMemory or a database path, got "
                f"{type(memory_or_path).__name__}"
            )
        self.user_at = user_at
        self.max_text_chars = min(max_text_chars, self.memory.config.max_content_chars)

    def scope(self, namespace: Sequence[str]) -> tuple[str, str]:
        """The engine's ``(user_id, session_id)`` of a namespace.

        Raises:
            InvalidStoreNamespaceError: see :func:`~.store_ops.user_of`.
        """
        labels = check_labels(namespace)
        return user_of(labels, self.user_at), session_of(labels)

    # -- BaseStore ------------------------------------------------------------------------
    def batch(self, ops: Iterable[Op]) -> list[Result]:
        """Run ops; results in op order (``None`` for puts). All are checked first."""
        ops = list(ops)
        writes = [self._check(op) for op in ops]
        results: list[Result] = [None] * len(ops)
        gets = [(i, op) for i, op in enumerate(ops) if isinstance(op, GetOp)]
        results_of_gets = self._get_many(gets)
        for i, op in enumerate(ops):
            if isinstance(op, GetOp):
                results[i] = results_of_gets[i]
            elif isinstance(op, SearchOp):
                results[i] = self._search(op)
            elif isinstance(op, ListNamespacesOp):
                results[i] = self._list(op)
        self._write([w for w in writes if w is not None])
        return results

    async def abatch(self, ops: Iterable[Op]) -> list[Result]:
        """Async :meth:`batch`: the same implementation, off the event loop."""
        return await asyncio.to_thread(self.batch, list(ops))

    def close(self) -> None:
        """Close the memory if this store opened it (from a path)."""
        if self._owns_memory:
            self.memory.close()

    def __enter__(self) -> NeuralStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- checks ---------------------------------------------------------------------------
    def _check(self, op: Any) -> _Write | None:
        """Refuse a bad op before anything runs; a put comes back ready to write."""
        if isinstance(op, PutOp):
            return self._check_put(op)
        if isinstance(op, GetOp):
            self.scope(op.namespace)
        check_read_op(op)
        return None

    def _check_put(self, op: PutOp) -> _Write:
        namespace = check_labels(op.namespace)
        if not namespace:
            raise InvalidStoreNamespaceError("namespace cannot be empty")
        if namespace[0] == "langgraph":
            raise InvalidStoreNamespaceError(
                f'the root label of a namespace cannot be "langgraph", got {namespace!r}'
            )
        user, session = self.scope(namespace)
        key = check_id(op.key, "key")
        if op.value is None:
            return _Write(user, session, namespace, key, None, "")
        value = check_value(op.value, namespace, key)
        text = index_text(value, check_index(op.index), self.max_text_chars)
        return _Write(user, session, namespace, key, value, text)

    # -- reads ----------------------------------------------------------------------------
    def _get_many(self, gets: list[tuple[int, GetOp]]) -> dict[int, Item | None]:
        """Gets grouped by namespace: one lookup per namespace."""
        groups: dict[tuple[str, str], list[tuple[int, GetOp]]] = defaultdict(list)
        for i, op in gets:
            groups[self.scope(op.namespace)].append((i, op))
        out: dict[int, Item | None] = {}
        for (user, session), group in groups.items():
            found = self.memory.get_keyed(
                [op.key for _, op in group], session_id=session, user_id=user
            )
            for i, op in group:
                turn = found.get(op.key)
                if turn is None or stored_record(turn) is None:
                    out[i] = None
                else:
                    out[i] = plain_item(turn_item(turn, tuple(op.namespace)))
        return out

    def _namespaces(self, prefix: tuple[str, ...] = ()) -> list[tuple[str, str, tuple[str, ...]]]:
        """``(user_id, session_id, namespace)`` of every stored namespace under ``prefix``
        (one user's sessions only when the prefix names the user)."""
        if 0 <= self.user_at < len(prefix):
            try:
                user = user_of(prefix, self.user_at)
            except InvalidStoreNamespaceError:  # no item can be stored under that label
                return []
            scopes = [(user, s) for s in self.memory.sessions(user)]
        else:
            scopes = self.memory.store.scopes()
        out = []
        for user, session in scopes:
            ns = namespace_of(session)
            if ns is None or ns[: len(prefix)] != prefix:
                continue
            if -len(ns) <= self.user_at < len(ns) and ns[self.user_at] == user:
                out.append((user, session, ns))
        return sorted(out, key=lambda x: x[2])

    def _search(self, op: SearchOp) -> list[SearchItem]:
        prefix = check_labels(op.namespace_prefix, "namespace_prefix")
        wanted = check_filter(op.filter)
        limit, offset = check_page(op.limit, op.offset)
        k = limit + offset
        if not k:
            return []
        found: list[_Ranked] = []
        for user, session, ns in self._namespaces(prefix):
            if op.query:
                found += self._ranked(op.query, user, session, ns, wanted, k)
            else:
                found += self._newest(user, session, ns, wanted, k)
        found.sort(key=lambda x: (x[0], x[1]), reverse=True)
        return [item for _, _, item in found[offset:k]]

    def _ranked(
        self,
        query: str,
        user: str,
        session: str,
        ns: tuple[str, ...],
        wanted: Mapping[str, Any] | None,
        k: int,
    ) -> list[_Ranked]:
        """One namespace's best ``k`` items for ``query`` by the learned scorer."""

        def keep(turn: Turn) -> bool:
            record = stored_record(turn)
            return record is not None and matches(record["value"], wanted)

        recalls = self.memory.search(
            query, user_id=user, session_id=session, k=k, where=keep if wanted else None
        )
        return [
            (float(r.score), r.turn.turn_id, turn_item(r.turn, ns, float(r.score)))
            for r in recalls
            if stored_record(r.turn) is not None
        ]

    def _newest(
        self,
        user: str,
        session: str,
        ns: tuple[str, ...],
        wanted: Mapping[str, Any] | None,
        k: int,
    ) -> list[_Ranked]:
        """One namespace's ``k`` most recently written items that pass the filter."""
        out: list[_Ranked] = []
        page = max(k, 64)
        for start in itertools.count(0, page):
            turns = self.memory.store.keyed_page(user, session, limit=page, offset=start)
            for turn in turns:
                record = stored_record(turn)
                if record is not None and matches(record["value"], wanted):
                    out.append((turn.created_at, turn.turn_id, turn_item(turn, ns)))
            if len(out) >= k or len(turns) < page:
                break
        return out[:k]

    def _list(self, op: ListNamespacesOp) -> list[tuple[str, ...]]:
        conditions = tuple(op.match_conditions or ())
        limit, offset = check_page(op.limit, op.offset)
        first = next((c.path for c in conditions if c.match_type == "prefix"), ())
        fixed = tuple(itertools.takewhile(lambda label: label != "*", first))
        namespaces = [ns for _, _, ns in self._namespaces(fixed)]
        return list_namespaces(namespaces, conditions, op.max_depth, limit, offset)

    # -- writes ---------------------------------------------------------------------------
    def _write(self, writes: list[_Write]) -> None:
        """Apply checked puts: the last per key wins; one engine call per namespace."""
        last = {(w.session, w.user, w.key): w for w in writes}
        groups: dict[tuple[str, str], list[_Write]] = defaultdict(list)
        for w in last.values():
            groups[(w.user, w.session)].append(w)
        for (user, session), group in groups.items():
            gone = [w.key for w in group if w.value is None]
            if gone:
                self.memory.delete_keys(gone, session_id=session, user_id=user)
            puts = [w for w in group if w.value is not None]
            if puts:
                self._put(user, session, puts)

    def _put(self, user: str, session: str, puts: list[_Write]) -> None:
        """Store items of one namespace, each replacing the turn of its key (keeping its
        ``created_at``)."""
        known = self.memory.get_keyed([w.key for w in puts], session_id=session, user_id=user)
        now = datetime.now(timezone.utc)
        turns = []
        for w in puts:
            old = known.get(w.key)
            record = stored_record(old) if old is not None else None
            created = record["created_at"] if record is not None else None
            assert w.value is not None
            turns.append(item_turn(w.namespace, w.key, w.value, w.text, created, now))
        self.memory.add_turns(turns, session_id=session, user_id=user, if_key_exists="replace")
