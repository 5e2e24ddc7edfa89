"""Every store write says what it changed, so the window redraws only the pages that show it.

A real SQLite file per test; each operation is run for real and its answer compared with
what it wrote.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from app.core.changes import NOTHING, Added, Changes, Kind
from app.core.library.learn import CAUTIONS_TOLD_KEY
from app.core.plan.types import ExerciseChoice
from app.core.preferences import PREFERENCES_KEY
from app.core.records import SessionStatus
from app.core.session.checkin import CheckIn, Effort
from app.db.session_claim import SESSION_CLAIM_KEY
from app.db.store import Store
from app.db.transfer.backup_export import export_backup, write_json
from app.db.transfer.backup_import import apply_import
from app.db.transfer.backup_reader import read_backup_file
from tests.db.conftest import make_check, make_set, utc

STARTED = utc(2026, 3, 2, 8)
SESSIONS = Changes.of(Kind.SESSIONS)
CHECKS = Changes.of(Kind.CHECKS)


def started(store: Store) -> int:
    return store.start_session({"items": []}, STARTED)


def test_starting_a_session_gives_its_id_and_says_sessions_changed(store: Store) -> None:
    session_id = store.start_session({"items": []}, STARTED)
    assert isinstance(session_id, Added) and session_id.changes == SESSIONS
    assert store.session(session_id).status is SessionStatus.IN_PROGRESS  # still an id


def test_a_set_and_the_end_of_a_session_change_sessions(store: Store) -> None:
    session_id = started(store)
    assert store.record_set(session_id, make_set(STARTED)) == SESSIONS
    assert store.finish_session(session_id, STARTED + timedelta(minutes=5)) == SESSIONS
    abandoned = started(store)
    assert store.finish_session(abandoned, STARTED, SessionStatus.ABANDONED) == SESSIONS


def test_reopening_changes_sessions_only_when_the_session_was_abandoned(store: Store) -> None:
    session_id = started(store)
    assert store.reopen_session(session_id) == NOTHING  # still in progress: nothing to do
    store.finish_session(session_id, STARTED, SessionStatus.ABANDONED)
    assert store.reopen_session(session_id) == SESSIONS


def test_deleting_a_session_takes_its_check_in_with_it(store: Store) -> None:
    session_id = started(store)
    store.save_checkin(CheckIn(session_id, STARTED, Effort.ABOUT_RIGHT, {}, ""))
    assert store.delete_session(session_id) == Changes.of(Kind.SESSIONS, Kind.CHECKINS)


def test_a_check_in_changes_check_ins(store: Store) -> None:
    session_id = started(store)
    checkin = CheckIn(
        session_id, STARTED, Effort.TOO_HARD, {"figure-4-seated": Effort.TOO_EASY}, ""
    )
    assert store.save_checkin(checkin) == Changes.of(Kind.CHECKINS)


def test_adding_editing_deleting_and_restoring_a_check_change_checks(store: Store) -> None:
    record_id = store.add_check(make_check(STARTED))
    assert isinstance(record_id, Added) and record_id.changes == CHECKS
    stored = store.check(record_id)
    edited = store.update_check(make_check(STARTED, note="after the walk", id=record_id))
    assert edited.previous == stored and edited.changes == CHECKS
    assert store.delete_check(record_id) == CHECKS
    assert store.restore_check(record_id) == CHECKS


def test_a_setting_names_its_key(store: Store) -> None:
    assert store.set_setting(PREFERENCES_KEY, {"volume": 40}) == Changes.setting(PREFERENCES_KEY)
    told = store.set_setting(CAUTIONS_TOLD_KEY, ["figure-4-seated"])
    assert told == Changes.setting(CAUTIONS_TOLD_KEY)
    assert not told.touches([Kind.SESSIONS, Kind.CHECKS], [PREFERENCES_KEY])


def test_a_session_claim_is_a_setting_and_releasing_none_changes_nothing(store: Store) -> None:
    session_id = started(store)
    claimed = store.claim_session(session_id, "window-a", STARTED)
    assert claimed == Changes.setting(SESSION_CLAIM_KEY)
    assert store.release_session("window-b") == NOTHING  # not its claim: left as it is
    assert store.release_session("window-a") == Changes.setting(SESSION_CLAIM_KEY)
    assert store.release_session("window-a") == NOTHING


def test_saving_or_forgetting_an_exercise_choice_changes_the_routine(store: Store) -> None:
    routine = Changes.of(Kind.ROUTINE)
    assert store.set_exercise_choice("figure-4-seated", ExerciseChoice(dropped=True)) == routine
    assert store.set_exercise_choice("figure-4-seated", None) == routine
    assert store.set_exercise_choice("figure-4-seated", None) == NOTHING  # was not there


def test_an_import_says_what_it_added(tmp_path: Path, db_path: Path, store: Store) -> None:
    session_id = started(store)
    store.record_set(session_id, make_set(STARTED))
    store.add_check(make_check(STARTED))
    store.set_setting(PREFERENCES_KEY, {"volume": 40})
    write_json(export_backup(db_path), tmp_path / "backup.json")
    backup = read_backup_file(tmp_path / "backup.json")

    target = tmp_path / "other" / "inward.sqlite3"
    Store.open(target).close()
    added = apply_import(target, backup)
    assert added.changes == Changes(
        frozenset({Kind.SESSIONS, Kind.CHECKS, Kind.SETTINGS}), settings=None
    )
    assert apply_import(target, backup).changes == NOTHING  # the same file again adds nothing


@pytest.mark.parametrize(
    ("kinds", "settings", "touched"),
    [
        ((Kind.SESSIONS,), (), True),
        ((Kind.CHECKS,), (PREFERENCES_KEY,), False),
        ((Kind.ROUTINE,), ("equipment",), False),
    ],
)
def test_a_set_recorded_touches_only_pages_that_show_sessions(
    kinds: tuple[Kind, ...], settings: tuple[str, ...], touched: bool
) -> None:
    assert SESSIONS.touches(kinds, settings) is touched
