"""The thin Qt adapter around core.session.player: a precise timer calls tick() and emits signals.

A second single-shot timer is aimed at the player's next due cue, so an end-of-hold beep
is not late by a whole display tick. A wall-clock jump much larger than the monotonic step
means the machine slept: the player pauses and the page says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app.core.session.events import Event, SetFinished
from app.core.session.player import Player, PlayerView

DISPLAY_INTERVAL_MS = 100
SUSPEND_THRESHOLD_SECONDS = 5.0


class PlayerController(QObject):
    events = Signal(list)  # list[Event], in order
    view_changed = Signal(object)  # PlayerView
    set_finished = Signal(object)  # SetResult, with wall-clock times
    suspended = Signal()

    def __init__(
        self,
        player: Player,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.player = player
        self._monotonic = monotonic
        self._wall = wall
        self._last_mono = monotonic()
        self._last_wall = wall()
        self._display = QTimer(self)
        self._display.setTimerType(Qt.TimerType.PreciseTimer)
        self._display.setInterval(DISPLAY_INTERVAL_MS)
        self._display.timeout.connect(self.tick)
        self._due = QTimer(self)
        self._due.setSingleShot(True)
        self._due.setTimerType(Qt.TimerType.PreciseTimer)
        self._due.timeout.connect(self.tick)

    # -- operations forwarded to the player -------------------------------------------

    def start(self) -> None:
        self._apply(self.player.start)
        self._display.start()

    def stop(self) -> None:
        self._display.stop()
        self._due.stop()

    def toggle_pause(self) -> None:
        self._apply(self.player.toggle_pause)

    def pause(self) -> None:
        self._apply(self.player.pause)

    def next(self) -> None:
        self._apply(self.player.next)

    def previous(self) -> None:
        self._apply(self.player.previous)

    def done(self) -> None:
        self._apply(self.player.done)

    def add_time(self) -> None:
        self._apply(self.player.add_time)

    def skip_exercise(self) -> None:
        self._apply(self.player.skip_exercise)

    def stop_for_pain(self) -> None:
        self._apply(self.player.stop_for_pain)

    def view(self) -> PlayerView:
        return self.player.view(self._monotonic())

    # -- the clock --------------------------------------------------------------------

    def tick(self) -> None:
        stalled_since = self._stalled_since()
        if stalled_since is not None:
            # Pause where the clock last ran normally: the sleep is not exercise time.
            self._apply(lambda _now: self.player.pause(stalled_since))
            self.suspended.emit()
            return
        self._apply(self.player.tick)

    def _stalled_since(self) -> float | None:
        """The last normal tick's time when the machine slept or froze since, else None.

        Linux's monotonic clock stops during sleep, so sleep shows as a wall-clock jump;
        on Windows it keeps counting, so sleep shows as a gap between ticks that should
        come every 100 ms.
        """
        mono, wall = self._monotonic(), self._wall()
        mono_step = mono - self._last_mono
        wall_step = (wall - self._last_wall).total_seconds()
        last = self._last_mono
        self._last_mono, self._last_wall = mono, wall
        running = self.player.started and not self.player.paused and not self.player.finished
        gap = max(mono_step, wall_step - mono_step)
        return last if running and gap > SUSPEND_THRESHOLD_SECONDS else None

    def _apply(self, operation: Callable[[float], list[Event]]) -> None:
        now = self._monotonic()
        events = operation(now)
        wall_now = self._wall()

        def to_wall(moment: float) -> datetime:
            return wall_now - timedelta(seconds=now - moment)

        for event in events:
            if isinstance(event, SetFinished):
                self.set_finished.emit(event.result(to_wall))
        if events:
            self.events.emit(events)
        self.view_changed.emit(self.player.view(now))
        self._aim(now)
        if self.player.finished:
            self.stop()

    def _aim(self, now: float) -> None:
        due = self.player.next_due(now)
        if due is None:
            self._due.stop()
            return
        self._due.start(max(0, int((due - now) * 1000) + 1))
