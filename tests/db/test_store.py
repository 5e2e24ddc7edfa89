"""The Store API against real SQLite files."""

from __future__ import annotations

import math
import re
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from app.core.records import SessionStatus, Side, StoredSession
from app.db.errors import DatabaseError
from app.db.store import Store
from app.db.times import from_utc_text, to_utc_text
from tests.db.conftest import make_set, utc

PLAN = {"routine": "starter", "exercises": ["figure-4-seated", "90-90-switch"], "level": 2}


def raw_count(path: Path, table: str) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# -- sessions and sets -----------------------------------------------------------------


def test_session_round_trip_keeps_everything(store: Store, db_path: Path) -> None:
    plus_two = timezone(timedelta(hours=2))
    started = datetime(2025, 5, 1, 8, 30, 0, 123456, tzinfo=plus_two)
    sets = [
        make_set(started + timedelta(minutes=1), side=Side.LEFT, pain=True),
        make_set(started + timedelta(minutes=3), side=Side.RIGHT, skipped=True),
        make_set(
            started + timedelta(minutes=5),
            slug="90-90-switch",
            side=Side.BOTH,
            index=2,
            seconds=0.0,
            reps=(10, 7),
        ),
    ]

    session_id = store.start_session(PLAN, started)
    for result in sets:
        store.record_set(session_id, result)
    ended = started + timedelta(minutes=20)
    store.finish_session(session_id, ended)

    stored = store.session(session_id)
    assert stored == StoredSession(
        id=session_id,
        started_at=started,
        ended_at=ended,
        status=SessionStatus.FINISHED,
        plan=PLAN,
        sets=tuple(sets),
    )
    for moment in (stored.started_at, stored.ended_at, *(s.started_at for s in stored.sets)):
        assert moment is not None
        assert moment.tzinfo is UTC
    assert stored.started_at == started.astimezone(UTC)
    assert stored.sets[0].key == ("figure-4-seated", Side.LEFT, 1)
    assert isinstance(stored.sets[0].side, Side)
    assert stored.sets[0].pain is True and stored.sets[1].skipped is True


def test_datetimes_are_stored_as_sortable_utc_text(store: Store, db_path: Path) -> None:
    """Raw SQL (benchmarks, exports) relies on this exact format."""
    store.start_session({}, datetime(2025, 5, 1, 8, 30, tzinfo=timezone(timedelta(hours=2))))
    with closing(sqlite3.connect(db_path)) as conn:
        (text,) = conn.execute("SELECT started_at FROM sessions").fetchone()
    assert text == "2025-05-01T06:30:00.000000+00:00"


def test_each_set_is_committed_the_moment_it_is_recorded(store: Store, db_path: Path) -> None:
    session_id = store.start_session(PLAN, utc(2025, 5, 1, 8))
    store.record_set(session_id, make_set(utc(2025, 5, 1, 8, 1)))
    # Another connection (as after a crash) already sees it, before the session ends.
    assert raw_count(db_path, "set_records") == 1


def test_unfinished_session_is_the_latest_in_progress_with_its_sets(store: Store) -> None:
    finished = store.start_session({"n": 1}, utc(2025, 5, 1, 8))
    store.record_set(finished, make_set(utc(2025, 5, 1, 8, 1)))
    store.finish_session(finished, utc(2025, 5, 1, 8, 30))
    older = store.start_session({"n": 2}, utc(2025, 5, 2, 8))
    latest = store.start_session({"n": 3}, utc(2025, 5, 3, 8))
    first = make_set(utc(2025, 5, 3, 8, 1), index=1)
    second = make_set(utc(2025, 5, 3, 8, 3), index=2)
    store.record_set(latest, first)
    store.record_set(latest, second)

    unfinished = store.unfinished_session()

    assert unfinished is not None
    assert unfinished.id == latest
    assert unfinished.status is SessionStatus.IN_PROGRESS
    assert unfinished.plan == {"n": 3}
    assert unfinished.ended_at is None
    assert unfinished.sets == (first, second)

    store.finish_session(latest, utc(2025, 5, 3, 9), SessionStatus.ABANDONED)
    assert store.unfinished_session() is not None
    assert store.unfinished_session().id == older  # type: ignore[union-attr]
    store.finish_session(older, utc(2025, 5, 2, 9), SessionStatus.ABANDONED)
    assert store.unfinished_session() is None
    assert store.session(latest).status is SessionStatus.ABANDONED


