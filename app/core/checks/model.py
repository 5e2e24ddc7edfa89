"""Range-of-motion self-checks: what is measured, how, and what a reading means.

A check is taken the same way every time, per side, with the instrument recorded, so two
readings can be compared honestly: only the same position, the same method and the same
mode (passive or active) are compared, and a change smaller than the measurement noise is
called noise, not progress.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import NoReturn

from app.core.dates import clock, day_month_in_year, day_month_year
from app.core.records import Side

# The app's margin for measurement noise, in every position and mode. Only for active seated
# readings is a figure published (Krause et al.: 5.4° by inclinometer, checks.toml `noise`);
# elsewhere it is our working margin, and the result screen says which of the two it is.
NOISE_DEGREES = 5.0
MAX_TRIALS = 3


class Method(StrEnum):
    EYE = "eye"  # estimated by eye
    INCLINOMETER = "inclinometer"  # phone inclinometer app
    GONIOMETER = "goniometer"
    PHOTO = "photo"  # measured on a photo in the app


class Mode(StrEnum):
    PASSIVE = "passive"  # moved by gravity or a helper
    ACTIVE = "active"  # turned with your own muscles


class MeasuredBy(StrEnum):
    SELF = "self"
    HELPER = "helper"


@dataclass(frozen=True)
class Reference:
    """A reference range for a check, with its citation; only readings of its mode are
    compared with it (an active turn is not judged against a passive target)."""

    low: float
    high: float
    source: str  # the citation, shown to the person: authors and years, never a file name
    mode: Mode = Mode.PASSIVE
    name: str = "the reference"  # what it is, in the person's words: "the guide's target"
    note: str = ""  # plain words: what the number is (a target, an average), how to read it


@dataclass(frozen=True)
class PublishedAverage:
    degrees: float
    source: str
    mode: Mode = Mode.PASSIVE


@dataclass(frozen=True)
class PublishedNoise:
    """A measured smallest real change, for the one position and mode it was measured in."""

    degrees: float
    mode: Mode
    source: str


@dataclass(frozen=True)
class CheckDefinition:
    slug: str
    name: str
    position: str  # short: "Lying face down, hip straight"
    setup: tuple[str, ...]
    measure: str  # what angle is read, in plain words
    reference: Reference
    averages: tuple[PublishedAverage, ...]
    low: float  # the degrees this check can sensibly read; typed values outside are refused
    high: float
    modes: tuple[Mode, ...] = (Mode.PASSIVE,)
    optional: bool = False
    shin_angle: bool = True  # the shin against vertical, which the photo measurer reads
    source: str = ""  # the source article's file, for maintainers: never shown
    illustration: str | None = None
    noise: PublishedNoise | None = None


@dataclass(frozen=True)
class Trial:
    """One reading of one side."""

    side: Side
    number: int  # 1..MAX_TRIALS
    degrees: float
    method: Method
    mode: Mode
    measured_by: MeasuredBy
    pain: bool = False
    note: str = ""
    photo: str | None = None  # file name in the data folder's photos/, when kept


@dataclass(frozen=True)
class CheckRecord:
    """One sitting of one check: up to three trials per side, taken at one time."""

    check_slug: str
    taken_at: datetime  # timezone-aware, UTC
    trials: tuple[Trial, ...]
    note: str = ""
    id: int | None = None  # set once stored


MAX_NOTE_CHARS = 500
CLOCK_SKEW = timedelta(minutes=1)  # a time this far ahead of "now" is a clock, not the future
MEASURED_SIDES = (Side.LEFT, Side.RIGHT)


@dataclass(frozen=True)
class MethodWords:
    """Every name a method goes by, kept together so the form, History, the report and the
    result screen cannot drift apart."""

    choice: str  # in the form's list, where it is chosen
    label: str  # a table cell or a chart's legend on screen
    short: str  # the report's narrow readings column and its change lines
    phrase: str  # inside a sentence: "measured by eye"


METHODS: Mapping[Method, MethodWords] = {
    Method.EYE: MethodWords("Estimated by eye", "By eye", "By eye", "by eye"),
    Method.INCLINOMETER: MethodWords(
        "Phone inclinometer", "Phone inclinometer", "Inclinometer", "with a phone inclinometer"
    ),
    Method.GONIOMETER: MethodWords("Goniometer", "Goniometer", "Goniometer", "with a goniometer"),
    Method.PHOTO: MethodWords("Photo (measured here)", "Photo", "Photo", "from a photo"),
}
MIXED_METHODS = "Mixed"  # the label of a side whose trials used more than one method


class Standing(StrEnum):
    """Where one side's value sits against a reference range, allowing for measurement noise.

    WITHIN: inside the range (ends included). NEAR: outside it, but by less than
    NOISE_DEGREES, so the reading cannot tell it apart from the range. BELOW / ABOVE: outside
    the range by NOISE_DEGREES or more.
    """

    BELOW = "below"
    NEAR = "near"
    WITHIN = "within"
    ABOVE = "above"


@dataclass(frozen=True)
class Asymmetry:
    """The left/right difference; `tighter` is None when the difference is only noise."""

    difference: float  # degrees, never negative
    tighter: Side | None


@dataclass(frozen=True)
class Change:
    """Per-side change against the latest comparable earlier record (this minus that)."""

    previous: CheckRecord
    deltas: Mapping[Side, float]  # only the sides measured both times


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


class EntryError(ValueError):
    """A typed value cannot be stored; the message is in plain words, for next to the field.

    `field` names the input ("degrees", "taken_at", "note", ...); `side` and `trial` say which
    trial's input, when the problem belongs to one.
    """

    def __init__(
        self, field: str, message: str, *, side: Side | None = None, trial: int | None = None
    ) -> None:
        self.field = field
        self.message = message
        self.side = side
        self.trial = trial
        super().__init__(message)


# --- Numbers ------------------------------------------------------------------------------


def median(values: Iterable[float]) -> float:
    """The middle value (mean of the middle two for an even count): one wild trial of three
    cannot drag a side's value the way it would drag a mean."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("median of no values")
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def tenths(degrees: float) -> float:
    """Round to 0.1°, the finest step worth showing; judging and wording both use it, so a
    difference shown as 5° is never called noise and one shown as 4.9° always is."""
    return round(degrees, 1) + 0.0  # + 0.0 turns -0.0 into 0.0


