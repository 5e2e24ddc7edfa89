"""Earlier checks as the Self-checks table lists them: one row of text per sitting."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import tzinfo

from app.core.checks.labels import (
    METHODS,
    MIXED_METHODS,
    format_degrees,
)
from app.core.checks.readings import (
    record_method,
    record_mode,
    side_trials,
    side_value,
)
from app.core.checks.types import (
    CheckDefinition,
    CheckRecord,
)
from app.core.dates import numeric_date_time
from app.core.records import Side


@dataclass(frozen=True)
class CheckListRow:
    record_id: int
    cells: tuple[str, ...]  # When, Check, Left, Right, Method, Mode, Notes
    pain: bool


def _side_cell(record: CheckRecord, side: Side) -> str:
    value = side_value(record, side)
    if value is None:
        return "—"
    count = len(side_trials(record, side))
    return format_degrees(value) if count == 1 else f"{format_degrees(value)} ({count} trials)"


def check_list_rows(
    records: Iterable[CheckRecord],
    definitions: Sequence[CheckDefinition],
    tz: tzinfo | None = None,
) -> list[CheckListRow]:
    """Newest first; each side is the median of its trials, as the result screen said."""
    names = {definition.slug: definition.name for definition in definitions}
    rows = []
    for record in sorted(records, key=lambda r: (r.taken_at, r.id or 0), reverse=True):
        assert record.id is not None, "only stored records are listed"
        method, mode = record_method(record), record_mode(record)
        notes = [record.note, *(t.note for t in record.trials)]
        pain = any(trial.pain for trial in record.trials)
        if pain:
            notes.insert(0, "Pinch or pain")
        rows.append(
            CheckListRow(
                record.id,
                (
                    numeric_date_time(record.taken_at.astimezone(tz)),
                    names.get(record.check_slug, record.check_slug),
                    _side_cell(record, Side.LEFT),
                    _side_cell(record, Side.RIGHT),
                    METHODS[method].label if method else MIXED_METHODS,
                    mode.value.capitalize() if mode else "Mixed",
                    "; ".join(note for note in notes if note),
                ),
                pain,
            )
        )
    return rows
