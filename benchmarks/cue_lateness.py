"""Cue lateness of the real Qt adapter under a busy CPU, and drift over a 45 min session.

Part 1 plays a short plan through `PlayerController` (the app's own timers) while a pure
Python thread spins (it fights the Qt thread for the GIL) and a second process spins (it
fights for the cores). Every timed event is stamped with `time.monotonic()` when the
`events` signal delivers it and compared with its ideal moment, computed here from the
plan alone: step i starts at start + sum of the durations before it. So a late step end
that shifted later steps would show up as growing lateness, not be hidden by it.

Part 2 drives the pure player with a fake clock through a 45 min plan, ticking late by a
random 0-50 ms and now and then stalling for seconds, and checks that every set still
ends exactly on its ideal deadline (zero accumulated drift).

Run from the repository root (it imports `tests.core.factories`). Prints a report, or with
`--json` one JSON object that `run_all.py` reads.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.core.content.exercises import Sides  # noqa: E402
from app.core.routine import SessionPlan  # noqa: E402
from app.core.session.player import (  # noqa: E402
    Countdown,
    Event,
    Player,
    SessionFinished,
    SetFinished,
    StepStarted,
)
from tests.core import factories as f  # noqa: E402


@dataclass
class LatenessResult:
    """Lateness in milliseconds of every timed cue the adapter delivered."""

    seconds: float  # real time the session took
    cues: int
    set_ends: int
    max_ms: float  # over all timed cues
    p95_ms: float
    median_ms: float
    set_end_max_ms: float  # end-of-hold (SetFinished) only
    set_end_p95_ms: float
    early: int  # cues delivered before their ideal moment
    drift_ms: float  # the player's final deadline minus start + total_seconds()
    session_end_late_ms: float  # SessionFinished delivery minus start + total_seconds()
    busy_loops: int  # iterations of the busy thread: proof it really ran


@dataclass
class DriftResult:
    """Simulated session: how far set ends moved from their ideal deadlines."""

    session_minutes: float
    ticks: int
    sets: int
    max_drift_us: float
    final_drift_us: float


def short_plan() -> SessionPlan:
    """About 31 s: eight 3 s holds (countdown at 2 and 1 s), 0.5 s get-ready and rest.

    Short steps give many step ends per second of benchmark; only the timing matters.
    """
    return f.plan(*(f.hold(3, Sides.BOTH) for _ in range(8)), get_ready=0.5, rest=0.5)


def long_plan() -> SessionPlan:
    """About 47 min: nine exercises, two 60 s sets each side, the app's default pauses."""
    return f.plan(*(f.hold(60, Sides.EACH, sets=2) for _ in range(9)), get_ready=10, rest=15)


def _percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: with few samples, report a value that really happened."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def _spin(stop: threading.Event, counter: list[int]) -> None:
    """Pure Python busy loop: holds the GIL for whole switch intervals."""
    loops = 0
    while not stop.is_set():
        for _ in range(1000):
            loops += 1
    counter[0] = loops


