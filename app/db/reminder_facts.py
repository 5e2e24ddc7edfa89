"""What `inward remind` needs from the data file, read-only, and when it last reminded.

The data file is opened read-only (plain sqlite3: no SQLAlchemy to import for a command that
runs a few times a day and exits). Nothing is ever written to it. When it last reminded is a
small JSON file of its own beside the data file, or in the user's state folder when the data
folder cannot be written (a read-only or synced-elsewhere folder), so "once a day" works
there too.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.core.content.exercises import Content
from app.core.plan.types import ExerciseChoice, Logbook
from app.db.atomic_files import write_atomically
from app.db.errors import DatabaseError, database_error
from app.db.glance import PLANNING_SESSIONS, read_settings
from app.db.plan_reader import read_choices, read_logbook
from app.db.read_only import connect_read_only
from app.db.schema import HEAD_REVISION, inspect_file

STATE_NAME = "reminder-state.json"


@dataclass(frozen=True)
class StoredFacts:
    settings: dict[str, Any]
    history: Logbook
    choices: dict[str, ExerciseChoice]


def read_facts(path: Path, content: Content) -> StoredFacts:
    """Settings, recent sessions, every check and saved choices, without writing anything.

    DatabaseError when there is no data file yet or it is not at this Inward's schema (the
    window brings an older file up to date; a reminder never changes it).
    """
    if not Path(path).is_file():
        raise DatabaseError(f"There is no Inward data file at {path} yet.", path)
    state = inspect_file(path)
    if state.revision != HEAD_REVISION:
        raise DatabaseError(
            f"The data file {path} is from another version of Inward; open Inward once to "
            "bring it up to date.",
            path,
        )
    try:
        with closing(connect_read_only(path)) as connection:
            settings = read_settings(connection)
            history = read_logbook(connection, content, PLANNING_SESSIONS)
            choices = read_choices(connection)
    except sqlite3.Error as error:
        raise database_error(error, path) from error
    return StoredFacts(settings, history, choices)


def _fallback_state(data_dir: Path) -> Path:
    import platformdirs

    folder = Path(platformdirs.user_state_dir("Inward", appauthor=False))
    name = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:16]
    return folder / f"reminder-state-{name}.json"


def state_paths(data_dir: Path) -> tuple[Path, Path]:
    """Beside the data file first, then the user's state folder."""
    return Path(data_dir) / STATE_NAME, _fallback_state(data_dir)


def last_reminded(data_dir: Path) -> datetime | None:
    """The latest reminder recorded in either place; None when none (or unreadable)."""
    found = []
    for path in state_paths(data_dir):
        with suppress(OSError, ValueError, TypeError, AttributeError):
            moment = datetime.fromisoformat(json.loads(path.read_text("utf-8"))["reminded_at"])
            if moment.tzinfo is not None:
                found.append(moment.astimezone(UTC))
    return max(found, default=None)


def record_reminded(data_dir: Path, at: datetime) -> Path | None:
    """Write when it reminded (atomically, owner-only); the file written, or None if neither
    place could be written (the reminder still showed: at worst it shows again today)."""
    text = json.dumps({"reminded_at": at.astimezone(UTC).isoformat()})
    for path in state_paths(data_dir):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, text)
            return path
        except OSError:
            continue
    return None
