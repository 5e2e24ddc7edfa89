"""Render the screenshots in docs/screenshots/ from the real window with a fake clock.

Run with `make screenshots` (offscreen). Light and dark are forced with theme.force_scheme,
so the images do not depend on the machine's theme.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.core.cues import Sound
from app.core.player import StepKind
from app.ui.main_window import MainWindow
from app.ui.theme import force_scheme

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.start_wall = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> datetime:
        return self.start_wall + timedelta(seconds=self.now - 1000.0)


class SilentSink:
    def play(self, sound: Sound) -> None:
        pass

    def say(self, words: str) -> None:
        pass


def advance_to(window: MainWindow, clock: Clock, predicate, limit: float = 4000) -> None:
    """Tick the fake clock until the predicate holds for the player's current step."""
    controller = window.controller
    assert controller is not None
    end = clock.now + limit
    while clock.now < end:
        step = controller.player.current
        if step is not None and predicate(step, controller.view()):
            return
        clock.now += 0.5
        controller.tick()
    raise RuntimeError("state not reached")


def shoot(dark: bool, suffix: str) -> None:
    force_scheme(QApplication.instance(), dark)
    clock = Clock()
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(Path(folder), clock.monotonic, clock.wall, SilentSink())
        window.resize(1280, 800)
        window.show()
        window.load()
        window.grab().save(str(OUT / f"home-{suffix}.png"))
        window.start_session()
        window.grab().save(str(OUT / f"get-ready-{suffix}.png"))
        advance_to(window, clock, lambda s, v: s.kind is StepKind.WORK and v.remaining < 41)
        window.grab().save(str(OUT / f"hold-{suffix}.png"))
        advance_to(
            window,
            clock,
            lambda s, v: (
                s.kind is StepKind.WORK
                and s.item.dose.kind.value == "hold_per_rep"
                and v.position.rep == 7
                and v.position.phase.value == "hold"
            ),
            limit=20_000,
        )
        window.grab().save(str(OUT / f"reps-{suffix}.png"))
        window.close()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    shoot(False, "light")
    shoot(True, "dark")
    app.processEvents()
    print(f"screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
