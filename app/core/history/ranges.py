"""The History page's ranges (4 weeks, 3 months, a year, all) and the local days they count.

A range is counted in the person's days, not UTC's: a check at 23:30 belongs to the day the
person lived it. A Window says what one range asks of the database; its practice reading
also covers the calendar's year, so one read serves the range and the calendar.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum


class Span(StrEnum):
    WEEKS_4 = "4w"
    MONTHS_3 = "3m"
    YEAR = "1y"
    ALL = "all"


SPAN_LABELS: Mapping[Span, str] = {
    Span.WEEKS_4: "4 weeks",
    Span.MONTHS_3: "3 months",
    Span.YEAR: "A year",
    Span.ALL: "All",
}
SPAN_PHRASES: Mapping[Span, str] = {
    Span.WEEKS_4: "in the last 4 weeks",
    Span.MONTHS_3: "in the last 3 months",
    Span.YEAR: "in the last year",
    Span.ALL: "since the start",
}
DEFAULT_SPAN = Span.MONTHS_3
HEAT_MAP_WEEKS = 53  # a year of columns, the current week the last


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar day a moment falls on for the person (tz None: this computer's zone)."""
    return moment.astimezone(tz).date()


def local_midnight(day: date, tz: tzinfo | None = None) -> datetime:
    """The start of a local day, in UTC. At the ends of the calendar (1 January of year 1
    east of UTC, 31 December 9999 west of it) that moment is outside what Python can hold:
    the earliest or latest moment there is stands in for it (an import may bring data from
    2 January of year 1, and History's first week then starts on 1 January)."""
    try:
        if tz is None:
            return datetime.combine(day, time()).astimezone().astimezone(UTC)
        return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)
    except (OverflowError, ValueError):
        edge = datetime.min if day.year == date.min.year else datetime.max
        return edge.replace(tzinfo=UTC)


def _months_before(day: date, months: int) -> date:
    """The same day of the month ``months`` earlier, the month's last day when it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def span_first_day(span: Span, today: date) -> date | None:
    """The first local day a range shows; None for all of it."""
    if span is Span.WEEKS_4:
        return today - timedelta(weeks=4)
    if span is Span.MONTHS_3:
        return _months_before(today, 3)
    if span is Span.YEAR:
        return _months_before(today, 12)
    return None


def heat_map_first_day(today: date) -> date:
    """The Monday that starts the calendar: HEAT_MAP_WEEKS columns, this week the last."""
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=HEAT_MAP_WEEKS - 1)


@dataclass(frozen=True)
class Window:
    """What one range asks of the database, and where its charts start."""

    span: Span
    today: date  # the person's local today
    first_day: date | None  # None: everything
    since: datetime | None  # UTC start of first_day, for the check query
    heat_first: date  # the calendar's first day
    adherence_since: datetime | None  # covers the range and the calendar's year


def window(span: Span, now: datetime, tz: tzinfo | None = None) -> Window:
    today = local_day(now, tz)
    first = span_first_day(span, today)
    heat_first = heat_map_first_day(today)
    since = None if first is None else local_midnight(first, tz)
    adherence_first = None if first is None else min(first, heat_first)
    return Window(
        span,
        today,
        first,
        since,
        heat_first,
        None if adherence_first is None else local_midnight(adherence_first, tz),
    )


def x_range(start: datetime, end: datetime, pad: float = 0.02) -> tuple[float, float]:
    """A chart's time axis in epoch seconds, with a little room at each end."""
    low, high = start.timestamp(), end.timestamp()
    if high <= low:
        low, high = low - 86400.0, low + 86400.0
    room = (high - low) * pad
    return low - room, high + room


@dataclass(frozen=True)
class Extent:
    """When the history begins (the first live check, the first counted session) and how
    many sessions the log lists (every one, an empty start included)."""

    first_check: datetime | None
    first_session: datetime | None
    session_count: int = 0
