"""A test-only driver for tests/e2e/test_abrupt_exit.py: the real Inward window, played fast.

    python -m tests.e2e.kill_driver DATA_DIR WALL_START_ISO

It opens the real MainWindow on DATA_DIR (offscreen) with a fake clock that the driver
moves four seconds per tick, ten ticks per event-loop turn, so a 40-minute session plays
in about a second with every set written the way the app writes it. It then does what a
person would do, through the widgets, for ever, until the test kills it with SIGKILL:

- on the Today page: take a self-check, then press Resume when it is offered, else pick
  the 10-minute budget (short sessions: more of them end and start) and press Start;
- after a session: skip the check-in, take a self-check and start the next session.

Each fact the test must find after the kill is printed, flushed, right after it was
committed (the store commits before it returns, and the print follows):

    ready resume=0|1 label=TEXT   the Today page after loading: is Resume offered?
    check ID                      a self-check was saved
    session ID                    a session is playing (started or resumed)
    set SESSION SLUG SIDE INDEX   a set was written
    finished SESSION              a session was saved as finished

With ``--ready-only`` it prints the ``ready`` line and exits without changing anything.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from app.core.records import SetResult
from app.ui.shell.main_window import MainWindow

STEP_SECONDS = 4.0  # fake seconds per tick: below the controller's 5 s sleep threshold
TICKS_PER_TURN = 10  # then the event loop runs (and paints) once: painting is the slow part
BUDGET_MINUTES = 10
READINGS = {"left-1": "31", "left-2": "33", "right-1": "44", "right-2": "45"}


class Clock:
    """Monotonic and wall time that move only when the driver moves them."""

    def __init__(self, wall_start: datetime) -> None:
        self.now = 1000.0
        self.wall_start = wall_start

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> datetime:
        return self.wall_start + timedelta(seconds=self.now - 1000.0)


class SilentSink:
    """Cues go nowhere: the driver is about the data, not the sound."""

    def speech_works(self) -> bool:
        return True

    def play(self, sound: object) -> None:
        pass

    def say(self, words: str) -> None:
        pass


def say(line: str) -> None:
    print(line, flush=True)


class Driver:
    def __init__(self, window: MainWindow, clock: Clock) -> None:
        self.window = window
        self.clock = clock
        self.turns = QTimer()
        self.turns.setInterval(0)  # after the queued events, paints included
        self.turns.timeout.connect(self.turn)

    def begin(self) -> None:
        self.take_check()
        home = self.window.home
        if home.resume_frame.isVisible():
            home.resume_button.click()
        else:
            self.start()
        self.session_started()
        self.turns.start()

    def session_started(self) -> None:
        runner = self.window.runner
        assert runner is not None
        runner.controller.set_finished.connect(self.set_written)  # after the store's slot
        runner.finished.connect(lambda: self.finished(runner.session_id))
        say(f"session {runner.session_id}")

    def set_written(self, result: SetResult) -> None:
        runner = self.window.runner
        assert runner is not None
        say(f"set {runner.session_id} {result.exercise_slug} {result.side} {result.set_index}")

    def finished(self, session_id: int) -> None:
        say(f"finished {session_id}")
        QTimer.singleShot(0, self.next_session)  # after the check-in page is shown

    def next_session(self) -> None:
        page = self.window.checkin_page
        skip = next(
            b for b in page.findChildren(QPushButton) if b.accessibleName() == "Skip check-in"
        )
        skip.click()
        self.take_check()
        self.start()
        self.session_started()

    def start(self) -> None:
        home = self.window.home
        home.budget.setCurrentIndex(home.budget.findData(BUDGET_MINUTES))
        home.start_button.click()

    def take_check(self) -> None:
        window = self.window
        window.home.checks_button.click()
        flow = window.checks
        flow.list_page.start_buttons["prone-ir"].click()
        for key, text in READINGS.items():
            flow.form.row(key).degrees.setText(text)
        flow.form.save_button.click()
        assert flow.last_saved is not None and flow.last_saved.id is not None
        say(f"check {flow.last_saved.id}")
        window.show_home()

    def turn(self) -> None:
        for _ in range(TICKS_PER_TURN):
            controller = self.window.controller
            if controller is None or controller.player.finished:
                return
            self.clock.now += STEP_SECONDS
            controller.tick()


def main(argv: list[str]) -> int:
    data_dir, wall_start = Path(argv[0]), datetime.fromisoformat(argv[1])
    app = QApplication([])
    clock = Clock(wall_start)
    window = MainWindow(data_dir, clock.monotonic, clock.wall, SilentSink())
    window.prebuild_history = False
    window.show()
    window.load()
    home = window.home
    say(f"ready resume={int(home.resume_frame.isVisible())} label={home.resume_label.text()}")
    if "--ready-only" in argv:
        window.close()
        return 0
    driver = Driver(window, clock)
    QTimer.singleShot(0, driver.begin)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
