"""The start-up floor: a bare PySide6 QMainWindow that quits on its first paint.

`run_all.py` compares `inward --self-test` with this script, so the ratio measures what the
app adds on top of Python + Qt on this machine, not the machine itself. It prints the
monotonic time of the first paint (CLOCK_MONOTONIC is shared across processes on Linux),
so the parent can also compute spawn-to-first-paint.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

# The same size as Inward's main window, so both paint the same number of pixels.
WIDTH, HEIGHT = 1100, 760


class _FirstPaint(QObject):
    """Quits the application the first time the watched widget paints."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self._app = app
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            print(f"first-paint {time.monotonic():.6f}", flush=True)
            QTimer.singleShot(0, self._app.quit)
        return super().eventFilter(watched, event)


def main() -> int:
    """Show a bare main window, exit 0 after its first paint."""
    app = QApplication(sys.argv)
    window = QMainWindow()
    central = QWidget()
    window.setCentralWidget(central)
    window.resize(WIDTH, HEIGHT)
    watcher = _FirstPaint(app)
    central.installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
