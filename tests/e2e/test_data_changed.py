"""One change signal through the real window: after each kind of change Today and History
show the new data, and Today re-plans only when something it shows changed (counted)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton, QWidget

from app.__main__ import run_import
from app.core.reminders.due import ReminderSettings
from app.core.session.checkin import Effort
from app.data_dir import database_path
from app.db.store import Store
from app.db.transfer.backup_export import export_backup, write_json
from app.schedule_install import Places
from app.ui.library.page import select_slug
from tests.db.conftest import make_check, make_trial
from tests.e2e.test_backups import open_restore
from tests.e2e.test_checks import open_form, type_readings
from tests.e2e.test_damaged import button, checks_then_backup_then_more
from tests.e2e.test_learn import open_library, planned
from tests.e2e.test_reminders import Tools, finish_a_session

LEFT_RIGHT = {"left-1": "31", "right-1": "44"}


def count_replans(window, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry each time Today is worked out again and shown."""
    shown: list[int] = []
    original = window.home.show_today
    monkeypatch.setattr(window.home, "show_today", lambda state: (shown.append(1), original(state)))
    return shown


def count_history_reads(window, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    reads: list[int] = []
    page = window.history
    original = page._read
    monkeypatch.setattr(page, "_read", lambda reader: (reads.append(1), original(reader))[1])
    return reads


def labelled(page: QWidget, text: str) -> QPushButton:
    """A page's button by its text or accessible name, as a person finds it."""
    return next(b for b in page.findChildren(QPushButton) if text in (b.text(), b.accessibleName()))


def points(window) -> int:
    return len(window.history.shown_range.points)


def backup_with_a_check(folder: Path, left: float, right: float) -> Path:
    """A backup file from another data file holding one check (``left``°, ``right``°)."""
    other = folder / "other" / "inward.sqlite3"
    trials = (make_trial(degrees=left), make_trial(side=make_trial().side.RIGHT, degrees=right))
    with Store.open(other) as store:
        store.add_check(make_check(datetime(2026, 11, 20, 8, tzinfo=UTC), trials=trials))
    write_json(export_backup(other), folder / "backup.json")
    return folder / "backup.json"


def with_history_read(make_window, qtbot, monkeypatch, points: int):
    """A window whose History has been built and read (``points`` checks shown), back on
    Today; and the list that counts Today's re-plans from now on."""
    window = make_window()
    window.open_history()
    assert len(window.history.shown_range.points) == points
    home_from_history(window, qtbot)
    return window, count_replans(window, monkeypatch)


def home_from_history(window, qtbot) -> None:
    qtbot.mouseClick(window.history.home_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.home


def test_going_elsewhere_and_back_without_a_change_does_not_replan(
    make_window, qtbot, monkeypatch
) -> None:
    window = make_window()
    replans = count_replans(window, monkeypatch)
    qtbot.mouseClick(window.home.history_button, Qt.MouseButton.LeftButton)
    home_from_history(window, qtbot)
    qtbot.mouseClick(window.home.checks_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(labelled(window.checks.list_page, "◀ Home"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.home.library_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.learn_flow.library_page.back_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.home
    assert replans == []


def test_a_finished_session_shows_on_today_and_history_replanned_once(
    make_window, clock, qtbot, monkeypatch
) -> None:
    window, replans = with_history_read(make_window, qtbot, monkeypatch, points=0)
    finish_a_session(window, clock, qtbot)
    assert replans == []  # sets were saved while Today was out of sight
    page = window.checkin_page
    page.effort_buttons[Effort.ABOUT_RIGHT].click()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.home
    assert window.home.last_session_label.text() == "Last session: today"
    assert len(replans) == 1
    qtbot.mouseClick(window.home.history_button, Qt.MouseButton.LeftButton)
    assert window.history.shown_range.extent.session_count == 1


def test_a_check_added_deleted_and_undone_shows_on_today_and_history(
    make_window, qtbot, monkeypatch
) -> None:
    window, replans = with_history_read(make_window, qtbot, monkeypatch, points=0)
    form = open_form(window, qtbot)
    type_readings(form, qtbot, LEFT_RIGHT)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert replans == []  # not while the result is on screen
    window.show_home()
    assert "left 31°, right 44°" in window.home.latest_checks_label.text()
    assert len(replans) == 1
    qtbot.mouseClick(window.home.history_button, Qt.MouseButton.LeftButton)
    assert points(window) == 1

    home_from_history(window, qtbot)
    window.open_checks()
    (record,) = window.store.checks()
    window.checks.book.delete(record.id)
    window.show_home()
    assert window.home.latest_checks_label.text() == "No self-check yet."
    window.open_history()
    assert points(window) == 0

    home_from_history(window, qtbot)
    window.open_checks()
    qtbot.mouseClick(window.checks.list_page.undo_button, Qt.MouseButton.LeftButton)
    assert len(window.store.checks()) == 1
    window.show_home()
    assert "left 31°, right 44°" in window.home.latest_checks_label.text()
    window.open_history()
    assert points(window) == 1
    assert len(replans) == 3  # once back on Today after each change, never more


def test_an_edited_check_shows_its_new_readings(make_window, qtbot) -> None:
    window = make_window()
    form = open_form(window, qtbot)
    type_readings(form, qtbot, LEFT_RIGHT)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    edit = labelled(window.checks.result_page, "Edit this check")
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    type_readings(form, qtbot, {"left-1": "36"})
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    window.show_home()
    assert "left 36°, right 44°" in window.home.latest_checks_label.text()


def test_settings_replan_today_but_do_not_make_history_read_again(
    make_window, qtbot, monkeypatch
) -> None:
    window = make_window()
    window.open_history()
    home_from_history(window, qtbot)
    reads = count_history_reads(window, monkeypatch)
    replans = count_replans(window, monkeypatch)
    window.home.budget.setCurrentIndex(window.home.budget.findData(None))
    full = window.plan.seconds
    replans.clear()
    window.save_preferences(
        type(window.preferences)(**{**vars(window.preferences), "time_budget": 20})
    )
    assert len(replans) == 1 and window.plan.seconds <= 21 * 60 < full
    qtbot.mouseClick(window.home.history_button, Qt.MouseButton.LeftButton)
    assert reads == []  # nothing History shows has changed: it only paints


def test_reminders_saved_on_today_do_not_replan(
    make_window, qtbot, tmp_path: Path, monkeypatch
) -> None:
    window = make_window()
    centre = window.reminders
    centre.places = Places("linux", tmp_path / "home", tmp_path / "config", tmp_path / "rec")
    centre.run_tool = Tools()
    replans = count_replans(window, monkeypatch)
    centre.save(ReminderSettings(enabled=True))
    assert window.store.get_setting("reminders", {})["enabled"] is True
    assert replans == []


def test_an_import_from_history_shows_there_at_once_and_on_today(
    make_window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    backup = backup_with_a_check(tmp_path, 28.0, 41.0)

    window = make_window()
    replans = count_replans(window, monkeypatch)
    qtbot.mouseClick(window.home.history_button, Qt.MouseButton.LeftButton)
    assert points(window) == 0
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(backup), ""))
    qtbot.mouseClick(window.history.import_button, Qt.MouseButton.LeftButton)
    flow = window.transfer_box
    qtbot.waitUntil(lambda: flow.box is not None and flow.box.isVisible(), timeout=60_000)
    qtbot.mouseClick(flow.box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.box.windowTitle() == "Imported", timeout=60_000)
    assert points(window) == 1  # History is on screen: redrawn at once
    assert replans == []
    home_from_history(window, qtbot)
    assert "left 28°, right 41°" in window.home.latest_checks_label.text()
    assert len(replans) == 1


def test_a_restore_replans_today_once_and_history_reads_the_restored_file(
    make_window, data_dir: Path, qtbot, monkeypatch
) -> None:
    checks_then_backup_then_more(data_dir)
    window, replans = with_history_read(make_window, qtbot, monkeypatch, points=2)
    dialog = open_restore(window, qtbot)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button(window.restore_box, "Restore"), Qt.MouseButton.LeftButton)
    assert "35°" in window.home.latest_checks_label.text()
    assert len(replans) == 1
    window.open_history()
    assert points(window) == 1
    assert database_path(data_dir).exists()


def activate(window) -> None:
    """The window comes back to the front, as after using a terminal."""
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))


def test_an_import_run_in_a_terminal_shows_when_the_window_comes_back(
    make_window, data_dir: Path, qtbot, monkeypatch, tmp_path: Path
) -> None:
    backup = backup_with_a_check(tmp_path, 27.0, 39.0)
    window, replans = with_history_read(make_window, qtbot, monkeypatch, points=0)
    activate(window)
    assert replans == []  # nothing written meanwhile: nothing to do

    # `inward import backup.json` in a terminal: another process, no lock, no signal
    printed = run_import(data_dir, backup, False, io.StringIO())
    assert printed.startswith("Imported into")
    activate(window)
    assert "left 27°, right 39°" in window.home.latest_checks_label.text()
    assert len(replans) == 1
    window.open_history()
    assert points(window) == 1


def test_back_on_today_on_a_new_day_replans_for_that_day(
    make_window, clock, qtbot, monkeypatch
) -> None:
    window = make_window()
    finish_a_session(window, clock, qtbot)
    qtbot.mouseClick(labelled(window.checkin_page, "Skip check-in"), Qt.MouseButton.LeftButton)
    assert window.home.last_session_label.text() == "Last session: today"
    qtbot.mouseClick(window.home.history_button, Qt.MouseButton.LeftButton)
    replans = count_replans(window, monkeypatch)
    clock.advance(24 * 3600)  # left on History overnight
    home_from_history(window, qtbot)
    assert window.home.last_session_label.text() == "Last session: yesterday"
    assert len(replans) == 1


def test_routine_changes_in_the_library_replan_once_back_on_today(
    make_window, qtbot, monkeypatch
) -> None:
    window = make_window()
    window.home.budget.setCurrentIndex(window.home.budget.findData(None))  # full routine
    replans = count_replans(window, monkeypatch)
    library = open_library(window, qtbot)
    learn = window.learn_flow.learn_page
    for slug in ("hip-click", "figure-4-seated"):
        assert select_slug(library.view, library.model, slug)
        qtbot.keyClick(library.view, Qt.Key.Key_Return)
        qtbot.mouseClick(learn.leave_button, Qt.MouseButton.LeftButton)
        qtbot.keyClick(learn, Qt.Key.Key_Escape)  # back to the Library
    assert replans == []  # nothing on Today to redraw yet
    qtbot.mouseClick(library.back_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.home
    assert len(replans) == 1
    assert not {"hip-click", "figure-4-seated"} & set(planned(window))
