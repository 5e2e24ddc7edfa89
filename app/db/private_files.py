"""Inward's data is health data: on POSIX its folder is the owner's only (0700) and the files
Inward creates there are too (0600), whatever the umask says.

Only what Inward creates is changed; a folder or file that was already there keeps the
permissions its owner gave it. SQLite gives a database's -wal and -shm files the database
file's own permissions, so creating the database 0600 covers them too.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.db.errors import DatabaseError

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


def _posix() -> bool:
    return os.name == "posix"


def make_private(path: Path) -> None:
    """Give a file Inward made the owner-only mode (a no-op on Windows, whose folders under
    the user's profile are already the user's own)."""
    if _posix():
        os.chmod(path, PRIVATE_FOLDER if Path(path).is_dir() else PRIVATE_FILE)


def make_data_folder(folder: Path, db_path: Path | None = None) -> None:
    """Create ``folder`` (and its parents) when missing, owner-only; an existing one is left
    as it is. Raises DatabaseError with a plain message when it cannot be made."""
    folder = Path(folder)
    if folder.is_dir():
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        make_private(folder)
    except OSError as exc:
        raise DatabaseError(
            f"Inward could not create the folder {folder} for its data ({exc.strerror or exc}).",
            db_path or folder,
        ) from exc


def create_private_file(path: Path) -> None:
    """Create an empty owner-only file at ``path`` unless one is there (for SQLite to fill:
    the file is never readable by others, not even for a moment)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return
    os.close(descriptor)
    make_private(path)  # the umask may have taken bits away, never added them: be explicit
