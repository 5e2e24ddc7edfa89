"""Opening the data file (or a backup) so that nothing can be written through the
connection: start-up's glance, History, export, the integrity checks all read this way.

A data file in a read-only folder or on a read-only file system can still be read: SQLite's
read-only mode needs the WAL's -shm file, which it cannot create there, so such a file is
opened as ``immutable`` instead (nothing can change it while it cannot be written).
:func:`read_only_reason` says in a sentence why Inward cannot save there.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file; the caller closes it."""
    uri = Path(path).resolve().as_uri()
    connection = sqlite3.connect(f"{uri}?mode=ro", uri=True)
    folder = Path(path).resolve().parent
    if _writable(folder):
        return connection
    try:
        connection.execute("PRAGMA schema_version").fetchone()  # reads page 1 and the WAL
    except sqlite3.OperationalError:
        connection.close()
        return sqlite3.connect(f"{uri}?immutable=1", uri=True)
    return connection


def _read_only_file_system(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # AttributeError: Windows has no statvfs
        return False


def read_only_reason(db_path: Path) -> str | None:
    """Why nothing can be saved to the data file, in a sentence for the person; None when
    its folder (and the file, if there is one) can be written."""
    db_path = Path(db_path)
    folder = db_path.parent
    if not folder.is_dir():
        return None
    if _read_only_file_system(folder):
        what = f"the disk holding your data folder {folder} is read-only"
    elif not _writable(folder):
        what = f"your data folder {folder} is read-only"
    elif db_path.exists() and not _writable(db_path):
        what = f"your data file {db_path} is read-only"
    else:
        return None
    return (
        f"Inward cannot save this: {what}, so your data is open to read only. History, "
        "export and the report work; checks, sessions and settings can be saved once it "
        "can be written again. Nothing saved before is lost."
    )
