"""The home page's quick read (plain sqlite3) agrees with what the Store wrote."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC
from pathlib import Path

import pytest

from app.core.records import SessionStatus
from app.db.errors import DatabaseError
from app.db.glance import Unfinished, glance
from app.db.store import Store
from tests.db.conftest import make_set, utc


def test_an_empty_database_has_nothing_to_show(store: Store, db_path: Path) -> None:
    facts = glance(db_path)
    assert (facts.settings, facts.last_session, facts.unfinished) == ({}, None, None)


def test_last_session_counts_finished_or_actually_done(store: Store, db_path: Path) -> None:
    only_skipped = store.start_session({}, utc(2025, 5, 10, 8))
    store.record_set(only_skipped, make_set(utc(2025, 5, 10, 8, 1), skipped=True))
    assert glance(db_path).last_session is None

    finished_empty = store.start_session({}, utc(2025, 5, 1, 8))
    store.finish_session(finished_empty, utc(2025, 5, 1, 8, 5))
    assert glance(db_path).last_session == utc(2025, 5, 1, 8)

    abandoned_with_work = store.start_session({}, utc(2025, 5, 5, 8))
    store.record_set(abandoned_with_work, make_set(utc(2025, 5, 5, 8, 1)))
    store.finish_session(abandoned_with_work, utc(2025, 5, 5, 8, 5), SessionStatus.ABANDONED)
    assert glance(db_path).last_session == utc(2025, 5, 5, 8)

    store.record_set(only_skipped, make_set(utc(2025, 5, 10, 8, 2), index=2))
    last = glance(db_path).last_session
    assert last == utc(2025, 5, 10, 8) and last.tzinfo is UTC


def test_unfinished_session_counts_done_and_recorded_sets(store: Store, db_path: Path) -> None:
    old = store.start_session({}, utc(2025, 5, 1, 8))
    store.finish_session(old, utc(2025, 5, 1, 9))
    current = store.start_session({}, utc(2025, 5, 2, 8))
    store.record_set(current, make_set(utc(2025, 5, 2, 8, 1)))
    store.record_set(current, make_set(utc(2025, 5, 2, 8, 2), index=2, skipped=True))
    assert glance(db_path).unfinished == Unfinished(utc(2025, 5, 2, 8), 1, 2)
    assert store.unfinished_session().id == current


def test_settings_come_back_and_an_unreadable_one_is_left_out(store: Store, db_path: Path) -> None:
    store.set_setting("preferences", {"volume": 40})
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("INSERT INTO settings VALUES ('broken', '{not json')")
    assert glance(db_path).settings == {"preferences": {"volume": 40}}


def test_a_file_that_is_not_a_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseError, match=r"garbage\.sqlite3"):
        glance(path)