def test_unfinished_session_survives_reopening(db_path: Path) -> None:
    with Store.open(db_path) as store:
        session_id = store.start_session(PLAN, utc(2025, 5, 1, 8))
        store.record_set(session_id, make_set(utc(2025, 5, 1, 8, 1)))
    with Store.open(db_path) as store:
        unfinished = store.unfinished_session()
        assert unfinished is not None
        assert unfinished.id == session_id
        assert len(unfinished.sets) == 1


def test_empty_store(store: Store) -> None:
    assert store.unfinished_session() is None
    with pytest.raises(KeyError):
        store.session(1)


def test_deleting_a_session_cascades_to_its_sets(store: Store, db_path: Path) -> None:
    keep = store.start_session({}, utc(2025, 5, 1, 8))
    store.record_set(keep, make_set(utc(2025, 5, 1, 8, 1)))
    gone = store.start_session({}, utc(2025, 5, 2, 8))
    for index in (1, 2, 3):
        store.record_set(gone, make_set(utc(2025, 5, 2, 8, index), index=index))
    assert raw_count(db_path, "set_records") == 4

    store.delete_session(gone)

    assert raw_count(db_path, "set_records") == 1  # the database did it: foreign_keys is on
    assert len(store.session(keep).sets) == 1
    with pytest.raises(KeyError):
        store.session(gone)
    with pytest.raises(KeyError):
        store.delete_session(gone)


def test_caller_mistakes_raise_and_write_nothing(store: Store, db_path: Path) -> None:
    naive = datetime(2025, 5, 1, 8)
    with pytest.raises(ValueError, match="timezone-aware"):
        store.start_session(PLAN, naive)
    assert raw_count(db_path, "sessions") == 0
    with pytest.raises(TypeError):
        store.start_session({"not json": object()}, utc(2025, 5, 1, 8))
    with pytest.raises(ValueError):
        store.start_session({"x": math.nan}, utc(2025, 5, 1, 8))
    assert raw_count(db_path, "sessions") == 0

    session_id = store.start_session(PLAN, utc(2025, 5, 1, 8))
    bad = make_set(utc(2025, 5, 1, 8, 1))
    bad = type(bad)(**{**bad.__dict__, "ended_at": naive})
    with pytest.raises(ValueError, match="ended_at"):
        store.record_set(session_id, bad)
    with pytest.raises(KeyError):
        store.record_set(session_id + 1, make_set(utc(2025, 5, 1, 8, 1)))
    with pytest.raises(KeyError):
        store.finish_session(session_id + 1, utc(2025, 5, 1, 9))
    with pytest.raises(ValueError):
        store.finish_session(session_id, utc(2025, 5, 1, 9), SessionStatus.IN_PROGRESS)
    with pytest.raises(ValueError):
        store.finish_session(session_id, naive)
    assert raw_count(db_path, "set_records") == 0
    assert store.session(session_id).status is SessionStatus.IN_PROGRESS

    store.finish_session(session_id, utc(2025, 5, 1, 9))
    with pytest.raises(ValueError, match="finished"):
        store.record_set(session_id, make_set(utc(2025, 5, 1, 8, 1)))
    assert raw_count(db_path, "set_records") == 0


# -- settings --------------------------------------------------------------------------


def test_settings_round_trip_and_defaults(store: Store, db_path: Path) -> None:
    assert store.get_setting("cue_volume", 0.7) == 0.7
    assert store.get_setting("speech", None) is None

    store.set_setting("cue_volume", 0.25)
    store.set_setting("speech", {"enabled": True, "voice": "Ünïcode", "rate": [1, 2]})
    store.set_setting("cue_volume", 0.5)  # replaces

    assert store.get_setting("cue_volume", 0.7) == 0.5
    assert store.get_setting("speech", {}) == {
        "enabled": True,
        "voice": "Ünïcode",
        "rate": [1, 2],
    }
    assert raw_count(db_path, "settings") == 2
    store.set_setting("nothing", None)
    assert store.get_setting("nothing", "default") is None  # a stored null is a value


