"""From what was typed on the check form to a CheckRecord, or every problem at once.

Kept in core so the form only collects text and shows messages: what makes a valid reading
is decided by checks.validate_record and parse_degrees, in one tested place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from app.core.checks.types import (
    CheckDefinition,
    CheckRecord,
    MeasuredBy,
    Method,
    Mode,
    Trial,
)
from app.core.checks.validation import (
    EntryError,
    check_note,
    check_taken_at,
    parse_degrees,
    validate_record,
)
from app.core.records import Side

TAKEN_AT = "taken_at"
RECORD_NOTE = "note"


def field_key(side: Side, number: int) -> str:
    """How the form names one trial's row: 'left-2'."""
    return f"{side.value}-{number}"


@dataclass(frozen=True)
class TrialInput:
    """One row of the form as typed; an empty degrees box means the trial was not taken."""

    side: Side
    number: int
    degrees_text: str
    method: Method
    mode: Mode
    measured_by: MeasuredBy
    pain: bool = False
    note: str = ""
    photo: str | None = None

    @property
    def key(self) -> str:
        return field_key(self.side, self.number)


class EntryErrors(ValueError):
    """Everything wrong with a form, keyed by field, so each message sits by its field."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems.values()))


def build_record(
    definition: CheckDefinition,
    inputs: Sequence[TrialInput],
    taken_at: datetime,
    now: datetime,
    note: str = "",
    record_id: int | None = None,
) -> CheckRecord:
    """The record the form describes; raises EntryErrors naming every bad field."""
    problems: dict[str, str] = {}
    trials: list[Trial] = []
    for row in inputs:
        if not row.degrees_text.strip():
            if row.pain or row.note.strip() or row.photo:
                problems[row.key] = (
                    f"{row.side.value.capitalize()} trial {row.number}: enter the angle, or "
                    "clear this trial's pinch, note or photo."
                )
            continue
        try:
            trial = Trial(
                row.side,
                row.number,
                parse_degrees(row.degrees_text, definition),
                row.method,
                row.mode,
                row.measured_by,
                row.pain,
                row.note.strip(),
                row.photo,
            )
            # One trial at a time, so every bad row is named, not only the first.
            validate_record(CheckRecord(definition.slug, now, (trial,)), (definition,), now)
        except EntryError as error:
            problems[row.key] = f"{row.side.value.capitalize()} trial {row.number}: {error}"
            continue
        trials.append(trial)
    for key, check in (
        (TAKEN_AT, lambda: check_taken_at(taken_at, now)),
        (RECORD_NOTE, lambda: check_note(note)),
    ):
        try:
            check()
        except EntryError as error:
            problems[key] = str(error)
    if not trials and not problems:
        problems[field_key(Side.LEFT, 1)] = (
            "Enter at least one reading, for the left or the right side."
        )
    if problems:
        raise EntryErrors(problems)
    record = CheckRecord(definition.slug, taken_at, tuple(trials), note.strip(), record_id)
    return validate_record(record, (definition,), now)
