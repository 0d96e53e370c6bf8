"""Dates and relative-time expressions of the synthetic dialogue generator.

Session timestamps are formatted LoCoMo-style and the relative time expressions
of :data:`~langchain_neuralmem.data.generator_data.RELATIVE_TIMES` ("yesterday",
"last weekend" ...) are resolved against the date of the session they were said in.
Internal to :mod:`langchain_neuralmem.data.generator`, which re-exports the public
functions.

Example:
    >>> from datetime import date
    >>> format_session_date(1683554160.0)
    '1:56 pm on 8 May, 2023'
    >>> resolve_relative_time("yesterday", date(2023, 5, 8))
    '7 May 2023'
    >>> resolve_relative_time("last month", date(2023, 5, 8))
    'April 2023'
    >>> event_day("last weekend", date(2023, 5, 8)) is None
    True
"""

from __future__ import annotations

from datetime import date, timedelta

from langchain_neuralmem.data.dates import MONTHS, format_day, format_session_date
from langchain_neuralmem.data.generator_data import RELATIVE_TIMES

__all__ = ["event_day", "fmt_day", "format_session_date", "resolve_relative_time"]


fmt_day = format_day


def event_day(expression: str, session_day: date) -> date | None:
    """Resolve a day-precise relative expression to a date, else ``None``."""
    for text, kind, n in RELATIVE_TIMES:
        if text == expression and kind == "day":
            return session_day - timedelta(days=n)
        if text == expression and kind == "weekday":
            return session_day - timedelta(days=(session_day.weekday() - n) % 7 or 7)
    return None


def resolve_relative_time(expression: str, session_day: date) -> str:
    """Resolve an expression of :data:`RELATIVE_TIMES` to a LoCoMo-style answer.

    Args:
        expression: e.g. ``"yesterday"`` or ``"last weekend"``.
        session_day: the date of the session in which it was said.

    Returns:
        ``"7 May 2023"``, ``"the weekend before 8 May 2023"``,
        ``"the week before 8 May 2023"``, ``"April 2023"`` or ``"2022"``.

    Raises:
        ValueError: if the expression is unknown.
    """
    exact = event_day(expression, session_day)
    if exact is not None:
        return fmt_day(exact)
    if expression in ("last weekend", "last week"):
        return f"the {expression[5:]} before {fmt_day(session_day)}"
    if expression == "last month":
        prev = session_day.replace(day=1) - timedelta(days=1)
        return f"{MONTHS[prev.month - 1]} {prev.year}"
    if expression == "last year":
        return str(session_day.year - 1)
    raise ValueError(f"unknown relative time expression: {expression!r}")
