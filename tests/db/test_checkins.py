"""Check-ins after a session and the person's saved exercise choices, in the Store."""

from __future__ import annotations

import math
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from app.core.plan.types import ExerciseChoice
from app.core.session.checkin import CheckIn, Effort
from app.db.store import Store
from app.db.times import from_utc_text
from tests.db.conftest import make_set, utc

PLUS_TWO = timezone(timedelta(hours=2))


def raw(path: Path, sql: str, parameters: tuple = ()) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, parameters).fetchall()


def write_raw(path: Path, sql: str, parameters: tuple = ()) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(sql, parameters)


def a_session(store: Store, day: int = 1) -> int:
    session_id = store.start_session({}, utc(2025, 7, day, 8))
    store.finish_session(session_id, utc(2025, 7, day, 8, 30))
    return session_id


# -- check-ins -------------------------------------------------------------------------


def test_a_checkin_round_trips(store: Store) -> None:
    session_id = a_session(store)
    at = datetime(2025, 7, 1, 10, 31, 0, 500000, tzinfo=PLUS_TWO)
    checkin = CheckIn(
        session_id=session_id,
        at=at,
        effort=Effort.TOO_HARD,
        exercise_effort={"figure-4-seated": Effort.TOO_HARD, "hip-click": Effort.TOO_EASY},
        note="right hip pinched — ünïcode\nsecond line",
    )

    store.save_checkin(checkin)
    stored = store.checkin(session_id)

    assert stored == checkin
    assert stored.at == at and stored.at.tzinfo is UTC
    assert type(stored.effort) is Effort
    assert all(type(value) is Effort for value in stored.exercise_effort.values())


def test_no_checkin_is_none(store: Store) -> None:
    session_id = a_session(store)
    assert store.checkin(session_id) is None
    assert store.checkin(12345) is None  # no such session either


@pytest.mark.parametrize("effort", list(Effort))
def test_every_effort_round_trips(store: Store, effort: Effort) -> None:
    session_id = a_session(store)
    store.save_checkin(CheckIn(session_id, utc(2025, 7, 1, 9), effort, {"x": effort}))
    stored = store.checkin(session_id)
    assert stored.effort is effort
    assert stored.exercise_effort == {"x": effort}
    assert stored.note == ""


def test_plain_strings_are_accepted_as_efforts(store: Store) -> None:
    session_id = a_session(store)
    checkin = CheckIn(session_id, utc(2025, 7, 1, 9), "too_easy", {"a": "about_right"})
    store.save_checkin(checkin)
    stored = store.checkin(session_id)
    assert stored.effort is Effort.TOO_EASY
    assert stored.exercise_effort == {"a": Effort.ABOUT_RIGHT}


def test_a_second_save_replaces_the_first(store: Store, db_path: Path) -> None:
    session_id = a_session(store)
    other = a_session(store, day=2)
    store.save_checkin(
        CheckIn(session_id, utc(2025, 7, 1, 9), Effort.TOO_HARD, {"a": Effort.TOO_HARD}, "first")
    )
    store.save_checkin(CheckIn(other, utc(2025, 7, 2, 9), Effort.ABOUT_RIGHT))
    (row_id,) = raw(db_path, "SELECT id FROM checkins WHERE session_id = ?", (session_id,))[0]

    second = CheckIn(session_id, utc(2025, 7, 1, 9, 5), Effort.TOO_EASY, {"b": Effort.TOO_EASY})
    store.save_checkin(second)

    assert store.checkin(session_id) == second  # the old per-exercise efforts and note are gone
    assert store.checkin(other) == CheckIn(other, utc(2025, 7, 2, 9), Effort.ABOUT_RIGHT)
    assert raw(db_path, "SELECT id, session_id FROM checkins ORDER BY id") == [
        (row_id, session_id),
        (row_id + 1, other),
    ]


def test_a_checkin_is_stored_as_utc_text_and_a_json_object(store: Store, db_path: Path) -> None:
    session_id = a_session(store)
    at = datetime(2025, 7, 1, 10, 0, tzinfo=PLUS_TWO)
    store.save_checkin(CheckIn(session_id, at, Effort.ABOUT_RIGHT, {"a": Effort.TOO_HARD}))
    assert raw(db_path, "SELECT at, effort, note, exercise_effort_json FROM checkins") == [
        ("2025-07-01T08:00:00.000000+00:00", "about_right", "", '{"a": "too_hard"}')
    ]


def test_a_checkin_for_no_session_is_refused(store: Store, db_path: Path) -> None:
    with pytest.raises(KeyError):
        store.save_checkin(CheckIn(99, utc(2025, 7, 1, 9), Effort.ABOUT_RIGHT))
    assert raw(db_path, "SELECT count(*) FROM checkins") == [(0,)]


