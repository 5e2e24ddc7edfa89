"""Giving the window its turn while a worker thread runs Python for seconds.

Every event the window handles runs Python code, so it needs the interpreter's lock (the GIL)
that a busy worker holds. CPython makes the holder let go once a waiting thread has waited
the switch interval (5 ms), but each time the holder lets go on its own (a file read, each
sqlite row) the waiting thread's 5 ms start over, and it must win a race for the lock that a
thread woken late, on a loaded machine, keeps losing: the 10 MB import froze the window for
over 0.3 s so. A short sleep now and then leaves the lock free long enough for the window to
take it, whatever the load, at a cost of a few per cent of the worker's time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

#: Work this long, then sleep :data:`NAP_S`: the window waits at most about this for its turn.
WORK_S = 0.010
#: Long enough for a thread woken on the lock's release to take it (~0.1 ms when not loaded).
NAP_S = 0.0005


class Turns:
    """Call it often from a worker's loop; now and then it sleeps, so other threads run."""

    def __init__(
        self,
        work_s: float = WORK_S,
        nap_s: float = NAP_S,
        clock: Callable[[], float] = time.perf_counter,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._work_s = work_s
        self._nap_s = nap_s
        self._clock = clock
        self._sleep = sleep
        self._since = clock()

    def __call__(self) -> None:
        if self._clock() - self._since >= self._work_s:
            self._sleep(self._nap_s)
            self._since = self._clock()
