"""What the History page shows, worked out without Qt or a database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from app.core.checks.loader import load_checks
from app.core.checks.model import CheckDefinition, Method, Mode
from app.core.history import view as hv
from app.core.history.view import Span, Trace
from app.core.records import SessionStatus, SetResult, Side
from app.core.session.checkin import Effort

UTC_NOON = datetime(2026, 3, 31, 12, tzinfo=UTC)


@dataclass(frozen=True)
class Reading:
    """A check point as history_queries.CheckPoint has it."""

    record_id: int
    taken_at: datetime
    left: float | None
    right: float | None
    method: Method | None = Method.INCLINOMETER
    mode: Mode | None = Mode.PASSIVE
    slug: str = "seated-ir"
    note: str = ""
    pain: bool = False

    # Both sides read as the whole record was (a side's own instrument: see the report tests).
    @property
    def left_method(self) -> Method | None:
        return self.method

    @property
    def right_method(self) -> Method | None:
        return self.method

    @property
    def left_mode(self) -> Mode | None:
        return self.mode

    @property
    def right_mode(self) -> Mode | None:
        return self.mode


def at(day: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def definitions() -> tuple[CheckDefinition, ...]:
    return load_checks()


@pytest.fixture(scope="module")
def seated(definitions: tuple[CheckDefinition, ...]) -> CheckDefinition:
    return next(d for d in definitions if d.slug == "seated-ir")  # reference 30-45


# --- Ranges ---------------------------------------------------------------------------------


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
    assert hv.span_first_day(span, today) == first


def test_window_starts_at_local_midnight():
    east = timezone(timedelta(hours=2))
    frame = hv.window(Span.WEEKS_4, datetime(2026, 3, 31, 23, 30, tzinfo=UTC), east)
    assert frame.today == date(2026, 4, 1)  # already tomorrow two hours east
    assert frame.first_day == date(2026, 3, 4)
    assert frame.since == datetime(2026, 3, 3, 22, tzinfo=UTC)


def test_window_reads_adherence_for_the_calendar_year_too():
    four_weeks = hv.window(Span.WEEKS_4, UTC_NOON, UTC)
    assert four_weeks.heat_first == date(2025, 3, 31)  # a Monday, 52 weeks before this week's
    assert four_weeks.heat_first.weekday() == 0
    assert four_weeks.adherence_since == datetime(2025, 3, 31, tzinfo=UTC)
    everything = hv.window(Span.ALL, UTC_NOON, UTC)
    assert (everything.since, everything.adherence_since) == (None, None)


def test_heat_map_has_53_weeks_ending_this_week():
    today = date(2026, 3, 31)  # a Tuesday
    first = hv.heat_map_first_day(today)
    assert (today - first).days // 7 + 1 == hv.HEAT_MAP_WEEKS


def test_x_range_pads_and_never_collapses():
    low, high = hv.x_range(at(1), at(11))
    assert low < at(1).timestamp() and high > at(11).timestamp()
    same = hv.x_range(at(1), at(1))
    assert same[0] < same[1]


# --- Chart series ---------------------------------------------------------------------------


def test_series_are_split_by_instrument_and_mode(seated: CheckDefinition):
    readings = [
        Reading(1, at(1), 30, 40),
        Reading(2, at(8), 31, 41, method=Method.GONIOMETER),
        Reading(3, at(15), 32, 42),
        Reading(4, at(22), 20, 25, mode=Mode.ACTIVE),
        Reading(5, at(29), 33, None),
    ]
    chart = hv.check_chart(seated, "seated-ir", readings, UTC)
    left = chart.trace(Trace.LEFT)
    assert [(s.method, s.mode, s.main) for s in left] == [
        (Method.INCLINOMETER, Mode.PASSIVE, True),  # the most used, first and solid
        (Method.INCLINOMETER, Mode.ACTIVE, False),  # as many readings, but a later one
        (Method.GONIOMETER, Mode.PASSIVE, False),
    ]
    assert [p.value for p in left[0].points] == [30, 32, 33]
    assert [p.record_id for p in left[0].points] == [1, 3, 5]
    assert left[0].joined and not left[2].joined  # one reading: nothing to join
    right = chart.trace(Trace.RIGHT)
    assert [p.value for p in right[0].points] == [40, 42]  # reading 5 has no right side
    assert right[0].label == "Right, phone inclinometer, passive"


def test_mixed_instruments_are_points_never_joined(seated: CheckDefinition):
    readings = [
        Reading(1, at(1), 30, 40, method=None),
        Reading(2, at(2), 31, 41, method=None),
        Reading(3, at(3), 32, 42),
    ]
    chart = hv.check_chart(seated, "seated-ir", readings)
    mixed = [s for s in chart.trace(Trace.LEFT) if s.method is None]
    assert len(mixed) == 1 and len(mixed[0].points) == 2
    assert not mixed[0].joined and not mixed[0].main
    assert mixed[0].how == "mixed instruments"
    # No honest difference when the sides were measured with two instruments.
    assert [p.record_id for s in chart.difference for p in s.points] == [3]


def test_difference_is_left_minus_right_and_needs_both_sides(seated: CheckDefinition):
    readings = [Reading(1, at(1), 30, 40), Reading(2, at(2), 35, None), Reading(3, at(3), 44, 38)]
    chart = hv.check_chart(seated, "seated-ir", readings)
    (difference,) = chart.difference
    assert [p.value for p in difference.points] == [-10, 6]
    assert difference.trace is Trace.DIFFERENCE
    assert chart.difference_range == (-15.0, 15.0)  # the largest gap, room, a whole 5°


def test_noise_band_is_five_degrees_around_each_sides_latest(seated: CheckDefinition):
    readings = [
        Reading(1, at(1), 30, 40),
        Reading(2, at(9), 34, None, method=Method.GONIOMETER),
        Reading(3, at(5), 31, 43),
    ]
    chart = hv.check_chart(seated, "seated-ir", readings)
    assert chart.noise == (
        hv.NoiseBand(Trace.LEFT, 34, 29, 39),  # the latest, whatever its instrument
        hv.NoiseBand(Trace.RIGHT, 43, 38, 48),
    )


def test_reference_and_ranges(seated: CheckDefinition):
    chart = hv.check_chart(seated, "seated-ir", [Reading(1, at(1), 2, 40)])
    assert (chart.reference.low, chart.reference.high) == (30, 45)
    assert chart.reference_text == "Reference 30–45°"
    assert chart.y_range == (0, 50)  # not below what the check reads; band to 45, room, 5°
    assert chart.title == "Sitting · Sitting, hip bent"


def test_summary_names_the_latest_values(seated: CheckDefinition):
    chart = hv.check_chart(seated, "seated-ir", [Reading(1, at(3), 30.5, 40)], UTC)
    assert chart.summary == (
        "1 check. Latest, Tue 3 Mar 2026: left 30.5°, right 40°. Reference 30–45°."
    )
    split = hv.check_chart(
        seated, "seated-ir", [Reading(1, at(3), 30, 40), Reading(2, at(4), 31, None)], UTC
    )
    assert "left 31° on Wed 4 Mar 2026; right 40° on Tue 3 Mar 2026" in split.summary


def test_hover_text_has_date_value_method_and_note(seated: CheckDefinition):
    reading = Reading(7, at(3), 30, 40, method=Method.GONIOMETER, note="after a run", pain=True)
    chart = hv.check_chart(seated, "seated-ir", [reading], UTC)
    left = chart.trace(Trace.LEFT)[0]
    assert chart.tip(Trace.LEFT, left.points[0]) == (
        "Tue 3 Mar 2026, 09:00\nLeft: 30°\nGoniometer, passive\nPinch or pain noted\n"
        "Note: after a run"
    )
    difference = chart.difference[0]
    assert "Left − right: −10°" in chart.tip(Trace.DIFFERENCE, difference.points[0]).replace(
        "-", "−"
    )


def test_charts_follow_the_definitions_and_skip_checks_without_readings(
    definitions: tuple[CheckDefinition, ...],
):
    readings = [
        Reading(1, at(1), 30, 40, slug="seated-ir"),
        Reading(2, at(1), 30, 40, slug="an-old-check"),
        Reading(3, at(1), 30, 40, slug="prone-ir"),
    ]
    charts = hv.check_charts(readings, definitions)
    assert [c.slug for c in charts] == ["prone-ir", "seated-ir", "an-old-check"]
    unknown = charts[-1]
    assert unknown.reference is None and unknown.title == "an-old-check"
    assert hv.check_charts([], definitions) == ()


# --- Adherence ------------------------------------------------------------------------------

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
    assert hv.current_streak(days, TODAY) == streak


def test_current_streak_stops_reading_at_the_gap():
    def lazily() -> Iterator[date]:
        yield from days_back(0, 1, 5)
        raise AssertionError("read past the gap")

    assert hv.current_streak(lazily(), TODAY) == 2


def test_weekly_sessions_include_empty_weeks_across_a_new_year():
    weeks = {(2025, 52): 3, (2026, 1): 5, (2026, 3): 1}
    bars = hv.weekly_sessions(weeks, date(2025, 12, 24), date(2026, 1, 14))
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
    assert hv.heat_level(minutes) == level
    assert len(hv.HEAT_LEGEND) == 5


def test_day_tip():
    assert hv.day_tip(date(2026, 3, 3), 32.4) == "Tue 3 Mar 2026: 32 min of work"
    assert hv.day_tip(date(2026, 3, 3), None) == "Tue 3 Mar 2026: no session"


def test_stats():
    streak, sessions, work, holds = hv.stats(1, 1234, 125.0, 5678, Span.MONTHS_3)
    assert (streak.value, streak.caption) == ("1 day", "Current streak")
    assert (sessions.value, sessions.caption) == ("1,234", "Sessions in the last 3 months")
    assert work.value == "2 h 05 min"
    assert (holds.value, holds.caption) == ("5,678", "Holds completed in the last 3 months")
    assert hv.stats(0, 0, 0.0, 0, Span.ALL)[2].value == "0 min"
    assert hv.stats(0, 0, 99_609.0, 0, Span.ALL)[2].value == "1,660 h"


def test_empty_states_say_what_to_do_first():
    assert hv.NO_CHECKS.startswith("No checks yet: take your first self-check")
    assert "Self-checks page" in hv.NO_CHECKS
    assert hv.NO_SESSIONS.startswith("No sessions yet: press Start on the Today page")
    assert "last 4 weeks" in hv.no_checks_in(Span.WEEKS_4)
    assert "longer range" in hv.no_sessions_in(Span.YEAR)


# --- Session log ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Logged:
    started_at: datetime = datetime(2026, 3, 3, 7, 5, tzinfo=UTC)
    status: SessionStatus = SessionStatus.FINISHED
    work_seconds: float = 1920.0
    sets_done: int = 38
    sets_skipped: int = 2
    sets_planned: int | None = 40
    pain_sets: int = 1
    effort: Effort | None = Effort.TOO_HARD
    note: str = "tired"


def test_session_cells():
    assert hv.session_cells(Logged(), UTC) == (
        "Tue 3 Mar 2026, 07:05",
        "Finished",
        "32 min",
        "38 of 40 done, 2 skipped",
        "1 set",
        "Too hard",
        "tired",
    )
    bare = Logged(
        status=SessionStatus.ABANDONED,
        work_seconds=0.0,
        sets_done=0,
        sets_skipped=0,
        sets_planned=None,
        pain_sets=0,
        effort=None,
        note="",
    )
    assert hv.session_cells(bare, UTC)[1:] == ("Stopped early", "—", "0 done", "", "", "")


def make_result(slug: str = "figure-4", side: Side = Side.LEFT, **changes) -> SetResult:
    values = {
        "exercise_slug": slug,
        "side": side,
        "set_index": 1,
        "planned_seconds": 60.0,
        "done_seconds": 60.0,
        "planned_reps": None,
        "done_reps": None,
        "skipped": False,
        "started_at": at(3),
        "ended_at": at(3),
        "pain": False,
    }
    values.update(changes)
    return SetResult(**values)


@pytest.mark.parametrize(
    ("changes", "outcome", "amount"),
    [
        ({}, "Done", "60 s of 60 s"),
        ({"done_seconds": 59.5}, "Done", "60 s of 60 s"),  # half a second is timer noise
        ({"done_seconds": 41.0, "pain": True}, "Cut short", "41 s of 60 s"),
        ({"skipped": True, "done_seconds": 0.0}, "Skipped", "0 s of 60 s"),
        ({"planned_reps": 20, "done_reps": 15}, "Cut short", "15 of 20 reps"),
        ({"planned_reps": 20, "done_reps": 20, "done_seconds": 10}, "Done", "20 of 20 reps"),
    ],
)
def test_set_cells(changes: dict, outcome: str, amount: str):
    cells = hv.set_cells(make_result(**changes), {"figure-4": "Figure 4"})
    assert cells[:3] == ("Figure 4 · left · set 1", outcome, amount)
    assert cells[4] == ("Pinch or pain" if changes.get("pain") else "")


def test_set_rows_put_an_exercises_effort_on_its_first_set():
    results = [
        make_result("a"),
        make_result("a", Side.RIGHT),
        make_result("hip-click", Side.BOTH),
    ]
    rows = hv.set_rows(results, {"a": "Exercise A"}, {"a": Effort.TOO_EASY})
    assert [row[0] for row in rows] == [
        "Exercise A · left · set 1",
        "Exercise A · right · set 1",
        "Hip click · both legs · set 1",  # no name known: the slug, tidied
    ]
    assert [row[5] for row in rows] == ["Too easy", "", ""]
