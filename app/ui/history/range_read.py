"""Reading one range of History from the data file, and keeping what was read until the next
refresh: a range that starts later than one already read is filtered from it, not read again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from typing import Any, Protocol, TypeVar

from app.core.history.chart_model import RecordPoint
from app.core.history.practice import PracticeByDay, current_streak
from app.core.history.ranges import Extent, Window
from app.db.history_queries import (
    adherence,
    check_points,
    extent,
    session_days,
)

T = TypeVar("T")


class ReadFile(Protocol):
    """Runs ``reader`` on an open read-only connection to the data file (the page's _read)."""

    def __call__(self, reader: Callable[[Any], T]) -> T: ...


@dataclass(frozen=True)
class RangeRead:
    """One range's reading of the file."""

    window: Window
    points: list[RecordPoint]  # the range's
    adherence: PracticeByDay  # at least the range's and the calendar's year
    extent: Extent
    streak: int


@dataclass(frozen=True)
class RangeCache:
    """What has been read since the last refresh; a later start is filtered from it."""

    points_since: datetime | None
    points: list[RecordPoint]
    work_since: datetime | None
    work: PracticeByDay
    extent: Extent
    streak: int

    @property
    def whole(self) -> bool:
        """Whether every check and session has been read: nothing is left to read ahead."""
        return self.points_since is None and self.work_since is None

    def with_everything(self, points: list[RecordPoint], work: PracticeByDay) -> RangeCache:
        """This cache once every check and session has been read (the read-ahead's result)."""
        return replace(self, points_since=None, points=points, work_since=None, work=work)


def _covers(read_since: datetime | None, wanted: datetime | None) -> bool:
    return read_since is None or (wanted is not None and wanted >= read_since)


def read_range(
    read: ReadFile, frame: Window, cached: RangeCache | None, tz: tzinfo | None
) -> tuple[RangeCache, RangeRead]:
    """The range's data and the cache that now holds it: read from the file what earlier
    reads since the last refresh do not already cover (they cover any later start), else
    filtered from them."""
    if cached is None:

        def read_all(connection: Any) -> RangeCache:
            return RangeCache(
                frame.since,
                check_points(connection, frame.since),
                frame.adherence_since,
                adherence(connection, frame.adherence_since, tz),
                extent(connection),
                current_streak(session_days(connection, tz), frame.today),
            )

        cached = read(read_all)
    else:
        changes: dict[str, Any] = {}
        if not _covers(cached.points_since, frame.since):
            changes["points_since"] = frame.since
        if not _covers(cached.work_since, frame.adherence_since):
            changes["work_since"] = frame.adherence_since
        if changes:
            known = cached

            def read_more(connection: Any) -> RangeCache:
                if "points_since" in changes:
                    changes["points"] = check_points(connection, frame.since)
                if "work_since" in changes:
                    changes["work"] = adherence(connection, frame.adherence_since, tz)
                return replace(known, **changes)

            cached = read(read_more)
    since = frame.since
    return cached, RangeRead(
        frame,
        [p for p in cached.points if p.taken_at >= since] if since else cached.points,
        cached.work,  # narrowed to the range when the Practice tab is drawn
        cached.extent,
        cached.streak,
    )
