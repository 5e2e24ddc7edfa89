"""Memory growth over a 45-minute session through the real window (goal: at most 5 MB).

The real MainWindow, player page and session runner on a temporary data folder, offscreen,
with a fake clock moved in 100 ms ticks as the display timer would, and the event loop
run after every tick so the widgets repaint as they would. Cues go to a sink that only
counts them (a recording one would grow by itself).

A first 45-minute session is played fast (5 s ticks) as the warm-up: every page, every
exercise's illustration and every lazily built object exists after it. Resident memory is
read when the measured 45-minute session starts and when it ends, each time after a
garbage collection and, on Linux, malloc_trim (so memory the allocator has already freed
is not counted as held). It prints a report, or with `--json` one JSON object that
`run_all.py` reads. Run it in its own process: it measures the whole process.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/session_memory.py
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

GOAL_MB = 5.0
SESSION_MINUTES = 45
TICK_SECONDS = 0.1  # the display timer's interval
WARM_UP_TICK_SECONDS = 5.0  # below the 5 s+ gap the controller takes for a sleep


class Clock:
    """Monotonic and wall time that move only when told."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.wall_start = datetime(2026, 11, 21, 9, tzinfo=UTC)

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> datetime:
        return self.wall_start + timedelta(seconds=self.now - 1000.0)


class CountingSink:
    """A cue sink that counts what it would play and say, and keeps nothing else."""

    def __init__(self) -> None:
        self.sounds = 0
        self.words = 0

    def speech_works(self) -> bool:
        return True

    def play(self, sound: object) -> None:
        self.sounds += 1

    def say(self, words: str) -> None:
        self.words += 1


def resident_mb() -> float:
    """This process's resident memory now, after a collection (and malloc_trim on glibc)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: RSS as the allocator has it
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        import resource  # peak, not current: still an upper bound for the growth

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (2**20 if sys.platform == "darwin" else 2**10)


def play(window, app, clock: Clock, step: float) -> int:
    """Tick the running session to its end as the display timer would; ticks made."""
    controller = window.controller
    ticks = 0
    while not controller.player.finished:
        clock.now += step
        controller.tick()
        app.processEvents()  # paint, as the event loop would between ticks
        ticks += 1
    return ticks


def start_session(window, minutes: int) -> None:
    home = window.home
    home.budget.setCurrentIndex(home.budget.findData(minutes))
    home.start_button.click()
    assert window.runner is not None, "the session did not start"


def measure() -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from app.ui.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    clock = Clock()
    with tempfile.TemporaryDirectory(prefix="inward-memory-") as folder:
        window = MainWindow(Path(folder), clock.monotonic, clock.wall, CountingSink())
        window.prebuild_history = False  # History is not part of a session
        window.resize(1200, 800)
        window.show()
        window.load()
        app.processEvents()

        start_session(window, SESSION_MINUTES)  # the warm-up session, played fast
        play(window, app, clock, WARM_UP_TICK_SECONDS)
        window.show_home()
        app.processEvents()

        start_session(window, SESSION_MINUTES)
        planned = window.controller.player.total_seconds()
        objects_before = len(gc.get_objects())
        before = resident_mb()
        began = time.perf_counter()
        ticks = play(window, app, clock, TICK_SECONDS)
        took = time.perf_counter() - began
        after = resident_mb()
        objects_after = len(gc.get_objects())
        window.close()
        app.processEvents()
    return {
        "session_minutes": planned / 60,
        "ticks": ticks,
        "seconds": took,
        "tick_ms": took / ticks * 1000,
        "start_mb": before,
        "end_mb": after,
        "growth_mb": after - before,
        "objects_growth": objects_after - objects_before,
        "goal_mb": GOAL_MB,
    }


def main(argv: list[str]) -> int:
    result = measure()
    if "--json" in argv:
        print(json.dumps(result))
        return 0
    verdict = "PASS" if result["growth_mb"] <= GOAL_MB else "FAIL"
    print(
        f"session memory: {result['session_minutes']:.1f} min session in "
        f"{result['ticks']:.0f} ticks of {TICK_SECONDS * 1000:.0f} ms, "
        f"driven in {result['seconds']:.1f} s ({result['tick_ms']:.2f} ms a tick)"
    )
    print(
        f"  resident {result['start_mb']:.1f} MB at the start, {result['end_mb']:.1f} MB at the "
        f"end: growth {result['growth_mb']:+.2f} MB (goal <= {GOAL_MB:.0f} MB) {verdict}; "
        f"Python objects {result['objects_growth']:+.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
