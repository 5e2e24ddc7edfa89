"""A damaged data file: Inward starts, says so, keeps the file and offers the latest backup."""

from __future__ import annotations

import gc
import hashlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from app.data_dir import database_path
from app.db.daily_backups import backups_folder, make_daily_backup
from app.db.store import Store
from tests.db.conftest import make_check, make_trial, utc
from tests.db.test_daily_backups import damage_a_side_table, zero_page

ROOT = Path(__file__).resolve().parents[2]
BACKUP_DAY = date(2026, 11, 19)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checks_then_backup_then_more(data_dir: Path) -> Path:
    """A check (35°/25°) in the 19 November backup, then a later one (20°/22°) only in the
    data file; returns the backup."""
    db_path = database_path(data_dir)
    left, right = make_trial(degrees=35.0), make_trial(side=make_trial().side.RIGHT, degrees=25.0)
    with Store.open(db_path) as store:
        store.add_check(make_check(utc(2026, 11, 18, 8), trials=(left, right)))
    backup = make_daily_backup(db_path, BACKUP_DAY)
    assert backup is not None
    later = (make_trial(degrees=20.0), make_trial(side=left.side.RIGHT, degrees=22.0))
    with Store.open(db_path) as store:
        store.add_check(make_check(utc(2026, 11, 20, 8), trials=later))
    return backup


def garble_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:100] = b"\x17" * 100
    path.write_bytes(bytes(data))


def button(box, text: str):
    return next(b for b in box.buttons() if b.text() == text)


def aside_files(data_dir: Path, reason: str) -> list[Path]:
    return sorted(data_dir.glob(f"inward-{reason}-*.sqlite3"))


def test_a_damaged_file_is_kept_and_the_latest_backup_restored(
    make_window, data_dir: Path, qtbot
) -> None:
    checks_then_backup_then_more(data_dir)
    db_path = database_path(data_dir)
    garble_header(db_path)
    damaged = digest(db_path)
    window = make_window(load=False)
    ready = []
    window.ready.connect(lambda: ready.append(True))

    window.load()

    box = window.damage_box
    assert box is not None and box.isVisible()
    assert box.windowTitle() == "Your data file is damaged"
    assert "cannot read its data file" in box.text()
    assert "Nothing has been deleted" in box.informativeText()
    assert (
        "brings back your data as it was when Inward opened on Thursday 19 November 2026; "
        "anything saved since then, including later that day, stays only in the damaged file"
    ) in box.informativeText()
    assert {b.text() for b in box.buttons()} == {
        "Restore backup from Thursday 19 November 2026",
        "Start with an empty file",
        "Quit",
    }
    assert ready == []  # not usable on a damaged file until the person chose
    assert db_path.exists() and digest(db_path) == damaged  # nothing moved before the choice

    qtbot.mouseClick(button(box, "Restore backup from Thursday 19 November 2026"), Qt.LeftButton)

    assert ready == [True]
    (kept,) = aside_files(data_dir, "damaged")
    assert digest(kept) == damaged  # the damaged file is kept, byte for byte
    assert kept.name in box.informativeText()  # the very name the question gave
    assert (
        "back as it was when Inward opened on Thursday 19 November 2026" in window.info_box.text()
    )
    assert kept.name in window.info_box.text()
    text = window.home.latest_checks_label.text()
    assert "35°" in text and "20°" not in text  # the backup's check, not the lost one
    assert len(window.store.checks()) == 1


def test_without_a_backup_the_person_can_start_with_an_empty_file(
    make_window, data_dir: Path, qtbot
) -> None:
    db_path = database_path(data_dir)
    with Store.open(db_path) as store:
        for day in range(1, 30):
            store.add_check(make_check(utc(2026, 10, day, 8)))
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 3])  # truncated, as by a full disk or a bad copy
    truncated = digest(db_path)
    window = make_window(load=False)
    window.load()

    box = window.damage_box
    assert {b.text() for b in box.buttons()} == {"Start with an empty file", "Quit"}
    assert "no backup to go back to" in box.informativeText()

    qtbot.mouseClick(button(box, "Start with an empty file"), Qt.LeftButton)

    (kept,) = aside_files(data_dir, "damaged")
    assert digest(kept) == truncated
    assert "empty data file" in window.info_box.text()
    assert window.store.checks() == []
    assert "Start" in window.home.start_button.text()  # the Today page works as for a newcomer


