"""From what was typed on the check form to a CheckRecord, or every problem at once.

Kept in core so the form only collects text and shows messages: the rules for what is a
valid reading live in one tested place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from app.core.checks import (
    CheckDefinition,
    CheckRecord,
    EntryError,
    MeasuredBy,
    Method,
    Mode,
    Trial,
    check_taken_at,
    parse_degrees,
)
from app.core.records import Side

NOTE_LIMIT = 500
TAKEN_AT = "taken_at"
RECORD_NOTE = "note"


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
        return f"{self.side.value}-{self.number}"


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
            continue
        try:
            degrees = parse_degrees(row.degrees_text, definition)
        except EntryError as error:
            problems[row.key] = f"{row.side.value.capitalize()} trial {row.number}: {error}"
            continue
        if len(row.note) > NOTE_LIMIT:
            problems[row.key] = f"The note is {len(row.note)} characters; {NOTE_LIMIT} at most."
            continue
        trials.append(
            Trial(
                side=row.side,
                number=row.number,
                degrees=degrees,
                method=row.method,
                mode=row.mode,
                measured_by=row.measured_by,
                pain=row.pain,
                note=row.note.strip(),
                photo=row.photo,
            )
        )
    try:
        taken = check_taken_at(taken_at, now)
    except EntryError as error:
        problems[TAKEN_AT] = str(error)
        taken = taken_at
    if len(note) > NOTE_LIMIT:
        problems[RECORD_NOTE] = f"The note is {len(note)} characters; {NOTE_LIMIT} at most."
    if not trials and not problems:
        problems["left-1"] = "Type at least one reading (degrees) for the left or right side."
    if problems:
        raise EntryErrors(problems)
    return CheckRecord(definition.slug, taken, tuple(trials), note.strip(), record_id)