def within_noise(degrees: float) -> bool:
    """A difference under NOISE_DEGREES cannot be told apart from measurement noise."""
    return abs(tenths(degrees)) < NOISE_DEGREES


def format_degrees(degrees: float) -> str:
    """'32°', '32.5°': tenths at most, no trailing '.0'."""
    return f"{tenths(degrees):g}°"


def format_reference(reference: Reference) -> str:
    """'45°' for a single value, '30–45°' for a range."""
    if tenths(reference.low) == tenths(reference.high):
        return format_degrees(reference.low)
    return f"{tenths(reference.low):g}–{format_degrees(reference.high)}"


# --- One record ---------------------------------------------------------------------------


def side_trials(record: CheckRecord, side: Side) -> tuple[Trial, ...]:
    return tuple(trial for trial in record.trials if trial.side is side)


def side_value(record: CheckRecord, side: Side) -> float | None:
    """A side's value is the median of its trials; None when that side was not measured."""
    trials = side_trials(record, side)
    return median(trial.degrees for trial in trials) if trials else None


def measured_sides(record: CheckRecord) -> tuple[Side, ...]:
    """The sides with at least one trial, left before right."""
    return tuple(side for side in MEASURED_SIDES if side_trials(record, side))


def record_method(record: CheckRecord) -> Method | None:
    """The one method every trial used; None when they mix (such a record is not compared,
    since instruments disagree by several degrees)."""
    methods = {trial.method for trial in record.trials}
    return methods.pop() if len(methods) == 1 else None


def record_mode(record: CheckRecord) -> Mode | None:
    """The one mode every trial used; None when passive and active trials are mixed."""
    modes = {trial.mode for trial in record.trials}
    return modes.pop() if len(modes) == 1 else None


def asymmetry(record: CheckRecord) -> Asymmetry | None:
    """Left against right; the tighter side is named only when the gap is beyond noise.

    None when only one side was measured.
    """
    left, right = side_value(record, Side.LEFT), side_value(record, Side.RIGHT)
    if left is None or right is None:
        return None
    difference = abs(left - right)
    if within_noise(difference):
        return Asymmetry(difference, None)
    return Asymmetry(difference, Side.LEFT if left < right else Side.RIGHT)


