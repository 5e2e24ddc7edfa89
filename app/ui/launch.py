"""Start the Qt application: show the window first, then load content and data.

The window paints before anything heavy loads; `--self-test` walks exactly that path,
then opens the full store too, prints one line and exits.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

SELF_TEST_TIMEOUT_MS = 30_000


def _headless() -> bool:
    """A Linux machine without a display: the self-test can still run offscreen."""
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def launch(data_dir: Path, self_test: bool = False, start_session: bool = False) -> int:
    if self_test and _headless():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Inward")
    app.setOrganizationName("Inward")
    app.setDesktopFileName("inward")
    from app.ui.main_window import MainWindow
    from app.ui.theme import confirm_system_scheme, follow_system_scheme

    follow_system_scheme(app)
    window = MainWindow(data_dir)
    outcome: dict[str, int] = {}

    def finish(code: int, message: str) -> None:
        outcome["code"] = code
        print(message, file=sys.stdout if code == 0 else sys.stderr, flush=True)
        window.close()
        app.exit(code)

    def after_first_paint() -> None:
        try:
            window.load(recover_damage=not self_test)  # the self-test asks nobody: it fails
            if self_test:
                store = window.store  # the full store too, so the self-test covers it
        except Exception as error:
            if self_test:
                finish(1, f"inward self-test failed: {error}")
                return
            QMessageBox.critical(window, "Inward cannot start", str(error))
            window.close()
            app.exit(2)
            return
        # Ask Qt for the scheme only now: its enum namespace takes ~18 ms to load.
        QTimer.singleShot(0, lambda: confirm_system_scheme(app))
        if self_test:
            content = window.content
            assert content is not None
            finish(
                0,
                f"inward self-test ok: window painted, {len(content.exercises)} exercises, "
                f"database at {store.path}",
            )
        elif start_session:
            window.start_todays_session()

    window.first_painted.connect(lambda: QTimer.singleShot(0, after_first_paint))
    if self_test:
        QTimer.singleShot(
            SELF_TEST_TIMEOUT_MS,
            lambda: finish(1, "inward self-test failed: the window never painted"),
        )
    window.show()
    code = app.exec()
    return outcome.get("code", code)