@pytest.mark.parametrize(
    "changes",
    [
        {"at": datetime(2025, 7, 1, 9)},  # naive
        {"effort": "hard"},
        {"effort": None},
        {"exercise_effort": {"a": "very_hard"}},
        {"exercise_effort": {"a": None}},
        {"exercise_effort": {"": Effort.TOO_HARD}},
        {"exercise_effort": {3: Effort.TOO_HARD}},
        {"exercise_effort": [("a", Effort.TOO_HARD)]},
        {"note": None},
        {"session_id": True},
        {"session_id": "1"},
    ],
    ids=lambda changes: repr(changes),
)
def test_bad_checkins_raise_and_write_nothing(
    store: Store, db_path: Path, changes: dict[str, Any]
) -> None:
    session_id = a_session(store)
    good = CheckIn(session_id, utc(2025, 7, 1, 9), Effort.TOO_HARD, {"a": Effort.TOO_HARD}, "n")
    store.save_checkin(good)
    before = raw(db_path, "SELECT * FROM checkins")
    values = {
        "session_id": session_id,
        "at": utc(2025, 7, 1, 10),
        "effort": Effort.TOO_EASY,
        "exercise_effort": {},
        "note": "",
        **changes,
    }
    with pytest.raises(ValueError):
        store.save_checkin(CheckIn(**values))
    assert raw(db_path, "SELECT * FROM checkins") == before
    assert store.checkin(session_id) == good


def test_the_table_refuses_an_unknown_effort(store: Store, db_path: Path) -> None:
    session_id = a_session(store)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        write_raw(
            db_path,
            "INSERT INTO checkins (session_id, at, effort, note, exercise_effort_json)"
            " VALUES (?, '2025-07-01T09:00:00.000000+00:00', 'meh', '', '{}')",
            (session_id,),
        )
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        write_raw(
            db_path,
            "INSERT INTO checkins (session_id, at, effort, note, exercise_effort_json)"
            " VALUES (999, '2025-07-01T09:00:00.000000+00:00', 'too_hard', '', '{}')",
        )


def test_deleting_a_session_deletes_its_checkin(store: Store, db_path: Path) -> None:
    session_id = store.start_session({}, utc(2025, 7, 1, 8))
    store.record_set(session_id, make_set(utc(2025, 7, 1, 8, 1)))
    kept = a_session(store, day=2)
    store.save_checkin(CheckIn(session_id, utc(2025, 7, 1, 9), Effort.TOO_HARD))
    store.save_checkin(CheckIn(kept, utc(2025, 7, 2, 9), Effort.TOO_EASY))

    store.delete_session(session_id)

    assert store.checkin(session_id) is None
    assert raw(db_path, "SELECT session_id FROM checkins") == [(kept,)]


def test_a_hand_edited_per_exercise_effort_is_read_leniently(store: Store, db_path: Path) -> None:
    session_id = a_session(store)
    store.save_checkin(CheckIn(session_id, utc(2025, 7, 1, 9), Effort.TOO_HARD))
    write_raw(
        db_path,
        "UPDATE checkins SET exercise_effort_json = ?",
        ('{"a": "too_hard", "b": "meh", "c": 3}',),
    )
    assert store.checkin(session_id).exercise_effort == {"a": Effort.TOO_HARD}
    write_raw(db_path, "UPDATE checkins SET exercise_effort_json = '{not json'")
    assert store.checkin(session_id).exercise_effort == {}
    write_raw(db_path, "UPDATE checkins SET exercise_effort_json = '[1, 2]'")
    assert store.checkin(session_id).exercise_effort == {}


# -- exercise choices ------------------------------------------------------------------


def test_no_choices_at_first(store: Store) -> None:
    assert store.exercise_choices() == {}


def test_choices_are_set_replaced_and_removed(store: Store, db_path: Path) -> None:
    longer = ExerciseChoice(dose={"seconds": 75.0, "sets": 2})
    store.set_exercise_choice("figure-4-seated", longer)
    store.set_exercise_choice("hip-click", ExerciseChoice(dropped=True))
    store.set_exercise_choice("release-piriformis", ExerciseChoice(swap_for="release-deep-glutes"))

    choices = store.exercise_choices()
    assert choices == {
        "figure-4-seated": longer,
        "hip-click": ExerciseChoice(dropped=True),
        "release-piriformis": ExerciseChoice(swap_for="release-deep-glutes"),
    }
    assert list(choices) == sorted(choices)

    shorter = ExerciseChoice(dose={"seconds": 45.0})
    store.set_exercise_choice("figure-4-seated", shorter)
    assert store.exercise_choices()["figure-4-seated"] == shorter  # replaced, not merged

    store.set_exercise_choice("hip-click", None)
    assert set(store.exercise_choices()) == {"figure-4-seated", "release-piriformis"}
    store.set_exercise_choice("hip-click", None)  # removing what is not there does nothing
    assert raw(db_path, "SELECT slug FROM exercise_choices ORDER BY slug") == [
        ("figure-4-seated",),
        ("release-piriformis",),
    ]


