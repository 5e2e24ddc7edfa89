"""What a backup is: the format's name and version, how much it may hold, its typed records,
and the errors that stop one being read.

The rest of the backup's pure-Python side: its document for writing (document.py), checking an
incoming one (validate.py, entries.py, fields.py), what an import would add
(import_summary.py). The database side is in app/db: backup_export.py, backup_reader.py and
backup_import.py. The format is documented in docs/data-format.md; change both together, and
bump FORMAT_VERSION for any change an older Inward could not read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.core.checks.types import CheckRecord
from app.core.plan.types import ExerciseChoice
from app.core.records import SessionStatus, SetResult
from app.core.session.checkin import CheckIn

FORMAT = "inward-backup"
FORMAT_VERSION = 1

# Sizes: far beyond a lifetime of daily sessions (40 years is ~15,000), small enough that a
# hostile or broken file cannot exhaust memory once parsed. The file itself is capped before
# parsing (app/db/transfer/backup_reader.py, MAX_FILE_BYTES).
MAX_SESSIONS = 100_000
MAX_SETS = 2_000_000  # in the whole file
MAX_SETS_PER_SESSION = 2_000
MAX_CHECKS = 100_000
MAX_SETTINGS = 1_000
MAX_CHOICES = 1_000
MAX_TEXT = 10_000  # characters in a note
MAX_NAME = 100  # characters in a slug, a setting key, a file name
MAX_SECONDS = 86_400.0  # a set longer than a day is not a set
MAX_REPS = 10_000
MAX_SET_INDEX = 1_000
MAX_DEGREES = 180.0


class BackupError(ValueError):
    """A backup cannot be read; ``str(error)`` is one line fit for a dialog or stderr.

    ``where`` is the path of the offending value (``sessions[12].sets[3].done_seconds``) or
    "" when the problem is the file as a whole.
    """

    def __init__(self, message: str, where: str = "") -> None:
        self.where = where
        self.problem = message
        text = f"{where}: {message}" if where else message
        super().__init__(" ".join(text.split()))  # one line, whatever the parts hold


class ImportCancelled(Exception):
    """The person cancelled an import: nothing was written."""


@dataclass(frozen=True)
class BackupSession:
    """One session as the backup holds it: the plan exactly as stored, never rebuilt."""

    id: int  # the id in the exporting file; not kept on import
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    plan: dict[str, Any]
    sets: tuple[SetResult, ...] = ()
    checkin: CheckIn | None = None  # its session_id is this session's id


@dataclass(frozen=True)
class BackupCheck:
    """One check record with its trials; ``record.id`` is the id in the exporting file."""

    record: CheckRecord
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None  # set: deleted in the app (undoable there)


@dataclass(frozen=True)
class BackupChoice:
    choice: ExerciseChoice
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Backup:
    exported_at: datetime
    app_schema: str
    sessions: tuple[BackupSession, ...] = ()
    checks: tuple[BackupCheck, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict)
    exercise_choices: Mapping[str, BackupChoice] = field(default_factory=dict)
    version: int = FORMAT_VERSION

    @property
    def set_count(self) -> int:
        return sum(len(session.sets) for session in self.sessions)
