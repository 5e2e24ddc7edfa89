"""Exporting the CSV tables: one spreadsheet file per table in a zip. They cannot be imported
back; the backup file (app/db/transfer/backup_export.py) is the export that can.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.db.atomic_files import atomic_write
from app.db.transfer.export_read import export_read

#: The tables the CSV export writes, one file each, in this order, with these columns.
CSV_TABLES: Mapping[str, tuple[str, ...]] = {
    "sessions": ("id", "started_at", "ended_at", "status", "plan_json"),
    "set_records": (
        "id",
        "session_id",
        "exercise_slug",
        "side",
        "set_index",
        "planned_seconds",
        "done_seconds",
        "planned_reps",
        "done_reps",
        "skipped",
        "pain",
        "started_at",
        "ended_at",
    ),
    "checkins": ("id", "session_id", "at", "effort", "note", "exercise_effort_json"),
    "check_records": (
        "id",
        "check_slug",
        "taken_at",
        "note",
        "created_at",
        "updated_at",
        "deleted_at",
    ),
    "check_trials": (
        "id",
        "record_id",
        "side",
        "number",
        "degrees",
        "method",
        "mode",
        "measured_by",
        "pain",
        "note",
        "photo",
    ),
    "settings": ("key", "value_json"),
    "exercise_choices": ("slug", "dropped", "dose_json", "swap_for", "updated_at"),
}
#: Columns written as true/false in the database (0/1), and so in the CSV files.
BOOLEAN_COLUMNS = frozenset({"skipped", "pain", "dropped"})
_CSV_ORDER = {"settings": "key", "exercise_choices": "slug"}


#: Text starting with one of these is a formula to a spreadsheet: a note typed as "=1+1" or
#: "@SUM(...)" would run when the CSV is opened, so such text gets a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(column: str, value: Any) -> Any:
    if value is None:
        return ""
    if column in BOOLEAN_COLUMNS:
        return int(bool(value))
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_csv(db_path: Path, zip_path: Path) -> dict[str, int]:
    """One CSV file per table in a zip (header row, UTF-8 with a BOM, times as stored: ISO
    text, UTC; text that a spreadsheet would run as a formula starts with an apostrophe).

    Returns the number of rows written per table. Read-only for the data file; ``zip_path``
    is replaced only once the zip is complete.
    """
    counts: dict[str, int] = {}
    with (
        export_read(Path(db_path)) as connection,
        atomic_write(Path(zip_path)) as raw,
        zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for table, columns in CSV_TABLES.items():
            order = _CSV_ORDER.get(table, "id")
            rows = connection.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")
            with archive.open(f"{table}.csv", "w") as member:
                # utf-8-sig: the BOM makes spreadsheets read accented names as UTF-8
                text = io.TextIOWrapper(member, encoding="utf-8-sig", newline="")
                writer = csv.writer(text)
                writer.writerow(columns)
                count = 0
                for row in rows:
                    writer.writerow(_csv_value(c, v) for c, v in zip(columns, row, strict=True))
                    count += 1
                text.flush()
                text.detach()
            counts[table] = count
    return counts
