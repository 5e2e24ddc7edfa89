"""What may be stored as a check: typed degrees read the ways people type them, and a record
refused with a plain reason for the field at fault.

The form shows each reason next to its field (entry.py gathers them all at once); the store
and an imported backup use the same rules for a photo's name and a repeated trial, so no way
in accepts what another refuses.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import NoReturn

from app.core.checks.labels import format_degrees
from app.core.checks.types import (
    MAX_TRIALS,
    MEASURED_SIDES,
    CheckDefinition,
    CheckRecord,
    Trial,
    find_definition,
)
from app.core.records import Side

MAX_NOTE_CHARS = 500
CLOCK_SKEW = timedelta(minutes=1)  # a time this far ahead of "now" is a clock, not the future


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


_DEGREES = re.compile(r"([+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+))\s*[°º]?", re.ASCII)


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
