"""The report's appendix, when asked for: every trial of every check as it was typed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from app.core.checks.labels import METHODS, format_degrees
from app.core.checks.types import CheckDefinition, CheckRecord
from app.core.dates import short_date_time
from app.core.history.report_checks import SIDES


@dataclass(frozen=True)
class TrialRow:
    """One trial of one side, for the appendix: every number as it was typed."""

    when: str
    check: str
    side: str
    number: str
    degrees: str
    method: str
    mode: str
    measured_by: str
    pain: str
    note: str

    @property
    def cells(self) -> tuple[str, ...]:
        return (
            self.when,
            self.check,
            self.side,
            self.number,
            self.degrees,
            self.method,
            self.mode,
            self.measured_by,
            self.pain,
            self.note,
        )


TRIAL_COLUMNS = (
    "Date",
    "Check",
    "Side",
    "Trial",
    "Degrees",
    "Method",
    "Mode",
    "By",
    "Pain",
    "Note",
)


def trial_rows(
    records_by_check: Sequence[tuple[CheckDefinition, Sequence[CheckRecord]]],
    tz: tzinfo | None,
) -> tuple[TrialRow, ...]:
    """Every trial, by time and check, left before right."""
    rows: list[tuple[datetime, str, TrialRow]] = []
    for definition, records in records_by_check:
        for record in records:
            at = record.taken_at.astimezone(tz)
            for trial in sorted(record.trials, key=lambda t: (SIDES.index(t.side), t.number)):
                row = TrialRow(
                    short_date_time(at),
                    definition.name,
                    trial.side.value.capitalize(),
                    str(trial.number),
                    format_degrees(trial.degrees),
                    METHODS[trial.method].short,
                    trial.mode.value.capitalize(),
                    "Helper" if trial.measured_by.value == "helper" else "Self",
                    "Yes" if trial.pain else "",
                    trial.note.strip(),
                )
                rows.append((at, definition.slug, row))
    rows.sort(key=lambda item: (item[0], item[1]))
    return tuple(row for _, _, row in rows)
