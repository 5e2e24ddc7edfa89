"""Inward's data is health data: on POSIX its folder is the owner's only (0700) and the files
Inward creates there are too (0600), whatever the umask says.

A folder that was already there keeps the permissions its owner gave it (it may be one the
person chose with --data-dir). Files an earlier Inward made readable by others (the data
file, its -wal/-shm/-journal, Inward's copies beside it and the backups) are narrowed to the
owner's only at start-up by :func:`narrow_existing`. SQLite gives a database's -wal and -shm
files the database file's own permissions, so a 0600 database covers them too.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from app.db.errors import DatabaseError

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
#: Folders of Inward's own inside the data folder: daily backups, and kept check photos.
OWN_FOLDERS = ("backups", "photos")


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


#: Inward's own copies of the data file beside it: set aside when damaged, kept before a
#: restore, or made before a schema upgrade.
_OWN_COPIES = (
    "inward-damaged-*.sqlite3",
    "inward-before-restore-*.sqlite3",
    "inward-backup-*.sqlite3",
)
_COMPANIONS = ("-wal", "-shm", "-journal")


def narrow_existing(data_dir: Path, db_path: Path) -> list[Path]:
    """Take group and other permissions away from the health data an earlier Inward left
    readable by others (it created its files with the umask's mode, often 0644).

    Covered: the data file and its -wal, -shm and -journal (down to 0600), Inward's own
    copies beside it (``inward-damaged-*``, ``inward-before-restore-*``,
    ``inward-backup-*``, with their companions; 0600), the ``backups`` and ``photos``
    folders (0700) and every file directly in them (0600). Permissions are only ever taken
    away, never added. The data folder itself is left as it is: it may be a folder the
    person chose with --data-dir, such as their Documents.

    POSIX only. Only files and folders that belong to the person running Inward are changed,
    and a symbolic link is never followed (nor anything it points to). Best effort: what
    cannot be changed is left as it was. Returns the paths that were changed.

    Run it before any connection to the data file is open: changing a file that needs it
    opens and closes it, and on POSIX closing a file releases the process's locks on it.
    """
    if not _posix():
        return []
    data_dir, db_path = Path(data_dir), Path(db_path)
    try:
        folder = os.open(data_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return []
    changed: list[Path] = []
    try:
        names = [db_path.name]
        for pattern in _OWN_COPIES:
            names.extend(sorted(path.name for path in data_dir.glob(pattern)))
        for name in names:
            for suffix in ("", *_COMPANIONS):
                if _narrow(f"{name}{suffix}", folder, PRIVATE_FILE):
                    changed.append(data_dir / f"{name}{suffix}")
        for inner in OWN_FOLDERS:
            changed.extend(_narrow_folder(data_dir / inner, folder))
    finally:
        os.close(folder)
    return changed


def _narrow_folder(inner: Path, folder: int) -> list[Path]:
    """One of Inward's own folders down to 0700 and each file in it down to 0600."""
    changed: list[Path] = []
    if _narrow(inner.name, folder, PRIVATE_FOLDER, directory=True):
        changed.append(inner)
    try:
        info = os.stat(inner.name, dir_fd=folder, follow_symlinks=False)
        if not stat.S_ISDIR(info.st_mode):
            return changed  # missing, a file, or a link: nothing of ours to go into
        inside = os.open(
            inner.name,
            os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC,
            dir_fd=folder,
        )
    except OSError:
        return changed
    try:
        for name in sorted(os.listdir(inside)):
            if _narrow(name, inside, PRIVATE_FILE):
                changed.append(inner / name)
    except OSError:
        pass
    finally:
        os.close(inside)
    return changed


def _narrow(name: str, folder: int, limit: int, directory: bool = False) -> bool:
    """Clear the bits of ``name`` (in the open folder ``folder``) beyond ``limit``; whether
    anything changed. Nothing happens to a link, to something of another kind or owner, or
    to a file that is already private (it is not even opened then)."""
    try:
        info = os.stat(name, dir_fd=folder, follow_symlinks=False)
    except OSError:
        return False
    is_kind = stat.S_ISDIR if directory else stat.S_ISREG
    if not _needs_narrowing(info, limit, is_kind):
        return False
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        descriptor = os.open(name, flags | (os.O_DIRECTORY if directory else 0), dir_fd=folder)
    except OSError:
        return False  # gone, replaced by a link, or not readable: left as it is
    try:
        opened = os.fstat(descriptor)
        if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
            return False  # replaced between the two looks: not what was checked
        if not _needs_narrowing(opened, limit, is_kind):
            return False
        os.fchmod(descriptor, stat.S_IMODE(opened.st_mode) & limit)
        return True
    except OSError:
        return False
    finally:
        os.close(descriptor)


def _needs_narrowing(info: os.stat_result, limit: int, is_kind: Callable[[int], bool]) -> bool:
    return (
        is_kind(info.st_mode)
        and info.st_uid == os.geteuid()
        and stat.S_IMODE(info.st_mode) & ~limit != 0
    )