def test_settings_refuse_non_json_and_keep_the_old_value(store: Store) -> None:
    store.set_setting("k", 1)
    with pytest.raises(TypeError):
        store.set_setting("k", {1, 2})
    with pytest.raises(ValueError):
        store.set_setting("k", math.inf)
    assert store.get_setting("k", 0) == 1


def test_unreadable_setting_falls_back_to_default(store: Store, db_path: Path) -> None:
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("INSERT INTO settings VALUES ('broken', '{not json')")
    assert store.get_setting("broken", 42) == 42


def test_settings_persist(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.set_setting("theme", "dark")
    with Store.open(db_path) as store:
        assert store.get_setting("theme", "light") == "dark"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.text(min_size=1, max_size=20), value=json_values)
def test_any_json_setting_round_trips(store: Store, key: str, value: object) -> None:
    store.set_setting(key, value)
    assert store.get_setting(key, object()) == value


# -- the datetime column type ----------------------------------------------------------

offsets = st.builds(
    timezone, st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23))
)
aware = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1), timezones=offsets
)


@given(aware)
def test_utc_text_round_trips_to_the_same_instant(moment: datetime) -> None:
    back = from_utc_text(to_utc_text(moment))
    assert back == moment
    assert back.tzinfo is UTC


@given(aware, aware)
def test_utc_text_sorts_like_time(a: datetime, b: datetime) -> None:
    assert (to_utc_text(a) < to_utc_text(b)) == (a < b)


def test_naive_datetime_is_refused_by_the_column_type() -> None:
    with pytest.raises(ValueError):
        to_utc_text(datetime(2025, 1, 1))
    assert from_utc_text("2025-01-01T00:00:00") == utc(2025, 1, 1)


# -- lifecycle -------------------------------------------------------------------------


def test_closed_store_refuses_work(db_path: Path) -> None:
    store = Store.open(db_path)
    store.close()
    store.close()  # idempotent
    with pytest.raises(RuntimeError, match="closed"):
        store.get_setting("k", 1)


def test_closing_folds_the_wal_back_into_the_file(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.set_setting("k", 1)
        assert Path(f"{db_path}-wal").exists()
    assert not Path(f"{db_path}-wal").exists()


def test_database_error_while_open_is_plain(store: Store, db_path: Path) -> None:
    """A file that changed under the app (here: tables dropped) gives a DatabaseError."""
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("DROP TABLE settings")
    with pytest.raises(DatabaseError, match=re.escape(db_path.name)):
        store.set_setting("k", 1)


def test_full_disk_gives_a_plain_error_and_keeps_old_data(store: Store) -> None:
    """SQLite's max_page_count makes it report SQLITE_FULL, as a full disk would."""
    store.set_setting("k", "old")

    @event.listens_for(store._engine, "connect")
    def _cap_size(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA max_page_count = 1").fetchall()  # below current size

    store._engine.dispose()  # reconnect through the listener

    with pytest.raises(DatabaseError, match="disk is full"):
        store.set_setting("k", "x" * 100_000)
    event.remove(store._engine, "connect", _cap_size)
    store._engine.dispose()
    assert store.get_setting("k", None) == "old"


def test_a_set_played_again_replaces_its_record_and_keeps_pain(store: Store) -> None:
    session_id = store.start_session({}, utc(2025, 5, 1, 8))
    store.record_set(session_id, make_set(utc(2025, 5, 1, 8, 1), skipped=True, pain=True))
    store.record_set(session_id, make_set(utc(2025, 5, 1, 8, 3)))
    (only,) = store.session(session_id).sets
    assert (only.skipped, only.pain, only.started_at) == (False, True, utc(2025, 5, 1, 8, 3))