def compare_to_reference(value: float, reference: Reference) -> Standing:
    """Place a value against a reference range, giving it the benefit of measurement noise."""
    value = tenths(value)
    if value < reference.low:
        return Standing.NEAR if within_noise(reference.low - value) else Standing.BELOW
    if value > reference.high:
        return Standing.NEAR if within_noise(value - reference.high) else Standing.ABOVE
    return Standing.WITHIN


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


UNKNOWN_CHECK = "A check this version of Inward does not know"


def check_names(definitions: Sequence[CheckDefinition]) -> dict[str, str]:
    """Each check's name by slug; look up with :func:`check_name`."""
    return {d.slug: d.name for d in definitions}


def check_name(names: Mapping[str, str], slug: str) -> str:
    """A check's name, never its code: a backup from a newer Inward may bring a slug this
    version has no name for."""
    return names.get(slug, UNKNOWN_CHECK)


def record_modes(record: CheckRecord) -> tuple[Mode, ...]:
    """The modes the record's trials used, passive first."""
    used = {trial.mode for trial in record.trials}
    return tuple(mode for mode in Mode if mode in used)


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


# --- Against earlier records --------------------------------------------------------------


def _is_same(a: CheckRecord, b: CheckRecord) -> bool:
    return a is b or (a.id is not None and a.id == b.id)


def _earlier(history: Sequence[CheckRecord], record: CheckRecord) -> list[CheckRecord]:
    """Records of the same check taken before this one, the record itself left out."""
    return [
        earlier
        for earlier in history
        if earlier.check_slug == record.check_slug
        and earlier.taken_at < record.taken_at
        and not _is_same(earlier, record)
    ]


def last_comparable(history: Sequence[CheckRecord], record: CheckRecord) -> CheckRecord | None:
    """The latest earlier record of the same check, method and mode; None when there is none
    or the record mixes methods or modes (different instruments differ by ~4.5°)."""
    method, mode = record_method(record), record_mode(record)
    if method is None or mode is None:
        return None
    comparable = [
        earlier
        for earlier in _earlier(history, record)
        if record_method(earlier) is method and record_mode(earlier) is mode
    ]
    if not comparable:
        return None
    # Two records at the same moment: the one stored later (higher id) is the later one.
    return max(comparable, key=lambda earlier: (earlier.taken_at, earlier.id or 0))


def change_since_last(history: Sequence[CheckRecord], record: CheckRecord) -> Change | None:
    """Per-side change against the last comparable record; None when nothing is comparable."""
    previous = last_comparable(history, record)
    if previous is None:
        return None
    deltas = {}
    for side in MEASURED_SIDES:
        now, then = side_value(record, side), side_value(previous, side)
        if now is not None and then is not None:
            deltas[side] = now - then
    return Change(previous, deltas)


def why_no_change(history: Sequence[CheckRecord], record: CheckRecord) -> str:
    """Say why a record has nothing to be compared with, in the person's words."""
    method, mode = record_method(record), record_mode(record)
    if not record.trials:
        return "No trials were recorded, so there is nothing to compare."
    if method is None:
        return "The trials mix methods, so this check is not compared with earlier ones."
    if mode is None:
        return "The trials mix passive and active, so this check is not compared with earlier ones."
    if not _earlier(history, record):
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


# What app/core/plan/standing.py does with a main check's passive reading (Level.RESTRICTED:
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


# --- Validating what was typed ------------------------------------------------------------

_DEGREES = re.compile(r"([+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+))\s*[°º]?", re.ASCII)


def find_definition(definitions: Iterable[CheckDefinition], slug: str) -> CheckDefinition:
    for definition in definitions:
        if definition.slug == slug:
            return definition
    raise KeyError(slug)


def check_degrees(degrees: float, definition: CheckDefinition) -> float:
    """Refuse a value this check cannot read (outside its low..high, or not finite)."""
    low, high = format_degrees(definition.low), format_degrees(definition.high)
    allowed = f"Enter an angle from {low} to {high}"
    if not math.isfinite(degrees):
        raise EntryError("degrees", f"{allowed}.")
    if not definition.low <= degrees <= definition.high:
        raise EntryError(
            "degrees", f"{allowed}; {format_degrees(degrees)} is outside what this check can read."
        )
    return float(degrees)


