"""The pure parts of :class:`~langchain_neuralmem.integrations.store.NeuralStore`.

Namespace <-> session id encoding, checks on what a LangGraph op carries, the text an
item is indexed by, value filters (``$eq``, ``$ne``, ``$gt``, ``$gte``, ``$lt``,
``$lte``) and namespace match conditions, as LangGraph's ``InMemoryStore`` reads them.
No database and no model here.

Example:
    >>> session = session_of(("alice", "memories"))
    >>> session
    'store:["alice","memories"]'
    >>> namespace_of(session)
    ('alice', 'memories')
    >>> matches({"score": 5, "tag": "a"}, {"score": {"$gt": 4}, "tag": "a"})
    True
    >>> index_text({"content": "I am allergic to peanuts", "kind": "fact"}, None, 100)
    'I am allergic to peanuts'
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from langgraph.store.base import (
    GetOp,
    InvalidNamespaceError,
    Item,
    ListNamespacesOp,
    MatchCondition,
    SearchItem,
    SearchOp,
    get_text_at_path,
)

from langchain_neuralmem.errors import InvalidInputError, InvalidTurnError
from langchain_neuralmem.turn_input import TurnInput
from langchain_neuralmem.types import Turn
from langchain_neuralmem.validation import check_id, check_metadata, check_query, is_blank

SESSION_PREFIX = "store:"
"""Session ids of store namespaces start with this; the rest is the namespace as JSON."""
OPERATORS = frozenset({"$eq", "$ne", "$gt", "$gte", "$lt", "$lte"})
"""The comparison operators a search filter may use."""


class InvalidStoreNamespaceError(InvalidInputError, InvalidNamespaceError):
    """A namespace the store cannot address: empty, a label that is empty, not a string,
    holds a period or a NUL, a root label ``"langgraph"`` (writes), or too short to hold
    the user label. Both an :class:`~langchain_neuralmem.errors.InvalidInputError` and
    LangGraph's ``InvalidNamespaceError`` (both ``ValueError``)."""


# -- namespaces ---------------------------------------------------------------------------
def session_of(namespace: tuple[str, ...]) -> str:
    """The session id that holds a namespace's items (JSON is reversible, and escapes every
    control character, so the id is always a valid engine id)."""
    return SESSION_PREFIX + json.dumps(list(namespace), separators=(",", ":"))


def namespace_of(session_id: str) -> tuple[str, ...] | None:
    """The namespace a session id encodes, or ``None`` for a session that is not a store's
    (a chat thread in the same file, say)."""
    if not session_id.startswith(SESSION_PREFIX):
        return None
    try:
        labels = json.loads(session_id[len(SESSION_PREFIX) :])
    except ValueError:
        return None
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
        return None
    return tuple(labels)


def check_labels(namespace: Any, what: str = "namespace") -> tuple[str, ...]:
    """A tuple of non-empty string labels without periods or NULs (LangGraph's rules).

    Raises:
        InvalidStoreNamespaceError: not a tuple or list of such labels.
    """
    if not isinstance(namespace, (tuple, list)):
        raise InvalidStoreNamespaceError(
            f"{what} must be a tuple of strings, got {type(namespace).__name__} {namespace!r}"
        )
    for label in namespace:
        if not isinstance(label, str):
            raise InvalidStoreNamespaceError(
                f"{what} labels must be strings, got {type(label).__name__} {label!r} in "
                f"{namespace!r}"
            )
        if not label:
            raise InvalidStoreNamespaceError(f"{what} labels cannot be empty, got {namespace!r}")
        if "." in label or "\x00" in label:
            raise InvalidStoreNamespaceError(
                f"{what} label {label!r} in {namespace!r} holds a period or a NUL, which "
                "LangGraph namespaces cannot hold"
            )
    return tuple(namespace)


def user_of(namespace: tuple[str, ...], user_at: int) -> str:
    """The user id of a namespace: its label at ``user_at``.

    Raises:
        InvalidStoreNamespaceError: the namespace is empty, too short for ``user_at``,
            or that label is not a valid user id (blank, a control character).
    """
    if not namespace:
        raise InvalidStoreNamespaceError("namespace cannot be empty")
    if not -len(namespace) <= user_at < len(namespace):
        raise InvalidStoreNamespaceError(
            f"namespace {namespace!r} has {len(namespace)} label(s), but this store reads the "
            f"user id from label {user_at} (user_at); use longer namespaces"
        )
    try:
        return check_id(namespace[user_at], "user_id")
    except InvalidInputError as exc:
        raise InvalidStoreNamespaceError(
            f"namespace {namespace!r}: label {user_at} is the user id, and {exc}"
        ) from exc


