"""Daily backups after start-up, and restoring one from Settings, through the real window."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.data_dir import database_path
from app.db.snapshots import backups_folder, list_backups
from app.db.store import Store
from app.ui.restore_dialog import RestoreDialog
from app.ui.settings_dialog import SettingsDialog
from tests.e2e.test_damaged import aside_files, button, checks_then_backup_then_more


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def today_name(clock) -> str:
    return f"inward-{clock.wall().astimezone().date().isoformat()}.sqlite3"


def test_todays_backup_is_made_after_start_up_not_before(
    make_window, data_dir: Path, clock, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.ui.main_window

    monkeypatch.setattr(app.ui.main_window, "BACKUP_DELAY_MS", 0)
    window = make_window(load=False)
    with qtbot.waitSignal(window.backup_finished, timeout=10_000) as finished:
        window.load()
        assert not backups_folder(data_dir).exists()  # not on the way to a usable window

    made = backups_folder(data_dir) / today_name(clock)
    assert finished.args == [made]
    assert made.exists()
    with Store.open(made) as copy:
        assert copy.get_setting("anything", 1) == 1  # a real Inward data file
    # the same day again: no second backup, and no message either way
    with qtbot.waitSignal(window.backup_finished, timeout=10_000) as again:
        window.start_daily_backup()
    assert again.args == [None]
    assert not hasattr(window, "warning_box")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_new_data_folder_and_its_backups_are_private(make_window, data_dir: Path, qtbot) -> None:
    old = os.umask(0o022)
    try:
        window = make_window()
        with qtbot.waitSignal(window.backup_finished, timeout=10_000) as finished:
            window.start_daily_backup()
    finally:
        os.umask(old)
    assert mode(data_dir) == 0o700
    assert mode(database_path(data_dir)) == 0o600
    assert mode(backups_folder(data_dir)) == 0o700
    assert mode(finished.args[0]) == 0o600
    window.close()
    assert mode(data_dir / "window-state.json") == 0o600


def open_restore(window, qtbot) -> RestoreDialog:
    qtbot.mouseClick(window.home.settings_button, Qt.MouseButton.LeftButton)
    settings = window.findChild(SettingsDialog)
    qtbot.mouseClick(settings.restore_button, Qt.MouseButton.LeftButton)
    assert not settings.isVisible()  # closed unsaved: its values cannot overwrite the backup
    dialog = window.restore_dialog
    assert dialog.isVisible()
    return dialog


def test_restore_a_backup_from_settings_keeps_the_current_data(
    make_window, data_dir: Path, qtbot
) -> None:
    backup = checks_then_backup_then_more(data_dir)
    window = make_window()
    window.open_history()
    assert len(window.history.snapshot.points) == 2  # both checks
    window.show_home()
    assert "20°" in window.home.latest_checks_label.text()

    dialog = open_restore(window, qtbot)
    model = dialog.model
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "Thursday 19 November 2026"
    assert model.index(0, 1).data().endswith("KB")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    box = window.restore_box
    assert box.text().startswith("Your current data is kept as inward-before-restore-")
    assert box.text().endswith("and replaced by the backup from Thursday 19 November 2026.")
    qtbot.mouseClick(button(box, "Restore"), Qt.MouseButton.LeftButton)

    (kept,) = aside_files(data_dir, "before-restore")
    assert kept.name in box.text()
    with Store.open(kept) as before:
        assert len(before.checks()) == 2  # what was there is all still there
    text = window.home.latest_checks_label.text()
    assert "35°" in text and "20°" not in text
    assert len(window.history.snapshot.points) == 1  # History read the restored file
    assert "back as it was on Thursday 19 November 2026" in window.info_box.text()
    assert len(window.store.checks()) == 1
    assert backup.exists()  # restoring used the backup, it did not consume it
    assert [info.path for info in list_backups(data_dir)] == [backup]


def test_cancelling_a_restore_changes_nothing(make_window, data_dir: Path, qtbot) -> None:
    checks_then_backup_then_more(data_dir)
    window = make_window()
    dialog = open_restore(window, qtbot)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button(window.restore_box, "Cancel"), Qt.MouseButton.LeftButton)
    assert aside_files(data_dir, "before-restore") == []
    assert len(window.store.checks()) == 2
    assert "20°" in window.home.latest_checks_label.text()


def test_an_undo_after_a_restore_cannot_touch_the_restored_file(
    make_window, data_dir: Path, qtbot
) -> None:
    checks_then_backup_then_more(data_dir)
    window = make_window()
    window.open_checks()
    first, second = (record.id for record in window.store.checks())
    window.checks.book.delete(second)
    assert window.checks.book.undo_stack.canUndo()
    window.show_home()
    dialog = open_restore(window, qtbot)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button(window.restore_box, "Restore"), Qt.MouseButton.LeftButton)
    assert not window.checks.book.undo_stack.canUndo()
    assert [record.id for record in window.store.checks()] == [first]


def test_with_no_backup_yet_the_list_says_so(make_window, qtbot) -> None:
    window = make_window()
    dialog = open_restore(window, qtbot)
    assert dialog.model.rowCount() == 0
    assert dialog.empty.isVisible() and "no backups yet" in dialog.empty.text()
    assert not dialog.restore_button.isEnabled()
