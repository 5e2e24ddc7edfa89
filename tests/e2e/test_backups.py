"""Daily backups after start-up, and restoring one from Settings, through the real window."""

from __future__ import annotations

import os
import stat
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.data_dir import database_path
from app.db.daily_backups import backups_folder, list_backups, make_daily_backup
from app.db.store import Store
from app.ui.data.restore_dialog import RestoreDialog
from app.ui.shell.settings_dialog import SettingsDialog
from tests.e2e.test_damaged import aside_files, button, checks_then_backup_then_more


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def today_name(clock) -> str:
    return f"inward-{clock.wall().astimezone().date().isoformat()}.sqlite3"


def test_todays_backup_is_made_after_start_up_not_before(
    make_window, data_dir: Path, clock, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.ui.data.care

    monkeypatch.setattr(app.ui.data.care, "BACKUP_DELAY_MS", 0)
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


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_an_earlier_inwards_readable_data_is_made_private_at_start(
    make_window, data_dir: Path
) -> None:
    """An earlier Inward made its files with the umask's mode (often 0644): readable by
    everyone on the computer. Start-up narrows them; the folder, which may be one the person
    chose (their Documents), keeps its own mode."""
    data_dir.mkdir(parents=True)
    os.chmod(data_dir, 0o755)
    db_path = database_path(data_dir)
    Store.open(db_path).close()
    backup = make_daily_backup(db_path, date(2026, 11, 19))
    assert backup is not None
    os.chmod(db_path, 0o644)
    os.chmod(backup.parent, 0o755)
    os.chmod(backup, 0o644)

    make_window()

    assert mode(db_path) == 0o600
    assert mode(backup.parent) == 0o700
    assert mode(backup) == 0o600
    assert mode(data_dir) == 0o755


def test_closing_during_a_backup_stops_it_without_waiting(
    make_window, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.db.daily_backups as snapshots
    from app.ui.data.care import BACKUP_JOIN_SECONDS

    copying = threading.Event()
    flags: list[threading.Event] = []

    def long_backup(path: Path, today: date, keep: int = 7, cancel=None) -> Path | None:
        flags.append(cancel)
        copying.set()
        assert cancel.wait(30)  # a copy that only the window's closing ends
        raise snapshots.BackupCancelled

    monkeypatch.setattr(snapshots, "make_daily_backup", long_backup)
    window = make_window()
    reported: list[object] = []
    window.backup_finished.connect(reported.append)
    thread = window.start_daily_backup()
    assert copying.wait(10)

    started = time.monotonic()
    window.close()

    assert time.monotonic() - started < BACKUP_JOIN_SECONDS  # the window did not hang
    assert flags[0].is_set()
    assert not thread.is_alive()
    assert reported == []  # a cancelled backup is not an error to tell anyone


def test_a_restore_copy_left_by_a_killed_run_is_removed(make_window, data_dir: Path, qtbot) -> None:
    Store.open(database_path(data_dir)).close()
    left = [data_dir / ".inward-restore-k1ll3d.part", data_dir / ".inward-restore-k1ll3d.part-wal"]
    for path in left:
        path.write_bytes(b"a full copy of someone's health data")
        os.utime(path, (0, 0))
    window = make_window()
    with qtbot.waitSignal(window.backup_finished, timeout=10_000):
        window.start_daily_backup()
    assert [path for path in left if path.exists()] == []


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
    assert len(window.history.shown_range.points) == 2  # both checks
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
    # a backup is made a few seconds after Inward opens: not the end of its day
    assert box.informativeText().startswith(
        "The backup holds your data as it was when Inward opened on Thursday 19 November 2026. "
        "Anything saved since then, including later that day, is not in it; it stays in "
        "inward-before-restore-"
    )
    qtbot.mouseClick(button(box, "Restore"), Qt.MouseButton.LeftButton)

    (kept,) = aside_files(data_dir, "before-restore")
    assert kept.name in box.text()
    with Store.open(kept) as before:
        assert len(before.checks()) == 2  # what was there is all still there
    text = window.home.latest_checks_label.text()
    assert "35°" in text and "20°" not in text
    assert len(window.history.shown_range.points) == 1  # History read the restored file
    assert (
        "back as it was when Inward opened on Thursday 19 November 2026" in window.info_box.text()
    )
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


def test_restore_from_settings_never_drops_changes_unasked(make_window, qtbot) -> None:
    window = make_window()
    volume = window.preferences.volume
    qtbot.mouseClick(window.home.settings_button, Qt.MouseButton.LeftButton)
    settings = window.findChild(SettingsDialog)
    settings.volume.setValue(volume - 10)

    qtbot.mouseClick(settings.restore_button, Qt.MouseButton.LeftButton)
    question = settings.unsaved_box
    assert question.isVisible()
    assert "closes Settings without saving them" in question.text()
    assert question.defaultButton() is button(question, "Keep editing")
    qtbot.mouseClick(button(question, "Keep editing"), Qt.MouseButton.LeftButton)
    assert settings.isVisible() and settings.volume.value() == volume - 10
    assert not hasattr(window, "restore_dialog")

    qtbot.mouseClick(settings.restore_button, Qt.MouseButton.LeftButton)
    question = settings.unsaved_box
    qtbot.mouseClick(button(question, "Discard changes and restore"), Qt.MouseButton.LeftButton)
    assert not settings.isVisible()
    assert window.restore_dialog.isVisible()
    assert window.preferences.volume == volume  # discarded, as the person chose
