"""The result screen's sentences: one record against the reference, between its sides and
since the last comparable check, and where each number comes from.

Worded honestly about noise: a change under the noise margin is never called progress, and a
reading is only judged against a reference of its own mode. The UI lays these lines out and
the report quotes the context; neither words a result itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from app.core.checks.labels import METHODS, format_degrees, format_reference
from app.core.checks.readings import (
    NOISE_DEGREES,
    Change,
    Standing,
    asymmetry,
    change_since_last,
    compare_to_reference,
    earlier_records,
    measured_sides,
    median,
    record_method,
    record_mode,
    record_modes,
    tenths,
    within_noise,
)
from app.core.checks.types import MEASURED_SIDES, CheckDefinition, CheckRecord, Mode, Reference
from app.core.dates import clock, day_month_in_year, day_month_year
from app.core.records import Side


@dataclass(frozen=True)
class ResultText:
    """Every sentence the result screen shows, in order; the UI only lays them out."""

    heading: str  # "Lying face down · 3 May 2026, 09:14"
    how: str  # "Passive, measured with a phone inclinometer."
    sides: tuple[str, ...]  # one sentence per measured side against the reference
    difference: str  # the left/right difference
    change: tuple[str, ...]  # per side since the last comparable check, or why there is none
    caution: str | None = None  # when a trial noted a pinch or pain
    context: tuple[str, ...] = ()  # where the reference comes from, what others measure

    @property
    def lines(self) -> tuple[str, ...]:
        caution = (self.caution,) if self.caution else ()
        return (
            self.heading,
            self.how,
            *self.sides,
            self.difference,
            *self.change,
            *caution,
            *self.context,
        )


def describe_standing(
    side: Side, value: float, reference: Reference, mode: Mode | None = None
) -> str:
    """One side against the reference, e.g. 'Left 32°: below the guide's target of 45° by 13°.'

    `mode` is named after the value ('Left 32° passive') when a record mixes modes.
    """
    value = tenths(value)
    shown = f"{side.value.capitalize()} {format_degrees(value)}"
    if mode is not None:
        shown += f" {mode.value}"
    target = f"{reference.name} of {format_reference(reference)}"
    standing = compare_to_reference(value, reference)
    if standing is Standing.WITHIN:
        at = "at" if tenths(reference.low) == tenths(reference.high) else "within"
        return f"{shown}: {at} {target}."
    below = value < reference.low
    gap = format_degrees(reference.low - value if below else value - reference.high)
    direction = "below" if below else "above"
    if standing is Standing.NEAR:
        return f"{shown}: {gap} {direction} {target}, within measurement noise."
    return f"{shown}: {direction} {target} by {gap}."


def describe_sides(definition: CheckDefinition, record: CheckRecord) -> tuple[str, ...]:
    """One line per measured side and mode. A side is judged against the reference only in
    the reference's own mode: an active turn is usually smaller than a passive one, so judging
    it against a passive target would call a normal hip tight."""
    modes = record_modes(record)
    named = len(modes) > 1
    lines = []
    for mode in modes:
        for side in MEASURED_SIDES:
            degrees = [t.degrees for t in record.trials if t.side is side and t.mode is mode]
            if not degrees:
                continue
            value = median(degrees)
            if definition.reference.mode is mode:
                lines.append(
                    describe_standing(side, value, definition.reference, mode if named else None)
                )
            else:
                shown = f"{side.value.capitalize()} {format_degrees(value)} {mode.value}"
                lines.append(f"{shown}: no {mode.value} reference.")
    return tuple(lines)


def describe_asymmetry(record: CheckRecord) -> str:
    """The left/right difference in words; a gap under the noise is not called a tighter side."""
    result = asymmetry(record)
    if result is None:
        sides = measured_sides(record)
        if not sides:
            return "No side was measured."
        return f"Only the {sides[0].value} side was measured, so there is no left/right difference."
    if tenths(result.difference) == 0:
        return "Left and right are the same."
    gap = format_degrees(result.difference)
    if result.tighter is None:
        return f"Left and right differ by {gap}, within measurement noise."
    looser = Side.RIGHT if result.tighter is Side.LEFT else Side.LEFT
    return f"{result.tighter.value.capitalize()} is tighter than {looser.value} by {gap}."


def why_no_change(history: Sequence[CheckRecord], record: CheckRecord) -> str:
    """Say why a record has nothing to be compared with, in the person's words."""
    method, mode = record_method(record), record_mode(record)
    if not record.trials:
        return "No trials were recorded, so there is nothing to compare."
    if method is None:
        return "The trials mix methods, so this check is not compared with earlier ones."
    if mode is None:
        return "The trials mix passive and active, so this check is not compared with earlier ones."
    if not earlier_records(history, record):
        return "No earlier check in this position to compare with."
    how = METHODS[method].phrase
    return f"No earlier {mode.value} check in this position {how} to compare with."


def _local(moment: datetime, tz: tzinfo | None) -> datetime:
    return moment.astimezone(tz)  # tz None: the computer's local time zone


def _when(previous: datetime, current: datetime, tz: tzinfo | None) -> str:
    """'3 May', '3 May 2025' across a new year, '09:14' when both are on the same day."""
    then, now = _local(previous, tz), _local(current, tz)
    if then.date() == now.date():
        return clock(then)
    return day_month_in_year(then, now.year)


