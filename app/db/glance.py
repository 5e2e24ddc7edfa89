"""A quick read of what the home page shows, with plain sqlite3.

SQLAlchemy takes about 0.3 s to import; reading these few facts without it lets the window
be usable before the full store has loaded. The queries mirror the Store's meaning: the
same tables, read-only, nothing written.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.core.records import SessionStatus
from app.db.errors import DatabaseError, plain_message
from app.db.times import from_utc_text

LAST_SESSION = """
    SELECT s.started_at FROM sessions AS s
    WHERE s.status = :finished
       OR EXISTS (SELECT 1 FROM set_records AS r WHERE r.session_id = s.id AND NOT r.skipped)
    ORDER BY s.started_at DESC LIMIT 1
"""
UNFINISHED = """
    SELECT s.started_at,
           (SELECT count(*) FROM set_records AS r WHERE r.session_id = s.id AND NOT r.skipped),
           (SELECT count(*) FROM set_records AS r WHERE r.session_id = s.id)
    FROM sessions AS s WHERE s.status = :in_progress
    ORDER BY s.started_at DESC, s.id DESC LIMIT 1
"""


@dataclass(frozen=True)
class Unfinished:
    started_at: datetime
    done_sets: int  # sets finished, not skipped
    recorded_sets: int  # every set written, skipped ones too


@dataclass(frozen=True)
class Glance:
    settings: dict[str, Any]
    last_session: datetime | None
    unfinished: Unfinished | None


def glance(path: Path) -> Glance:
    """The home page's facts; the file must already be at the current schema."""
    parameters = {
        "finished": SessionStatus.FINISHED.value,
        "in_progress": SessionStatus.IN_PROGRESS.value,
    }
    try:
        with closing(sqlite3.connect(path)) as connection:
            settings = {}
            for key, value_json in connection.execute("SELECT key, value_json FROM settings"):
                try:
                    settings[key] = json.loads(value_json)
                except ValueError:
                    continue  # a hand-edited value falls back to its default
            last = connection.execute(LAST_SESSION, parameters).fetchone()
            unfinished = connection.execute(UNFINISHED, parameters).fetchone()
    except sqlite3.Error as error:
        raise DatabaseError(plain_message(error, path), path) from error
    return Glance(
        settings=settings,
        last_session=from_utc_text(last[0]) if last else None,
        unfinished=Unfinished(from_utc_text(unfinished[0]), *unfinished[1:])
        if unfinished
        else None,
    )
