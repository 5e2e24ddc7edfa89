"""One check's chart as data: left and right by instrument, the difference, bands, ranges, tips.

History's charts and the report's come from check_chart, so they always agree. Series are
split by instrument and mode: readings taken with different instruments (or passive against
active) are never joined into one line, as app/content/checks.toml promises.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum
from operator import attrgetter

from app.core.checks.labels import (
    METHODS,
    format_degrees,
    format_reference,
)
from app.core.checks.readings import (
    NOISE_DEGREES,
    one_of,
    record_method,
    record_mode,
    side_trials,
    side_value,
    tenths,
)
from app.core.checks.types import (
    CheckDefinition,
    CheckRecord,
    Method,
    Mode,
    Reference,
)
from app.core.dates import local_when, short_weekday_date
from app.core.formatting import plural
from app.core.history.ranges import local_day
from app.core.records import Side


class Trace(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    DIFFERENCE = "difference"  # left minus right


TRACE_NAMES: Mapping[Trace, str] = {
    Trace.LEFT: "Left",
    Trace.RIGHT: "Right",
    Trace.DIFFERENCE: "Left − right",
}


_HOW = {
    Trace.LEFT: attrgetter("left_method", "left_mode"),
    Trace.RIGHT: attrgetter("right_method", "right_mode"),
    Trace.DIFFERENCE: attrgetter("method", "mode"),
}


def side_how(point: RecordPoint, trace: Trace) -> tuple[Method | None, Mode | None]:
    """The instrument and mode a trace of this point was read with: a side's own, or the
    record's for the difference (which needs one instrument for both sides)."""
    return _HOW[trace](point)


@dataclass(frozen=True)
class RecordPoint:
    """One check record folded to one value per side (the median of its trials). The History
    page's query makes these from the data file (history_queries.check_points) and the report
    from CheckRecords (record_points); both charts come from check_chart, so they agree."""

    record_id: int
    slug: str
    taken_at: datetime
    method: Method | None
    mode: Mode | None
    left: float | None
    right: float | None
    note: str = ""
    pain: bool = False
    left_method: Method | None = None
    left_mode: Mode | None = None
    right_method: Method | None = None
    right_mode: Mode | None = None


def record_points(records: Iterable[CheckRecord]) -> list[RecordPoint]:
    """One point per record: each side the median of its trials, one method or None."""
    points = []
    for record in records:
        left, right = side_trials(record, Side.LEFT), side_trials(record, Side.RIGHT)
        points.append(
            RecordPoint(
                record.id or 0,
                record.check_slug,
                record.taken_at,
                record_method(record),
                record_mode(record),
                side_value(record, Side.LEFT),
                side_value(record, Side.RIGHT),
                "; ".join(text for text in (record.note, *(t.note for t in record.trials)) if text),
                any(trial.pain for trial in record.trials),
                one_of(trial.method for trial in left),
                one_of(trial.mode for trial in left),
                one_of(trial.method for trial in right),
                one_of(trial.mode for trial in right),
            )
        )
    return points


@dataclass(frozen=True)
class Point:
    at: datetime
    value: float
    record_id: int
    pain: bool = False
    source: RecordPoint | None = None  # the reading, for its hover text (see point_tip)


@dataclass(frozen=True)
class Series:
    """One line of one trace: only readings with the same instrument and mode.

    ``method`` or ``mode`` None: records that mixed them; drawn as points, never joined.
    ``main``: the trace's most used instrument (drawn solid); other instruments are dotted.
    """

    trace: Trace
    method: Method | None
    mode: Mode | None
    points: tuple[Point, ...]
    main: bool = True

    @property
    def joined(self) -> bool:
        return self.method is not None and self.mode is not None and len(self.points) > 1

    @property
    def how(self) -> str:
        return how_words(self.method, self.mode)

    @property
    def label(self) -> str:
        return f"{TRACE_NAMES[self.trace]}, {self.how}"


@dataclass(frozen=True)
class NoiseBand:
    """±NOISE_DEGREES around a side's latest value: readings inside it are no real change."""

    trace: Trace
    centre: float
    low: float
    high: float