# -- values -------------------------------------------------------------------------------
def check_value(value: Any, namespace: tuple[str, ...], key: str) -> dict[str, Any]:
    """A JSON copy of an item's value.

    Raises:
        InvalidInputError: not a mapping with string keys, or something JSON cannot store
            exactly (a set, an object, NaN, a cycle); the message gives the path.
    """
    if not isinstance(value, Mapping):
        raise InvalidInputError(
            f"the value of item {key!r} in {namespace!r} must be a dict (or None to "
            f"delete it), got {type(value).__name__}"
        )
    try:
        return check_metadata(value)
    except InvalidTurnError as exc:
        problem = str(exc).replace("turn metadata", "value", 1)
        raise InvalidInputError(
            f"the value of item {key!r} in {namespace!r} cannot be stored as JSON: {problem}"
        ) from exc


def index_text(value: Mapping[str, Any], index: Sequence[str] | None, max_chars: int) -> str:
    """The text an item is embedded and ranked by.

    The fields named by ``index`` (LangGraph field paths, joined by new lines); else a
    string ``"content"`` field; else (or when those hold no text) the value as compact
    JSON. Cut to ``max_chars``; NULs become spaces.
    """
    if index:
        texts = [t for path in index for t in get_text_at_path(dict(value), path)]
        text = "\n".join(texts)
    else:
        content = value.get("content")
        text = content if isinstance(content, str) else ""
    text = text.replace("\x00", " ")
    if is_blank(text):
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text[:max_chars]


def check_index(index: Any) -> list[str] | None:
    """``None`` or ``False`` (the default text) or a list of field paths.

    Raises:
        InvalidInputError: anything else.
    """
    if index is None or index is False:
        return None
    if isinstance(index, (str, bytes)) or not isinstance(index, Sequence):
        raise InvalidInputError(
            f"index must be False, None or a list of field paths, got {index!r}"
        )
    if not all(isinstance(p, str) and p for p in index):
        raise InvalidInputError(f"index field paths must be non-empty strings, got {index!r}")
    return list(index)


def item_turn(
    namespace: tuple[str, ...],
    key: str,
    value: dict[str, Any],
    text: str,
    created_at: str | None,
    now: datetime,
) -> TurnInput:
    """The turn that stores an item written at ``now`` (first written at ``created_at``,
    ``None`` for a new item): role "other", speaker "memory", the record in metadata."""
    stamp = now.isoformat()
    record = {
        "namespace": list(namespace),
        "value": value,
        "created_at": created_at or stamp,
        "updated_at": stamp,
    }
    return TurnInput(
        text,
        role="other",
        speaker="memory",
        timestamp=now.timestamp(),
        metadata={"store": record},
        key=key,
    )


def stored_record(turn: Turn) -> dict[str, Any] | None:
    """The store's record kept in a turn's metadata, or ``None`` for a turn that is not a
    store item."""
    record = turn.metadata.get("store") if turn.key is not None else None
    if not isinstance(record, dict) or not isinstance(record.get("value"), dict):
        return None
    times = (record.get("created_at"), record.get("updated_at"))
    return record if all(isinstance(t, str) for t in times) else None


def turn_item(turn: Turn, namespace: tuple[str, ...], score: float | None = None) -> SearchItem:
    """The LangGraph item a stored turn holds (a ``SearchItem``, which is an ``Item``)."""
    record = stored_record(turn)
    assert record is not None and turn.key is not None
    return SearchItem(
        namespace=namespace,
        key=turn.key,
        value=record["value"],
        created_at=datetime.fromisoformat(record["created_at"]),
        updated_at=datetime.fromisoformat(record["updated_at"]),
        score=score,
    )


