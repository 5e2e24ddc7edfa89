"""One check's chart as data: series by instrument and mode, bands, ranges, words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.core.checks.loader import load_checks
from app.core.checks.types import CheckDefinition, Method, Mode
from app.core.history.chart_model import (
    NoiseBand,
    RecordPoint,
    Trace,
    check_chart,
    check_charts,
)


def reading(
    record_id: int,
    taken_at: datetime,
    left: float | None,
    right: float | None,
    method: Method | None = Method.INCLINOMETER,
    mode: Mode | None = Mode.PASSIVE,
    slug: str = "seated-ir",
    note: str = "",
    pain: bool = False,
) -> RecordPoint:
    """A check point as the History page reads it, both sides read as the whole record was
    (a side's own instrument: see the report tests)."""
    return RecordPoint(
        record_id=record_id,
        slug=slug,
        taken_at=taken_at,
        method=method,
        mode=mode,
        left=left,
        right=right,
        note=note,
        pain=pain,
        left_method=method,
        left_mode=mode,
        right_method=method,
        right_mode=mode,
    )


def at(day: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def definitions() -> tuple[CheckDefinition, ...]:
    return load_checks()


@pytest.fixture(scope="module")
def seated(definitions: tuple[CheckDefinition, ...]) -> CheckDefinition:
    return next(d for d in definitions if d.slug == "seated-ir")  # reference 30-45


def test_series_are_split_by_instrument_and_mode(seated: CheckDefinition):
    readings = [
        reading(1, at(1), 30, 40),
        reading(2, at(8), 31, 41, method=Method.GONIOMETER),
        reading(3, at(15), 32, 42),
        reading(4, at(22), 20, 25, mode=Mode.ACTIVE),
        reading(5, at(29), 33, None),
    ]
    chart = check_chart(seated, "seated-ir", readings, UTC)
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
        reading(1, at(1), 30, 40, method=None),
        reading(2, at(2), 31, 41, method=None),
        reading(3, at(3), 32, 42),
    ]
    chart = check_chart(seated, "seated-ir", readings)
    mixed = [s for s in chart.trace(Trace.LEFT) if s.method is None]
    assert len(mixed) == 1 and len(mixed[0].points) == 2
    assert not mixed[0].joined and not mixed[0].main
    assert mixed[0].how == "mixed instruments"
    # No honest difference when the sides were measured with two instruments.
    assert [p.record_id for s in chart.difference for p in s.points] == [3]


def test_difference_is_left_minus_right_and_needs_both_sides(seated: CheckDefinition):
    readings = [reading(1, at(1), 30, 40), reading(2, at(2), 35, None), reading(3, at(3), 44, 38)]
    chart = check_chart(seated, "seated-ir", readings)
    (difference,) = chart.difference
    assert [p.value for p in difference.points] == [-10, 6]
    assert difference.trace is Trace.DIFFERENCE
    assert chart.difference_range == (-15.0, 15.0)  # the largest gap, room, a whole 5°


def test_noise_band_is_five_degrees_around_each_sides_latest(seated: CheckDefinition):
    readings = [
        reading(1, at(1), 30, 40),
        reading(2, at(9), 34, None, method=Method.GONIOMETER),
        reading(3, at(5), 31, 43),
    ]
    chart = check_chart(seated, "seated-ir", readings)
    assert chart.noise == (
        NoiseBand(Trace.LEFT, 34, 29, 39),  # the latest, whatever its instrument
        NoiseBand(Trace.RIGHT, 43, 38, 48),
    )


def test_reference_and_ranges(seated: CheckDefinition):
    chart = check_chart(seated, "seated-ir", [reading(1, at(1), 2, 40)])
    assert (chart.reference.low, chart.reference.high) == (30, 45)
    assert chart.reference_text == "Reference 30–45°"
    assert chart.y_range == (0, 50)  # not below what the check reads; band to 45, room, 5°
    assert chart.title == "Sitting · Sitting, hip bent"


def test_summary_names_the_latest_values(seated: CheckDefinition):
    chart = check_chart(seated, "seated-ir", [reading(1, at(3), 30.5, 40)], UTC)
    assert chart.summary == (
        "1 check. Latest, Tue 3 Mar 2026: left 30.5°, right 40°. Reference 30–45°."
    )
    split = check_chart(
        seated, "seated-ir", [reading(1, at(3), 30, 40), reading(2, at(4), 31, None)], UTC
    )
    assert "left 31° on Wed 4 Mar 2026; right 40° on Tue 3 Mar 2026" in split.summary


def test_hover_text_has_date_value_method_and_note(seated: CheckDefinition):
    point = reading(7, at(3), 30, 40, method=Method.GONIOMETER, note="after a run", pain=True)
    chart = check_chart(seated, "seated-ir", [point], UTC)
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
        reading(1, at(1), 30, 40, slug="seated-ir"),
        reading(2, at(1), 30, 40, slug="an-old-check"),
        reading(3, at(1), 30, 40, slug="prone-ir"),
    ]
    charts = check_charts(readings, definitions)
    assert [c.slug for c in charts] == ["prone-ir", "seated-ir", "an-old-check"]
    unknown = charts[-1]
    assert unknown.reference is None and unknown.title == "an-old-check"
    assert check_charts([], definitions) == ()