def parse_degrees(text: str, definition: CheckDefinition) -> float:
    """Read typed degrees the ways people type them: '32', '32.5', '32,5', '32°', ' 32 '."""
    stripped = text.strip()
    if not stripped:
        raise EntryError("degrees", "Enter the angle in degrees, for example 32.")
    match = _DEGREES.fullmatch(stripped)
    if match is None:
        raise EntryError("degrees", "Type the angle as a number, for example 32 or 32.5.")
    return check_degrees(float(match.group(1).replace(",", ".")), definition)


def check_taken_at(moment: datetime, now: datetime) -> datetime:
    """A check's time, in UTC; a time in the future is refused (a minute of clock skew is
    allowed, so "now" from a slightly fast clock still saves)."""
    if moment.tzinfo is None or now.tzinfo is None:
        raise ValueError("check_taken_at needs timezone-aware datetimes")
    if moment > now + CLOCK_SKEW:
        raise EntryError(
            "taken_at", "That date and time is in the future. Choose a time up to now."
        )
    return moment.astimezone(UTC)


def check_note(note: str, side: Side | None = None, trial: int | None = None) -> None:
    if len(note) > MAX_NOTE_CHARS:
        raise EntryError(
            "note",
            f"Keep the note to {MAX_NOTE_CHARS} characters; it has {len(note)}.",
            side=side,
            trial=trial,
        )


def is_photo_name(name: str) -> bool:
    """A kept photo is named by a bare file name in the photos folder, never a path: what
    the form, the store and an imported backup all accept."""
    return bool(name) and name not in (".", "..") and not any(c in name for c in "/\\\0")


def repeated_trial(trials: Sequence[Trial]) -> tuple[int, int] | None:
    """The first trial that repeats an earlier one's side and number, as (its index, the
    earlier one's index); None when each side numbers its trials once."""
    seen: dict[tuple[Side, int], int] = {}
    for index, trial in enumerate(trials):
        key = (trial.side, trial.number)
        if key in seen:
            return index, seen[key]
        seen[key] = index
    return None


def _check_trial(trial: Trial, definition: CheckDefinition) -> None:
    side, number = trial.side, trial.number

    def fail(field: str, message: str) -> NoReturn:
        raise EntryError(field, message, side=side, trial=number)

    if side not in MEASURED_SIDES:
        fail("side", "Each trial is for the left or the right side.")
    if not 1 <= number <= MAX_TRIALS:
        fail("trials", f"A side has at most {MAX_TRIALS} trials, numbered 1 to {MAX_TRIALS}.")
    try:
        check_degrees(trial.degrees, definition)
    except EntryError as error:
        fail(error.field, error.message)
    if trial.mode not in definition.modes:
        fail("mode", f"This check has no {trial.mode.value} version.")
    if trial.photo is not None and not is_photo_name(trial.photo):
        fail("photo", "The photo must be a file name in the photos folder.")
    check_note(trial.note, side, number)


def validate_record(
    record: CheckRecord, definitions: Iterable[CheckDefinition], now: datetime
) -> CheckRecord:
    """Refuse a record that cannot be stored, with the reason for the field at fault.

    Returns the record with its time in UTC. At least one side must be measured: a person may
    leave out a side that hurts, and a one-sided record is simply not given a difference.
    """
    try:
        definition = find_definition(definitions, record.check_slug)
    except KeyError:
        raise EntryError("check", f"There is no check called {record.check_slug!r}.") from None
    taken_at = check_taken_at(record.taken_at, now)
    check_note(record.note)
    if not record.trials:
        raise EntryError("trials", "Enter at least one reading, for the left or the right side.")
    for trial in record.trials:
        _check_trial(trial, definition)
    repeat = repeated_trial(record.trials)
    if repeat is not None:
        trial = record.trials[repeat[0]]
        raise EntryError(
            "trials",
            f"The {trial.side.value} side has trial {trial.number} twice.",
            side=trial.side,
            trial=trial.number,
        )
    return replace(record, taken_at=taken_at)