def test_a_choice_is_stored_as_json_with_when_it_changed(store: Store, db_path: Path) -> None:
    before = datetime.now(UTC)
    store.set_exercise_choice("a", ExerciseChoice(dose={"seconds": 75, "reps": 12.0}))
    ((dropped, dose_json, swap_for, updated_at),) = raw(
        db_path, "SELECT dropped, dose_json, swap_for, updated_at FROM exercise_choices"
    )
    assert (dropped, dose_json, swap_for) == (0, '{"seconds": 75.0, "reps": 12}', None)
    first = from_utc_text(updated_at)
    assert before <= first <= datetime.now(UTC)
    store.set_exercise_choice("a", ExerciseChoice(dropped=True))
    ((updated_again,),) = raw(db_path, "SELECT updated_at FROM exercise_choices")
    assert from_utc_text(updated_again) >= first


def test_dose_values_keep_their_kind(store: Store) -> None:
    """Whole-number values (sets, reps) come back as int, the others as float."""
    dose = {"sets": 2.0, "reps": 12, "seconds": 75, "cadence": 3.5, "move_seconds": 1,
            "relax_seconds": 5.0}  # fmt: skip
    store.set_exercise_choice("a", ExerciseChoice(dose=dose))
    stored = store.exercise_choices()["a"].dose
    assert stored == dose
    assert {name: type(value) for name, value in stored.items()} == {
        "sets": int,
        "reps": int,
        "seconds": float,
        "cadence": float,
        "move_seconds": float,
        "relax_seconds": float,
    }


@pytest.mark.parametrize(
    ("slug", "choice"),
    [
        ("", ExerciseChoice(dropped=True)),
        ("   ", ExerciseChoice(dropped=True)),
        (None, ExerciseChoice(dropped=True)),
        ("a", ExerciseChoice(dropped=1)),
        ("a", ExerciseChoice(dose={"hold": 30})),
        ("a", ExerciseChoice(dose={"kind": 1})),
        ("a", ExerciseChoice(dose={"ranges": 1})),
        ("a", ExerciseChoice(dose={"seconds": "75"})),
        ("a", ExerciseChoice(dose={"seconds": True})),
        ("a", ExerciseChoice(dose={"seconds": math.nan})),
        ("a", ExerciseChoice(dose={"seconds": math.inf})),
        ("a", ExerciseChoice(dose={"seconds": 0})),
        ("a", ExerciseChoice(dose={"seconds": -5})),
        ("a", ExerciseChoice(dose={"reps": 10.5})),
        ("a", ExerciseChoice(dose=[("seconds", 30)])),
        ("a", ExerciseChoice(swap_for="")),
        ("a", ExerciseChoice(swap_for=3)),
        ("a", ExerciseChoice(swap_for="a")),
    ],
    ids=lambda value: repr(value),
)
def test_bad_choices_raise_and_write_nothing(
    store: Store, db_path: Path, slug: Any, choice: ExerciseChoice
) -> None:
    store.set_exercise_choice("a", ExerciseChoice(dose={"seconds": 60.0}))
    before = raw(db_path, "SELECT * FROM exercise_choices")
    with pytest.raises(ValueError):
        store.set_exercise_choice(slug, choice)
    assert raw(db_path, "SELECT * FROM exercise_choices") == before


def test_removing_needs_a_slug(store: Store) -> None:
    with pytest.raises(ValueError):
        store.set_exercise_choice("", None)


def test_a_hand_edited_dose_is_read_leniently(store: Store, db_path: Path) -> None:
    store.set_exercise_choice("a", ExerciseChoice(dose={"seconds": 60.0}))
    write_raw(
        db_path,
        "UPDATE exercise_choices SET dose_json = ?",
        ('{"seconds": 45, "reps": 2.5, "hold": 3, "sets": "2"}',),
    )
    assert store.exercise_choices()["a"] == ExerciseChoice(dose={"seconds": 45.0})
    write_raw(db_path, "UPDATE exercise_choices SET dose_json = 'null'")
    assert store.exercise_choices()["a"] == ExerciseChoice()
