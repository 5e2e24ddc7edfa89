"""How datetimes are written to and read from the database: ISO text in UTC.

Shared by the SQLAlchemy models and the plain-sqlite3 glance, so both read the same way.
"""

from __future__ import annotations

from datetime import UTC, datetime


def to_utc_text(value: datetime) -> str:
    """Fixed-width ISO text in UTC, so text order is time order and SQLite's date functions work."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"datetime must be timezone-aware, got naive {value!r}")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def from_utc_text(value: str) -> datetime:
    """Parse what :func:`to_utc_text` wrote back into an aware UTC datetime."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:  # tolerate naive UTC text written by hand or by another tool
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