def describe_change(
    change: Change, record: CheckRecord, *, tz: tzinfo | None = None
) -> tuple[str, ...]:
    """One line per measured side: a change under NOISE_DEGREES is noise, not progress."""
    when = _when(change.previous.taken_at, record.taken_at, tz)
    since = f"since {when}"
    lines = []
    for side in measured_sides(record):
        label = side.value.capitalize()
        delta = change.deltas.get(side)
        if delta is None:
            lines.append(f"{label}: not measured in the check of {when}.")
        elif tenths(delta) == 0:
            lines.append(f"{label}: no change {since}.")
        else:
            moved = f"{'up' if delta > 0 else 'down'} {format_degrees(abs(delta))}"
            if within_noise(delta):
                lines.append(
                    f"{label}: no real change {since} ({moved}, within measurement noise)."
                )
            else:
                lines.append(f"{label}: {moved} {since}.")
    return tuple(lines)


def describe_how(record: CheckRecord) -> str:
    """How the record was taken: 'Passive, measured with a phone inclinometer.'"""
    method, mode = record_method(record), record_mode(record)
    mode_words = mode.value.capitalize() if mode else "Passive and active mixed"
    method_words = f"measured {METHODS[method].phrase}" if method else "methods mixed"
    return f"{mode_words}, {method_words}."


def describe_result(
    definition: CheckDefinition,
    record: CheckRecord,
    history: Sequence[CheckRecord],
    *,
    tz: tzinfo | None = None,
) -> ResultText:
    """Everything the result screen says about one record, worded honestly about noise.

    `tz` is the zone dates are shown in; None means the computer's local zone.
    """
    if record.check_slug != definition.slug:
        raise ValueError(f"record is for {record.check_slug!r}, not {definition.slug!r}")
    when = _local(record.taken_at, tz)
    heading = f"{definition.name} · {day_month_year(when)}, {clock(when)}"
    sides = describe_sides(definition, record)
    change = change_since_last(history, record)
    if change is None:
        change_lines: tuple[str, ...] = (why_no_change(history, record),)
    else:
        change_lines = describe_change(change, record, tz=tz)
    caution = None
    if any(trial.pain for trial in record.trials):
        caution = (
            "You noted a pinch or pain. A pinch can mean the hip is being squeezed "
            "(impingement). Next time, stop at the first pinch or pain, and have it "
            "looked at if it keeps coming back."
        )
    return ResultText(
        heading=heading,
        how=describe_how(record),
        sides=sides,
        difference=describe_asymmetry(record),
        change=change_lines,
        caution=caution,
        context=describe_context(definition, record_modes(record)),
    )


# What app/core/plan/stage_targets.py does with a main check's passive reading (Level.RESTRICTED:
# a side more than NOISE_DEGREES under the reference's low end); {} is the reference's name.
PLAN_USES_REFERENCE = (
    "The plan steers by {}: while a side is more than "
    f"{format_degrees(NOISE_DEGREES)} under it, releases, stretches and joint work keep their "
    "full length and strengthening and standing moves are one step shorter."
)
PLAN_USES_PASSIVE = "The plan uses passive readings only."
PLAN_IGNORES_OPTIONAL = "The plan does not use this check: it is for your own record."


def describe_context(
    definition: CheckDefinition, modes: Sequence[Mode] = (Mode.PASSIVE,)
) -> tuple[str, ...]:
    """What a reading of these modes is compared with, where each number comes from, what the
    plan does with it, and how large a change must be to count: a reading in context.

    Only the reference and averages of the reading's own modes are named.
    """
    reference = definition.reference
    what = f"{reference.name[0].upper()}{reference.name[1:]}"
    lines = []
    if reference.mode in modes:
        lines.append(
            f"{what}, {format_reference(reference)} ({reference.mode.value}): {reference.source}."
        )
        if reference.note:
            lines.append(reference.note)
    lines += [
        f"Published average, {format_degrees(average.degrees)} ({average.mode.value}): "
        f"{average.source}."
        for average in definition.averages
        if average.mode in modes
    ]
    lines += [
        f"{what} is for {reference.mode.value} readings, so {mode.value} ones are compared "
        f"only with your own earlier {mode.value} readings."
        for mode in modes
        if mode is not reference.mode
    ]
    if definition.optional:
        lines.append(PLAN_IGNORES_OPTIONAL)
    elif reference.mode in modes:
        lines.append(PLAN_USES_REFERENCE.format(reference.name))
    else:
        lines.append(PLAN_USES_PASSIVE)
    lines.append(describe_noise(definition, modes))
    return tuple(lines)


def describe_noise(definition: CheckDefinition, modes: Sequence[Mode]) -> str:
    """The noise margin, worded for what it is: the measured figure only where it was measured
    (Krause et al.: active seated readings), our working margin everywhere else."""
    margin = f"A change under {format_degrees(NOISE_DEGREES)} counts as measurement noise"
    noise = definition.noise
    if noise is not None and noise.mode in modes:
        return (
            f"{margin}: {noise.source} measured {format_degrees(noise.degrees)} as the smallest "
            f"real change for {noise.mode.value} readings in this position."
        )
    return (
        f"{margin}. That is our working margin: no smallest real change has been measured "
        "for this position and mode."
    )
