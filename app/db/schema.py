"""Schema versions: a fast check on every start, and Alembic only when a change is due.

Importing Alembic costs ~0.4 s, so the check reads ``alembic_version`` with the plain
``sqlite3`` module through a read-only connection; Alembic is imported inside
:func:`upgrade` only. A file whose revision this app does not know was written by a
newer Inward and is refused before anything (not even the journal mode) touches it.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from app.db.errors import (
    DatabaseError,
    DatabaseTooNewError,
    database_error,
    plain_message,
)
from app.db.private_files import create_private_file
from app.db.read_only import connect_read_only

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection

#: Every revision in app/db/migrations/versions, oldest first. Append new ones here.
KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004")
#: The revision this version of the app reads and writes.
HEAD_REVISION = "0004"

_LABEL = re.compile(r"^[A-Za-z0-9._-]+$")


@dataclass(frozen=True)
class FileState:
    """What the fast check found in a data file."""

    revision: str | None  # None: no alembic_version yet (new, empty or foreign file)
    has_tables: bool  # anything in it worth a backup before we change it


def inspect_file(path: Path) -> FileState:
    """Read the schema revision without writing anything, with plain ``sqlite3``."""
    path = Path(path)
    if not path.exists():
        return FileState(revision=None, has_tables=False)
    if not path.is_file():
        raise DatabaseError(
            f"Inward could not open the data file {path}: it is a folder, not a file.", path
        )
    if path.stat().st_size == 0:
        return FileState(revision=None, has_tables=False)
    try:
        with closing(connect_read_only(path)) as conn:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in names:
                return FileState(revision=None, has_tables=bool(names))
            revisions = [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.Error as exc:
        raise database_error(exc, path) from exc
    unknown = [rev for rev in revisions if rev not in KNOWN_REVISIONS]
    if unknown:
        raise DatabaseTooNewError(unknown[0], path)
    if len(revisions) > 1:
        raise DatabaseError(
            f"The data file {path} records more than one schema version "
            f"({', '.join(revisions)}), so Inward cannot tell how to read it. "
            "It has not been changed.",
            path,
        )
    return FileState(revision=revisions[0] if revisions else None, has_tables=True)


def _check_integrity(path: Path) -> None:
    """Refuse to migrate (and so to overwrite the backup's source) a damaged file."""
    try:
        with closing(connect_read_only(path)) as conn:
            result = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as exc:
        raise database_error(exc, path) from exc
    if result != [("ok",)]:
        raise database_error(sqlite3.DatabaseError("malformed"), path)


def backup_database(path: Path, label: str) -> Path:
    """Copy ``path`` next to itself with the sqlite3 backup API; return the copy's path.

    The backup API copies a consistent snapshot even while another connection (or
    an un-checkpointed WAL file) is around, which a plain file copy would not. The
    copy is a single file in rollback-journal mode, named
    ``inward-backup-<label>-<local YYYYmmdd-HHMMSS>.sqlite3``.
    """
    path = Path(path)
    if not _LABEL.match(label):
        raise ValueError(f"backup label must be letters, digits, '.', '_' or '-': {label!r}")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"inward-backup-{label}-{stamp}.sqlite3")
    counter = 2
    while target.exists():
        target = path.with_name(f"inward-backup-{label}-{stamp}-{counter}.sqlite3")
        counter += 1
    try:
        create_private_file(target)  # health data: the copy is the owner's only, as the file is
        with closing(connect_read_only(path)) as source, closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE").fetchall()
    except (sqlite3.Error, OSError) as exc:
        target.unlink(missing_ok=True)
        raise DatabaseError(
            f"Inward could not make a backup of {path} before updating it, so it left the "
            f"file unchanged. {plain_message(exc, target)}",
            path,
        ) from exc
    return target


def migrations_path() -> str:
    """The migrations folder, found as package data so it also works in a bundle."""
    return str(files("app.db") / "migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config built in code; there is no alembic.ini to ship or find."""
    from alembic.config import Config

    config = Config()
    # ConfigParser interpolates '%', which may appear in a user's path.
    config.set_main_option("script_location", migrations_path().replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(path: Path, target: str = HEAD_REVISION) -> Path | None:
    """Bring the file at ``path`` to revision ``target``; return the backup made, if any.

    A file with tables in it is checked and backed up first. The whole upgrade runs
    in one transaction, so a failure leaves the data as it was (and the copy is removed).
    """
    if target not in KNOWN_REVISIONS:
        raise ValueError(f"unknown target revision {target!r}")
    path = Path(path)
    state = inspect_file(path)  # raises DatabaseTooNewError before anything is written
    if state.revision == target:
        return None
    if state.revision is not None and KNOWN_REVISIONS.index(state.revision) > (
        KNOWN_REVISIONS.index(target)
    ):
        raise ValueError(f"{path} is at {state.revision}; downgrading to {target} is not supported")

    backup: Path | None = None
    if state.has_tables:
        _check_integrity(path)
        backup = backup_database(path, f"before-{target}")
    elif not path.exists():
        try:
            create_private_file(path)  # owner-only from the start; SQLite fills it
        except OSError as exc:
            raise database_error(exc, path) from exc
    try:
        _run_alembic_upgrade(path, target)
    except BaseException:
        # The upgrade ran in one transaction, so the file is as it was: the copy made for
        # it would only take space, and on a nearly full disk each failed start would
        # leave one more full copy.
        if backup is not None:
            backup.unlink(missing_ok=True)
        raise
    return backup


def _run_alembic_upgrade(path: Path, target: str) -> None:
    from alembic import command
    from alembic.util import CommandError
    from sqlalchemy.exc import SQLAlchemyError

    from app.db.engine import create_sqlite_engine

    engine = create_sqlite_engine(path, foreign_keys=False)
    try:
        with engine.connect() as connection, connection.begin():
            command.upgrade(alembic_config(connection), target)
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise DatabaseError(
                    f"Updating the data file {path} would break links between its records "
                    f"({len(broken)} found), so Inward left it unchanged.",
                    path,
                )
    except (SQLAlchemyError, CommandError) as exc:
        detail = str(getattr(exc, "orig", None) or exc)
        raise DatabaseError(
            f"Inward could not update the data file {path} to the new format; your data "
            f"has not been changed. Details: {detail}",
            path,
        ) from exc
    finally:
        engine.dispose()


def ensure_current(path: Path) -> Path | None:
    """Fast path for start-up: nothing but a read-only peek when the schema is current."""
    if inspect_file(path).revision == HEAD_REVISION:
        return None
    return upgrade(path, HEAD_REVISION)
