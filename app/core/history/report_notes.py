"""The report's notes: every check-in note and self-check note in the range, by date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from app.core.checks.types import CheckDefinition, CheckRecord
from app.core.dates import short_date
from app.core.history.report_adherence import EFFORT_WORDS
from app.core.history.report_checks import trial_note
from app.core.plan.types import SessionLog


@dataclass(frozen=True)
class Note:
    when: str  # "3 Mar 2026"
    about: str  # "Check-in, effort about right" or "Lying face down"
    text: str

    @property
    def line(self) -> str:
        return f"{self.when} · {self.about}: {self.text}"


def dated_notes(
    sessions: Sequence[SessionLog],
    records_by_check: Sequence[tuple[CheckDefinition, Sequence[CheckRecord]]],
    tz: tzinfo | None,
) -> tuple[Note, ...]:
    """Check-in notes and check notes, oldest first (a check-in before a check at the same
    minute)."""
    dated: list[tuple[datetime, int, Note]] = []
    for session in sessions:
        checkin = session.checkin
        if checkin is not None and checkin.note.strip():
            at = checkin.at.astimezone(tz)
            about = f"Check-in, effort {EFFORT_WORDS[checkin.effort]}"
            dated.append((at, 0, Note(short_date(at.date()), about, checkin.note.strip())))
    for definition, records in records_by_check:
        for record in records:
            at = record.taken_at.astimezone(tz)
            texts = [record.note.strip()] if record.note.strip() else []
            texts += [trial_note(trial) for trial in record.trials if trial.note.strip()]
            if texts:
                dated.append(
                    (at, 1, Note(short_date(at.date()), definition.name, "; ".join(texts)))
                )
    dated.sort(key=lambda item: (item[0], item[1], item[2].about))
    return tuple(note for _, _, note in dated)
