"""Range-of-motion check records in the Store: round trips, edits and their undo, deletes."""

from __future__ import annotations

import dataclasses
import math
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import app.db.store
from app.core.checks.types import MAX_TRIALS, CheckRecord, MeasuredBy, Method, Mode, Trial
from app.core.records import Side
from app.db.errors import DatabaseError
from app.db.models import CheckTrialRow
from app.db.store import Store
from tests.db.conftest import make_check, make_trial, utc

PLUS_TWO = timezone(timedelta(hours=2))


def raw(path: Path, sql: str, parameters: tuple = ()) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, parameters).fetchall()


def counts(path: Path) -> tuple[int, int]:
    (records,) = raw(path, "SELECT count(*) FROM check_records")[0]
    (trials,) = raw(path, "SELECT count(*) FROM check_trials")[0]
    return records, trials


def six_trials() -> tuple[Trial, ...]:
    """Three trials per side, every enum value used, given out of order on purpose."""
    return (
        make_trial(Side.RIGHT, 2, 28.5, method=Method.GONIOMETER, mode=Mode.ACTIVE),
        make_trial(Side.LEFT, 3, 41.0, method=Method.PHOTO, photo="check-left-3.jpg"),
        make_trial(Side.LEFT, 1, 39.25, method=Method.EYE, measured_by=MeasuredBy.HELPER),
        make_trial(Side.RIGHT, 1, 30.0, pain=True, note="pinch in the groin ünïcode"),
        make_trial(Side.LEFT, 2, 40.0, mode=Mode.ACTIVE, note="felt loose"),
        make_trial(Side.RIGHT, 3, 27, measured_by=MeasuredBy.HELPER, pain=True),
    )


def by_side_and_number(trials: tuple[Trial, ...]) -> tuple[Trial, ...]:
    return tuple(sorted(trials, key=lambda t: (t.side.value, t.number)))


# -- round trip ------------------------------------------------------------------------


def test_a_two_sided_check_round_trips(store: Store) -> None:
    taken = datetime(2025, 6, 1, 8, 30, 0, 250000, tzinfo=PLUS_TWO)
    record = make_check(taken, slug="seated-ir", trials=six_trials(), note="morning, cold")

    record_id = store.add_check(record)
    stored = store.check(record_id)

    assert stored == dataclasses.replace(
        record, id=record_id, trials=by_side_and_number(record.trials)
    )
    assert stored.taken_at.tzinfo is UTC
    assert stored.taken_at == taken
    assert [(t.side, t.number) for t in stored.trials] == [
        (Side.LEFT, 1),
        (Side.LEFT, 2),
        (Side.LEFT, 3),
        (Side.RIGHT, 1),
        (Side.RIGHT, 2),
        (Side.RIGHT, 3),
    ]
    for trial in stored.trials:
        assert type(trial.side) is Side
        assert type(trial.method) is Method
        assert type(trial.mode) is Mode
        assert type(trial.measured_by) is MeasuredBy
        assert type(trial.degrees) is float
        assert type(trial.pain) is bool
    assert stored.trials[2].photo == "check-left-3.jpg"
    assert store.checks() == [stored]


def test_checks_survive_reopening(db_path: Path) -> None:
    record = make_check(utc(2025, 6, 1, 8), trials=six_trials(), note="kept")
    with Store.open(db_path) as store:
        record_id = store.add_check(record)
        before = store.check(record_id)
    with Store.open(db_path) as store:
        assert store.check(record_id) == before
        assert store.checks() == [before]


def test_times_are_stored_as_utc_text(store: Store, db_path: Path) -> None:
    record_id = store.add_check(make_check(datetime(2025, 6, 1, 8, 30, tzinfo=PLUS_TWO)))
    ((taken, created, updated, deleted),) = raw(
        db_path, "SELECT taken_at, created_at, updated_at, deleted_at FROM check_records"
    )
    assert taken == "2025-06-01T06:30:00.000000+00:00"
    assert created == updated and created.endswith("+00:00") and deleted is None

    store.update_check(dataclasses.replace(store.check(record_id), note="edited"))
    ((created_after, updated_after),) = raw(
        db_path, "SELECT created_at, updated_at FROM check_records"
    )
    assert created_after == created
    assert updated_after >= updated


