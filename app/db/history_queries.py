"""What the History page reads, with plain sqlite3: checks, adherence and the session log.

A fixed, small number of queries whatever the amount of data (ten years of daily sessions
is ~90k set records), aggregated in SQL where SQLite does it faster than Python would.
Read-only: the connection from :func:`reading` cannot write, and nothing here writes.

Times in the file are UTC text (app/db/times.py); days for adherence are the person's local
calendar days (``tz``; None: the computer's own zone), as the Today page counts them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date, datetime, tzinfo
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from app.core.checks.readings import median, one_of
from app.core.checks.types import Method, Mode
from app.core.history.chart_model import RecordPoint
from app.core.history.practice import DayWork, PracticeByDay
from app.core.history.ranges import Extent
from app.core.history.session_log import SessionLogRow
from app.core.records import SessionStatus, SetResult, Side, session_counts
from app.core.session.checkin import Effort
from app.db.errors import DatabaseError, plain_message
from app.db.plan_reader import COUNTED, read_efforts, set_from_row
from app.db.read_only import connect_read_only
from app.db.times import from_utc_text, to_utc_text

CHECK_ROWS = """
    SELECT r.id, r.check_slug, r.taken_at, r.note,
           t.side, t.degrees, t.method, t.mode, t.pain, t.note
    FROM check_records AS r JOIN check_trials AS t ON t.record_id = r.id
    WHERE r.deleted_at IS NULL AND r.taken_at >= :since
    ORDER BY r.taken_at, r.id, t.side, t.number
"""
# One row per session since :since with its work, summed when its sets were written
# (session_work, migration 0004): no set row is read. A session without sets has no row.
SESSION_WORK = """
    SELECT s.started_at, s.status, coalesce(w.seconds, 0.0), coalesce(w.sets_done, 0)
    FROM sessions AS s LEFT JOIN session_work AS w ON w.session_id = s.id
    WHERE s.started_at >= :since
    ORDER BY s.id
"""
# The page's sessions first, then their sets summed through the session_id index.
SESSION_LOG = """
    WITH page AS (
        SELECT id, started_at, ended_at, status, plan_json FROM sessions
        ORDER BY started_at DESC, id DESC LIMIT :limit OFFSET :offset
    ), work AS (
        SELECT session_id, total(done_seconds) AS seconds, count(*) AS recorded,
               total(skipped) AS skipped, total(pain) AS pain
        FROM set_records WHERE session_id IN (SELECT id FROM page) GROUP BY session_id
    )
    SELECT p.id, p.started_at, p.ended_at, p.status, p.plan_json,
           coalesce(w.seconds, 0.0), coalesce(w.recorded, 0), coalesce(w.skipped, 0),
           coalesce(w.pain, 0), c.effort, c.note, c.exercise_effort_json
    FROM page AS p
    LEFT JOIN work AS w ON w.session_id = p.id
    LEFT JOIN checkins AS c ON c.session_id = p.id
    ORDER BY p.started_at DESC, p.id DESC
"""
SESSION_SETS = """
    SELECT exercise_slug, side, set_index, planned_seconds, done_seconds, planned_reps,
           done_reps, skipped, started_at, ended_at, pain
    FROM set_records WHERE session_id = :session_id ORDER BY id
"""
FIRST_CHECK = """
    SELECT taken_at FROM check_records WHERE deleted_at IS NULL ORDER BY taken_at LIMIT 1
"""
FIRST_SESSION = (
    f"SELECT s.started_at FROM sessions AS s WHERE {COUNTED} ORDER BY s.started_at LIMIT 1"
)
SESSION_STARTS = (
    f"SELECT s.started_at FROM sessions AS s WHERE {COUNTED} ORDER BY s.started_at DESC"
)


# --- Reading --------------------------------------------------------------------------------


@contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection in one read transaction, so every query sees the same data.

    DatabaseError (with a message fit to show) when the file is missing, damaged or locked.
    """
    path = Path(path)
    if not path.is_file():
        raise DatabaseError(f"Inward could not find its data file {path}.", path)
    try:
        with closing(connect_read_only(path)) as con:
            con.execute("BEGIN")
            yield con
            con.rollback()
    except sqlite3.Error as error:
        raise DatabaseError(plain_message(error, path), path) from error


def _since_text(since: datetime | None) -> str:
    return "" if since is None else to_utc_text(since)  # "" sorts before every time


# --- Checks ---------------------------------------------------------------------------------


# One live check record, folded to one value per side (the median of its trials): the very
# type the report builds from CheckRecords, so History and the PDF read one model.


def check_points(connection: sqlite3.Connection, since: datetime | None) -> list[RecordPoint]:
    """Every live check record taken at or after ``since`` (None: all), oldest first."""
    rows = connection.execute(CHECK_ROWS, {"since": _since_text(since)})
    return [_record_point(list(trials)) for _, trials in groupby(rows, key=itemgetter(0))]