@dataclass(frozen=True)
class CheckChart:
    slug: str
    title: str  # "Sitting · Sitting, hip bent"
    reference: Reference | None
    reference_text: str  # "Reference 30–45°"
    series: tuple[Series, ...]  # left and right, main series first
    difference: tuple[Series, ...]
    noise: tuple[NoiseBand, ...]
    y_range: tuple[float, float]
    difference_range: tuple[float, float]
    summary: str  # the latest values in words: caption and accessible description
    tz: tzinfo | None = None  # the zone dates are shown in
    # one line per side that has readings mixing instruments or modes within a sitting:
    # they are drawn as open points, never joined, and the chart says so beside it
    mixed_notes: tuple[str, ...] = ()

    def trace(self, trace: Trace) -> tuple[Series, ...]:
        return tuple(s for s in self.series + self.difference if s.trace is trace)

    def tip(self, trace: Trace, point: Point) -> str:
        """The hover text of one point, made when it is hovered: date, value, method, note."""
        if point.source is None:
            return f"{TRACE_NAMES[trace]}: {format_degrees(point.value)}"
        return point_tip(trace, point.value, point.source, self.tz)


def how_words(method: Method | None, mode: Mode | None) -> str:
    """'phone inclinometer, passive'; 'mixed instruments' for a record that mixed them."""
    if method is None:
        return "mixed instruments"
    words = METHODS[method].label.lower()
    return f"{words}, {'mixed modes' if mode is None else mode.value}"


def point_tip(trace: Trace, value: float, point: RecordPoint, tz: tzinfo | None = None) -> str:
    """The hover text: date, value, instrument and mode, pain, note."""
    shown = format_degrees(value)
    if trace is Trace.DIFFERENCE and tenths(value) > 0:
        shown = "+" + shown
    lines = [
        local_when(point.taken_at, tz),
        f"{TRACE_NAMES[trace]}: {shown}",
        how_words(*side_how(point, trace)).capitalize(),
    ]
    if point.pain:
        lines.append("Pinch or pain noted")
    if point.note:
        lines.append(f"Note: {point.note}")
    return "\n".join(lines)


def _trace_value(trace: Trace, point: RecordPoint) -> float | None:
    if trace is Trace.LEFT:
        return point.left
    if trace is Trace.RIGHT:
        return point.right
    if point.left is None or point.right is None or point.method is None:
        return None  # one side only, or two instruments: no honest difference
    return point.left - point.right


def _split(trace: Trace, points: Sequence[RecordPoint]) -> tuple[Series, ...]:
    """One series per (instrument, mode), the most used first; points oldest first."""
    groups: dict[tuple[Method | None, Mode | None], list[Point]] = {}
    how = _HOW[trace]  # looked up once: years of readings pass through here
    for point in points:
        value = _trace_value(trace, point)
        if value is None:
            continue
        key = how(point)
        groups.setdefault(key, []).append(
            Point(point.taken_at, value, point.record_id, point.pain, point)
        )
    if not groups:
        return ()

    def weight(key: tuple[Method | None, Mode | None]) -> tuple[bool, int, datetime]:
        readings = groups[key]
        comparable = key[0] is not None and key[1] is not None
        return (comparable, len(readings), readings[-1].at)

    order = sorted(groups, key=weight, reverse=True)
    main = order[0] if order[0][0] is not None and order[0][1] is not None else None
    return tuple(
        Series(trace, key[0], key[1], tuple(groups[key]), main=key == main) for key in order
    )


def mixed_notes(sides: Sequence[Series]) -> tuple[str, ...]:
    """'Right: 2 readings mixed instruments or modes ...' for each side that has such."""
    notes = []
    for trace in (Trace.LEFT, Trace.RIGHT):
        mixed = [
            point
            for one in sides
            if one.trace is trace and (one.method is None or one.mode is None)
            for point in one.points
        ]
        if mixed:
            readings = "reading" if len(mixed) == 1 else "readings"
            notes.append(
                f"{TRACE_NAMES[trace]}: {len(mixed)} {readings} mixed instruments or modes "
                "within one sitting; drawn as open points, not joined to the others and "
                "not compared."
            )
    return tuple(notes)