def test_with_no_backup_enter_quits_and_never_starts_an_empty_file(
    make_window, data_dir: Path, qtbot
) -> None:
    db_path = database_path(data_dir)
    Store.open(db_path).close()
    garble_header(db_path)
    damaged = digest(db_path)
    window = make_window(load=False)
    window.load()
    box = window.damage_box
    assert box.defaultButton() is button(box, "Quit")

    qtbot.keyClick(box, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: not window.isVisible())
    assert digest(db_path) == damaged
    assert aside_files(data_dir, "damaged") == []


def test_zeroed_pages_are_found_at_start_too(make_window, data_dir: Path) -> None:
    db_path = database_path(data_dir)
    with Store.open(db_path) as store:
        for day in range(1, 30):
            store.add_check(make_check(utc(2026, 10, day, 8)))
    for page in (2, 3, 4):
        zero_page(db_path, page)
    window = make_window(load=False)
    window.load()
    assert window.damage_box is not None and window.damage_box.isVisible()


def test_quit_leaves_everything_as_it_was(make_window, data_dir: Path, qtbot) -> None:
    checks_then_backup_then_more(data_dir)
    db_path = database_path(data_dir)
    garble_header(db_path)
    before = sorted(p.name for p in data_dir.iterdir())
    damaged = digest(db_path)
    window = make_window(load=False)
    window.load()

    qtbot.mouseClick(button(window.damage_box, "Quit"), Qt.LeftButton)

    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.damage_box is None
    assert digest(db_path) == damaged
    after = sorted(p.name for p in data_dir.iterdir() if p.name != "window-state.json")
    assert after == [name for name in before if name != "window-state.json"]


def test_damage_start_up_cannot_see_is_found_by_the_daily_backup(
    make_window, data_dir: Path, qtbot
) -> None:
    db_path = database_path(data_dir)
    with Store.open(db_path) as store:
        store.add_check(make_check(utc(2026, 11, 18, 8)))
    make_daily_backup(db_path, BACKUP_DAY)
    damage_a_side_table(db_path)
    window = make_window()
    assert window.damage_box is None  # every page reads fine

    with qtbot.waitSignal(window.backup_finished, timeout=10_000):
        window.start_daily_backup()

    assert window.warning_box.windowTitle() == "Your data file looks damaged"
    assert "made no backup today and removed none" in window.warning_box.text()
    assert "The earlier backups are kept" in window.warning_box.text()
    assert "Restore a backup" in window.warning_box.text()
    assert [p.name for p in backups_folder(data_dir).iterdir()] == ["inward-2026-11-19.sqlite3"]


def test_damage_the_daily_backup_finds_with_no_backup_to_go_back_to(
    make_window, data_dir: Path, qtbot
) -> None:
    db_path = database_path(data_dir)
    with Store.open(db_path) as store:
        store.add_check(make_check(utc(2026, 11, 18, 8)))
    damage_a_side_table(db_path)
    window = make_window()

    with qtbot.waitSignal(window.backup_finished, timeout=10_000):
        window.start_daily_backup()

    text = window.warning_box.text()
    assert "There is no earlier backup to go back to" in text
    assert "earlier ones" not in text and "Restore a backup" not in text
    assert list(backups_folder(data_dir).iterdir()) == []


def test_the_self_test_reports_damage_without_asking(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    db_path = database_path(folder)
    Store.open(db_path).close()
    garble_header(db_path)
    damaged = digest(db_path)
    result = subprocess.run(
        [sys.executable, "-m", "app", "--self-test", "--data-dir", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert result.returncode == 1
    assert "self-test failed" in result.stderr and "damaged" in result.stderr
    assert digest(db_path) == damaged
    assert aside_files(folder, "damaged") == []


def test_quitting_at_the_damage_question_frees_it_once(clock, sink, data_dir: Path, qtbot) -> None:
    """Closing the window from inside the question's answer once freed the question twice:
    the app crashed on its way out (seen as a segmentation fault)."""
    from app.ui.shell.main_window import MainWindow

    Store.open(database_path(data_dir)).close()
    garble_header(database_path(data_dir))
    windows = [MainWindow(data_dir, clock.monotonic, clock.wall, sink)]
    windows[0].show()
    windows[0].load()
    qtbot.mouseClick(button(windows[0].damage_box, "Quit"), Qt.LeftButton)
    qtbot.waitUntil(lambda: not windows[0].isVisible())
    windows.clear()  # the window goes, as at the end of the app
    gc.collect()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # no crash here
