"""Export and import from the app: pick a file, see what an import would add, confirm.

The work is app.db's (backup_export, csv_export, backup_reader, backup_import); this only
asks, confirms and reports, so nothing is written before the person has seen the summary.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.core.changes import Changes
from app.ui.common import messages

EXPORT_FILTER = "Full backup (*.json);;Spreadsheet tables, zipped (*.zip)"
IMPORT_FILTER = "Inward backup (*.json)"


def export_to(database: Path, target: Path) -> str:
    """Write a backup (.json) or the tables as CSV (.zip); returns what was written."""
    from app.db.transfer.backup_export import export_backup, write_json
    from app.db.transfer.csv_export import export_csv

    if target.suffix.lower() == ".zip":
        rows = export_csv(database, target)
        return f"Saved {sum(rows.values())} rows in {len(rows)} tables to {target}."
    from app.data_dir import PHOTOS_FOLDER
    from app.db.transfer.backup_photos import export_photos

    document = export_backup(database)
    write_json(document, target)
    photos = export_photos(document["checks"], database.parent / PHOTOS_FOLDER, target)
    return f"Saved a full backup to {target}. {photos.line()}".strip()


def export_problem(database: Path, target: Path) -> str | None:
    """Why a target cannot be exported to, or None: never over the data or into its folder."""
    if target.suffix.lower() not in (".json", ".zip"):
        return "Choose a name ending in .json (a full backup) or .zip (CSV tables)."
    if target.resolve().parent == database.resolve().parent:
        return (
            "Choose a folder other than Inward's data folder, so a backup can never "
            "replace the data it copies."
        )
    return None


def ask_export(parent: QWidget, database: Path) -> QMessageBox | None:
    path, chosen = QFileDialog.getSaveFileName(
        parent, "Export your data", str(Path.home() / "inward-backup.json"), EXPORT_FILTER
    )
    if not path:
        return None
    target = Path(path)
    if not target.suffix:
        target = target.with_suffix(".zip" if "zip" in chosen else ".json")
    problem = export_problem(database, target)
    if problem:
        return messages.warn(parent, "Export refused", problem)
    from app.db.errors import DatabaseError

    try:
        return messages.tell(parent, "Exported", export_to(database, target))
    except (DatabaseError, OSError, ValueError) as error:
        return messages.warn(parent, "Export failed", f"Nothing was exported: {error}")


def ask_import(
    parent: QWidget, database: Path, imported: Callable[[Changes], object]
) -> QObject | None:
    """Choose a file; reading it, the summary, the question and the import itself follow in
    app/ui/data/import_flow.py, off the GUI thread; ``imported`` hears what the import changed."""
    from app.ui.data.import_flow import ImportFlow

    path, _ = QFileDialog.getOpenFileName(
        parent, "Import a backup", str(Path.home()), IMPORT_FILTER
    )
    if not path:
        return None
    flow = ImportFlow(parent, database, Path(path), imported)
    flow.start()
    return flow