def _latest(series: Iterable[Series]) -> Point | None:
    points = [point for one in series for point in one.points]
    return max(points, key=lambda p: (p.at, p.record_id)) if points else None


AXIS_STEP = 5.0  # chart ranges end on whole multiples: tidy, and the same from range to range


def _padded(values: Iterable[float], low: float, high: float) -> tuple[float, float]:
    """The values with a little room, widened to multiples of AXIS_STEP, inside low..high."""
    found = list(values)
    bottom, top = min(found) - 2.0, max(found) + 2.0
    bottom = math.floor(bottom / AXIS_STEP) * AXIS_STEP
    top = math.ceil(top / AXIS_STEP) * AXIS_STEP
    return max(low, bottom), min(high, top)


def _latest_words(latest: Sequence[tuple[Trace, Point]], tz: tzinfo | None) -> str:
    """'Latest, Wed 11 Nov 2026: left 29°, right 38°.' (a date per side when they differ)."""
    if not latest:
        return "No reading yet."
    days = {local_day(point.at, tz) for _, point in latest}
    values = [f"{trace.value} {format_degrees(point.value)}" for trace, point in latest]
    if len(days) == 1:
        return f"Latest, {short_weekday_date(days.pop())}: {', '.join(values)}."
    parts = [
        f"{trace.value} {format_degrees(point.value)} on "
        f"{short_weekday_date(local_day(point.at, tz))}"
        for trace, point in latest
    ]
    return f"Latest: {'; '.join(parts)}."


def check_chart(
    definition: CheckDefinition | None,
    slug: str,
    points: Sequence[RecordPoint],
    tz: tzinfo | None = None,
) -> CheckChart:
    """One check's chart: left and right by instrument, the difference, bands and ranges."""
    sides = _split(Trace.LEFT, points) + _split(Trace.RIGHT, points)
    difference = _split(Trace.DIFFERENCE, points)
    noise = []
    latest_points = []
    for trace in (Trace.LEFT, Trace.RIGHT):
        latest = _latest(s for s in sides if s.trace is trace)
        if latest is not None:
            noise.append(
                NoiseBand(
                    trace,
                    latest.value,
                    latest.value - NOISE_DEGREES,
                    latest.value + NOISE_DEGREES,
                )
            )
            latest_points.append((trace, latest))
    reference = definition.reference if definition is not None else None
    values = [p.value for s in sides for p in s.points]
    values += [band.low for band in noise] + [band.high for band in noise]
    if reference is not None:
        values += [reference.low, reference.high]
    low, high = (definition.low, definition.high) if definition else (-360.0, 360.0)
    y_range = _padded(values or [low, high], low, high)
    gaps = [abs(p.value) for s in difference for p in s.points]
    reach: float = math.ceil(max([NOISE_DEGREES + 2.0, *(gap + 2.0 for gap in gaps)]) / AXIS_STEP)
    reach *= AXIS_STEP
    title = definition.name if definition else slug
    if definition is not None:
        title = f"{definition.name} · {definition.position}"
    reference_text = f"Reference {format_reference(reference)}" if reference else ""
    readings = len({p.record_id for s in sides for p in s.points})
    summary = f"{plural(readings, 'check')}. " + _latest_words(latest_points, tz)
    if reference_text:
        summary += f" {reference_text}."
    return CheckChart(
        slug,
        title,
        reference,
        reference_text,
        sides,
        difference,
        tuple(noise),
        y_range,
        (-reach, reach),
        summary,
        tz,
        mixed_notes(sides),
    )


def check_charts(
    points: Sequence[RecordPoint],
    definitions: Sequence[CheckDefinition],
    tz: tzinfo | None = None,
) -> tuple[CheckChart, ...]:
    """One chart per check with readings, in the definitions' order (unknown checks last)."""
    by_slug: dict[str, list[RecordPoint]] = {}
    for point in points:
        by_slug.setdefault(point.slug, []).append(point)
    known = {definition.slug: definition for definition in definitions}
    order = [d.slug for d in definitions if d.slug in by_slug]
    order += sorted(slug for slug in by_slug if slug not in known)
    charts = (check_chart(known.get(slug), slug, by_slug[slug], tz) for slug in order)
    return tuple(chart for chart in charts if chart.series)
