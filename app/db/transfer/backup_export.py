"""Exporting the backup file: everything in the data file as a backup document, and writing
it as JSON.

Read-only and in one read transaction (app/db/transfer/export_read.py). Sessions whose plan today's
content could no longer rebuild go out with the plan as it was stored, and deleted check
records with their ``deleted_at``. The document's shape is app/core/backup/document.py; the
format for people is docs/data-format.md.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from app.core.backup.document import (
    check_entry,
    checkin_entry,
    choice_entry,
    document_entry,
    header_entry,
    session_entry,
    set_entry,
    trial_entry,
    utc_text,
)
from app.db.atomic_files import atomic_write
from app.db.plan_reader import load_json_object
from app.db.schema import HEAD_REVISION
from app.db.transfer.backup_values import backup_time, json_text
from app.db.transfer.export_read import export_read


def _value(text: str) -> Any:
    """A stored JSON value; text that is not JSON goes out as it is."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _plan(text: str) -> dict[str, Any]:
    """The stored plan; a plan that is not a JSON object goes out as its text, under a key."""
    value = _value(text)
    return value if isinstance(value, dict) else {"unreadable_plan_json": text}


def export_backup(db_path: Path, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything in the data file as a backup document (plain JSON values); read-only.

    DatabaseError when there is no data file, it is damaged, or its schema is not this
    app's (a newer one: DatabaseTooNewError; an older one: open it with Inward first).
    """
    exported_at = now or datetime.now(UTC)
    with export_read(Path(db_path)) as connection:
        sets: dict[int, list[dict[str, Any]]] = {}
        for row in connection.execute(
            "SELECT session_id, exercise_slug, side, set_index, planned_seconds, done_seconds,"
            " planned_reps, done_reps, skipped, pain, started_at, ended_at"
            " FROM set_records ORDER BY session_id, id"
        ):
            sets.setdefault(row[0], []).append(
                set_entry(
                    row[1],
                    row[2],
                    row[3],
                    row[4],
                    row[5],
                    row[6],
                    row[7],
                    bool(row[8]),
                    bool(row[9]),
                    backup_time(row[10]),
                    backup_time(row[11]),
                )
            )
        checkins = {
            session_id: checkin_entry(backup_time(at), effort, load_json_object(efforts), note)
            for session_id, at, effort, note, efforts in connection.execute(
                "SELECT session_id, at, effort, note, exercise_effort_json FROM checkins"
                " ORDER BY id"
            )
        }
        sessions = [
            session_entry(
                session_id,
                backup_time(started),
                backup_time(ended),
                status,
                _plan(plan_json),
                sets.get(session_id, []),
                checkins.get(session_id),
            )
            for session_id, started, ended, status, plan_json in connection.execute(
                "SELECT id, started_at, ended_at, status, plan_json FROM sessions"
                " ORDER BY started_at, id"
            )
        ]
        trials: dict[int, list[dict[str, Any]]] = {}
        for row in connection.execute(
            "SELECT record_id, side, number, degrees, method, mode, measured_by, pain, note,"
            " photo FROM check_trials ORDER BY record_id, side, number"
        ):
            trials.setdefault(row[0], []).append(
                trial_entry(
                    row[1], row[2], row[3], row[4], row[5], row[6], bool(row[7]), row[8], row[9]
                )
            )
        checks = [
            check_entry(
                record_id,
                slug,
                backup_time(taken),
                note,
                backup_time(created),
                backup_time(updated),
                backup_time(deleted),
                trials.get(record_id, []),
            )
            for record_id, slug, taken, note, created, updated, deleted in connection.execute(
                "SELECT id, check_slug, taken_at, note, created_at, updated_at, deleted_at"
                " FROM check_records ORDER BY taken_at, id"
            )
        ]
        settings = {
            key: _value(value_json)
            for key, value_json in connection.execute(
                "SELECT key, value_json FROM settings ORDER BY key"
            )
        }
        choices = {
            slug: choice_entry(
                bool(dropped), load_json_object(dose_json), swap_for, backup_time(updated)
            )
            for slug, dropped, dose_json, swap_for, updated in connection.execute(
                "SELECT slug, dropped, dose_json, swap_for, updated_at FROM exercise_choices"
                " ORDER BY slug"
            )
        }
    header = header_entry(utc_text(exported_at), HEAD_REVISION)
    return document_entry(header, sessions, checks, settings, choices)


def _write_document(doc: Mapping[str, Any], out: IO[str]) -> None:
    """Indented at the top level only: one session or check per line, fast to write and diff.

    (json.dump with indent= falls back to the pure-Python encoder, ~10x slower.)
    """
    out.write("{\n")
    for number, (key, value) in enumerate(doc.items()):
        out.write(f"  {json_text(key)}: ")
        if isinstance(value, list) and value:
            out.write("[\n")
            out.write(",\n".join(f"    {json_text(item)}" for item in value))
            out.write("\n  ]")
        else:
            out.write(json_text(value))
        out.write(",\n" if number < len(doc) - 1 else "\n")
    out.write("}\n")


def write_json(doc: Mapping[str, Any], path: Path) -> None:
    """Write a backup document as UTF-8 JSON; ``path`` is replaced only once it is complete."""
    with atomic_write(Path(path)) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        _write_document(doc, text)
        text.flush()
        text.detach()
