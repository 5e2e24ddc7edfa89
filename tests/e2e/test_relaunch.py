"""Relaunching: what survives a crash, the first-run note, settings and window size."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from app.data_dir import database_path
from app.ui.shell.settings_dialog import SettingsDialog

CRASHING_SESSION = """
import os, sys
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
from tests.conftest import FakeClock, RecordingSink
from app.ui.shell.main_window import MainWindow
app = QApplication([])
clock = FakeClock()
window = MainWindow(Path(sys.argv[1]), clock.monotonic, clock.wall, RecordingSink())
window.show()
window.load()
window.start_session()
while len(window.store.session(window.runner.session_id).sets) < 3:
    clock.run(window.controller, 1)
clock.run(window.controller, 30)  # into the fourth set, which the crash will lose
print("ready", flush=True)
sys.stdin.readline()
"""


def test_after_a_kill_the_next_launch_offers_resume_and_keeps_sets(
    make_window, data_dir: Path, qtbot
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", CRASHING_SESSION, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert process.stdout.readline().strip() == "ready"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        process.stdin.close()
        process.stdout.close()
    window = make_window()
    assert window.home.resume_frame.isVisible()
    assert "3 sets done" in window.home.resume_label.text()
    qtbot.mouseClick(window.home.resume_button, Qt.MouseButton.LeftButton)
    player = window.controller.player
    current = player.current
    assert (current.item.exercise.slug, current.side.value) == ("release-piriformis", "right")
    with sqlite3.connect(database_path(data_dir)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = connection.execute("SELECT count(*) FROM set_records").fetchone()[0]
    connection.close()
    assert count == 3


def test_disclaimer_shows_once(make_window, qtbot) -> None:
    window = make_window()
    assert window.home.disclaimer_frame.isVisible()
    assert "not medical advice" in window.home.disclaimer_label.text()
    assert "If you have had hip surgery or a hip replacement" in window.home.disclaimer_label.text()
    understood = window.home.disclaimer_frame.findChild(type(window.home.start_button))
    qtbot.mouseClick(understood, Qt.MouseButton.LeftButton)
    assert window.home.disclaimer_frame.isHidden()
    window.close()
    assert make_window().home.disclaimer_frame.isHidden()


def test_settings_are_kept_and_respected(make_window, clock, qtbot, sink) -> None:
    window = make_window()
    qtbot.mouseClick(window.home.settings_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(SettingsDialog)
    dialog.voice_box.setChecked(False)
    dialog.get_ready.setValue(5)
    dialog.accept()
    window.close()
    window = make_window()
    assert window.preferences.voice_on is False
    qtbot.mouseClick(window.home.start_button, Qt.MouseButton.LeftButton)
    assert window.player_page.countdown_label.text() == "0:05"
    clock.run(window.controller, 5)
    assert sink.said == []


def test_window_size_is_remembered(make_window) -> None:
    window = make_window()
    window.resize(790, 560)  # inside the offscreen screen (800 x 600)
    window.close()
    again = make_window(load=False, size=None)
    assert (again.width(), again.height()) == (790, 560)


def test_a_session_whose_routine_changed_cannot_resume_and_says_so(
    make_window, data_dir: Path, qtbot
) -> None:
    from datetime import UTC, datetime

    from app.db.store import Store
    from tests.db.conftest import make_set

    window = make_window()
    plan = window.todays_plan().to_dict()
    plan["items"][0]["slug"] = "an-exercise-since-removed"
    with Store.open(database_path(data_dir)) as store:
        session_id = store.start_session(plan, datetime(2026, 11, 20, 8, tzinfo=UTC))
        store.record_set(session_id, make_set(datetime(2026, 11, 20, 8, 1, tzinfo=UTC)))
    window.refresh_home()
    qtbot.mouseClick(window.home.resume_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.home
    assert "cannot be resumed" in window.warning_box.windowTitle()
    qtbot.mouseClick(window.home.discard_button, Qt.MouseButton.LeftButton)
    assert window.home.resume_frame.isHidden()


def test_a_crash_during_the_first_set_offers_to_start_it_again(
    make_window, data_dir: Path, qtbot
) -> None:
    """A kill before the first set ends leaves a started session with no set in it. Before,
    Today offered nothing and the next Start quietly marked it abandoned."""
    from datetime import UTC, datetime

    from app.db.store import Store

    first = make_window()
    plan = first.todays_plan()
    first.close()
    with Store.open(database_path(data_dir)) as store:  # what the crash leaves behind
        session_id = store.start_session(plan.to_dict(), datetime(2026, 11, 21, 7, tzinfo=UTC))
    window = make_window()
    assert window.home.resume_frame.isVisible()
    assert "before its first set was done" in window.home.resume_label.text()
    qtbot.mouseClick(window.home.resume_button, Qt.MouseButton.LeftButton)
    assert window.runner is not None and window.runner.session_id == session_id
    assert window.controller.player.current.item.exercise.slug == plan.items[0].exercise.slug
