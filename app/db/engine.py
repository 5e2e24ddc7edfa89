"""One place that opens SQLite through SQLAlchemy, so every connection is set up alike."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection

#: How long a transaction waits for another program's write lock unless told otherwise.
BUSY_TIMEOUT_MS = 5000
#: Execution options read by the "begin" hook: a write transaction takes the write lock at
#: BEGIN (IMMEDIATE), and a caller on the GUI thread may wait less than BUSY_TIMEOUT_MS.
WRITE_OPTION = "inward_write"
BUSY_OPTION = "inward_busy_ms"


def sqlite_url(path: Path) -> URL:
    """The SQLAlchemy URL of the file at ``path``, whatever characters its name holds."""
    return URL.create("sqlite", database=str(path))


def create_sqlite_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    """An engine whose connections use WAL, synchronous=NORMAL and real transactions.

    ``foreign_keys`` is switched off only for migrations: with it on, the table copy
    that Alembic's batch mode does on SQLite (DROP TABLE of a parent) would fire
    ON DELETE CASCADE and wipe the child rows. The migration runner checks the keys
    with ``PRAGMA foreign_key_check`` instead before it commits.
    """
    # The path goes in as the URL's database field, never as URL text: in an f-string a
    # folder named "what?now" became the file "what" plus a query, and "x%20y" became "x y".
    engine = create_engine(sqlite_url(path))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (see _on_begin); the sqlite3 module's legacy
        # mode would leave SELECTs and DDL outside any transaction.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # Readers never block the writer, and a crash cannot leave a half-written set.
            cursor.execute("PRAGMA journal_mode=WAL")
            # Durable at checkpoints; in WAL mode a power cut can lose only the last
            # commits, never corrupt the file.
            cursor.execute("PRAGMA synchronous=NORMAL")
            # Per connection, off by default in SQLite, and a no-op inside a transaction.
            cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        options = connection.get_execution_options()
        busy_ms = int(options.get(BUSY_OPTION, BUSY_TIMEOUT_MS))
        connection.exec_driver_sql(f"PRAGMA busy_timeout={busy_ms}")
        # A deferred transaction that reads and then writes cannot wait for the lock: once
        # another program has written since its read, SQLite answers "locked" at once,
        # whatever the busy timeout. IMMEDIATE takes the write lock first, waiting for it.
        connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITE_OPTION) else "BEGIN")

    return engine
