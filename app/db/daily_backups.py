"""Daily backups of the data file, restoring one, and setting a damaged file aside.

A backup is a copy made with SQLite's backup API (a consistent snapshot even while the app
writes, WAL included) into ``backups/inward-<local date>.sqlite3`` beside the data file, at
most one a day, the last :data:`KEEP_BACKUPS` kept. Each is written under a temporary name,
checked with ``PRAGMA integrity_check`` and only then renamed into place, so a crash leaves
no half backup and a damaged data file never pushes a good backup out.

Nothing here deletes a data file: restoring moves the current file (with its -wal and -shm)
aside under a new name before the backup is copied in, and a damaged file is kept the same
way. The renames go together: when one fails, those already done are undone, so a -wal never
ends up apart from its database. Only backups older than the last seven are removed, and
temporary copies (``.inward-*.part``) that a run killed half-way left behind. Plain
``sqlite3``, no SQLAlchemy: the daily backup runs in a worker thread with its own
connection, and can be cancelled (Inward is closing) between steps of its copy.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.db.atomic_files import put_in_place, sync_file, sync_folder
from app.db.errors import (
    DatabaseDamagedError,
    DatabaseError,
    DatabaseTooNewError,
    database_error,
    is_damage,
)
from app.db.private_files import make_data_folder, make_private
from app.db.read_only import connect_read_only
from app.db.schema import inspect_file

BACKUP_FOLDER = "backups"
KEEP_BACKUPS = 7
#: A temporary copy older than this was left by a run that stopped half-way.
STALE_PART_SECONDS = 3600
_BACKUP_NAME = re.compile(r"^inward-(\d{4}-\d{2}-\d{2})\.sqlite3$")
#: SQLite's companions of a data file, moved with it so a stale log never meets a new file.
COMPANIONS = ("-wal", "-shm", "-journal")
#: Pages copied between two looks at the cancel flag: 1 MB at SQLite's default page size.
BACKUP_STEP_PAGES = 256


class BackupCancelled(Exception):
    """Today's backup was stopped half-way because Inward is closing; nothing was kept."""


@dataclass(frozen=True)
class BackupInfo:
    """One daily backup: its file, the local day it was made and its size in bytes."""

    path: Path
    day: date
    size: int
    #: Dated after today: made while the computer's clock was ahead. Never the latest, and
    #: pruned first, so one start with a wrong clock cannot pin a backup for good.
    future: bool = False


def backups_folder(data_dir: Path) -> Path:
    return Path(data_dir) / BACKUP_FOLDER


def backup_name(day: date) -> str:
    """``inward-2026-11-22.sqlite3``: sorts by date and says when at a glance."""
    return f"inward-{day.isoformat()}.sqlite3"


def list_backups(data_dir: Path, today: date | None = None) -> list[BackupInfo]:
    """The daily backups in ``data_dir``, newest first, then those dated after ``today``
    (the person's local day; default the system's), marked ``future``, from the nearest.
    Other files there are ignored."""
    today = today or date.today()
    folder = backups_folder(data_dir)
    found: list[BackupInfo] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        match = _BACKUP_NAME.match(path.name)
        if match is None:
            continue
        try:
            day = date.fromisoformat(match.group(1))
            size = path.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(BackupInfo(path, day, size, future=day > today))
    past = sorted((i for i in found if not i.future), key=lambda i: i.day, reverse=True)
    return past + sorted((i for i in found if i.future), key=lambda i: i.day)


def check_backup(path: Path) -> None:
    """Raise DatabaseDamagedError unless ``path`` passes ``PRAGMA integrity_check``, and
    DatabaseTooNewError for a file from a newer Inward."""
    path = Path(path)
    try:
        with closing(connect_read_only(path)) as connection:
            result = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.Error as exc:
        raise _backup_error(exc, path) from exc
    if result != [("ok",)]:
        raise DatabaseDamagedError(
            f"The backup {path} is damaged (SQLite's integrity check failed), so Inward "
            "cannot restore it. Your data has not been changed.",
            path,
        )
    try:
        inspect_file(path)
    except DatabaseTooNewError:
        raise
    except DatabaseError as exc:
        raise _backup_error(exc.__cause__ or exc, path) from exc


def _backup_error(error: BaseException, path: Path) -> DatabaseError:
    """Why a backup cannot be restored, in words about the backup (not the data file)."""
    if is_damage(error):
        return DatabaseDamagedError(
            f"The backup {path} is damaged or is not an Inward data file, so Inward cannot "
            "restore it. Your data has not been changed.",
            path,
        )
    detail = str(getattr(error, "orig", None) or error)
    return DatabaseError(
        f"Inward could not read the backup {path} ({detail}). Your data has not been changed.",
        path,
    )


def latest_good_backup(data_dir: Path, today: date | None = None) -> BackupInfo | None:
    """The newest backup up to ``today`` that passes the integrity check, or None. One dated
    in the future is not taken for the latest (it is still listed for restoring by hand)."""
    for info in list_backups(data_dir, today):
        if info.future:
            break
        try:
            check_backup(info.path)
        except DatabaseError:
            continue
        return info
    return None


