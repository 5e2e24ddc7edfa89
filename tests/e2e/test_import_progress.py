"""Importing a big backup from History: the window keeps answering, the progress is shown,
and Cancel leaves the data file as it was."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from tests.big_backups import write_realistic_backup

MAX_GAP_S = 0.3  # the longest the window may go without running its event loop


def sets_in(db_path: Path) -> int:
    with closing(sqlite3.connect(db_path)) as connection:
        return connection.execute("SELECT count(*) FROM set_records").fetchone()[0]


def start_import(window, qtbot, monkeypatch: pytest.MonkeyPatch, source: Path):
    qtbot.mouseClick(window.home.history_button, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(source), ""))
    qtbot.mouseClick(window.history.import_button, Qt.MouseButton.LeftButton)
    return window.transfer_box


def press_cancel_and_see_nothing_imported(window, flow, qtbot) -> None:
    cancel = next(b for b in flow.progress.findChildren(QPushButton) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.box is not None and flow.box.isVisible(), timeout=60_000)
    assert flow.box.windowTitle() == "Import cancelled"
    assert "nothing was imported" in flow.box.text()
    assert sets_in(window.database_path) == 0


def test_a_big_import_runs_off_the_gui_thread_with_its_progress_shown(
    make_window, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = write_realistic_backup(tmp_path / "backup.json", megabytes=10)
    window = make_window()
    ticks: list[float] = []
    values: list[int] = []  # the progress bar's, as the window shows it

    def tick() -> None:
        ticks.append(time.perf_counter())
        if flow.progress is not None:
            values.append(flow.progress.value())

    flow = start_import(window, qtbot, monkeypatch, source)
    assert flow.progress is not None and flow.progress.isVisible()  # back at once: reading
    assert flow.progress.labelText() == "Reading backup.json…"
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    began = len(ticks)
    qtbot.waitUntil(lambda: flow.box is not None and flow.box.isVisible(), timeout=120_000)
    reading = ticks[began:]
    assert flow.box.windowTitle() == "Import this backup?"
    assert len(set(values)) >= 3 and values == sorted(values)  # the bar moved forward
    assert len(reading) > 10
    gap = max(b - a for a, b in pairwise(reading))
    assert gap < MAX_GAP_S, f"the window did not run its events for {gap:.2f} s"

    qtbot.mouseClick(flow.box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert flow.progress is not None and flow.progress.labelText() == "Importing your backup…"
    began = len(ticks)
    qtbot.waitUntil(lambda: flow.box.windowTitle() == "Imported", timeout=120_000)
    writing = ticks[began:]
    if len(writing) > 1:
        gap = max(b - a for a, b in pairwise(writing))
        assert gap < MAX_GAP_S, f"the window did not run its events for {gap:.2f} s"
    timer.stop()
    assert sets_in(window.database_path) > 20_000
    assert "sets" in flow.box.text()


def test_cancel_while_reading_imports_nothing(
    make_window, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = write_realistic_backup(tmp_path / "backup.json", megabytes=10)
    window = make_window()
    flow = start_import(window, qtbot, monkeypatch, source)
    qtbot.waitUntil(lambda: flow.progress is None or flow.progress.value() > 0, timeout=60_000)
    assert flow.progress is not None, "read before Cancel could be pressed"
    press_cancel_and_see_nothing_imported(window, flow, qtbot)


def test_cancel_pressed_as_the_reading_ends_still_imports_nothing(
    make_window, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A window slow to answer (a loaded machine) hears the Cancel only once the reading is
    done: the question must not come up after the person said Cancel."""
    source = write_realistic_backup(tmp_path / "backup.json", megabytes=1)
    window = make_window()
    flow = start_import(window, qtbot, monkeypatch, source)
    assert flow.worker is not None and flow.progress is not None
    flow.worker.wait()  # read and summarized; the window has not yet heard of it
    press_cancel_and_see_nothing_imported(window, flow, qtbot)
