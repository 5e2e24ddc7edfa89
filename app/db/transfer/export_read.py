"""Reading the data file for an export: read-only, in one read transaction (every query sees
one moment), and only a file of this app's schema. An import's look at the file opens it
read-only the same way (:func:`read_only`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from app.db.errors import DatabaseError, plain_message
from app.db.read_only import connect_read_only
from app.db.schema import HEAD_REVISION, inspect_file


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file, in autocommit: the caller begins and ends
    its read transaction itself; the caller closes it."""
    connection = connect_read_only(path)
    connection.isolation_level = None  # the caller begins transactions itself
    return connection


@contextmanager
def export_read(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection inside one read transaction: every query sees one moment."""
    path = Path(path)
    _require_current(path)
    try:
        with closing(read_only(path)) as connection:
            connection.execute("BEGIN")
            try:
                yield connection
            finally:
                connection.execute("ROLLBACK")
    except sqlite3.Error as exc:
        raise DatabaseError(plain_message(exc, path), path) from exc


def _require_current(path: Path) -> None:
    state = inspect_file(path)  # DatabaseTooNewError for a newer file
    if state.revision is None and not state.has_tables:
        raise DatabaseError(f"There is no Inward data file at {path}, so nothing to export.", path)
    if state.revision != HEAD_REVISION:
        raise DatabaseError(
            f"The data file {path} is from an older Inward (schema {state.revision}); open it "
            "with this Inward once to update it, then export again.",
            path,
        )
