"""The import's worker gives the window its turn (app/ui/data/gil_turns.py,
app/ui/data/import_flow.py): a window waiting on a busy worker froze for 0.3 s on a loaded
machine."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from itertools import pairwise

import pytest
from PySide6.QtCore import QTimer

from app.ui.data.gil_turns import NAP_S, Turns
from app.ui.data.import_flow import ImportThread


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.naps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.naps.append(seconds)
        self.now += seconds


def test_turns_sleep_once_per_stretch_of_work_and_not_between() -> None:
    clock = FakeClock()
    turns = Turns(clock=clock, sleep=clock.sleep)
    for _ in range(95):  # 95 ms of work, asked every millisecond
        clock.now += 0.001
        turns()
    assert clock.naps == [NAP_S] * 9  # one nap for each full 10 ms


@pytest.fixture
def slow_switching() -> Iterator[None]:
    """Python left to itself would let the window wait half a second for the lock."""
    was = sys.getswitchinterval()
    sys.setswitchinterval(0.5)
    yield
    sys.setswitchinterval(was)


def busy_for(seconds: float) -> Callable[[Callable[[int, int], None], Callable[[], bool]], int]:
    """A step that runs Python without pause, asking ``cancelled`` as the import's do."""

    def work(_progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
        end, total = time.perf_counter() + seconds, 0
        while time.perf_counter() < end:
            total += sum(range(200))
            if cancelled():
                break
        return total

    return work


def test_a_long_step_on_the_worker_leaves_the_window_its_turn(qtbot, slow_switching) -> None:
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    thread = ImportThread(busy_for(0.6))
    with qtbot.waitSignal(thread.succeeded, timeout=20_000):
        timer.start()
        thread.start()
    timer.stop()
    thread.wait()
    assert len(ticks) > 20
    gap = max(b - a for a, b in pairwise(ticks))
    assert gap < 0.1, f"the window waited {gap:.2f} s for the worker"
