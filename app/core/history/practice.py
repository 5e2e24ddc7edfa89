"""The Practice tab's numbers: the streak, the range's totals, sessions per week and the
calendar's levels. Days are the person's local days (app.core.history.ranges)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.core.dates import short_weekday_date
from app.core.formatting import format_minutes, plural
from app.core.history.ranges import SPAN_PHRASES, Span


def current_streak(days_newest_first: Iterable[date], today: date) -> int:
    """Consecutive days with a session, ending today or (not yet today) yesterday.

    ``days_newest_first`` may repeat a day (two sessions) and is read only up to its first
    gap, so a lazy database cursor costs no more than the streak's length.
    """
    count = 0
    last: date | None = None
    for day in days_newest_first:
        if day > today:
            continue  # a clock set wrong once; not a streak
        if last is None:
            if (today - day).days > 1:
                return 0
            count, last = 1, day
        elif day == last:
            continue
        elif (last - day).days == 1:
            count, last = count + 1, day
        else:
            break
    return count


@dataclass(frozen=True)
class WeekBar:
    monday: date
    sessions: int


def weekly_sessions(
    weeks: Mapping[tuple[int, int], int], first_day: date, today: date
) -> tuple[WeekBar, ...]:
    """Sessions per ISO week from ``first_day``'s week to this week, empty weeks included."""
    monday = first_day - timedelta(days=first_day.weekday())
    last = today - timedelta(days=today.weekday())
    bars = []
    while monday <= last:
        year, week, _ = monday.isocalendar()
        bars.append(WeekBar(monday, weeks.get((year, week), 0)))
        monday += timedelta(weeks=1)
    return tuple(bars)


HEAT_STEPS = (10.0, 20.0, 30.0)  # minutes: the calendar's level boundaries
HEAT_LEGEND = ("no session", "under 10 min", "10–20 min", "20–30 min", "30 min or more")


def heat_level(minutes: float | None) -> int:
    """0 for a day without a session, else 1..4 by minutes of work (see HEAT_LEGEND)."""
    if minutes is None:
        return 0
    return 1 + sum(minutes >= step for step in HEAT_STEPS)


def day_tip(day: date, minutes: float | None) -> str:
    if minutes is None:
        return f"{short_weekday_date(day)}: no session"
    return f"{short_weekday_date(day)}: {format_minutes(minutes * 60)} of work"


@dataclass(frozen=True)
class Stat:
    value: str  # the big number
    caption: str


def _work(minutes: float) -> str:
    """'0 min', '45 min', '12 h 05 min'; from 100 hours on, whole hours: '1,660 h'."""
    if minutes >= 100 * 60:
        return f"{round(minutes / 60):,} h"
    return format_minutes(minutes * 60) if minutes else "0 min"


def stats(streak: int, sessions: int, minutes: float, holds: int, span: Span) -> tuple[Stat, ...]:
    """The big labels: current streak, then the range's totals."""
    phrase = SPAN_PHRASES[span]
    return (
        Stat(plural(streak, "day"), "Current streak"),
        Stat(f"{sessions:,}", f"Sessions {phrase}"),
        Stat(_work(minutes), f"Work {phrase}"),
        Stat(f"{holds:,}", f"Holds completed {phrase}"),
    )


@dataclass(frozen=True)
class DayWork:
    """What one local calendar day holds: counted sessions, seconds of work, holds done."""

    sessions: int = 0
    seconds: float = 0.0
    holds: int = 0


@dataclass(frozen=True)
class PracticeByDay:
    """Counted sessions by local day, with the sums the page shows; build with from_days."""

    days: Mapping[date, DayWork] = field(default_factory=dict)  # only days with a session
    weeks: Mapping[tuple[int, int], int] = field(default_factory=dict)  # ISO (year, week)
    sessions: int = 0
    minutes: float = 0.0
    holds: int = 0  # work sets done, not skipped

    @classmethod
    def from_days(cls, days: Mapping[date, DayWork]) -> PracticeByDay:
        weeks: dict[tuple[int, int], int] = {}
        for day, work in days.items():
            year, week, _ = day.isocalendar()
            weeks[year, week] = weeks.get((year, week), 0) + work.sessions
        return cls(
            days=dict(sorted(days.items())),
            weeks=dict(sorted(weeks.items())),
            sessions=sum(work.sessions for work in days.values()),
            minutes=sum(work.seconds for work in days.values()) / 60,
            holds=sum(work.holds for work in days.values()),
        )

    @property
    def day_minutes(self) -> dict[date, float]:
        """Minutes of work per day, for the calendar heat map."""
        return {day: work.seconds / 60 for day, work in self.days.items()}

    def since(self, first_day: date) -> PracticeByDay:
        """The same, counting only the days from ``first_day`` on."""
        days = list(self.days)  # in order
        start = bisect_left(days, first_day)
        if start == 0:
            return self
        return PracticeByDay.from_days({day: self.days[day] for day in days[start:]})
