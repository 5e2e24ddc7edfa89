"""Writing a backup: the document's shape (every object's keys, in the order they are
written) and :func:`document`, the whole backup from typed records as plain JSON values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from app.core.backup.format import FORMAT, FORMAT_VERSION, Backup
from app.core.checks.types import MeasuredBy, Method, Mode, Trial
from app.core.records import SessionStatus, SetResult, Side
from app.core.session.checkin import CheckIn, Effort


def utc_text(value: datetime) -> str:
    """The one way the backup writes a time: ISO 8601 in UTC, to the microsecond."""
    if value.tzinfo is UTC:  # most times: nothing to convert
        return value.isoformat(timespec="microseconds")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"datetime must be timezone-aware, got naive {value!r}")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _optional_time(value: datetime | None) -> str | None:
    return None if value is None else utc_text(value)


# The document's shape: every object's keys, in the order they are written. The exporter
# (app/db/transfer/backup_export.export_backup) fills them from the data file's rows and
# document() from typed records, both through these *_entry functions, so the two cannot
# drift apart. Values come already as JSON values (times as text); a dict literal each, as the
# export builds ~100,000 of them for ten years of sessions.


def header_entry(
    exported_at: str, app_schema: str, version: int = FORMAT_VERSION
) -> dict[str, Any]:
    """What the file is: its format and version, when and from which schema it came."""
    return {
        "format": FORMAT,
        "version": version,
        "exported_at": exported_at,
        "app_schema": app_schema,
    }


def session_entry(
    id: int,
    started_at: str | None,
    ended_at: str | None,
    status: str,
    plan: dict[str, Any],
    sets: list[dict[str, Any]],
    checkin: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "id": id,
        "started_at": started_at,
        "ended_at": ended_at,
        "status": status,
        "plan": plan,
        "sets": sets,
        "checkin": checkin,
    }


def set_entry(
    exercise_slug: str,
    side: str,
    set_index: int,
    planned_seconds: float,
    done_seconds: float,
    planned_reps: int | None,
    done_reps: int | None,
    skipped: bool,
    pain: bool,
    started_at: str | None,
    ended_at: str | None,
) -> dict[str, Any]:
    return {
        "exercise_slug": exercise_slug,
        "side": side,
        "set_index": set_index,
        "planned_seconds": planned_seconds,
        "done_seconds": done_seconds,
        "planned_reps": planned_reps,
        "done_reps": done_reps,
        "skipped": skipped,
        "pain": pain,
        "started_at": started_at,
        "ended_at": ended_at,
    }


def checkin_entry(
    at: str | None, effort: str, exercise_effort: dict[str, Any], note: str
) -> dict[str, Any]:
    return {"at": at, "effort": effort, "exercise_effort": exercise_effort, "note": note}


def check_entry(
    id: int | None,
    check_slug: str,
    taken_at: str | None,
    note: str,
    created_at: str | None,
    updated_at: str | None,
    deleted_at: str | None,
    trials: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "id": id,
        "check_slug": check_slug,
        "taken_at": taken_at,
        "note": note,
        "created_at": created_at,
        "updated_at": updated_at,
        "deleted_at": deleted_at,
        "trials": trials,
    }


def trial_entry(
    side: str,
    number: int,
    degrees: float,
    method: str,
    mode: str,
    measured_by: str,
    pain: bool,
    note: str,
    photo: str | None,
) -> dict[str, Any]:
    return {
        "side": side,
        "number": number,
        "degrees": degrees,
        "method": method,
        "mode": mode,
        "measured_by": measured_by,
        "pain": pain,
        "note": note,
        "photo": photo,
    }


def choice_entry(
    dropped: bool, dose: dict[str, Any], swap_for: str | None, updated_at: str | None
) -> dict[str, Any]:
    return {"dropped": dropped, "dose": dose, "swap_for": swap_for, "updated_at": updated_at}


def document_entry(
    header: Mapping[str, Any],
    sessions: list[dict[str, Any]],
    checks: list[dict[str, Any]],
    settings: dict[str, Any],
    exercise_choices: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    """The whole document: the header, then the four collections."""
    return {
        **header,
        "sessions": sessions,
        "checks": checks,
        "settings": settings,
        "exercise_choices": exercise_choices,
    }


def set_document(result: SetResult) -> dict[str, Any]:
    return set_entry(
        result.exercise_slug,
        Side(result.side).value,
        result.set_index,
        result.planned_seconds,
        result.done_seconds,
        result.planned_reps,
        result.done_reps,
        result.skipped,
        result.pain,
        utc_text(result.started_at),
        utc_text(result.ended_at),
    )


def checkin_document(checkin: CheckIn) -> dict[str, Any]:
    return checkin_entry(
        utc_text(checkin.at),
        Effort(checkin.effort).value,
        {slug: Effort(effort).value for slug, effort in checkin.exercise_effort.items()},
        checkin.note,
    )


def trial_document(trial: Trial) -> dict[str, Any]:
    return trial_entry(
        Side(trial.side).value,
        trial.number,
        trial.degrees,
        Method(trial.method).value,
        Mode(trial.mode).value,
        MeasuredBy(trial.measured_by).value,
        trial.pain,
        trial.note,
        trial.photo,
    )


def document(backup: Backup) -> dict[str, Any]:
    """The backup as plain JSON values, in the documented shape (what the exporter writes)."""
    return document_entry(
        header_entry(utc_text(backup.exported_at), backup.app_schema, backup.version),
        [
            session_entry(
                session.id,
                utc_text(session.started_at),
                _optional_time(session.ended_at),
                SessionStatus(session.status).value,
                session.plan,
                [set_document(result) for result in session.sets],
                None if session.checkin is None else checkin_document(session.checkin),
            )
            for session in backup.sessions
        ],
        [
            check_entry(
                check.record.id,
                check.record.check_slug,
                utc_text(check.record.taken_at),
                check.record.note,
                utc_text(check.created_at),
                utc_text(check.updated_at),
                _optional_time(check.deleted_at),
                [trial_document(trial) for trial in check.record.trials],
            )
            for check in backup.checks
        ],
        dict(backup.settings),
        {
            slug: choice_entry(
                saved.choice.dropped,
                dict(saved.choice.dose),
                saved.choice.swap_for,
                _optional_time(saved.updated_at),
            )
            for slug, saved in backup.exercise_choices.items()
        },
    )
