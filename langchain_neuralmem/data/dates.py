"""Month names and the two date formats the generators and the LoCoMo writer share.

Example:
    >>> from datetime import date
    >>> format_day(date(2023, 5, 8)), format_session_date(1683554160.0)
    ('8 May 2023', '1:56 pm on 8 May, 2023')
"""

from __future__ import annotations

from datetime import date, datetime, timezone

MONTHS: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July")
MONTHS += ("August", "September", "October", "November", "December")


def format_day(day: date) -> str:
    """A date as ``"8 May 2023"``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_session_date(timestamp: float) -> str:
    """A UTC timestamp as LoCoMo writes session dates (seconds dropped):
    ``"1:56 pm on 8 May, 2023"``."""
    dt = datetime.fromtimestamp(timestamp, tz=timezone.utc)
    ampm = "am" if dt.hour < 12 else "pm"
    return (
        f"{dt.hour % 12 or 12}:{dt.minute:02d} {ampm} on {dt.day} {MONTHS[dt.month - 1]}, {dt.year}"
    )
