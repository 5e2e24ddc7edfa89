"""A short session through the real window while the null sink records it.

Shared by the audio test (tests/audio) and the acoustic benchmark: both hear the same
session and measure it with `cue_recording.analyse`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, QTimer

from app.core.content.exercises import Content, DoseKind, Sides
from app.core.routine import PlanItem, SessionPlan
from app.core.session.player import Player
from tools.cue_recording import NullSink, Placed, Recorder, Recording

HEARTBEAT_MS = 50
SETTLE_SECONDS = 2.0


def cpu_wait_ms() -> float:
    """How long this thread has waited, all told, for a CPU other programs held (Linux's
    schedstat); 0 where that is not known, so lateness then counts in full."""
    try:
        with open("/proc/thread-self/schedstat", encoding="ascii") as stat:
            return int(stat.read().split()[1]) / 1e6
    except (OSError, IndexError, ValueError):
        return 0.0


class Heartbeat:
    """A 50 ms timer on the GUI thread: how late it fires is how long the window froze.

    Less the time the thread stood ready but waited for a CPU, which a machine busy with
    other programs (a test run in parallel, CI) adds: what is left is the window's own
    doing, blocking or work."""

    def __init__(self) -> None:
        self.worst_ms = 0.0
        self._clock = QElapsedTimer()
        self._clock.start()
        self._last = 0
        self._waited = cpu_wait_ms()
        self._timer = QTimer()
        self._timer.setInterval(HEARTBEAT_MS)
        self._timer.timeout.connect(self._beat)
        self._timer.start()

    def _beat(self) -> None:
        now, waited = self._clock.elapsed(), cpu_wait_ms()
        late = now - self._last - HEARTBEAT_MS - (waited - self._waited)
        self.worst_ms = max(self.worst_ms, late)
        self._last, self._waited = now, waited

    def stop(self) -> None:
        self._timer.stop()


def wait_until(condition: Callable[[], bool], timeout_s: float) -> None:
    """Run the event loop until `condition` holds; TimeoutError after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout_s} s")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def short_plan(content: Content) -> SessionPlan:
    """A hold and a rep set, both sides: every kind of chime in about 40 s."""
    exercises = content.exercises
    hold = next(e for e in exercises if e.dose.kind is DoseKind.HOLD and e.dose.sides is Sides.EACH)
    reps = next(e for e in exercises if e.dose.kind is DoseKind.REPS and e.dose.sides is Sides.EACH)
    return SessionPlan(
        (
            PlanItem(hold, replace(hold.dose, seconds=6, sets=1)),
            PlanItem(reps, replace(reps.dose, reps=2, sets=1)),
        ),
        get_ready_seconds=4,
        rest_seconds=4,
        set_rest_seconds=3,
    )


@dataclass
class Heard:
    recording: Recording
    placed: list[Placed]
    worst_stall_ms: float
    started: float  # when the session started, on the monotonic clock


def play_and_record(window, null_sink: NullSink, voice_on: bool) -> Heard:
    """Warm the cues up, then play the short plan through `window` while recording."""
    client = window.cue_sink()
    placed: list[Placed] = []
    client.placed.connect(lambda what, due, at: placed.append(Placed(what, due, at)))
    window.preferences = replace(window.preferences, voice_on=voice_on, sound_on=True)
    client.warm_up()
    wait_until(lambda: client.sound_ok and (client.voice_ok or not voice_on), 20)
    settled = time.monotonic() + SETTLE_SECONDS  # as on Today: cues warm up before Start
    wait_until(lambda: time.monotonic() > settled, SETTLE_SECONDS + 1)
    plan = short_plan(window.content)
    session_id = window.store.start_session(plan.to_dict(), window._wall())
    recorder = Recorder(null_sink)
    heartbeat = Heartbeat()  # from the moment the person presses Start
    started = time.monotonic()
    window._play(Player(plan), session_id)
    wait_until(lambda: window.controller.player.finished, 120)
    last = max(cue.due for cue in placed)
    wait_until(lambda: recorder.now_heard() > last + 1.5, 10)
    heartbeat.stop()
    return Heard(recorder.stop(), placed, heartbeat.worst_ms, started)
