"""What an import would add and what is already in the data file: the counts the person is
shown before saying yes, and the line that says them.

The matching that fills it is app/db/transfer/import_match.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.changes import Changes, Kind
from app.core.formatting import plural


@dataclass(frozen=True)
class ImportSummary:
    """What an import adds (``*_new``) and what is already in the data file and kept."""

    sessions_new: int = 0
    sessions_present: int = 0
    sets_new: int = 0
    sets_present: int = 0
    checkins_new: int = 0
    checkins_present: int = 0
    checks_new: int = 0
    checks_present: int = 0
    trials_new: int = 0
    settings_new: int = 0
    settings_present: int = 0
    choices_new: int = 0
    choices_present: int = 0

    @property
    def anything_new(self) -> bool:
        return bool(self.changes)

    @property
    def changes(self) -> Changes:
        """What adding this changed: the kinds it brought something new of (which settings
        is not known here, so any of them)."""
        added = {
            Kind.SESSIONS: self.sessions_new or self.sets_new,
            Kind.CHECKINS: self.checkins_new,
            Kind.CHECKS: self.checks_new,
            Kind.SETTINGS: self.settings_new,
            Kind.ROUTINE: self.choices_new,
        }
        return Changes.of(*(kind for kind, count in added.items() if count))

    def new_text(self) -> str:
        return ", ".join(
            (
                plural(self.sessions_new, "session"),
                plural(self.sets_new, "set"),
                plural(self.checkins_new, "check-in"),
                plural(self.checks_new, "check") + f" ({plural(self.trials_new, 'reading')})",
                plural(self.settings_new, "setting"),
                plural(self.choices_new, "exercise choice"),
            )
        )

    def present_text(self) -> str:
        return ", ".join(
            (
                plural(self.sessions_present, "session"),
                plural(self.sets_present, "set"),
                plural(self.checkins_present, "check-in"),
                plural(self.checks_present, "check"),
                plural(self.settings_present, "setting"),
                plural(self.choices_present, "exercise choice"),
            )
        )

    def line(self) -> str:
        """One line for before the import: what would be added and what is already there."""
        if not self.anything_new:
            return f"Nothing new to import: all of it is already here ({self.present_text()})."
        return f"To add: {self.new_text()}. Already here, kept as they are: {self.present_text()}."
