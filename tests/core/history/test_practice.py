"""The Practice tab's numbers: streak, sessions per week, the calendar's levels, totals."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from app.core.history.practice import (
    HEAT_LEGEND,
    current_streak,
    day_tip,
    heat_level,
    stats,
    weekly_sessions,
)
from app.core.history.ranges import Span

TODAY = date(2026, 3, 31)


def days_back(*offsets: int) -> list[date]:
    return [TODAY - timedelta(days=offset) for offset in offsets]


@pytest.mark.parametrize(
    ("days", "streak"),
    [
        ([], 0),
        (days_back(0), 1),
        (days_back(0, 0, 1, 2), 3),  # two sessions on one day count once
        (days_back(1, 2, 3), 3),  # not yet today: yesterday still carries the streak
        (days_back(2, 3), 0),  # two days ago: broken
        (days_back(0, 1, 3, 4), 2),  # a gap ends it
        (days_back(-1, 0, 1), 2),  # a session dated tomorrow (a wrong clock) is ignored
    ],
)
def test_current_streak(days: list[date], streak: int):
    assert current_streak(days, TODAY) == streak


def test_current_streak_stops_reading_at_the_gap():
    def lazily() -> Iterator[date]:
        yield from days_back(0, 1, 5)
        raise AssertionError("read past the gap")

    assert current_streak(lazily(), TODAY) == 2


def test_weekly_sessions_include_empty_weeks_across_a_new_year():
    weeks = {(2025, 52): 3, (2026, 1): 5, (2026, 3): 1}
    bars = weekly_sessions(weeks, date(2025, 12, 24), date(2026, 1, 14))
    assert [(bar.monday, bar.sessions) for bar in bars] == [
        (date(2025, 12, 22), 3),
        (date(2025, 12, 29), 5),  # ISO week 1 of 2026 starts in December
        (date(2026, 1, 5), 0),
        (date(2026, 1, 12), 1),
    ]


@pytest.mark.parametrize(
    ("minutes", "level"), [(None, 0), (0.0, 1), (9.9, 1), (10, 2), (25, 3), (30, 4), (90, 4)]
)
def test_heat_level(minutes: float | None, level: int):
    assert heat_level(minutes) == level
    assert len(HEAT_LEGEND) == 5


def test_day_tip():
    assert day_tip(date(2026, 3, 3), 32.4) == "Tue 3 Mar 2026: 32 min of work"
    assert day_tip(date(2026, 3, 3), None) == "Tue 3 Mar 2026: no session"


def test_stats():
    streak, sessions, work, holds = stats(1, 1234, 125.0, 5678, Span.MONTHS_3)
    assert (streak.value, streak.caption) == ("1 day", "Current streak")
    assert (sessions.value, sessions.caption) == ("1,234", "Sessions in the last 3 months")
    assert work.value == "2 h 05 min"
    assert (holds.value, holds.caption) == ("5,678", "Holds completed in the last 3 months")
    assert stats(0, 0, 0.0, 0, Span.ALL)[2].value == "0 min"
    assert stats(0, 0, 99_609.0, 0, Span.ALL)[2].value == "1,660 h"