def _remove_part(part: Path) -> None:
    """A temporary copy and whatever SQLite left beside it (-journal, -wal, -shm)."""
    for suffix in ("", *COMPANIONS):
        with suppress(OSError):
            Path(f"{part}{suffix}").unlink(missing_ok=True)


def remove_stale_parts(data_dir: Path) -> list[Path]:
    """Remove the temporary copies a run killed half-way left behind: a half-made backup
    in ``backups/`` and a restore's full copy of the data (``.inward-restore-*.part``)
    beside the data file, each with its SQLite companions. A copy touched within the last
    :data:`STALE_PART_SECONDS` may be another Inward's work in progress and is left alone.
    Returns the temporary copies removed."""
    limit = time.time() - STALE_PART_SECONDS
    removed: list[Path] = []
    for folder, pattern in (
        (backups_folder(data_dir), ".inward-*.part*"),
        (Path(data_dir), ".inward-restore-*.part*"),
    ):
        try:
            found = list(folder.glob(pattern))
        except OSError:
            continue
        parts = {
            Path(str(path).removesuffix(suffix))
            for path in found
            for suffix in ("", *COMPANIONS)
            if str(path).endswith(f".part{suffix}")
        }
        for part in sorted(parts):
            members = [Path(f"{part}{suffix}") for suffix in ("", *COMPANIONS)]
            try:
                times = [m.stat().st_mtime for m in members if m.exists()]
            except OSError:
                continue
            if times and max(times) < limit:
                _remove_part(part)
                removed.append(part)
    return removed


def _prune(folder: Path, keep: int, made: Path, today: date) -> None:
    """Remove daily backups beyond the newest ``keep`` (never the one just made); those
    dated after ``today`` count as the oldest."""
    for info in list_backups(folder.parent, today)[keep:]:
        if info.path != made:
            with suppress(OSError):  # one left over is tidied next time; today's is made
                info.path.unlink(missing_ok=True)


def make_daily_backup(
    db_path: Path,
    today: date,
    keep: int = KEEP_BACKUPS,
    cancel: threading.Event | None = None,
) -> Path | None:
    """Copy the data file to ``backups/inward-<today>.sqlite3`` unless today's is there;
    return the new backup, or None when there was nothing to do. Temporary copies a killed
    run left behind are removed first (:func:`remove_stale_parts`).

    ``today`` is the person's local date (injected, so tests choose it). Raises
    DatabaseDamagedError when the data file is damaged (no backup is made and none is
    removed) and DatabaseError when the backup cannot be written (read-only, disk full).
    Raises BackupCancelled once ``cancel`` is set: the copy stops within
    :data:`BACKUP_STEP_PAGES` pages (or a moment of its check) and the half copy is removed.
    """
    db_path = Path(db_path)
    remove_stale_parts(db_path.parent)
    try:
        if not db_path.is_file() or db_path.stat().st_size == 0:
            return None
    except OSError:
        return None
    folder = backups_folder(db_path.parent)
    target = folder / backup_name(today)
    if target.exists():
        return None
    _raise_if_cancelled(cancel)
    make_data_folder(folder, db_path)
    try:
        descriptor, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".part", dir=folder)
    except OSError as exc:
        raise DatabaseError(
            f"Inward could not make today's backup in {folder} ({exc.strerror or exc}).", db_path
        ) from exc
    os.close(descriptor)  # mkstemp made it 0600; SQLite writes into it
    part = Path(name)

    def step(_status: int, _remaining: int, _total: int) -> None:
        _raise_if_cancelled(cancel)

    try:
        try:
            with (
                closing(connect_read_only(db_path)) as source,
                closing(sqlite3.connect(part)) as copy,
            ):
                source.backup(copy, pages=BACKUP_STEP_PAGES, progress=step)
                if cancel is not None:  # the check of a large file takes a while too
                    copy.set_progress_handler(cancel.is_set, 10_000)
                copy.execute("PRAGMA journal_mode=DELETE").fetchall()  # one self-contained file
                result = copy.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.Error as exc:
            _raise_if_cancelled(cancel)  # "interrupted": it was stopped, not broken
            error = database_error(exc, db_path)
            if isinstance(error, DatabaseDamagedError):
                raise _damaged_source(db_path) from exc
            raise DatabaseError(f"Inward could not make today's backup: {error}", db_path) from exc
        if result != [("ok",)]:
            raise _damaged_source(db_path)
        make_private(part)
        put_in_place(part, target)
    except OSError as exc:
        raise DatabaseError(
            f"Inward could not make today's backup in {folder} ({exc.strerror or exc}).", db_path
        ) from exc
    finally:
        _remove_part(part)
    _prune(folder, keep, target, today)
    return target


