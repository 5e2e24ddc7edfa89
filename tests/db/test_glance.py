"""The home page's quick read (plain sqlite3) agrees with what the Store wrote."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC
from pathlib import Path

import pytest

from app.core.checks.readings import median
from app.core.records import SessionStatus, Side
from app.db.errors import DatabaseError
from app.db.glance import LatestCheck, Unfinished, glance
from app.db.store import Store
from tests.db.conftest import make_check, make_set, make_trial, utc


def test_an_empty_database_has_nothing_to_show(store: Store, db_path: Path) -> None:
    facts = glance(db_path)
    assert (facts.settings, facts.last_session, facts.unfinished) == ({}, None, None)
    assert facts.latest_checks == ()


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


# -- the latest check per side ---------------------------------------------------------


def test_latest_checks_give_each_sides_median(store: Store, db_path: Path) -> None:
    store.add_check(make_check(utc(2025, 6, 1, 8)))  # older: left out
    store.add_check(
        make_check(
            utc(2025, 6, 10, 8),
            trials=(
                make_trial(Side.LEFT, 1, 39.0),
                make_trial(Side.LEFT, 2, 41.5),
                make_trial(Side.LEFT, 3, 40.0),
                make_trial(Side.RIGHT, 1, 27.0),
                make_trial(Side.RIGHT, 2, 29.5),
            ),
        )
    )
    store.add_check(
        make_check(utc(2025, 6, 5, 8), slug="seated-ir", trials=(make_trial(Side.RIGHT, 1, 33),))
    )

    latest = glance(db_path).latest_checks

    assert latest == (
        LatestCheck("prone-ir", utc(2025, 6, 10, 8), 40.0, 28.25),
        LatestCheck("seated-ir", utc(2025, 6, 5, 8), None, 33.0),
    )
    assert latest[0].taken_at.tzinfo is UTC
    assert all(type(value) is float for value in (latest[0].left, latest[0].right))


def test_latest_checks_ignore_deleted_records(store: Store, db_path: Path) -> None:
    kept = make_check(utc(2025, 6, 1, 8), trials=(make_trial(Side.LEFT, 1, 35.0),))
    store.add_check(kept)
    deleted = store.add_check(make_check(utc(2025, 6, 9, 8)))
    only_deleted = store.add_check(make_check(utc(2025, 6, 9, 8), slug="seated-ir"))
    store.delete_check(deleted)
    store.delete_check(only_deleted)

    assert glance(db_path).latest_checks == (
        LatestCheck("prone-ir", utc(2025, 6, 1, 8), 35.0, None),
    )
    store.restore_check(deleted)
    assert glance(db_path).latest_checks == (
        LatestCheck("prone-ir", utc(2025, 6, 9, 8), 40.0, 30.0),
    )


def test_latest_is_by_time_taken_then_by_id(store: Store, db_path: Path) -> None:
    """A check entered late for an earlier time does not hide the newer one."""
    store.add_check(make_check(utc(2025, 6, 9, 8), trials=(make_trial(Side.LEFT, 1, 44.0),)))
    store.add_check(make_check(utc(2025, 6, 1, 8), trials=(make_trial(Side.LEFT, 1, 30.0),)))
    store.add_check(make_check(utc(2025, 6, 9, 8), trials=(make_trial(Side.LEFT, 1, 46.0),)))
    (latest,) = glance(db_path).latest_checks
    assert latest == LatestCheck("prone-ir", utc(2025, 6, 9, 8), 46.0, None)


def test_latest_checks_agree_with_the_store(store: Store, db_path: Path) -> None:
    for day, degrees in enumerate((30.0, 34.5, 31.0, 38.0), start=1):
        trials = tuple(
            make_trial(side, number, degrees + offset)
            for side in (Side.LEFT, Side.RIGHT)
            for number, offset in ((1, 0.0), (2, 2.5), (3, -1.25))
        )
        store.add_check(make_check(utc(2025, 6, day, 8), trials=trials))
    last = store.checks("prone-ir")[-1]
    expected = {
        side: median(t.degrees for t in last.trials if t.side is side)
        for side in (Side.LEFT, Side.RIGHT)
    }
    assert glance(db_path).latest_checks == (
        LatestCheck("prone-ir", last.taken_at, expected[Side.LEFT], expected[Side.RIGHT]),
    )


def test_a_record_without_trials_shows_no_value(store: Store, db_path: Path) -> None:
    store.add_check(make_check(utc(2025, 6, 1, 8)))
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute(
            "INSERT INTO check_records (check_slug, taken_at, note, created_at, updated_at)"
            " VALUES ('prone-ir', '2025-06-02T08:00:00+00:00', '', '', '')"
        )
    assert glance(db_path).latest_checks == (
        LatestCheck("prone-ir", utc(2025, 6, 2, 8), None, None),
    )
