"""Importing a backup: what it would add (:func:`summarize_import`, writing nothing) and
adding it (:func:`apply_import`, in one transaction).

An older data file is brought up to date first, as opening the app would; a look at one goes
through an upgraded temporary copy. The matching is app/db/transfer/import_match.py, the writing
app/db/transfer/import_write.py.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from app.core.backup.format import Backup, ImportCancelled
from app.core.backup.import_summary import ImportSummary
from app.db.errors import DatabaseError, plain_message
from app.db.private_files import make_data_folder
from app.db.schema import HEAD_REVISION, FileState, ensure_current, inspect_file
from app.db.transfer.export_read import read_only
from app.db.transfer.gc_pause import no_collections
from app.db.transfer.import_match import decide_import
from app.db.transfer.import_write import write_import


def _ready_for_import(db_path: Path) -> None:
    """Bring the data file up to date (created if missing), as opening the app would: a
    backup first, then the upgrade; DatabaseTooNewError for a newer file."""
    make_data_folder(db_path.parent, db_path)  # nothing to do when the folder is there
    ensure_current(db_path)


@contextmanager
def _current_copy(db_path: Path, state: FileState) -> Iterator[Path]:
    """``db_path`` itself when current (``state``: what inspect_file found in it); otherwise
    an upgraded copy in a temporary folder, so that a look at an older file leaves the file
    exactly as it was."""
    if state.revision == HEAD_REVISION:
        yield db_path
        return
    with tempfile.TemporaryDirectory(prefix="inward-import-") as folder:
        copy = Path(folder) / db_path.name
        try:
            with closing(read_only(db_path)) as source, closing(sqlite3.connect(copy)) as target:
                source.backup(target)
        except sqlite3.Error as exc:
            raise DatabaseError(plain_message(exc, db_path), db_path) from exc
        ensure_current(copy)
        yield copy


def summarize_import(
    db_path: Path, backup: Backup, cancelled: Callable[[], bool] | None = None
) -> ImportSummary:
    """What :func:`apply_import` would add and what is already there. Writes nothing: an
    older data file is compared through an upgraded temporary copy. ``cancelled`` is asked
    as the matching goes (ImportCancelled)."""
    db_path = Path(db_path)
    state = inspect_file(db_path)  # DatabaseTooNewError for a newer file
    if state.revision is None and not state.has_tables:
        return decide_import(None, backup, cancelled).summary
    with _current_copy(db_path, state) as current:
        return _summary_from(current, backup, cancelled)


def _summary_from(
    db_path: Path, backup: Backup, cancelled: Callable[[], bool] | None
) -> ImportSummary:
    try:
        with closing(read_only(db_path)) as connection:
            connection.execute("BEGIN")
            try:
                return decide_import(connection, backup, cancelled).summary
            finally:
                connection.execute("ROLLBACK")
    except sqlite3.Error as exc:
        raise DatabaseError(plain_message(exc, db_path), db_path) from exc


def apply_import(
    db_path: Path,
    backup: Backup,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportSummary:
    """Add what the data file lacks from ``backup``, all in one transaction; return what was
    added (the same summary :func:`summarize_import` gave, unless the file changed since).

    ``progress(sets_written, sets_to_write)`` is called as the sets go in; ``cancelled()``
    is asked as they do, and stops the import with ImportCancelled, nothing written.

    Creates the data file if there is none. Nothing already there is changed. DatabaseError
    (nothing written) when the file cannot be used or written.
    """
    db_path = Path(db_path)
    _ready_for_import(db_path)
    try:
        with closing(sqlite3.connect(db_path, timeout=5.0)) as connection, no_collections():
            connection.isolation_level = None
            connection.execute("PRAGMA foreign_keys=ON")
            connection.execute("BEGIN IMMEDIATE")  # no other writer between deciding and writing
            try:
                decision = decide_import(connection, backup, cancelled)
                write_import(connection, backup, decision, progress, cancelled)
                if cancelled is not None and cancelled():
                    raise ImportCancelled
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
    except sqlite3.Error as exc:
        raise DatabaseError(plain_message(exc, db_path), db_path) from exc
    return decision.summary
