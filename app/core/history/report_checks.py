"""The report's section per self-check: the readings table, the latest values, and each side's
change from first to last in the range.

Honest about measurement: each side's value is the median of its trials; a change is only
worked out between readings of the same side taken with the same method and mode, and a change
under NOISE_DEGREES is called measurement noise, not progress. The section's chart is the
History page's (app.core.history.chart_model), so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo

from app.core.checks.labels import (
    METHODS,
    MIXED_METHODS,
    format_degrees,
    format_reference,
)
from app.core.checks.readings import (
    NOISE_DEGREES,
    asymmetry,
    one_of,
    record_method,
    record_mode,
    record_modes,
    side_trials,
    side_value,
    tenths,
    within_noise,
)
from app.core.checks.result import describe_context
from app.core.checks.types import (
    CheckDefinition,
    CheckRecord,
    Method,
    Mode,
    Trial,
)
from app.core.dates import short_date, short_date_time
from app.core.history import chart_model
from app.core.history.chart_model import CheckChart
from app.core.history.ranges import local_day
from app.core.records import Side

SIDES = (Side.LEFT, Side.RIGHT)


@dataclass(frozen=True)
class ReadingRow:
    """One sitting of a check, as a row of the readings table."""

    when: str  # "3 Mar 2026 09:14"
    left: str  # "32°" or "—"
    right: str
    difference: str  # "8°, right tighter", "3°" (within noise), "—" (one side only)
    method: str  # "Inclinometer", "Mixed"
    mode: str  # "Passive", "Active", "Mixed"
    pain: str  # "Yes" or ""
    note: str

    @property
    def cells(self) -> tuple[str, ...]:
        return (
            self.when,
            self.left,
            self.right,
            self.difference,
            self.method,
            self.mode,
            self.pain,
            self.note,
        )


READING_COLUMNS = ("Date", "Left", "Right", "L–R", "Method", "Mode", "Pain", "Note")


@dataclass(frozen=True)
class CheckSection:
    slug: str
    name: str  # "Lying face down"
    position: str  # "Face down, hip straight"
    reference: str  # "Reference 45°: the six-stage ... guide"
    reference_low: float
    reference_high: float
    context: tuple[str, ...]  # the target and the published average, what the plan uses, noise
    latest: str  # "28 May 2026: left 39°, right 31°; right tighter than left by 8°."
    changes: tuple[str, ...]  # one line per side, first against last in the range
    rows: tuple[ReadingRow, ...]  # oldest first
    chart: CheckChart  # the History page's chart model, from the same function


def _side_method(record: CheckRecord, side: Side) -> tuple[Method, Mode] | None:
    """The one method and mode of a side's trials; None when they mix or it was not measured."""
    trials = side_trials(record, side)
    method, mode = one_of(t.method for t in trials), one_of(t.mode for t in trials)
    return None if method is None or mode is None else (method, mode)


def _how(method: Method, mode: Mode) -> str:
    """'passive, inclinometer'."""
    return f"{mode.value}, {METHODS[method].short.lower()}"


def _difference(record: CheckRecord) -> str:
    result = asymmetry(record)
    if result is None:
        return "—"
    shown = format_degrees(result.difference)
    if result.tighter is None:
        return shown
    return f"{shown}, {result.tighter.value} tighter"


def _row(record: CheckRecord, tz: tzinfo | None) -> ReadingRow:
    method, mode = record_method(record), record_mode(record)
    left, right = side_value(record, Side.LEFT), side_value(record, Side.RIGHT)
    notes = [record.note.strip()] if record.note.strip() else []
    for trial in record.trials:
        if trial.note.strip():
            notes.append(trial_note(trial))
    when = record.taken_at.astimezone(tz)
    return ReadingRow(
        when=short_date_time(when),
        left="—" if left is None else format_degrees(left),
        right="—" if right is None else format_degrees(right),
        difference=_difference(record),
        method=METHODS[method].short if method else MIXED_METHODS,
        mode=mode.value.capitalize() if mode else "Mixed",
        pain="Yes" if any(trial.pain for trial in record.trials) else "",
        note="; ".join(notes),
    )