def measure_lateness(busy_process: bool = True) -> LatenessResult:
    """Play `short_plan()` through the real PlayerController under load."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui.player.controller import PlayerController

    app = QApplication.instance() or QApplication(sys.argv)
    player = Player(short_plan())
    steps = player.steps
    starts: list[float] = []  # ideal offsets of each step from the session start
    offset = 0.0
    for step in steps:
        starts.append(offset)
        offset += step.duration
    total = player.total_seconds()

    controller = PlayerController(player, monotonic=time.monotonic)
    origin: dict[str, float] = {}
    current: dict[str, int] = {"index": 0}
    late_all: list[float] = []
    late_sets: list[float] = []
    finished: dict[str, float] = {}

    def ideal(event: Event) -> float | None:
        t0 = origin["t0"]
        if isinstance(event, StepStarted):
            current["index"] = event.step.index
            return None if event.step.index == 0 else t0 + starts[event.step.index]
        if isinstance(event, Countdown):
            step = steps[current["index"]]
            return t0 + starts[step.index] + step.duration - event.seconds_left
        if isinstance(event, SetFinished):
            return t0 + starts[event.step.index] + event.step.duration
        if isinstance(event, SessionFinished):
            return t0 + total
        return None

    def on_events(events: list[Event]) -> None:
        arrived = time.monotonic()
        if "t0" not in origin:  # the start() call itself: nothing is late yet
            for event in events:
                if isinstance(event, StepStarted):
                    current["index"] = event.step.index
            return
        for event in events:
            moment = ideal(event)
            if moment is None:
                continue
            lateness = (arrived - moment) * 1000
            late_all.append(lateness)
            if isinstance(event, SetFinished):
                late_sets.append(lateness)
                if event.step.index == len(steps) - 1:
                    finished["deadline"] = event.ended
            if isinstance(event, SessionFinished):
                finished["arrived"] = arrived
                QTimer.singleShot(0, app.quit)

    controller.events.connect(on_events)

    stop = threading.Event()
    counter = [0]
    spinner = threading.Thread(target=_spin, args=(stop, counter), daemon=True)
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if busy_process else None
    try:
        spinner.start()
        time.sleep(0.2)  # let the load settle before the clock starts
        controller.start()
        origin["t0"] = player.deadline() - player.duration()
        QTimer.singleShot(int((total + 15) * 1000), app.quit)  # never hang the run
        began = time.monotonic()
        app.exec()
        took = time.monotonic() - began
    finally:
        stop.set()
        spinner.join()
        if hog is not None:
            hog.kill()
            hog.wait()
        controller.stop()

    if "arrived" not in finished:
        raise RuntimeError("the session never finished")
    t0 = origin["t0"]
    return LatenessResult(
        seconds=round(took, 2),
        cues=len(late_all),
        set_ends=len(late_sets),
        max_ms=max(late_all),
        p95_ms=_percentile(late_all, 0.95),
        median_ms=statistics.median(late_all),
        set_end_max_ms=max(late_sets),
        set_end_p95_ms=_percentile(late_sets, 0.95),
        early=sum(1 for value in late_all if value < 0),
        drift_ms=(finished["deadline"] - (t0 + total)) * 1000,
        session_end_late_ms=(finished["arrived"] - (t0 + total)) * 1000,
        busy_loops=counter[0],
    )


def simulate_drift(seed: int = 7) -> DriftResult:
    """Drive the pure player with a late, jittery, sometimes stalling fake clock."""
    rng = random.Random(seed)
    player = Player(long_plan())
    ends: list[float] = []
    offset = 0.0
    for step in player.steps:
        offset += step.duration
        ends.append(offset)
    start = 1000.0
    now = start
    player.start(now)
    drifts: list[float] = []
    last_end = start
    ticks = 0
    while not player.finished:
        stall = rng.uniform(1.0, 4.0) if rng.random() < 0.002 else 0.0
        now += 0.1 + rng.uniform(0.0, 0.05) + stall
        ticks += 1
        for event in player.tick(now):
            if isinstance(event, SetFinished):
                drifts.append(event.ended - (start + ends[event.step.index]))
                last_end = event.ended
    # The plan ends with a hold, so the last set's end is the session's end.
    final = last_end - (start + player.total_seconds())
    return DriftResult(
        session_minutes=round(player.total_seconds() / 60, 1),
        ticks=ticks,
        sets=len(drifts),
        max_drift_us=max(abs(d) for d in drifts) * 1e6,
        final_drift_us=abs(final) * 1e6,
    )


def main() -> int:
    """Run both parts; print JSON with --json, else a short report."""
    lateness = measure_lateness()
    drift = simulate_drift()
    if "--json" in sys.argv[1:]:
        print(json.dumps({"lateness": asdict(lateness), "drift": asdict(drift)}))
        return 0
    for name, value in {**asdict(lateness), **asdict(drift)}.items():
        print(f"{name:22} {value:.3f}" if isinstance(value, float) else f"{name:22} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
