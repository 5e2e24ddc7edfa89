"""Writing what an import adds: the rows the matching decided on (app/db/transfer/import_match.py),
inserted with new ids inside the caller's transaction, saying how far it is and stopping
when asked.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from app.core.backup.document import utc_text
from app.core.backup.format import Backup, BackupChoice
from app.core.records import SessionStatus, SetResult
from app.db.transfer.backup_values import json_text
from app.db.transfer.import_asks import asking
from app.db.transfer.import_match import ImportDecision

#: Sets written between two calls of ``progress``: the bar has no use for more.
ROWS_PER_PROGRESS = 2000


def _bool(value: bool) -> int:
    return 1 if value else 0


def _watched(
    rows: Iterable[tuple[Any, ...]],
    total: int,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> Iterator[tuple[Any, ...]]:
    """``rows``, asked about as :func:`asking` does and saying how far they are every
    :data:`ROWS_PER_PROGRESS`."""
    for number, row in enumerate(asking(rows, cancelled), 1):
        if progress is not None and number % ROWS_PER_PROGRESS == 0:
            progress(number, total)
        yield row


def write_import(
    connection: sqlite3.Connection,
    backup: Backup,
    decision: ImportDecision,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    next_session = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM sessions").fetchone()[0]
    session_ids: dict[int, int] = {}
    session_rows = []
    for index, matched in asking(decision.sessions, cancelled):
        if matched is not None:
            session_ids[index] = matched
            continue
        session = backup.sessions[index]
        session_ids[index] = next_session
        session_rows.append(
            (
                next_session,
                utc_text(session.started_at),
                None if session.ended_at is None else utc_text(session.ended_at),
                _imported_status(session.status).value,
                json_text(session.plan),
            )
        )
        next_session += 1
    connection.executemany(
        "INSERT INTO sessions (id, started_at, ended_at, status, plan_json) VALUES (?, ?, ?, ?, ?)",
        asking(session_rows, cancelled),
    )
    connection.executemany(
        "INSERT INTO set_records (session_id, exercise_slug, side, set_index, planned_seconds,"
        " done_seconds, planned_reps, done_reps, skipped, pain, started_at, ended_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        _watched(
            (
                _set_row(session_ids[index], backup.sessions[index].sets[set_index])
                for index, set_index in decision.sets
            ),
            len(decision.sets),
            progress,
            cancelled,
        ),
    )
    checkin_rows = []
    for index in asking(decision.checkins, cancelled):
        checkin = backup.sessions[index].checkin
        assert checkin is not None
        efforts = {slug: effort.value for slug, effort in checkin.exercise_effort.items()}
        checkin_rows.append(
            (
                session_ids[index],
                utc_text(checkin.at),
                checkin.effort.value,
                checkin.note,
                json_text(efforts),
            )
        )
    connection.executemany(
        "INSERT INTO checkins (session_id, at, effort, note, exercise_effort_json)"
        " VALUES (?, ?, ?, ?, ?)",
        asking(checkin_rows, cancelled),
    )
    next_check = connection.execute(
        "SELECT coalesce(max(id), 0) + 1 FROM check_records"
    ).fetchone()[0]
    record_rows = []
    trial_rows: list[tuple[object, ...]] = []
    for index in asking(decision.checks, cancelled):
        check = backup.checks[index]
        record = check.record
        record_rows.append(
            (
                next_check,
                record.check_slug,
                utc_text(record.taken_at),
                record.note,
                utc_text(check.created_at),
                utc_text(check.updated_at),
                None if check.deleted_at is None else utc_text(check.deleted_at),
            )
        )
        trial_rows.extend(
            (
                next_check,
                trial.side.value,
                trial.number,
                trial.degrees,
                trial.method.value,
                trial.mode.value,
                trial.measured_by.value,
                _bool(trial.pain),
                trial.note,
                trial.photo,
            )
            for trial in record.trials
        )
        next_check += 1
    connection.executemany(
        "INSERT INTO check_records (id, check_slug, taken_at, note, created_at, updated_at,"
        " deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        asking(record_rows, cancelled),
    )
    connection.executemany(
        "INSERT INTO check_trials (record_id, side, number, degrees, method, mode, measured_by,"
        " pain, note, photo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        asking(trial_rows, cancelled),
    )
    connection.executemany(
        "INSERT INTO settings (key, value_json) VALUES (?, ?)",
        ((key, json_text(backup.settings[key])) for key in decision.settings),
    )
    now = datetime.now(UTC)
    connection.executemany(
        "INSERT INTO exercise_choices (slug, dropped, dose_json, swap_for, updated_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (_choice_row(slug, backup.exercise_choices[slug], now) for slug in decision.choices),
    )


def _imported_status(status: SessionStatus) -> SessionStatus:
    """A session still running in the exporting file is not one this computer can resume."""
    return SessionStatus.ABANDONED if status is SessionStatus.IN_PROGRESS else status


def _set_row(session_id: int, result: SetResult) -> tuple[Any, ...]:
    return (
        session_id,
        result.exercise_slug,
        result.side._value_,  # not .value: the enum's descriptor is slow over 50,000 sets
        result.set_index,
        result.planned_seconds,
        result.done_seconds,
        result.planned_reps,
        result.done_reps,
        _bool(result.skipped),
        _bool(result.pain),
        utc_text(result.started_at),
        utc_text(result.ended_at),
    )


def _choice_row(slug: str, saved: BackupChoice, now: datetime) -> tuple[Any, ...]:
    return (
        slug,
        _bool(saved.choice.dropped),
        json_text(dict(saved.choice.dose)),
        saved.choice.swap_for,
        utc_text(saved.updated_at or now),
    )