trials_strategy = st.lists(
    st.builds(
        Trial,
        side=st.sampled_from([Side.LEFT, Side.RIGHT]),
        number=st.integers(1, MAX_TRIALS),
        degrees=st.floats(-180, 180, allow_nan=False),
        method=st.sampled_from(Method),
        mode=st.sampled_from(Mode),
        measured_by=st.sampled_from(MeasuredBy),
        pain=st.booleans(),
        note=st.text(max_size=20),
        photo=st.none() | st.from_regex(r"[a-z0-9-]{1,12}\.jpg", fullmatch=True),
    ),
    min_size=1,
    max_size=2 * MAX_TRIALS,
    unique_by=lambda t: (t.side, t.number),
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(trials=trials_strategy, note=st.text(max_size=40))
def test_any_valid_record_round_trips(store: Store, trials: list[Trial], note: str) -> None:
    record = make_check(utc(2025, 6, 1, 8), trials=tuple(trials), note=note)
    record_id = store.add_check(record)
    kept = [dataclasses.replace(t, note=t.note.replace("\0", "")) for t in record.trials]
    assert store.check(record_id) == dataclasses.replace(  # a NUL in a note is not kept
        record, id=record_id, trials=by_side_and_number(kept), note=note.replace("\0", "")
    )


# -- edit and undo ---------------------------------------------------------------------


def test_update_returns_the_previous_version_and_undo_restores_it(store: Store) -> None:
    record_id = store.add_check(make_check(utc(2025, 6, 1, 8), trials=six_trials(), note="a"))
    original = store.check(record_id)
    other_id = store.add_check(make_check(utc(2025, 6, 2, 8)))
    other = store.check(other_id)

    edited = dataclasses.replace(
        original,
        check_slug="seated-ir",
        taken_at=datetime(2025, 6, 1, 11, 15, tzinfo=PLUS_TWO),
        note="b",
        trials=(
            # Same (side, number) as stored ones, new values: must not clash with the old.
            make_trial(Side.LEFT, 1, 12.5, method=Method.PHOTO, photo="new.jpg"),
            make_trial(Side.RIGHT, 1, 33.0, mode=Mode.ACTIVE, pain=True, note="sharp"),
        ),
    )

    previous = store.update_check(edited).previous

    assert previous == original
    assert store.check(record_id) == edited
    assert store.check(other_id) == other  # nothing else touched
    assert store.checks("prone-ir") == [other]
    assert store.checks("seated-ir") == [edited]

    undone_edit = store.update_check(previous).previous  # what Ctrl+Z does

    assert undone_edit == edited
    assert store.check(record_id) == original
    assert store.checks() == [original, other]


def test_a_failed_update_keeps_the_old_version(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old trials are deleted before the new ones go in: a failure must undo both."""
    record_id = store.add_check(make_check(utc(2025, 6, 1, 8), trials=six_trials()))
    original = store.check(record_id)
    monkeypatch.setattr(app.db.store, "trial_rows", duplicate_trial_rows)

    with pytest.raises(DatabaseError, match="UNIQUE constraint failed"):
        store.update_check(dataclasses.replace(original, note="never saved"))

    assert store.check(record_id) == original
    assert counts(db_path) == (1, 6)


# -- delete and undo -------------------------------------------------------------------


def test_delete_hides_a_record_and_restore_brings_it_back(store: Store, db_path: Path) -> None:
    keep_id = store.add_check(make_check(utc(2025, 6, 1, 8)))
    gone_id = store.add_check(make_check(utc(2025, 6, 2, 8), trials=six_trials()))
    keep, gone = store.check(keep_id), store.check(gone_id)

    store.delete_check(gone_id)

    assert store.checks() == [keep]
    assert store.checks("prone-ir") == [keep]
    with pytest.raises(KeyError):
        store.check(gone_id)
    with pytest.raises(KeyError):
        store.delete_check(gone_id)  # already deleted
    with pytest.raises(KeyError):
        store.update_check(gone)  # a deleted record cannot be edited
    # A soft delete: the rows are all still there, only marked.
    assert counts(db_path) == (2, 8)
    ((deleted_at,),) = raw(db_path, "SELECT deleted_at FROM check_records WHERE id = ?", (gone_id,))
    assert deleted_at is not None and deleted_at.endswith("+00:00")

    store.restore_check(gone_id)  # what Ctrl+Z does

    assert store.check(gone_id) == gone
    assert store.checks() == [keep, gone]
    with pytest.raises(KeyError):
        store.restore_check(gone_id)  # not deleted any more
    with pytest.raises(KeyError):
        store.restore_check(keep_id)


def test_unknown_ids_raise_key_error(store: Store) -> None:
    assert store.checks() == []
    for call in (store.check, store.delete_check, store.restore_check):
        with pytest.raises(KeyError):
            call(42)
    with pytest.raises(KeyError):
        store.update_check(make_check(utc(2025, 6, 1, 8), id=42))


# -- listing ---------------------------------------------------------------------------


def test_checks_filter_by_slug_and_order_by_time_then_id(store: Store) -> None:
    # 09:30 at +02:00 is 07:30 UTC: earlier than 08:00 UTC although its digits are later.
    late = store.add_check(make_check(utc(2025, 6, 3, 8), slug="seated-ir"))
    early_local = store.add_check(make_check(datetime(2025, 6, 3, 9, 30, tzinfo=PLUS_TWO)))
    tie_a = store.add_check(make_check(utc(2025, 6, 1, 8), note="first added"))
    tie_b = store.add_check(make_check(utc(2025, 6, 1, 8), slug="seated-ir", note="second"))
    newest = store.add_check(make_check(utc(2025, 7, 1, 8)))

    assert [r.id for r in store.checks()] == [tie_a, tie_b, early_local, late, newest]
    assert [r.id for r in store.checks("prone-ir")] == [tie_a, early_local, newest]
    assert [r.id for r in store.checks("seated-ir")] == [tie_b, late]
    assert store.checks("no-such-check") == []
    assert all(r.taken_at.tzinfo is UTC for r in store.checks())


# -- refused input writes nothing ------------------------------------------------------


def _bad_records() -> list[tuple[str, CheckRecord]]:
    good = make_check(utc(2025, 6, 1, 8))
    left = make_trial(Side.LEFT, 1)

    def with_trial(**changes: object) -> CheckRecord:
        return dataclasses.replace(good, trials=(dataclasses.replace(left, **changes),))

    return [
        ("timezone-aware", dataclasses.replace(good, taken_at=datetime(2025, 6, 1, 8))),
        ("check_slug", dataclasses.replace(good, check_slug="")),
        ("at least one trial", dataclasses.replace(good, trials=())),
        ("given twice", dataclasses.replace(good, trials=(left, make_trial(Side.LEFT, 1, 2.0)))),
        ("left or the right", with_trial(side=Side.BOTH)),
        ("not a valid Side|'top' is not", with_trial(side="top")),
        ("1 to 3", with_trial(number=0)),
        ("1 to 3", with_trial(number=MAX_TRIALS + 1)),
        ("integer", with_trial(number=True)),
        ("integer", with_trial(number=1.0)),
        ("finite", with_trial(degrees=math.nan)),
        ("finite", with_trial(degrees=math.inf)),
        ("a number", with_trial(degrees="35")),
        ("Method", with_trial(method="ruler")),
        ("Mode", with_trial(mode="both")),
        ("MeasuredBy", with_trial(measured_by="robot")),
        ("bare file name", with_trial(photo="photos/a.jpg")),
        ("bare file name", with_trial(photo="..")),
        ("bare file name", with_trial(photo="")),
    ]


@pytest.mark.parametrize(("message", "record"), _bad_records())
def test_bad_records_are_refused_and_nothing_is_written(
    store: Store, db_path: Path, message: str, record: CheckRecord
) -> None:
    with pytest.raises(ValueError, match=message):
        store.add_check(record)
    assert counts(db_path) == (0, 0)

    stored_id = store.add_check(make_check(utc(2025, 5, 1, 8), trials=six_trials()))
    stored = store.check(stored_id)
    with pytest.raises(ValueError, match=message):
        store.update_check(dataclasses.replace(record, id=stored_id))
    assert store.check(stored_id) == stored
    assert counts(db_path) == (1, 6)


def test_add_needs_a_new_record_and_update_a_stored_one(store: Store, db_path: Path) -> None:
    with pytest.raises(ValueError, match="new record"):
        store.add_check(make_check(utc(2025, 6, 1, 8), id=1))
    with pytest.raises(ValueError, match="stored record"):
        store.update_check(make_check(utc(2025, 6, 1, 8)))
    assert counts(db_path) == (0, 0)


# -- what the tables themselves enforce ------------------------------------------------


def duplicate_trial_rows(record: CheckRecord) -> list[CheckTrialRow]:
    """Stands in for the store's own checks, to reach the database's constraint."""

    def row() -> CheckTrialRow:
        return CheckTrialRow(
            side="left",
            number=1,
            degrees=30.0,
            method="eye",
            mode="passive",
            measured_by="self",
            pain=False,
            note="",
            photo=None,
        )

    return [row(), row()]


def test_duplicate_trial_numbers_roll_back_the_whole_add(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.db.store, "trial_rows", duplicate_trial_rows)
    with pytest.raises(DatabaseError, match="UNIQUE constraint failed"):
        store.add_check(make_check(utc(2025, 6, 1, 8)))
    assert counts(db_path) == (0, 0)  # the record row went too, not only the trials
    monkeypatch.undo()
    assert store.check(store.add_check(make_check(utc(2025, 6, 1, 8)))).id is not None


@pytest.mark.parametrize(
    ("side", "number", "constraint"),
    [
        ("left", 1, "UNIQUE"),
        ("both", 2, "CHECK constraint failed: ck_check_trials_side"),
        ("right", 0, "CHECK constraint failed: ck_check_trials_number"),
        ("right", MAX_TRIALS + 1, "CHECK constraint failed: ck_check_trials_number"),
    ],
)
def test_the_trial_table_refuses_what_the_store_refuses(
    store: Store, db_path: Path, side: str, number: int, constraint: str
) -> None:
    record_id = store.add_check(make_check(utc(2025, 6, 1, 8)))
    with closing(sqlite3.connect(db_path)) as conn, pytest.raises(sqlite3.IntegrityError) as caught:
        conn.execute(
            "INSERT INTO check_trials (record_id, side, number, degrees, method, mode,"
            " measured_by, pain, note, photo) VALUES (?, ?, ?, 1.0, 'eye', 'passive',"
            " 'self', 0, '', NULL)",
            (record_id, side, number),
        )
    assert constraint in str(caught.value)


def test_hard_deleting_a_record_cascades_to_its_trials(store: Store, db_path: Path) -> None:
    keep = store.add_check(make_check(utc(2025, 6, 1, 8)))
    gone = store.add_check(make_check(utc(2025, 6, 2, 8), trials=six_trials()))
    assert counts(db_path) == (2, 8)
    with store._engine.begin() as conn:  # the store's connections have foreign_keys on
        conn.exec_driver_sql("DELETE FROM check_records WHERE id = ?", (gone,))
    assert counts(db_path) == (1, 2)
    assert store.checks() == [store.check(keep)]
