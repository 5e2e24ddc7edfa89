"""History's ranges in the person's local days: where each starts, and what it reads."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from app.core.history.ranges import (
    HEAT_MAP_WEEKS,
    Span,
    heat_map_first_day,
    span_first_day,
    window,
    x_range,
)

UTC_NOON = datetime(2026, 3, 31, 12, tzinfo=UTC)


def at(day: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("span", "today", "first"),
    [
        (Span.WEEKS_4, date(2026, 3, 31), date(2026, 3, 3)),
        (Span.MONTHS_3, date(2026, 3, 31), date(2025, 12, 31)),
        (Span.MONTHS_3, date(2026, 5, 31), date(2026, 2, 28)),  # February is shorter
        (Span.YEAR, date(2026, 3, 31), date(2025, 3, 31)),
        (Span.YEAR, date(2028, 2, 29), date(2027, 2, 28)),
        (Span.ALL, date(2026, 3, 31), None),
    ],
)
def test_span_first_day(span: Span, today: date, first: date | None):
    assert span_first_day(span, today) == first


def test_window_starts_at_local_midnight():
    east = timezone(timedelta(hours=2))
    frame = window(Span.WEEKS_4, datetime(2026, 3, 31, 23, 30, tzinfo=UTC), east)
    assert frame.today == date(2026, 4, 1)  # already tomorrow two hours east
    assert frame.first_day == date(2026, 3, 4)
    assert frame.since == datetime(2026, 3, 3, 22, tzinfo=UTC)


def test_window_reads_adherence_for_the_calendar_year_too():
    four_weeks = window(Span.WEEKS_4, UTC_NOON, UTC)
    assert four_weeks.heat_first == date(2025, 3, 31)  # a Monday, 52 weeks before this week's
    assert four_weeks.heat_first.weekday() == 0
    assert four_weeks.adherence_since == datetime(2025, 3, 31, tzinfo=UTC)
    everything = window(Span.ALL, UTC_NOON, UTC)
    assert (everything.since, everything.adherence_since) == (None, None)


def test_heat_map_has_53_weeks_ending_this_week():
    today = date(2026, 3, 31)  # a Tuesday
    first = heat_map_first_day(today)
    assert (today - first).days // 7 + 1 == HEAT_MAP_WEEKS


def test_x_range_pads_and_never_collapses():
    low, high = x_range(at(1), at(11))
    assert low < at(1).timestamp() and high > at(11).timestamp()
    same = x_range(at(1), at(1))
    assert same[0] < same[1]
