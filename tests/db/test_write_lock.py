"""Another program writing to the data file at the moment a set is saved (an `inward import`
from a terminal, a sync tool): the set waits for the lock and is saved, never lost because
its transaction read first and could then no longer write."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from app.core.records import SessionStatus
from app.db.errors import DatabaseError, SessionClosedError
from app.db.session_claim import CLAIM_FRESH_SECONDS, SESSION_CLAIM_KEY
from app.db.store import Store
from tests.db.conftest import make_set, utc


@pytest.fixture
def other(db_path: Path, store: Store) -> Iterator[sqlite3.Connection]:
    """A second, plain sqlite3 connection to the same file: the other program."""
    with closing(sqlite3.connect(db_path, timeout=0, isolation_level=None)) as connection:
        yield connection


def saved_sets(db_path: Path) -> int:
    with closing(sqlite3.connect(db_path)) as connection:
        return connection.execute("SELECT count(*) FROM set_records").fetchone()[0]


def test_a_write_by_another_program_during_the_save_does_not_lose_the_set(
    store: Store, db_path: Path, other: sqlite3.Connection
) -> None:
    started = utc(2026, 11, 21, 9, 0)
    session_id = store.start_session({"routine": "starter"}, started)
    other_wrote: list[str] = []

    def other_program_writes(_conn, _cursor, statement: str, *_args) -> None:
        # Between the save's read (is the session still going?) and its insert, the other
        # program commits a write of its own, when SQLite lets it.
        if statement.startswith("INSERT INTO set_records") and not other_wrote:
            try:
                other.execute("INSERT INTO settings (key, value_json) VALUES ('x', '1')")
                other_wrote.append("wrote")
            except sqlite3.OperationalError as error:
                other_wrote.append(str(error))

    event.listen(store._engine, "before_cursor_execute", other_program_writes)
    store.record_set(session_id, make_set(started))
    assert saved_sets(db_path) == 1
    # The save held the write lock: the other program was the one told to wait.
    assert other_wrote == ["database is locked"]


def test_a_short_patience_gives_up_quickly_while_the_file_is_locked(
    store: Store, db_path: Path, other: sqlite3.Connection
) -> None:
    started = utc(2026, 11, 21, 9, 0)
    session_id = store.start_session({"routine": "starter"}, started)
    other.execute("BEGIN IMMEDIATE")  # holds the write lock
    began = time.monotonic()
    with pytest.raises(DatabaseError, match=r"(?i)busy|locked|in use"):
        store.record_set(session_id, make_set(started), patience=0.05)
    took = time.monotonic() - began
    assert took < 1.0, f"the GUI thread was held {took:.2f} s"
    other.execute("COMMIT")
    store.record_set(session_id, make_set(started), patience=0.05)
    assert saved_sets(db_path) == 1


def test_a_claimed_session_is_held_elsewhere_until_released_or_silent(store: Store) -> None:
    started = utc(2026, 11, 21, 9, 0)
    session_id = store.start_session({"routine": "starter"}, started)
    assert store.session_held_elsewhere(session_id, None, started) is None
    store.claim_session(session_id, "first-window", started)
    later = started + timedelta(seconds=30)
    assert store.session_held_elsewhere(session_id, "second-window", later) == 30
    assert store.session_held_elsewhere(session_id, "first-window", later) is None  # its own
    # A window silent past the claim's life (crashed) no longer holds it.
    silent = started + timedelta(seconds=CLAIM_FRESH_SECONDS + 1)
    assert store.session_held_elsewhere(session_id, "second-window", silent) is None
    store.release_session("second-window")  # not its claim: nothing changes
    assert store.session_held_elsewhere(session_id, None, later) == 30
    store.release_session("first-window")
    assert store.session_held_elsewhere(session_id, None, later) is None


def test_an_abandoned_session_can_be_taken_back_but_not_a_finished_one(store: Store) -> None:
    started = utc(2026, 11, 21, 9, 0)
    session_id = store.start_session({"routine": "starter"}, started)
    store.finish_session(session_id, started, SessionStatus.ABANDONED)
    with pytest.raises(SessionClosedError):
        store.record_set(session_id, make_set(started))
    store.reopen_session(session_id)
    store.record_set(session_id, make_set(started))
    store.finish_session(session_id, started)
    with pytest.raises(SessionClosedError):
        store.reopen_session(session_id)
    assert store.session(session_id).status is SessionStatus.FINISHED


@pytest.mark.skipif(os.name != "posix", reason="a process's liveness is asked on POSIX only")
def test_the_claim_of_an_inward_that_crashed_is_not_held(store: Store) -> None:
    """After a crash the next launch resumes at once, not after the claim's 90 s."""
    started = utc(2026, 11, 21, 9, 0)
    session_id = store.start_session({"routine": "starter"}, started)
    store.claim_session(session_id, "crashed-window", started)
    claim = store.get_setting(SESSION_CLAIM_KEY, {})
    store.set_setting(SESSION_CLAIM_KEY, {**claim, "pid": dead_pid()})
    assert store.session_held_elsewhere(session_id, None, started) is None
    store.set_setting(SESSION_CLAIM_KEY, {**claim, "pid": os.getpid()})  # alive: held
    assert store.session_held_elsewhere(session_id, None, started) == 0


def dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid
