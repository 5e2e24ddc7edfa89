"""Shared test set-up: offscreen Qt, a fake clock, a recording cue sink, a real window."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from app.core.session.cues import Sound

if TYPE_CHECKING:
    from app.db.store import Store

# CI runs the property and fuzz tests on a fixed sequence of examples, so a run that fails
# fails again on the next machine; locally each run explores new examples.
settings.register_profile("ci", derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


class FakeClock:
    """Monotonic and wall time that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 5000.0
        self.wall_start = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
        self.wall_offset = 0.0

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> datetime:
        return self.wall_start + timedelta(seconds=self.now - 5000.0 + self.wall_offset)

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def run(self, controller, seconds: float, step: float = 0.5) -> None:
        """Let time pass with the display timer's ticks, as the app would see it."""
        end = self.now + seconds
        while self.now < end - 1e-9:
            self.now = min(end, self.now + step)
            controller.tick()


class RecordingSink:
    """A CueSink that remembers what would have been played and said."""

    def __init__(self, speech: bool = True) -> None:
        self.played: list[Sound] = []
        self.said: list[str] = []
        self.timeline: list[tuple[float, Sound | str]] = []  # (delay in its moment, what)
        self.speech = speech

    def speech_works(self) -> bool:
        return self.speech

    def play(self, sound: Sound, delay: float = 0.0) -> None:
        self.played.append(sound)
        self.timeline.append((delay, sound))

    def say(self, words: str, delay: float = 0.0) -> None:
        self.said.append(words)
        self.timeline.append((delay, words))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def db_path(data_dir: Path) -> Path:
    return data_dir / "inward.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A data file of its own, opened; imported here so collecting tests loads no SQLAlchemy."""
    from app.db.store import Store

    with Store.open(db_path) as opened:
        yield opened


@pytest.fixture
def make_window(qtbot, clock: FakeClock, sink: RecordingSink, data_dir: Path) -> Iterator[Callable]:
    """Build the real main window on a temporary data folder, shown and loaded."""
    from app.ui.shell.main_window import MainWindow

    windows = []

    def make(load: bool = True, size: tuple[int, int] | None = (1200, 800)) -> MainWindow:
        window = MainWindow(data_dir, clock.monotonic, clock.wall, sink)
        qtbot.addWidget(window)
        if size is not None:
            window.resize(*size)
        window.show()
        window.activateWindow()  # keyboard shortcuts need the active window
        qtbot.waitUntil(lambda: window.isActiveWindow())
        if load:
            window.load()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """As root, file permissions do not hold, so the ``permissions`` tests are left to
    `make permission-test`, which runs them as an unprivileged user (CI does both)."""
    if not running_as_root():
        return
    kept, left = [], []
    for item in items:
        (left if item.get_closest_marker("permissions") else kept).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept
        config.stash[_LEFT_TO_USER] = len(left)


_LEFT_TO_USER = pytest.StashKey[int]()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under pytest-xdist each worker collects (and deselects) on its own: hand the count to
    the controller, which prints the summary."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["left_to_user"] = session.config.stash.get(_LEFT_TO_USER, 0)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """xdist controller: every worker collects the same tests, so keep the largest count."""
    left = getattr(node, "workeroutput", {}).get("left_to_user", 0)
    config = node.config
    config.stash[_LEFT_TO_USER] = max(config.stash.get(_LEFT_TO_USER, 0), left)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    left = config.stash.get(_LEFT_TO_USER, 0)
    if left:
        terminalreporter.write_line(
            f"{left} permission tests deselected as root: `make permission-test` runs them "
            "as an unprivileged user."
        )
