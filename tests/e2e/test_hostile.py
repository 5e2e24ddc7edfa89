"""A full disk, a read-only data file, a data folder that cannot be made: Inward says so in
plain words, keeps what was typed, and loses nothing already saved.

A full disk is SQLite's own SQLITE_FULL, brought on with ``PRAGMA max_page_count`` on the
store's connections; a read-only file is SQLITE_READONLY, brought on with ``PRAGMA
query_only``. Both work as root, where file permissions would not stop a write.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import event

from app.core.records import Side
from app.data_dir import database_path
from app.db.errors import DatabaseError
from app.db.store import Store
from tests.db.conftest import make_check, make_set, make_trial, utc
from tests.e2e.test_checks import READINGS, open_form, type_readings
from tests.e2e.test_session import start, tick_until

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def pragma_on_every_connection(store: Store, pragma: str) -> Iterator[None]:
    """Run ``pragma`` on each of the store's connections, from now until the block ends."""

    def on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(pragma).fetchall()

    event.listen(store._engine, "connect", on_connect)
    store._engine.dispose()  # reconnect through the listener
    try:
        yield
    finally:
        event.remove(store._engine, "connect", on_connect)
        store._engine.dispose()


def full_disk(store: Store) -> Iterator[None]:
    """No page more than the file has now (SQLite keeps it at the current size)."""
    return pragma_on_every_connection(store, "PRAGMA max_page_count = 1")


def fill_until_full(add: Callable[[int], object]) -> int:
    """Keep adding until the disk is full, as a person's data would; how many went in."""
    for number in range(10_000):
        try:
            add(number)
        except DatabaseError as error:
            assert "the disk is full" in str(error)
            return number
    raise AssertionError("the disk never filled")


def six_trials() -> tuple:
    sides = (Side.LEFT, Side.RIGHT)
    return tuple(make_trial(side, n, 30.0 + n) for side in sides for n in (1, 2, 3))


def test_a_check_on_a_full_disk_is_refused_kept_on_screen_and_nothing_lost(
    make_window, qtbot
) -> None:
    window = make_window()
    store = window.store
    store.add_check(make_check(utc(2026, 11, 1, 8)))
    with full_disk(store):
        saved = fill_until_full(
            lambda n: store.add_check(
                make_check(utc(2026, 11, 2, 8) + timedelta(minutes=n), trials=six_trials())
            )
        )
        form = open_form(window, qtbot)
        type_readings(form, qtbot, READINGS)
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

        assert window.pages.currentWidget() is form  # still there, to try again
        problems = form.errors.text()
        assert "The check could not be saved" in problems
        assert "the disk is full" in problems and "saved before is safe" in problems
        assert form.row("left-2").degrees.text() == READINGS["left-2"]  # kept as typed
    assert len(store.checks()) == 1 + saved  # everything saved before is still there
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)  # space again: it saves
    assert window.pages.currentWidget() is window.checks.result_page
    assert len(store.checks()) == 2 + saved


def test_a_set_on_a_full_disk_is_said_on_the_player_and_the_session_goes_on(
    make_window, clock, qtbot, data_dir: Path
) -> None:
    window = make_window()
    start(window, qtbot)
    store = window.store
    other = store.start_session({}, utc(2026, 11, 20, 8))
    first = utc(2026, 11, 20, 8, 1)
    with full_disk(store):
        fill_until_full(lambda n: store.record_set(other, make_set(first, index=n + 1)))
        note = window.player_page.note_label
        tick_until(window, clock, lambda: note.text() != "", step=1)  # the first set ends

        assert note.text().startswith("1 set not saved yet — will retry:")
        assert "the disk is full" in note.text()
        assert window.pages.currentWidget() is window.player_page  # no crash, no stop
        assert window.controller.player.current is not None  # on to the next step
    session_id = window.runner.session_id
    assert store.session(session_id).sets == ()
    assert len(store.session(other).sets) > 0  # what was saved before is all there
    before = len(store.session(other).sets)
    clock.advance(3)
    window.runner.on_timer()  # space again: the set that waited is saved
    assert len(store.session(session_id).sets) == 1
    assert note.text() == "All sets are saved."
    tick_until(window, clock, lambda: len(store.session(session_id).sets) == 2, step=1)
    assert len(store.session(other).sets) == before  # and the next one too