def _record_point(rows: list[tuple[Any, ...]]) -> RecordPoint:
    """One record's rows (one per trial) folded into a point: each side's median, and the
    method and mode of each side and of the whole record when its trials share one."""
    record_id, slug, taken, note = rows[0][:4]
    sides: dict[str, tuple[list[float], set[str], set[str]]] = {}  # degrees, methods, modes
    for row in rows:
        found = sides.get(row[4])
        if found is None:
            found = sides[row[4]] = ([], set(), set())
        found[0].append(row[5])
        found[1].add(row[6])
        found[2].add(row[7])
    none: tuple[list[float], set[str], set[str]] = ([], set(), set())
    left, right = sides.get(Side.LEFT.value, none), sides.get(Side.RIGHT.value, none)
    return RecordPoint(
        record_id,
        slug,
        from_utc_text(taken),
        one_of(Method(value) for how in sides.values() for value in how[1]),
        one_of(Mode(value) for how in sides.values() for value in how[2]),
        median(left[0]) if left[0] else None,
        median(right[0]) if right[0] else None,
        "; ".join(text for text in (note, *(row[9] for row in rows)) if text),
        any(row[8] for row in rows),
        one_of(map(Method, left[1])),
        one_of(map(Mode, left[2])),
        one_of(map(Method, right[1])),
        one_of(map(Mode, right[2])),
    )


# --- PracticeByDay ------------------------------------------------------------------------------


def adherence(
    connection: sqlite3.Connection, since: datetime | None, tz: tzinfo | None = None
) -> PracticeByDay:
    """Counted sessions started at or after ``since`` (None: all), by local day (``tz``).

    Each session's sets come summed (session_work, kept by triggers); only the local day is
    Python's, as SQLite knows no time zones. The sums gather in lists and become one
    DayWork per day at the end: a new frozen DayWork for each of ten years' ~3,000 sessions
    was half of this function's Python time."""
    sums: dict[date, list[Any]] = {}  # sessions, seconds, holds
    for started, status, seconds, holds in connection.execute(
        SESSION_WORK, {"since": _since_text(since)}
    ):
        done = int(holds)
        if not session_counts(status, done):
            continue  # started and left before any set was done
        day = from_utc_text(started).astimezone(tz).date()
        found = sums.get(day)
        if found is None:
            sums[day] = [1, seconds, done]
        else:
            found[0] += 1
            found[1] += seconds
            found[2] += done
    return PracticeByDay.from_days({day: DayWork(*work) for day, work in sums.items()})


def session_days(connection: sqlite3.Connection, tz: tzinfo | None = None) -> Iterator[date]:
    """Local days with a counted session, newest first, read lazily: a streak needs only the
    rows up to its first gap (practice.current_streak stops there)."""
    for (started,) in connection.execute(SESSION_STARTS):
        yield from_utc_text(started).astimezone(tz).date()


def extent(connection: sqlite3.Connection) -> Extent:
    check = connection.execute(FIRST_CHECK).fetchone()
    session = connection.execute(FIRST_SESSION).fetchone()
    (count,) = connection.execute("SELECT count(*) FROM sessions").fetchone()
    return Extent(
        from_utc_text(check[0]) if check else None,
        from_utc_text(session[0]) if session else None,
        count,
    )


# --- Session log ----------------------------------------------------------------------------


@lru_cache(maxsize=64)  # sessions share a handful of plans: each is parsed once
def planned_sets(plan_json: str) -> int | None:
    """Sets a stored plan asks for: its ``sets`` per side, two sides for "each"; None when
    the plan cannot be read (hand-edited, or from a content version that differs)."""
    try:
        items = json.loads(plan_json)["items"]
        total = 0
        for item in items:
            dose = item["dose"]
            sets = int(dose.get("sets", 1))
            total += sets * (2 if dose.get("sides") == "each" else 1)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return total


def session_log(connection: sqlite3.Connection, limit: int, offset: int = 0) -> list[SessionLogRow]:
    """Sessions newest first, ``limit`` from ``offset``, with their sets and check-in summed."""
    rows = []
    for (
        session_id,
        started,
        ended,
        status,
        plan_json,
        seconds,
        recorded,
        skipped,
        pain,
        effort,
        note,
        efforts,
    ) in connection.execute(SESSION_LOG, {"limit": limit, "offset": offset}):
        try:
            effort_value = Effort(effort) if effort is not None else None
        except ValueError:
            effort_value = None
        rows.append(
            SessionLogRow(
                session_id,
                from_utc_text(started),
                from_utc_text(ended) if ended else None,
                SessionStatus(status),
                seconds,
                recorded - int(skipped),
                int(skipped),
                planned_sets(plan_json),
                int(pain),
                effort_value,
                note or "",
                read_efforts(efforts) if efforts else {},
            )
        )
    return rows


def session_sets(connection: sqlite3.Connection, session_id: int) -> list[SetResult]:
    """One session's sets in the order they were recorded."""
    rows = connection.execute(SESSION_SETS, {"session_id": session_id})
    return [set_from_row(columns) for columns in rows]
