"""A quick read of what the home page shows, with plain sqlite3.

SQLAlchemy takes about 0.3 s to import; reading these few facts without it lets the window
be usable before the full store has loaded. Four queries, whatever the amount of data. They
mirror the Store's meaning: the same tables, read-only, nothing written.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.core.checks.readings import median as middle_value
from app.core.content.exercises import Content
from app.core.plan.today_state import Unfinished
from app.core.plan.types import ExerciseChoice, Logbook
from app.core.plan.view import LatestCheck
from app.core.records import SessionStatus
from app.db.errors import database_error
from app.db.plan_reader import COUNTED, read_choices, read_logbook
from app.db.read_only import connect_read_only
from app.db.times import from_utc_text

# The plan engine looks at the last sessions, not all of them: enough that an exercise left out
# for a pinch that came back stays out for about two months of daily sessions unanswered.
PLANNING_SESSIONS = 60

LAST_SESSION = f"""
    SELECT s.started_at FROM sessions AS s WHERE {COUNTED}
    ORDER BY s.started_at DESC LIMIT 1
"""
UNFINISHED = """
    SELECT s.started_at,
           (SELECT count(*) FROM set_records AS r WHERE r.session_id = s.id AND NOT r.skipped),
           (SELECT count(*) FROM set_records AS r WHERE r.session_id = s.id)
    FROM sessions AS s WHERE s.status = :in_progress
    ORDER BY s.started_at DESC, s.id DESC LIMIT 1
"""
# The latest live record of each check (latest by taken_at, then id, as Store.checks orders
# them) with its trials; a record without trials still comes back, once, with side NULL.
LATEST_CHECKS = """
    WITH ranked AS (
        SELECT r.id, r.check_slug, r.taken_at,
               row_number() OVER (
                   PARTITION BY r.check_slug ORDER BY r.taken_at DESC, r.id DESC
               ) AS rank
        FROM check_records AS r WHERE r.deleted_at IS NULL
    )
    SELECT l.check_slug, l.taken_at, t.side, t.degrees
    FROM ranked AS l LEFT JOIN check_trials AS t ON t.record_id = l.id
    WHERE l.rank = 1
    ORDER BY l.check_slug, t.side, t.number
"""


@dataclass(frozen=True)
class Glance:
    settings: dict[str, Any]
    last_session: datetime | None
    unfinished: Unfinished | None
    latest_checks: tuple[LatestCheck, ...] = ()  # one per check taken, by check_slug
    history: Logbook | None = None  # recent sessions and every check, when asked for
    choices: dict[str, ExerciseChoice] | None = None  # saved "for always" choices


def read_settings(connection: sqlite3.Connection) -> dict[str, Any]:
    """Every stored setting by key; a hand-edited value that is not JSON is left out, so it
    falls back to its default."""
    settings = {}
    for key, value_json in connection.execute("SELECT key, value_json FROM settings"):
        with suppress(ValueError):
            settings[key] = json.loads(value_json)
    return settings


def glance(path: Path, content: Content | None = None) -> Glance:
    """The home page's facts; the file must already be at the current schema.

    With `content`, also what the plan engine needs: the recent sessions, every check and
    the saved exercise choices, so today's plan is ready without the full store.
    """
    parameters = {
        "in_progress": SessionStatus.IN_PROGRESS.value,
    }
    try:
        with closing(connect_read_only(path)) as connection:  # a read-only folder too
            settings = read_settings(connection)
            last = connection.execute(LAST_SESSION, parameters).fetchone()
            unfinished = connection.execute(UNFINISHED, parameters).fetchone()
            check_rows = connection.execute(LATEST_CHECKS).fetchall()
            history = choices = None
            if content is not None:
                history = read_logbook(connection, content, PLANNING_SESSIONS)
                choices = read_choices(connection)
    except sqlite3.Error as error:
        raise database_error(error, path) from error
    return Glance(
        settings=settings,
        last_session=from_utc_text(last[0]) if last else None,
        unfinished=Unfinished(from_utc_text(unfinished[0]), *unfinished[1:])
        if unfinished
        else None,
        latest_checks=_latest_checks(check_rows),
        history=history,
        choices=choices,
    )


def _latest_checks(
    rows: list[tuple[str, str, str | None, float | None]],
) -> tuple[LatestCheck, ...]:
    """Fold the (slug, taken_at, side, degrees) rows into one LatestCheck per slug."""
    taken: dict[str, str] = {}
    degrees: dict[tuple[str, str], list[float]] = {}
    for slug, taken_at, side, value in rows:
        taken[slug] = taken_at
        if side is not None and value is not None:  # None, None: a record without trials
            degrees.setdefault((slug, side), []).append(value)

    def median(slug: str, side: str) -> float | None:
        values = degrees.get((slug, side))
        return float(middle_value(values)) if values else None

    return tuple(
        LatestCheck(slug, from_utc_text(taken_at), median(slug, "left"), median(slug, "right"))
        for slug, taken_at in taken.items()
    )