def plain_item(item: SearchItem) -> Item:
    """The same item without a score (what ``get`` returns)."""
    return Item(
        value=item.value,
        key=item.key,
        namespace=item.namespace,
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


# -- filters ------------------------------------------------------------------------------
def check_filter(filter: Any) -> dict[str, Any] | None:
    """A search filter: a dict of field -> value or ``{"$op": value}``.

    Raises:
        InvalidInputError: not a dict, or an operator other than :data:`OPERATORS`.
    """
    if filter is None:
        return None
    if not isinstance(filter, Mapping):
        raise InvalidInputError(f"filter must be a dict, got {type(filter).__name__}")

    def walk(node: Any) -> None:
        if isinstance(node, Mapping):
            ops = [k for k in node if isinstance(k, str) and k.startswith("$")]
            bad = [k for k in node if k not in OPERATORS] if ops else []
            if bad:
                raise InvalidInputError(
                    f"unsupported filter operator {bad[0]!r} in {dict(node)!r}; use one of "
                    f"{sorted(OPERATORS)}"
                )
            if not ops:  # a nested field match; an operator's argument is a plain value
                for v in node.values():
                    walk(v)

    walk(filter)
    return dict(filter)


def matches(value: Mapping[str, Any], filter: Mapping[str, Any] | None) -> bool:
    """Whether a value passes a filter, as ``InMemoryStore`` compares (nested dicts
    field by field, lists element by element); an order comparison with a missing or
    non-numeric field is ``False`` rather than an error."""
    return not filter or all(_compare(value.get(k), v) for k, v in filter.items())


def _compare(item: Any, wanted: Any) -> bool:
    if isinstance(wanted, Mapping):
        if any(isinstance(k, str) and k.startswith("$") for k in wanted):
            return all(_apply(item, op, arg) for op, arg in wanted.items())
        return isinstance(item, Mapping) and all(
            _compare(item.get(k), v) for k, v in wanted.items()
        )
    if isinstance(wanted, (list, tuple)):
        return (
            isinstance(item, (list, tuple))
            and len(item) == len(wanted)
            and all(_compare(i, w) for i, w in zip(item, wanted, strict=True))
        )
    return bool(item == wanted)


def _apply(item: Any, op: str, arg: Any) -> bool:
    if op == "$eq":
        return bool(item == arg)
    if op == "$ne":
        return bool(item != arg)
    try:
        a, b = float(item), float(arg)
    except (TypeError, ValueError):
        return False
    return {"$gt": a > b, "$gte": a >= b, "$lt": a < b, "$lte": a <= b}[op]


# -- ops ----------------------------------------------------------------------------------
def check_read_op(op: Any) -> None:
    """Refuse a bad search or listing op, or an op of an unknown type (a get's namespace
    is checked by the store, which knows where the user label is).

    Raises:
        InvalidInputError: the message names the argument.
    """
    if isinstance(op, GetOp):
        check_id(op.key, "key")
    elif isinstance(op, SearchOp):
        check_labels(op.namespace_prefix, "namespace_prefix")
        check_filter(op.filter)
        check_page(op.limit, op.offset)
        if op.query is not None:
            check_query(op.query)
    elif isinstance(op, ListNamespacesOp):
        for condition in op.match_conditions or ():
            check_labels(condition.path, "match condition path")
            condition_matches(condition, ())  # checks match_type
        depth = op.max_depth
        if depth is not None and (isinstance(depth, bool) or not isinstance(depth, int)):
            raise InvalidInputError(f"max_depth must be None or an int, got {depth!r}")
        check_page(op.limit, op.offset)
    else:
        raise InvalidInputError(f"unknown store operation: {type(op).__name__}")


# -- listing ------------------------------------------------------------------------------
def condition_matches(condition: MatchCondition, namespace: tuple[str, ...]) -> bool:
    """Whether a namespace matches a prefix or suffix condition (``"*"`` is any label)."""
    kind, path = condition.match_type, tuple(condition.path)
    if kind not in ("prefix", "suffix"):
        raise InvalidInputError(f"match_type must be 'prefix' or 'suffix', got {kind!r}")
    if len(namespace) < len(path):
        return False
    labels = namespace[: len(path)] if kind == "prefix" else namespace[len(namespace) - len(path) :]
    return all(p in ("*", n) for n, p in zip(labels, path, strict=True))


def list_namespaces(
    namespaces: Sequence[tuple[str, ...]],
    conditions: Sequence[MatchCondition] | None,
    max_depth: int | None,
    limit: int,
    offset: int,
) -> list[tuple[str, ...]]:
    """Matching namespaces, cut to ``max_depth`` labels, sorted, deduplicated, paged."""
    kept = [ns for ns in namespaces if all(condition_matches(c, ns) for c in conditions or ())]
    if max_depth is not None:
        kept = [ns[:max_depth] for ns in kept]
    return sorted(set(kept))[offset : offset + limit]


def check_page(limit: Any, offset: Any) -> tuple[int, int]:
    """``limit`` and ``offset`` must be non-negative ints.

    Raises:
        InvalidInputError: a bool, a non-int or a negative number.
    """
    for name, n in (("limit", limit), ("offset", offset)):
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise InvalidInputError(f"{name} must be a non-negative int, got {n!r}")
    return limit, offset
