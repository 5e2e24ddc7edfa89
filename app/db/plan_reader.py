"""Read the history the plan engine needs, with plain sqlite3.

One implementation for two callers: the Store (through its own connection) and the Today
page at start-up, which must not wait ~0.3 s for SQLAlchemy to import. A fixed number of
queries whatever the amount of data.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Sequence
from typing import Any

from app.core.checks.types import CheckRecord, MeasuredBy, Method, Mode, Trial
from app.core.content.exercises import DOSE_VALUE_KINDS, Content
from app.core.plan.types import ExerciseChoice, Logbook, SessionLog
from app.core.records import COUNTING_STATUS, SIDE_BY_VALUE, SessionStatus, SetResult
from app.core.routine import SessionPlan
from app.core.session.checkin import CheckIn, Effort
from app.db.times import from_utc_text

# core.records.session_counts in SQL, built from its rule: the counting status, or a set done.
COUNTED = f"""(s.status = '{COUNTING_STATUS.value}'
    OR EXISTS (SELECT 1 FROM set_records AS c WHERE c.session_id = s.id AND NOT c.skipped))"""

# Older or hand-edited plans that the current content cannot rebuild are left out.
UNREADABLE_PLAN = (KeyError, TypeError, ValueError, AttributeError)

RECENT = "SELECT id FROM sessions ORDER BY started_at DESC, id DESC LIMIT :limit"
SESSIONS = f"""
    SELECT id, started_at, status, plan_json FROM sessions
    WHERE id IN ({RECENT}) ORDER BY started_at, id
"""
SETS = f"""
    SELECT session_id, exercise_slug, side, set_index, planned_seconds, done_seconds,
           planned_reps, done_reps, skipped, started_at, ended_at, pain
    FROM set_records WHERE session_id IN ({RECENT}) ORDER BY session_id, id
"""
CHECKINS = f"""
    SELECT session_id, at, effort, exercise_effort_json, note
    FROM checkins WHERE session_id IN ({RECENT})
"""
RECORDS = """
    SELECT id, check_slug, taken_at, note FROM check_records
    WHERE deleted_at IS NULL ORDER BY taken_at, id
"""
TRIALS = """
    SELECT t.record_id, t.side, t.number, t.degrees, t.method, t.mode, t.measured_by,
           t.pain, t.note, t.photo
    FROM check_trials AS t JOIN check_records AS r ON r.id = t.record_id
    WHERE r.deleted_at IS NULL ORDER BY t.record_id, t.side, t.number
"""


def dose_value(name: Any, value: Any) -> int | float:
    """One checked dose value, as int for whole-number values and float for the others."""
    kind = DOSE_VALUE_KINDS.get(name) if isinstance(name, str) else None
    if kind is None:
        raise ValueError(
            f"{name!r} is not a dose value; use one of {', '.join(sorted(DOSE_VALUE_KINDS))}"
        )
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"dose value {name!r} must be a number, got {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"dose value {name!r} must be a finite number above 0, got {value!r}")
    if kind is int:
        if value != int(value):
            raise ValueError(f"dose value {name!r} must be a whole number, got {value!r}")
        return int(value)
    return float(value)


def read_dose(text: str) -> dict[str, int | float]:
    """A saved dose as stored; an entry that is not a valid dose value is left out."""
    dose: dict[str, int | float] = {}
    for name, value in load_json_object(text).items():
        try:
            dose[name] = dose_value(name, value)
        except ValueError:
            continue
    return dose


def read_choices(connection: sqlite3.Connection) -> dict[str, ExerciseChoice]:
    """Every saved "for always" choice by exercise slug, in slug order."""
    return {
        slug: ExerciseChoice(dropped=bool(dropped), dose=read_dose(dose_json), swap_for=swap_for)
        for slug, dropped, dose_json, swap_for in connection.execute(
            "SELECT slug, dropped, dose_json, swap_for FROM exercise_choices ORDER BY slug"
        )
    }


def load_json_object(text: str | None) -> dict[str, Any]:
    """A stored JSON object, or {} when it is missing or unreadable (hand-edited files)."""
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def read_efforts(text: str | None) -> dict[str, Effort]:
    """Per-exercise efforts as stored; an entry that is not an effort is left out."""
    efforts: dict[str, Effort] = {}
    for slug, value in load_json_object(text).items():
        try:
            efforts[slug] = Effort(value)
        except ValueError:
            continue
    return efforts


def rebuild_plan(plan_json: str, content: Content) -> SessionPlan | None:
    try:
        return SessionPlan.from_dict(json.loads(plan_json), content)
    except UNREADABLE_PLAN:
        return None


def set_from_row(columns: Sequence[Any]) -> SetResult:
    """A set_records row (SET_COLUMNS, in that order) as the SetResult it was written from."""
    slug, side, index, planned, done, planned_reps, done_reps, skipped, started, ended, pain = (
        columns
    )
    return SetResult(
        slug,
        SIDE_BY_VALUE[side],
        index,
        planned,
        done,
        planned_reps,
        done_reps,
        bool(skipped),
        from_utc_text(started),
        from_utc_text(ended),
        bool(pain),
    )


def read_logbook(
    connection: sqlite3.Connection,
    content: Content,
    recent_sessions: int | None = None,
    *,
    keep_unreadable: bool = False,
) -> Logbook:
    """Every live check and the sessions (all, or the most recent few) with sets and check-ins.

    Sessions come oldest first, checks likewise, trials left then right by number, sets in
    the order they were recorded. A session whose plan the current content cannot rebuild is
    left out for the plan engine, or kept with an empty plan (``keep_unreadable``) by readers
    that need only what was done, such as the report.
    """
    limit = {"limit": -1 if recent_sessions is None else recent_sessions}  # -1: no limit
    session_rows = connection.execute(SESSIONS, limit).fetchall()
    sets: dict[int, list[SetResult]] = {}
    for session_id, *columns in connection.execute(SETS, limit):
        sets.setdefault(session_id, []).append(set_from_row(columns))
    checkins = {
        session_id: CheckIn(
            session_id, from_utc_text(at), Effort(effort), read_efforts(efforts), note
        )
        for session_id, at, effort, efforts, note in connection.execute(CHECKINS, limit)
    }
    plans: dict[str, SessionPlan | None] = {}  # many sessions share one plan
    logs = []
    for session_id, started, status, plan_json in session_rows:
        if plan_json not in plans:
            plans[plan_json] = rebuild_plan(plan_json, content)
        plan = plans[plan_json]
        if plan is None and keep_unreadable:
            plan = SessionPlan(items=())
        if plan is not None:
            logs.append(
                SessionLog(
                    session_id,
                    from_utc_text(started),
                    SessionStatus(status),
                    plan,
                    tuple(sets.get(session_id, ())),
                    checkins.get(session_id),
                )
            )
    trials: dict[int, list[Trial]] = {}
    for record_id, side, number, degrees, method, mode, by, pain, note, photo in connection.execute(
        TRIALS
    ):
        trials.setdefault(record_id, []).append(
            Trial(
                SIDE_BY_VALUE[side],
                number,
                degrees,
                Method(method),
                Mode(mode),
                MeasuredBy(by),
                bool(pain),
                note,
                photo,
            )
        )
    checks = tuple(
        CheckRecord(
            slug, from_utc_text(taken_at), tuple(trials.get(record_id, ())), note, record_id
        )
        for record_id, slug, taken_at, note in connection.execute(RECORDS)
    )
    return Logbook(checks=checks, sessions=tuple(logs))