def _raise_if_cancelled(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise BackupCancelled


def _damaged_source(db_path: Path) -> DatabaseDamagedError:
    """Said whether or not earlier backups exist: the window adds what they offer."""
    return DatabaseDamagedError(
        f"Inward's daily backup found that the data file {db_path} is damaged, so it made no "
        "backup today and removed none.",
        db_path,
    )


def aside_path(db_path: Path, reason: str, now: datetime) -> Path:
    """A free name beside the data file to keep it under: ``inward-<reason>-<local
    YYYYmmdd-HHMMSS>.sqlite3``, numbered if taken. Worked out before asking, so the
    question can name the file and the answer uses that very name."""
    db_path = Path(db_path)
    stamp = now.astimezone().strftime("%Y%m%d-%H%M%S")
    candidate = db_path.with_name(f"inward-{reason}-{stamp}.sqlite3")
    number = 2
    while any(Path(f"{candidate}{suffix}").exists() for suffix in ("", *COMPANIONS)):
        candidate = db_path.with_name(f"inward-{reason}-{stamp}-{number}.sqlite3")
        number += 1
    return candidate


def _move_together(db_path: Path, target: Path, suffixes: tuple[str, ...]) -> None:
    """Rename ``db_path`` + suffix to ``target`` + suffix for each suffix, in order, all or
    nothing: when one rename fails, the ones already done are undone (last first) and the
    error is raised. A -wal kept apart from its database would lose its committed changes
    the next time either is opened."""
    done: list[tuple[Path, Path]] = []
    try:
        for suffix in suffixes:
            source, destination = Path(f"{db_path}{suffix}"), Path(f"{target}{suffix}")
            if source.exists():
                os.replace(source, destination)
                done.append((source, destination))
    except BaseException:
        for source, destination in reversed(done):
            with suppress(OSError):  # best effort: the first error is the one to tell
                os.replace(destination, source)
        raise


def set_aside(db_path: Path, target: Path) -> Path | None:
    """Rename the data file and its -wal/-shm to ``target`` (from :func:`aside_path`);
    return ``target``, or None when there was no file. Nothing is deleted, and when a
    rename fails everything is put back where it was before the error is raised.

    The log goes first: a -wal left behind could otherwise be replayed into the next file.
    """
    db_path, target = Path(db_path), Path(target)
    if not db_path.exists():
        return None
    if any(Path(f"{target}{suffix}").exists() for suffix in ("", *COMPANIONS)):
        raise FileExistsError(f"{target} is already there; nothing was moved")
    _move_together(db_path, target, (*COMPANIONS, ""))
    return target


def restore_backup(
    backup: Path,
    db_path: Path,
    keep_as: Path,
    prepare: Callable[[Path], object] | None = None,
) -> Path | None:
    """Put ``backup`` in place of the data file, the current one kept as ``keep_as`` (see
    :func:`aside_path`); return ``keep_as``, or None when there was no current file. The
    backup is checked first and copied beside the data file before anything is moved, and
    ``prepare`` (say, bringing an older backup's schema up to date) runs on that copy, so
    any failure leaves the data file and its companions where they were.

    The caller must have closed its own connections to the data file.
    """
    backup, db_path = Path(backup), Path(db_path)
    check_backup(backup)
    try:
        descriptor, name = tempfile.mkstemp(
            prefix=".inward-restore-", suffix=".part", dir=db_path.parent
        )
    except OSError as exc:
        raise DatabaseError(
            f"Inward could not restore the backup into {db_path.parent} "
            f"({exc.strerror or exc}); your data has not been changed.",
            db_path,
        ) from exc
    os.close(descriptor)
    part = Path(name)
    kept: Path | None = None
    try:
        with closing(connect_read_only(backup)) as source, closing(sqlite3.connect(part)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE").fetchall()
        if prepare is not None:
            prepare(part)
            with closing(sqlite3.connect(part)) as copy:  # one self-contained file again
                copy.execute("PRAGMA journal_mode=DELETE").fetchall()
        make_private(part)
        sync_file(part)
        kept = set_aside(db_path, keep_as)  # all or nothing
        os.replace(part, db_path)
        sync_folder(db_path.parent)
    except (sqlite3.Error, OSError, DatabaseError) as exc:
        detail = str(getattr(exc, "orig", None) or exc)
        if kept is not None and not db_path.exists():
            try:
                set_back(kept, db_path)
            except OSError as again:
                raise DatabaseError(
                    f"Inward could not restore the backup {backup.name} ({detail}), nor put "
                    f"your data back under its own name ({again}). Nothing is lost: your "
                    f"data is in {kept.name} in {db_path.parent}; rename it (and any file "
                    f"beside it starting with that name) to {db_path.name}.",
                    db_path,
                ) from exc
        raise DatabaseError(
            f"Inward could not restore the backup {backup.name} ({detail}); your data has "
            "not been changed.",
            db_path,
        ) from exc
    finally:
        _remove_part(part)
    return kept


def set_back(kept: Path, db_path: Path) -> None:
    """Undo :func:`set_aside`: the kept file and its companions go back to ``db_path``, all
    or nothing (see :func:`set_aside`)."""
    _move_together(kept, db_path, ("", *COMPANIONS))