def test_a_read_only_data_file_is_said_and_nothing_is_lost(make_window, qtbot) -> None:
    window = make_window()
    store = window.store
    store.add_check(make_check(utc(2026, 11, 1, 8)))
    store.set_setting("volume", 55)
    with pragma_on_every_connection(store, "PRAGMA query_only = ON"):
        form = open_form(window, qtbot)
        type_readings(form, qtbot, READINGS)
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert "read-only, so Inward cannot save to it" in form.errors.text()
        assert window.pages.currentWidget() is form

        window.show_home()
        window.save_preferences(window.preferences)  # as Settings' OK would
        assert window.warning_box.windowTitle() == "Inward could not save your settings"
        assert "read-only" in window.warning_box.text()
    assert len(store.checks()) == 1
    assert store.get_setting("volume", None) == 55


def test_a_data_folder_that_cannot_be_made_is_said_plainly(make_window, data_dir: Path) -> None:
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    data_dir.write_text("a file where the data folder should be", encoding="utf-8")
    window = make_window(load=False)
    with pytest.raises(DatabaseError, match=r"could not create the folder .*data"):
        window.load()
    assert data_dir.read_text(encoding="utf-8") == "a file where the data folder should be"


def test_the_self_test_names_a_data_folder_it_cannot_use(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "app", "--self-test", "--data-dir", str(blocker / "Inward")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert result.returncode == 1
    assert "could not create the folder" in result.stderr


@pytest.mark.permissions
def test_a_read_only_data_folder_starts_and_says_it_cannot_save(
    make_window, data_dir: Path, qtbot
) -> None:
    with Store.open(database_path(data_dir)) as store:
        store.add_check(make_check(utc(2026, 11, 1, 8)))
    database_path(data_dir).chmod(0o444)
    data_dir.chmod(0o555)
    try:
        window = make_window()
        form = open_form(window, qtbot)
        type_readings(form, qtbot, READINGS)
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert window.pages.currentWidget() is form
        assert "could not" in form.errors.text() or "read-only" in form.errors.text()
    finally:
        data_dir.chmod(0o755)
        database_path(data_dir).chmod(0o644)
    with Store.open(database_path(data_dir)) as store:
        assert len(store.checks()) == 1


def test_a_backup_that_fails_during_a_session_never_interrupts_it(
    make_window, data_dir: Path, qtbot
) -> None:
    """The desktop's *Start today's session* can have a session playing when the daily
    backup fails a few seconds after start-up: a message box there would take Space and
    Escape from the player."""
    from PySide6.QtWidgets import QApplication

    from app.db.daily_backups import backups_folder
    from app.db.errors import DatabaseDamagedError

    window = make_window()
    start(window, qtbot)
    backups_folder(data_dir).write_text("a file where the backups folder should be")

    with qtbot.waitSignal(window.backup_finished, timeout=10_000):
        window.start_daily_backup()  # a real failure: the folder cannot be made

    note = window.player_page.note_label.text()
    assert note.startswith("Inward could not create the folder") and "backups" in note
    assert not hasattr(window, "warning_box")
    assert QApplication.activeModalWidget() is None
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.controller.player.paused  # the keys still go to the session

    damage = DatabaseDamagedError(
        "Inward's daily backup found that the data file is damaged.", database_path(data_dir)
    )
    window.backup_finished.emit(damage)  # as the backup thread reports it
    assert not hasattr(window, "warning_box")
    assert "says more once you are back on the Today page" in (window.player_page.note_label.text())

    window.show_home()  # the session is left: now the damage is said, once
    assert window.warning_box.windowTitle() == "Your data file looks damaged"
    assert window.warning_box.isVisible()
    assert window.deferred_damage is None


def test_a_backup_that_fails_on_the_today_page_is_said_in_a_message(
    make_window, data_dir: Path, qtbot
) -> None:
    from app.db.daily_backups import backups_folder

    window = make_window()
    backups_folder(data_dir).write_text("a file where the backups folder should be")
    with qtbot.waitSignal(window.backup_finished, timeout=10_000):
        window.start_daily_backup()
    assert window.warning_box.windowTitle() == "Inward could not make today's backup"
    assert "could not create the folder" in window.warning_box.text()
