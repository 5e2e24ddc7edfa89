"""Remembers the window's size and position in a small JSON file in the data folder.

Read before the window shows (so it opens where it was), without waiting for the database.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QWidget

FILE_NAME = "window-state.json"


def restore(window: QWidget, data_dir: Path) -> bool:
    try:
        data = json.loads((data_dir / FILE_NAME).read_text(encoding="utf-8"))
        geometry = QByteArray(base64.b64decode(data["geometry"]))
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return window.restoreGeometry(geometry)


def save(window: QWidget, data_dir: Path) -> None:
    from app.db.atomic_files import write_atomically
    from app.db.errors import DatabaseError
    from app.db.private_files import make_data_folder

    geometry = base64.b64encode(bytes(window.saveGeometry().data())).decode("ascii")
    path = data_dir / FILE_NAME
    try:
        make_data_folder(data_dir)  # owner-only, like every file Inward makes there
        write_atomically(path, json.dumps({"geometry": geometry}))
    except (OSError, DatabaseError):
        pass  # a read-only folder must not stop the app from closing
