"""Export and import from the app: pick a file, see what an import would add, confirm.

The work is app.db.backup's; this only asks, confirms and reports, so nothing is written
before the person has seen the summary.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

EXPORT_FILTER = "Full backup (*.json);;Spreadsheet tables, zipped (*.zip)"
IMPORT_FILTER = "Inward backup (*.json)"


def _tell(parent: QWidget, title: str, text: str, warning: bool = False) -> QMessageBox:
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.open()
    return box


def export_to(database: Path, target: Path) -> str:
    """Write a backup (.json) or the tables as CSV (.zip); returns what was written."""
    from app.db.backup import export_backup, export_csv, write_json

    if target.suffix.lower() == ".zip":
        rows = export_csv(database, target)
        return f"Saved {sum(rows.values())} rows in {len(rows)} tables to {target}."
    from app.data_dir import PHOTOS_FOLDER
    from app.db.backup_photos import export_photos

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
        return _tell(parent, "Export refused", problem, warning=True)
    from app.db.errors import DatabaseError

    try:
        return _tell(parent, "Exported", export_to(database, target))
    except (DatabaseError, OSError, ValueError) as error:
        return _tell(parent, "Export failed", f"Nothing was exported: {error}", warning=True)


def ask_import(parent: QWidget, database: Path, imported: Callable[[], None]) -> QMessageBox | None:
    """Read and check the file, show what it would add, and import only on Yes."""
    from app.core.backup_format import BackupError
    from app.data_dir import PHOTOS_FOLDER
    from app.db.backup import apply_import, read_backup_file, summarize_import
    from app.db.backup_photos import plan_photos, remove_photos, restore_photos
    from app.db.errors import DatabaseError
    from app.db.regular_files import require_regular

    problems = (BackupError, DatabaseError, OSError, ValueError)

    path, _ = QFileDialog.getOpenFileName(
        parent, "Import a backup", str(Path.home()), IMPORT_FILTER
    )
    if not path:
        return None
    photos_dir = database.parent / PHOTOS_FOLDER
    try:
        require_regular(Path(path), "a backup")  # a named pipe would hang the window
        backup = read_backup_file(Path(path))
        summary = summarize_import(database, backup)
        photos = plan_photos(backup, Path(path), photos_dir)
    except problems as error:
        return _tell(parent, "Import refused", f"Nothing was imported: {error}", warning=True)
    text = f"{summary.line()}\n\n{photos.line()}".strip()
    if not summary.anything_new and not photos.to_add:
        return _tell(parent, "Nothing to import", text)
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Import this backup?",
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )

    def answered(button: int) -> None:
        if button != QMessageBox.StandardButton.Yes:
            return
        restored: list[Path] = []
        try:
            restored = restore_photos(photos, photos_dir)
            done = apply_import(database, backup) if summary.anything_new else summary
        except problems as error:
            remove_photos(restored)  # the import wrote nothing, so neither do its photos
            _tell(parent, "Import failed", f"Nothing was imported: {error}", warning=True)
            return
        imported()
        what = done.new_text() if summary.anything_new else "no new data"
        brought = f" and {len(restored):,} photos" if restored else ""
        _tell(parent, "Imported", f"Imported{brought}: {what}.")

    box.finished.connect(answered)
    box.open()
    return box
