"""A core record as table rows, and back: sessions and sets, check records and trials,
check-ins and exercise choices.

Every value going in is checked here before the file is touched, so a caller's mistake is a
ValueError and never reaches SQLite as an IntegrityError or half a write. Coming out, rows
become the frozen records core works with. The Store runs the transactions; this module only
converts.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Row

from app.core.checks.types import (
    MAX_TRIALS,
    MEASURED_SIDES,
    CheckRecord,
    MeasuredBy,
    Method,
    Mode,
    Trial,
)
from app.core.checks.validation import is_photo_name, repeated_trial
from app.core.plan.types import ExerciseChoice
from app.core.records import SessionStatus, SetResult, Side, StoredSession
from app.core.session.checkin import CheckIn, Effort
from app.db.models import CheckInRow, CheckRecordRow, CheckTrialRow, SessionRow, SetRecordRow
from app.db.plan_reader import dose_value, read_efforts
from app.db.transfer.backup_values import json_text


def require_aware(value: datetime, name: str) -> None:
    """Refuse a naive time: stored times are moments, and a naive one has no zone to read."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")


def require_slug(value: Any, name: str) -> str:
    """A slug as given, or ValueError for an empty one or one that is not text."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


def without_nul(note: str) -> str:
    """A note as stored: a NUL pasted into it (Qt's line edits keep one) is dropped. It means
    nothing in a note, and a CSV reader or another program stops at it."""
    return note.replace("\0", "")


# -- sessions and sets ------------------------------------------------------------------


def set_values(result: SetResult) -> dict[str, Any]:
    """A set's column values besides its key (session, exercise, side, set), checked before
    the file is touched (ValueError)."""
    require_aware(result.started_at, "started_at")
    require_aware(result.ended_at, "ended_at")
    return {
        "planned_seconds": result.planned_seconds,
        "done_seconds": result.done_seconds,
        "planned_reps": result.planned_reps,
        "done_reps": result.done_reps,
        "skipped": result.skipped,
        "pain": result.pain,
        "started_at": result.started_at,
        "ended_at": result.ended_at,
    }


def _to_set_result(row: SetRecordRow) -> SetResult:
    return SetResult(
        exercise_slug=row.exercise_slug,
        side=Side(row.side),
        set_index=row.set_index,
        planned_seconds=row.planned_seconds,
        done_seconds=row.done_seconds,
        planned_reps=row.planned_reps,
        done_reps=row.done_reps,
        skipped=row.skipped,
        started_at=row.started_at,
        ended_at=row.ended_at,
        pain=row.pain,
    )


def to_stored_session(row: SessionRow) -> StoredSession:
    """A session row, loaded with its sets, as the record the player resumes."""
    return StoredSession(
        id=row.id,
        started_at=row.started_at,
        ended_at=row.ended_at,
        status=SessionStatus(row.status),
        plan=json.loads(row.plan_json),
        sets=tuple(_to_set_result(s) for s in row.sets),
    )


# -- check records and their trials -----------------------------------------------------


def trial_rows(record: CheckRecord) -> list[CheckTrialRow]:
    """Check a record's fields and build its trial rows, before the file is touched.

    Raises ValueError for anything the tables would refuse, so a caller's mistake
    never reaches SQLite as an IntegrityError and never writes half a record.
    """
    require_aware(record.taken_at, "taken_at")
    require_slug(record.check_slug, "check_slug")
    if not isinstance(record.note, str):
        raise ValueError(f"note must be a string, got {record.note!r}")
    if not record.trials:
        raise ValueError("a check record needs at least one trial")
    rows: list[CheckTrialRow] = []
    for trial in record.trials:
        side = Side(trial.side)
        if side not in MEASURED_SIDES:
            raise ValueError(f"a trial is of the left or the right side, not {side.value!r}")
        number = trial.number
        if isinstance(number, bool) or not isinstance(number, int):
            raise ValueError(f"trial number must be an integer, got {number!r}")
        if not 1 <= number <= MAX_TRIALS:
            raise ValueError(f"trial number must be 1 to {MAX_TRIALS}, got {number}")
        degrees = trial.degrees
        if isinstance(degrees, bool) or not isinstance(degrees, int | float):
            raise ValueError(f"degrees must be a number, got {degrees!r}")
        if not math.isfinite(degrees):
            raise ValueError(f"degrees must be a finite number, got {degrees!r}")
        if not isinstance(trial.note, str):
            raise ValueError(f"a trial's note must be a string, got {trial.note!r}")
        photo = trial.photo
        if photo is not None and not (isinstance(photo, str) and is_photo_name(photo)):
            raise ValueError(f"photo must be a bare file name, got {photo!r}")
        rows.append(
            CheckTrialRow(
                side=side.value,
                number=number,
                degrees=float(degrees),
                method=Method(trial.method).value,
                mode=Mode(trial.mode).value,
                measured_by=MeasuredBy(trial.measured_by).value,
                pain=bool(trial.pain),
                note=without_nul(trial.note),
                photo=photo,
            )
        )
    repeat = repeated_trial(record.trials)
    if repeat is not None:
        trial = record.trials[repeat[0]]
        raise ValueError(f"trial {trial.number} of the {trial.side.value} side is given twice")
    return rows


def _to_trial(row: CheckTrialRow | Row[Any]) -> Trial:
    return Trial(
        side=Side(row.side),
        number=row.number,
        degrees=row.degrees,
        method=Method(row.method),
        mode=Mode(row.mode),
        measured_by=MeasuredBy(row.measured_by),
        pain=row.pain,
        note=row.note,
        photo=row.photo,
    )


def to_check_record(row: CheckRecordRow) -> CheckRecord:
    return CheckRecord(
        check_slug=row.check_slug,
        taken_at=row.taken_at,
        trials=tuple(_to_trial(t) for t in row.trials),
        note=row.note,
        id=row.id,
    )


# -- check-ins --------------------------------------------------------------------------


def checkin_values(checkin: CheckIn) -> dict[str, Any]:
    """A check-in's column values, checked before the file is touched (ValueError)."""
    session_id = checkin.session_id
    if isinstance(session_id, bool) or not isinstance(session_id, int):
        raise ValueError(f"session_id must be an integer, got {session_id!r}")
    require_aware(checkin.at, "at")
    effort = Effort(checkin.effort)
    if not isinstance(checkin.note, str):
        raise ValueError(f"note must be a string, got {checkin.note!r}")
    if not isinstance(checkin.exercise_effort, Mapping):
        raise ValueError(
            f"exercise_effort must map exercise slugs to efforts, got {checkin.exercise_effort!r}"
        )
    efforts = {
        require_slug(slug, "an exercise slug"): Effort(value).value
        for slug, value in checkin.exercise_effort.items()
    }
    return {
        "session_id": session_id,
        "at": checkin.at,
        "effort": effort.value,
        "note": without_nul(checkin.note),
        "exercise_effort_json": json_text(efforts),
    }


def to_checkin(row: CheckInRow | Row[Any]) -> CheckIn:
    return CheckIn(
        session_id=row.session_id,
        at=row.at,
        effort=Effort(row.effort),
        exercise_effort=read_efforts(row.exercise_effort_json),
        note=row.note,
    )


# -- exercise choices -------------------------------------------------------------------


def choice_values(slug: str, choice: ExerciseChoice) -> dict[str, Any]:
    """A saved choice's column values, checked before the file is touched (ValueError)."""
    require_slug(slug, "slug")
    if not isinstance(choice.dropped, bool):
        raise ValueError(f"dropped must be True or False, got {choice.dropped!r}")
    if not isinstance(choice.dose, Mapping):
        raise ValueError(f"dose must map dose value names to numbers, got {choice.dose!r}")
    dose = {name: dose_value(name, value) for name, value in choice.dose.items()}
    if choice.swap_for is not None:
        require_slug(choice.swap_for, "swap_for")
        if choice.swap_for == slug:
            raise ValueError(f"{slug!r} cannot be swapped for itself")
    return {
        "slug": slug,
        "dropped": choice.dropped,
        "dose_json": json_text(dose),
        "swap_for": choice.swap_for,
    }
