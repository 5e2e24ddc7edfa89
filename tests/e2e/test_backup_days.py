"""The daily backup while Inward stays open for days, and backups made while the computer's
clock was years ahead (issue 15, item 7)."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.core.backup.daily_due import DailyBackups
from app.data_dir import database_path
from app.db.daily_backups import (
    KEEP_BACKUPS,
    backup_name,
    backups_folder,
    latest_good_backup,
    list_backups,
    make_daily_backup,
)
from app.db.store import Store
from app.ui.data.restore_dialog import RestoreDialog

DAY = 24 * 3600


def names(data_dir: Path) -> list[str]:
    return sorted(p.name for p in backups_folder(data_dir).glob("inward-*.sqlite3"))


def test_an_inward_left_open_for_days_makes_a_backup_each_day(
    make_window, data_dir: Path, clock, qtbot
) -> None:
    window = make_window()
    with qtbot.waitSignal(window.backup_finished, timeout=10_000):
        window.start_daily_backup()  # the one a few seconds after start
    first = clock.wall().astimezone().date()
    assert window.day_timer is not None and window.day_timer.isActive()

    clock.advance(3600)  # the same day: the minute's look starts nothing
    before = window._backup_thread
    window.day_timer.timeout.emit()
    assert window._backup_thread is before
    for _day in (1, 2, 3):
        clock.advance(DAY)
        # The worker emits its result just before it ends; a look while it is still alive
        # starts nothing (the next minute's look would), so wait for it to be gone.
        qtbot.waitUntil(lambda: not window._backup_thread.is_alive(), timeout=10_000)
        with qtbot.waitSignal(window.backup_finished, timeout=10_000):
            window.day_timer.timeout.emit()
    assert names(data_dir) == [backup_name(first + timedelta(days=n)) for n in range(4)]


def test_the_schedule_is_due_once_a_day() -> None:
    days = DailyBackups()
    today = date(2026, 11, 21)
    assert days.due(today)
    days.started(today)
    assert not days.due(today)
    assert days.due(today + timedelta(days=1))


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    db_path = database_path(tmp_path / "data")
    with Store.open(db_path) as store:
        store.set_setting("volume", 80)
    return db_path


def test_a_backup_dated_in_the_future_is_never_the_latest_and_is_pruned(
    data_file: Path,
) -> None:
    data_dir = data_file.parent
    today = date(2026, 11, 21)
    ahead = date(2031, 5, 2)
    make_daily_backup(data_file, ahead)  # one start with the clock years ahead
    make_daily_backup(data_file, today - timedelta(days=1))

    latest = latest_good_backup(data_dir, today)
    assert latest is not None and latest.day == today - timedelta(days=1)
    listed = list_backups(data_dir, today)
    assert [(info.day, info.future) for info in listed] == [
        (today - timedelta(days=1), False),
        (ahead, True),
    ]

    for n in range(KEEP_BACKUPS):  # a week of real days
        make_daily_backup(data_file, today + timedelta(days=n))
    assert backup_name(ahead) not in names(data_dir)  # pruned as the oldest
    assert len(names(data_dir)) == KEEP_BACKUPS


def test_a_future_backup_is_named_as_such_when_restoring(
    data_file: Path, qtbot, tmp_path: Path
) -> None:
    data_dir = data_file.parent
    made = make_daily_backup(data_file, date(2031, 5, 2))
    assert made is not None
    shutil.copy(made, backups_folder(data_dir) / backup_name(date(2026, 11, 20)))
    dialog = RestoreDialog(list_backups(data_dir, date(2026, 11, 21)), backups_folder(data_dir))
    qtbot.addWidget(dialog)
    shown = [dialog.model.item(row, 0).text() for row in range(dialog.model.rowCount())]
    assert "future" not in shown[0]
    assert "dated in the future" in shown[1] and "2031" in shown[1]