def trial_note(trial: Trial) -> str:
    """A trial's note with the trial it belongs to: 'Left trial 2: ...'."""
    return f"{trial.side.value.capitalize()} trial {trial.number}: {trial.note.strip()}"


def _latest(records: Sequence[CheckRecord], tz: tzinfo | None) -> str:
    last = records[-1]
    parts = [
        f"{side.value} {format_degrees(value)}"
        for side in SIDES
        if (value := side_value(last, side)) is not None
    ]
    text = f"{short_date(local_day(last.taken_at, tz))}: {', '.join(parts)}"
    result = asymmetry(last)
    if result is not None and result.tighter is not None:
        looser = Side.RIGHT if result.tighter is Side.LEFT else Side.LEFT
        text += (
            f"; {result.tighter.value} tighter than {looser.value} "
            f"by {format_degrees(result.difference)}"
        )
    elif result is not None:
        text += "; no left/right difference beyond measurement noise"
    return text + "."


def describe_side_change(
    records: Sequence[CheckRecord], side: Side, tz: tzinfo | None = None
) -> str:
    """First against last reading of one side in the range, same method and mode only.

    `records` are one check's records in the range, oldest first.
    """
    label = side.value.capitalize()
    measured = [record for record in records if side_value(record, side) is not None]
    if not measured:
        return f"{label}: not measured in this period."
    uniform = [record for record in measured if _side_method(record, side) is not None]
    if not uniform:
        return f"{label}: the trials mix methods or modes, so they are not compared."
    last = uniform[-1]
    how = _side_method(last, side)
    same = [record for record in uniform if _side_method(record, side) == how]
    first = same[0]
    assert how is not None  # uniform records all have one
    method, mode = how
    if first is last:
        if len(measured) == 1:
            return f"{label}: one reading in this period, nothing to compare it with."
        return (
            f"{label}: one {mode.value} reading {METHODS[method].phrase} in this period; the "
            "others used another method or mode, so they are not compared."
        )
    then, now = side_value(first, side), side_value(last, side)
    assert then is not None and now is not None
    delta = now - then
    first_day = short_date(local_day(first.taken_at, tz))
    last_day = short_date(local_day(last.taken_at, tz))
    span = f"from {format_degrees(then)} ({first_day}) to {format_degrees(now)} ({last_day})"
    how_words = _how(method, mode)
    if tenths(delta) == 0:
        return (
            f"{label}: no change, {format_degrees(now)} on {first_day} and on {last_day}; "
            f"{how_words}."
        )
    moved = f"{'up' if delta > 0 else 'down'} {format_degrees(abs(delta))}"
    if within_noise(delta):
        return (
            f"{label}: no real change, {span}: {moved}, within measurement noise "
            f"(under {format_degrees(NOISE_DEGREES)}); {how_words}."
        )
    return f"{label}: {moved}, {span}; {how_words}."


def check_section(
    definition: CheckDefinition, records: Sequence[CheckRecord], tz: tzinfo | None
) -> CheckSection:
    """One check's section; its chart is made by the History page's own check_chart."""
    reference = definition.reference
    points = chart_model.record_points(records)
    return CheckSection(
        slug=definition.slug,
        name=definition.name,
        position=definition.position,
        reference=f"Reference {format_reference(reference)}: {reference.source}.",
        reference_low=reference.low,
        reference_high=reference.high,
        context=describe_context(definition, _modes(records)),
        latest=_latest(records, tz),
        changes=tuple(describe_side_change(records, side, tz) for side in SIDES),
        rows=tuple(_row(record, tz) for record in records),
        chart=chart_model.check_chart(definition, definition.slug, points, tz),
    )


def _modes(records: Sequence[CheckRecord]) -> tuple[Mode, ...]:
    """The modes the period's readings used: the context names only their references."""
    used = {mode for record in records for mode in record_modes(record)}
    return tuple(mode for mode in Mode if mode in used) or (Mode.PASSIVE,)
