"""The input checks on their own: what passes (and how it is normalised), what is refused."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction

import numpy as np
import pytest

from langchain_neuralmem.errors import (
    AmbiguousKeyError,
    InvalidInputError,
    InvalidTurnError,
    NeuralMemError,
)
from langchain_neuralmem.validation import (
    MAX_SPEAKER_CHARS,
    MAX_TIMESTAMP,
    MIN_TIMESTAMP,
    check_budget,
    check_content,
    check_id,
    check_metadata,
    check_query,
    check_role,
    check_speaker,
    check_timestamp,
)


def test_error_hierarchy():
    for cls in (InvalidTurnError, AmbiguousKeyError):
        assert issubclass(cls, InvalidInputError)
    assert issubclass(InvalidInputError, NeuralMemError)
    assert issubclass(InvalidInputError, ValueError)


# -- timestamps ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value, expected",
    [
        (None, 123.0),
        (0, 0.0),
        (-86400, -86400.0),
        (1.5, 1.5),
        (np.float64(2.5), 2.5),
        (np.float32(0.5), 0.5),
        (np.int64(7), 7.0),
        (Fraction(3, 2), 1.5),
        (MAX_TIMESTAMP, MAX_TIMESTAMP),
        (MIN_TIMESTAMP, MIN_TIMESTAMP),
        (dt.datetime(1970, 1, 1, 1, tzinfo=dt.timezone.utc), 3600.0),
        (dt.datetime(1970, 1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))), 0.0),
    ],
)
def test_timestamps_accepted(value, expected):
    out = check_timestamp(value, now=123.0)
    assert type(out) is float and out == expected


@pytest.mark.parametrize(
    "value, match",
    [
        (float("inf"), "finite"),
        (float("-inf"), "finite"),
        (float("nan"), "finite"),
        (np.float32("nan"), "finite"),
        (10**400, "finite"),
        (True, "got bool"),
        (np.bool_(True), "got bool"),
        ("1700000000", "got str"),
        (b"1", "got bytes"),
        (dt.date(2024, 1, 1), "got date"),
        (np.datetime64("2024-01-01"), "got datetime64"),
        (MAX_TIMESTAMP + 1, "outside the years 1-9999"),
        (1.7e12, "milliseconds"),
        (MIN_TIMESTAMP - 1, "outside"),
        (dt.datetime(2024, 1, 1), "naive datetime"),
    ],
)
def test_timestamps_refused(value, match):
    with pytest.raises(InvalidTurnError, match=match) as info:
        check_timestamp(value, now=0.0)
    assert "timestamp" in str(info.value)


# -- content -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "content",
    ["\u200b", "\ufeff\u2060", "\u200c \u200d\n", "\u00ad", "\ufe0f\u034f", "\u3164", "\x01\x02"],
)
def test_invisible_content_is_empty(content):
    with pytest.raises(InvalidTurnError, match="empty"):
        check_content(content, max_chars=100)


@pytest.mark.parametrize("content", ["a\u200b", "👍", "\u0905", "x", "\t\tcode"])
def test_visible_content_passes(content):
    assert check_content(content, max_chars=100) == content


@pytest.mark.parametrize("content", ["\ud800", "ok \udfff", "pair ok 😀 then \ud83d lone"])
def test_lone_surrogate_content_is_refused(content):
    with pytest.raises(InvalidTurnError, match="content contains a lone surrogate"):
        check_content(content, max_chars=100)


def test_surrogate_pair_written_properly_is_fine():
    assert check_content("emoji 😀", max_chars=100) == "emoji 😀"


# -- ids, roles, speakers ----------------------------------------------------------------
@pytest.mark.parametrize("value", ["alice", "user 42", "Zoë", "用户", "a:b/c", "😀"])
def test_ids_accepted(value):
    assert check_id(value, "user_id") == value


@pytest.mark.parametrize(
    "value, match",
    [
        ("", "non-empty"),
        ("  ", "non-empty"),
        ("\u200b", "non-empty"),
        (None, "non-empty"),
        (5, "non-empty"),
        ("a\x00b", "control character"),
        ("a\tb", "control character"),
        ("a\x85b", "control character"),
        ("a\ud800", "lone surrogate"),
    ],
)
def test_ids_refused(value, match):
    with pytest.raises(InvalidInputError, match=f"session_id.*{match}"):
        check_id(value, "session_id")


def test_roles():
    assert [check_role(r) for r in ("human", "user", "assistant", "tool")] == [
        "human",
        "human",
        "ai",
        "other",
    ]
    for bad in ("robot", None, "\ud800"):
        with pytest.raises(InvalidInputError, match="role"):
            check_role(bad)


@pytest.mark.parametrize(
    "speaker, expected",
    [(None, "human"), ("", "human"), (" \t", "human"), ("Ann", "Ann"), ("x" * 200, "x" * 200)],
)
def test_speakers_accepted(speaker, expected):
    assert check_speaker(speaker, "human") == expected


@pytest.mark.parametrize(
    "speaker, match",
    [
        ("x" * (MAX_SPEAKER_CHARS + 1), "more than 200"),
        ("Ann\x00", "control character"),
        ("Ann\r\nSystem", "control character"),
        ("Ann\udc80", "lone surrogate"),
        (42, "must be a string"),
        (b"Ann", "must be a string"),
    ],
)
def test_speakers_refused(speaker, match):
    with pytest.raises(InvalidTurnError, match=f"speaker.*{match}"):
        check_speaker(speaker, "human")


# -- metadata ----------------------------------------------------------------------------
def test_metadata_is_a_json_copy():
    meta = {"a": (1, 2.5, None, True), "b": {"c": ["d"]}, "big": 10**30}
    out = check_metadata(meta)
    assert out == json.loads(json.dumps(meta)) and out is not meta
    assert check_metadata(None) == {} and check_metadata({}) == {}


class _Thing:
    pass


def _circular() -> dict:
    d: dict = {"x": {}}
    d["x"]["back"] = d
    return d


def _deep(n: int) -> dict:
    d: dict = {}
    for _ in range(n):
        d = {"d": d}
    return d


@pytest.mark.parametrize(
    "meta, match",
    [
        ([1, 2], "must be a dict"),
        ("text", "must be a dict"),
        ({"k": _Thing()}, r"metadata\['k'\] is a _Thing"),
        ({"k": {1, 2}}, "is a set"),
        ({"k": np.int64(3)}, "is a int64"),
        ({"k": float("nan")}, r"\['k'\] is nan"),
        ({"k": [0.0, float("-inf")]}, r"\['k'\]\[1\] is -inf"),
        ({1: "x"}, "key of type int"),
        ({"k": {None: 1}}, r"metadata\['k'\] has a key of type NoneType"),
        ({"k": "\ud800"}, "lone surrogate"),
        ({"\udc00": 1}, "key .* lone surrogate"),
        (_circular(), "circular"),
        (_deep(100), "nested more than"),
    ],
)
def test_metadata_refused(meta, match):
    with pytest.raises(InvalidTurnError, match=match):
        check_metadata(meta)


def test_shared_but_not_circular_metadata_is_fine():
    shared = [1, 2]
    assert check_metadata({"a": shared, "b": shared}) == {"a": [1, 2], "b": [1, 2]}


# -- query and budget --------------------------------------------------------------------
def test_queries():
    assert check_query("") == "" and check_query("where?") == "where?"
    for bad in (None, 1, b"x", ["q"]):
        with pytest.raises(InvalidInputError, match="query must be a string"):
            check_query(bad)
    with pytest.raises(InvalidInputError, match="query contains a lone surrogate"):
        check_query("why \udfff")


@pytest.mark.parametrize("value", [1, 256, np.int64(256), np.int8(5), np.uint64(9)])
def test_budgets_accepted(value):
    out = check_budget(value)
    assert type(out) is int and out == int(value)


@pytest.mark.parametrize(
    "value", [0, -1, np.int64(0), True, False, 256.0, np.float64(256), "256", None]
)
def test_budgets_refused(value):
    with pytest.raises(InvalidInputError, match="max_tokens must be a positive integer"):
        check_budget(value)
